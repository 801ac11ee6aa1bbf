// Our outgoing RTP stream stays continuous (sequence +1, timestamps never back) across prompt, relay and DTMF.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sequenceDelta, timestampDelta } from './rtp-packet.ts';
import { RtpSendStream } from './rtp-send-stream.ts';

describe('RtpSendStream', () => {
  it('starts from random values and advances generated audio by its samples', () => {
    const a = new RtpSendStream();
    const b = new RtpSendStream();
    assert.notEqual(a.ssrc, b.ssrc);
    const s = new RtpSendStream(8000, new Uint32Array([7, 65535, 0xffffff00]));
    s.generated(160, 160, 0, 20);
    assert.deepEqual([s.seq, s.ts, s.marker], [65535, 0xffffff00, true]);
    s.generated(160, 160, 20, 20);
    assert.deepEqual([s.seq, s.ts, s.marker], [0, 0xffffffa0, false]);
  });

  it('switches prompt → relay → prompt → DTMF without sequence gaps or time going back', () => {
    const s = new RtpSendStream(8000, new Uint32Array([1, 100, 10_000]));
    const log: Array<[number, number, boolean]> = [];
    const mark = () => log.push([s.seq, s.ts, s.marker]);
    let now = 0;
    for (let i = 0; i < 5; i++, now += 20) {
      s.generated(160, 160, now, 20);
      mark();
    }
    // The other leg's stream: its own numbers, some loss in between (seq 502 missing).
    for (const [seq, ts] of [
      [500, 90_000],
      [501, 90_160],
      [503, 90_480],
    ] as const) {
      s.relayed(99, seq, ts, false, 160, 160, now);
      mark();
      now += seq === 501 ? 40 : 20;
    }
    for (let i = 0; i < 3; i++, now += 20) {
      s.generated(160, 160, now, 20);
      mark();
    }
    s.event(true, 160, 4, now);
    mark();
    s.event(false, 320, 4, now + 20);
    mark();
    now += 200;
    s.generated(160, 160, now, 20);
    mark();
    for (let i = 1; i < log.length; i++) {
      const gap = sequenceDelta(log[i - 1]![0], log[i]![0]);
      assert.ok(gap === 1 || (i === 7 && gap === 2), `seq gap ${gap} at ${i}`);
      assert.ok(timestampDelta(log[i - 1]![1], log[i]![1]) >= 0, `time went back at ${i}`);
    }
    assert.equal(log[5]![2], true, 'marker on the switch to relay');
    assert.equal(log[8]![2], true, 'marker on the switch back');
    assert.equal(log[11]![1], log[12]![1], 'DTMF packets share the event timestamp');
    assert.ok(
      timestampDelta(log[11]![1], log[13]![1]) >= 200 * 8,
      'audio after DTMF follows the clock',
    );
    // The relay keeps the other leg's spacing, including the lost packet.
    assert.equal(timestampDelta(log[6]![1], log[7]![1]), 320);
  });

  it('treats a new incoming SSRC as a new source', () => {
    const s = new RtpSendStream(8000, new Uint32Array([1, 0, 0]));
    s.relayed(1, 10, 1000, false, 160, 160, 0);
    s.relayed(1, 11, 1160, false, 160, 160, 20);
    const before = s.ts;
    s.relayed(2, 5000, 7, false, 160, 160, 40);
    assert.equal(s.marker, true);
    assert.ok(timestampDelta(before, s.ts) >= 160);
    assert.equal(s.seq, 2);
  });
});
