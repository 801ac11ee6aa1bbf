// DTMF on loopback: RFC 4733 and in-band digits received exactly once each; digits sent as events or tones.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DtmfDetector } from './dtmf-detector.ts';
import { ULAW_DECODE } from './g711.ts';
import type { DtmfEvent, MediaEvent } from './media-events.ts';
import { CoreHarness } from './fixtures/core-harness.ts';
import {
  UdpPeer,
  concat,
  decodePayloads,
  dtmfTone,
  header,
  negotiated,
  rtpOnly,
  rtpPacket,
  sendStream,
  silence,
  sleep,
} from './fixtures/media-test-kit.ts';

let harness: CoreHarness;
let peer: UdpPeer;

before(async () => {
  harness = new CoreHarness();
  peer = await UdpPeer.open();
});

after(async () => {
  await harness.close();
  await peer.close();
});

const digitsOf = (endpointId: string, from: number) =>
  harness.events
    .slice(from)
    .filter((e): e is DtmfEvent => e.type === 'dtmf' && e.endpointId === endpointId);

describe('DTMF on an endpoint', () => {
  it('reports RFC 4733 digits once each, with their durations, despite redundant end packets', async () => {
    const created = await harness.endpoint('te', negotiated(peer.port));
    const from = harness.events.length;
    let seq = 100;
    for (const [i, event] of [1, 2, 2, 11].entries()) {
      const ts = 8000 + i * 4000;
      const packets: Buffer[] = [];
      for (let d = 160; d < 800; d += 160)
        packets.push(
          rtpPacket({
            pt: 101,
            seq: seq++,
            ts,
            ssrc: 7,
            marker: d === 160,
            payload: Buffer.from([event, 10, d >> 8, d & 0xff]),
          }),
        );
      for (let k = 0; k < 3; k++)
        packets.push(
          rtpPacket({
            pt: 101,
            seq: seq++,
            ts,
            ssrc: 7,
            payload: Buffer.from([event, 0x80 | 10, 800 >> 8, 800 & 0xff]),
          }),
        );
      packets.push(packets[packets.length - 1]!); // a network duplicate on top
      for (const p of packets) {
        await peer.send(p, created.local.port);
        await sleep(2);
      }
      await sleep(30);
    }
    await sleep(50);
    const digits = digitsOf('te', from);
    assert.deepEqual(digits.map((d) => d.digit).join(''), '122#');
    assert.ok(digits.every((d) => d.source === 'rfc4733' && d.durationMs === 100));
    assert.ok(digits.every((d) => Math.abs(d.at - Date.now()) < 5000));
  });

  it('detects in-band digits in the received audio when telephone-event was not negotiated', async () => {
    const { telephoneEvent: _omitted, ...noEvents } = negotiated(peer.port);
    const created = await harness.endpoint('inband', noEvents);
    const from = harness.events.length;
    const audio = concat(
      silence(40),
      dtmfTone('4', 80),
      silence(60),
      dtmfTone('#', 80),
      silence(60),
      dtmfTone('4', 60),
      silence(80),
    );
    await sendStream(peer, created.local.port, audio);
    await sleep(50);
    const digits = digitsOf('inband', from);
    assert.deepEqual(
      digits.map((d) => `${d.digit}:${d.source}`),
      ['4:inband', '#:inband', '4:inband'],
    );
    assert.ok(Math.abs(digits[0]!.durationMs - 80) <= 20, String(digits[0]!.durationMs));
  });

  it('sends RFC 4733 events: marker first, updates, three end packets, one timestamp per digit', async () => {
    await harness.endpoint('send-te', negotiated(peer.port));
    peer.received.length = 0;
    const from = harness.events.length;
    await harness.run({
      type: 'dtmf.send',
      endpointId: 'send-te',
      digits: '9*',
      durationMs: 100,
      gapMs: 60,
    });
    await harness.waitFor(
      (e: MediaEvent) => e.type === 'dtmf.sent' && e.endpointId === 'send-te',
      2000,
      from,
    );
    await sleep(30);
    const packets = rtpOnly(peer.received).map((p) => ({
      ...header(p.data),
      event: p.data[12]!,
      end: (p.data[13]! & 0x80) !== 0,
      duration: p.data.readUInt16BE(14),
    }));
    assert.equal(packets.length, 14);
    assert.ok(packets.every((p) => p.pt === 101));
    for (const [i, event] of [9, 10].entries()) {
      const digit = packets.slice(i * 7, i * 7 + 7);
      assert.ok(digit.every((p) => p.event === event && p.ts === digit[0]!.ts));
      assert.deepEqual(
        digit.map((p) => p.marker),
        [true, false, false, false, false, false, false],
      );
      assert.deepEqual(
        digit.map((p) => p.end),
        [false, false, false, false, true, true, true],
      );
      assert.deepEqual(
        digit.map((p) => p.duration),
        [160, 320, 480, 640, 800, 800, 800],
      );
    }
    for (let i = 1; i < packets.length; i++)
      assert.equal((packets[i]!.seq - packets[i - 1]!.seq) & 0xffff, 1);
    assert.ok((packets[7]!.ts - packets[0]!.ts) >>> 0 >= 800 + 60 * 8);
  });

  it('sends tones in the audio when the peer has no telephone-event', async () => {
    const { telephoneEvent: _omitted, ...noEvents } = negotiated(peer.port);
    await harness.endpoint('send-tones', noEvents);
    peer.received.length = 0;
    const from = harness.events.length;
    await harness.run({
      type: 'dtmf.send',
      endpointId: 'send-tones',
      digits: '0AB',
      durationMs: 80,
      gapMs: 60,
    });
    await harness.waitFor(
      (e: MediaEvent) => e.type === 'dtmf.sent' && e.endpointId === 'send-tones',
      2000,
      from,
    );
    await sleep(30);
    const audio = decodePayloads(rtpOnly(peer.received), ULAW_DECODE);
    const found: string[] = [];
    const detector = new DtmfDetector({ onStart: () => undefined, onEnd: (d) => found.push(d) });
    detector.process(audio, 0, audio.length);
    detector.flush();
    assert.deepEqual(found, ['0', 'A', 'B']);
    await assert.rejects(
      harness.run({ type: 'dtmf.send', endpointId: 'send-tones', digits: '1', mode: 'rfc4733' }),
      /not-supported/,
    );
    await assert.rejects(
      harness.run({ type: 'dtmf.send', endpointId: 'send-tones', digits: '1x' }),
      /invalid-command/,
    );
  });
});
