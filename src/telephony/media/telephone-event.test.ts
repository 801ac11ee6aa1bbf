// RFC 4733: received event sequences (with redundant end packets, retransmissions, loss) give each digit once; the sender's schedule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DtmfSender } from './dtmf-sender.ts';
import type { DtmfTick } from './dtmf-sender.ts';
import { TelephoneEventReceiver, writeTelephoneEvent } from './telephone-event.ts';

interface Packet {
  event: number;
  end: boolean;
  duration: number;
  ts: number;
  at: number;
}

/** The packets a conforming sender emits for one event (RFC 4733 §2.5.1): updates, then 3 ends. */
function eventPackets(
  event: number,
  ts: number,
  durationSamples: number,
  startMs: number,
): Packet[] {
  const packets: Packet[] = [];
  let at = startMs;
  for (let d = 160; d < durationSamples; d += 160, at += 20)
    packets.push({ event, end: false, duration: d, ts, at });
  for (let i = 0; i < 3; i++, at += 20)
    packets.push({ event, end: true, duration: durationSamples, ts, at });
  return packets;
}

function run(packets: Packet[]) {
  const starts: string[] = [];
  const ends: Array<{ digit: string; ts: number; duration: number }> = [];
  const receiver = new TelephoneEventReceiver({
    onStart: (digit) => starts.push(digit),
    onEnd: (digit, ts, duration) => ends.push({ digit, ts, duration }),
  });
  const payload = new Uint8Array(4);
  for (const p of packets) {
    writeTelephoneEvent(payload, 0, p.event, p.end, 10, p.duration);
    receiver.onPacket(payload, 0, 4, p.ts, p.at);
  }
  receiver.poll(1e9);
  return { starts, ends };
}

describe('TelephoneEventReceiver', () => {
  it('reports each digit of a sequence exactly once despite three end packets each', () => {
    const digits = [1, 2, 2, 11, 10, 0];
    const packets = digits.flatMap((event, i) =>
      eventPackets(event, 10_000 + i * 2400, 800, i * 300),
    );
    const { starts, ends } = run(packets);
    assert.deepEqual(
      ends.map((e) => e.digit),
      ['1', '2', '2', '#', '*', '0'],
    );
    assert.deepEqual(starts, ['1', '2', '2', '#', '*', '0']);
    assert.ok(ends.every((e) => e.duration === 800));
  });

  it('ignores retransmitted updates and late end packets of a reported event', () => {
    const packets = eventPackets(5, 5000, 640, 0);
    const replay = [...packets, ...packets.slice(0, 2), packets[packets.length - 1]!];
    const { ends } = run(replay);
    assert.equal(ends.length, 1);
  });

  it('closes an event whose end packets were all lost, by the next event or a timeout', () => {
    const first = eventPackets(3, 1000, 800, 0).filter((p) => !p.end);
    const second = eventPackets(4, 4000, 800, 500);
    const { ends } = run([...first, ...second]);
    assert.deepEqual(
      ends.map((e) => [e.digit, e.duration]),
      [
        ['3', 640],
        ['4', 800],
      ],
    );
    const alone = run(eventPackets(7, 1000, 800, 0).filter((p) => !p.end));
    assert.deepEqual(
      alone.ends.map((e) => e.digit),
      ['7'],
    );
  });

  it('reports an event seen only through its end packets', () => {
    const { starts, ends } = run(eventPackets(9, 1000, 800, 0).filter((p) => p.end));
    assert.deepEqual(starts, ['9']);
    assert.deepEqual(
      ends.map((e) => e.digit),
      ['9'],
    );
  });

  it('drops reordered packets of an earlier event', () => {
    const a = eventPackets(1, 1000, 480, 0);
    const b = eventPackets(2, 3000, 480, 200);
    const { ends } = run([...a.slice(0, -1), ...b.slice(0, 2), a[a.length - 1]!, ...b.slice(2)]);
    assert.deepEqual(
      ends.map((e) => e.digit),
      ['1', '2'],
    );
  });
});

describe('DtmfSender (RFC 4733)', () => {
  it('sends start with the marker, updates, three end packets, then the gap', () => {
    const sender = new DtmfSender();
    sender.start('5#', 100, 40, 'rfc4733');
    const frame = new Int16Array(160);
    const steps: Array<[DtmfTick, number, boolean, number, boolean]> = [];
    while (sender.busy) {
      const step = sender.next(frame);
      steps.push([step, sender.event, sender.end, sender.duration, sender.first]);
    }
    const digit = (event: number) => [
      ['event', event, false, 160, true],
      ['event', event, false, 320, false],
      ['event', event, false, 480, false],
      ['event', event, false, 640, false],
      ['event', event, true, 800, false],
      ['event', event, true, 800, false],
      ['event', event, true, 800, false],
    ];
    const stripQuiet = steps.map((s) => (s[0] === 'quiet' ? 'quiet' : s));
    assert.deepEqual(stripQuiet, [...digit(5), 'quiet', 'quiet', ...digit(11), 'quiet', 'quiet']);
  });

  it('sends in-band tones then silence when asked to', () => {
    const sender = new DtmfSender();
    sender.start('1', 60, 20, 'inband');
    const frame = new Int16Array(160);
    const loud: boolean[] = [];
    while (sender.busy) {
      assert.equal(sender.next(frame), 'audio');
      loud.push(frame.some((s) => Math.abs(s) > 1000));
    }
    assert.deepEqual(loud, [true, true, true, false]);
  });
});
