// Bridging on loopback: both directions relayed with our SSRC/sequence/timestamps, transcoded or repacketized when needed.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALAW_DECODE, ULAW_DECODE, ULAW_TO_ALAW } from './g711.ts';
import type { MediaEvent } from './media-events.ts';
import { CoreHarness, IO_KINDS } from './fixtures/core-harness.ts';
import {
  UdpPeer,
  decodePayloads,
  dominantFrequency,
  encodeUlaw,
  header,
  negotiated,
  pcma,
  rtpOnly,
  rtpPacket,
  sendStream,
  sleep,
  tone,
  wavFile,
} from './fixtures/media-test-kit.ts';

let harness: CoreHarness;
let dir: string;
const peers: UdpPeer[] = [];

async function peer(): Promise<UdpPeer> {
  const p = await UdpPeer.open();
  peers.push(p);
  return p;
}

for (const io of IO_KINDS) {
  describe(`bridge (${io} I/O)`, () => {
    before(async () => {
      harness = new CoreHarness({ io });
      dir = await mkdtemp(join(tmpdir(), 'hotline-bridge-'));
    });

    after(async () => {
      await harness.close();
      await Promise.all(peers.splice(0).map((p) => p.close()));
      await rm(dir, { recursive: true, force: true });
    });

    it('relays both directions, payload untouched, header rewritten to each side’s own stream', async () => {
      const [pa, pb] = [await peer(), await peer()];
      const a = await harness.endpoint('b1-a', negotiated(pa.port), undefined, 'b1');
      const b = await harness.endpoint('b1-b', negotiated(pb.port), undefined, 'b1');
      await harness.run({ type: 'bridge', endpointIds: ['b1-a', 'b1-b'] });
      await Promise.all([
        sendStream(pa, a.local.port, tone(700, 200), { ssrc: 0xaaaa, seq: 65530, ts: 0xffffff00 }),
        sendStream(pb, b.local.port, tone(1300, 200), { ssrc: 0xbbbb, seq: 10 }),
      ]);
      await sleep(30);
      for (const [receiver, from, freq, inSsrc] of [
        [pb, 'a', 700, 0xaaaa],
        [pa, 'b', 1300, 0xbbbb],
      ] as const) {
        const packets = rtpOnly(receiver.received);
        assert.equal(packets.length, 10, `to ${from === 'a' ? 'b' : 'a'}`);
        const hs = packets.map((p) => header(p.data));
        assert.ok(hs.every((h) => h.ssrc === hs[0]!.ssrc && h.ssrc !== inSsrc && h.pt === 0));
        hs.forEach((h, i) => {
          assert.equal((h.seq - hs[0]!.seq) & 0xffff, i);
          assert.equal((h.ts - hs[0]!.ts) >>> 0, i * 160);
        });
        assert.equal(hs[0]!.marker, true);
        assert.equal(dominantFrequency(decodePayloads(packets, ULAW_DECODE), 0, 1600), freq);
      }
      // Payload bytes are relayed as they are.
      assert.deepEqual(
        rtpOnly(pb.received)[0]!.data.subarray(12),
        Buffer.from(encodeUlaw(tone(700, 200).subarray(0, 160))),
      );
    });

    it('transcodes u-law to A-law byte for byte, and repacketizes 20 ms into 40 ms', async () => {
      const [pa, pb, pc] = [await peer(), await peer(), await peer()];
      const a = await harness.endpoint('b2-a', negotiated(pa.port), undefined, 'b2');
      await harness.endpoint('b2-b', negotiated(pb.port, { codec: pcma() }), undefined, 'b2');
      await harness.run({ type: 'bridge', endpointIds: ['b2-a', 'b2-b'] });
      const audio = tone(900, 200);
      await sendStream(pa, a.local.port, audio);
      await sleep(30);
      const alaw = rtpOnly(pb.received);
      assert.equal(alaw.length, 10);
      assert.ok(alaw.every((p) => header(p.data).pt === 8));
      const expected = Buffer.from(encodeUlaw(audio.subarray(0, 160)).map((b) => ULAW_TO_ALAW[b]!));
      assert.deepEqual(alaw[0]!.data.subarray(12), expected);
      // Now the agent side wants 40 ms packets.
      await harness.endpoint('b2-c', negotiated(pc.port, { ptime: 40 }), undefined, 'b2');
      await harness.run({ type: 'bridge', endpointIds: ['b2-a', 'b2-c'] });
      await sendStream(pa, a.local.port, tone(900, 400), { seq: 2000, ts: 90_000 });
      await sleep(120);
      const big = rtpOnly(pc.received);
      assert.ok(big.length >= 9 && big.length <= 10, `${big.length} packets`);
      assert.ok(big.every((p) => p.data.length === 12 + 320));
      big
        .map((p) => header(p.data))
        .forEach((h, i, hs) => assert.equal((h.ts - hs[0]!.ts) >>> 0, i * 320));
      assert.equal(dominantFrequency(decodePayloads(big, ULAW_DECODE), 0, 2400), 900);
      // Bridging b2-a with c unbridged b: nothing more reached b.
      assert.equal(rtpOnly(pb.received).length, 10);
      void ALAW_DECODE;
    });

    it('relays RFC 4733 events with the other side’s payload type and reports the digit', async () => {
      const [pa, pb] = [await peer(), await peer()];
      const a = await harness.endpoint('b3-a', negotiated(pa.port), undefined, 'b3');
      await harness.endpoint(
        'b3-b',
        negotiated(pb.port, { telephoneEvent: { payloadType: 96 } }),
        undefined,
        'b3',
      );
      await harness.run({ type: 'bridge', endpointIds: ['b3-a', 'b3-b'] });
      const from = harness.events.length;
      await sendStream(pa, a.local.port, tone(500, 60));
      for (let k = 0; k < 4; k++) {
        const end = k >= 1;
        await pa.send(
          rtpPacket({
            pt: 101,
            seq: 1003 + k,
            ts: 50_480,
            ssrc: 0x1234,
            marker: k === 0,
            payload: Buffer.from([7, (end ? 0x80 : 0) | 10, 0, 160 * 2]),
          }),
          a.local.port,
        );
        await sleep(20);
      }
      await harness.waitFor(
        (e: MediaEvent) => e.type === 'dtmf' && e.endpointId === 'b3-a',
        1000,
        from,
      );
      const events = rtpOnly(pb.received).filter((p) => header(p.data).pt === 96);
      assert.equal(events.length, 4);
      const audio = rtpOnly(pb.received).filter((p) => header(p.data).pt === 0);
      assert.equal((header(events[0]!.data).seq - header(audio.at(-1)!.data).seq) & 0xffff, 1);
      assert.equal(header(events[0]!.data).ssrc, header(audio[0]!.data).ssrc);
    });

    it('lets a prompt to one side interrupt the relay, then resumes it on the same stream', async () => {
      const [pa, pb] = [await peer(), await peer()];
      const a = await harness.endpoint('b4-a', negotiated(pa.port), undefined, 'b4');
      await harness.endpoint('b4-b', negotiated(pb.port), undefined, 'b4');
      await harness.run({ type: 'bridge', endpointIds: ['b4-a', 'b4-b'] });
      const prompt = join(dir, 'beep.wav');
      await writeFile(prompt, wavFile(tone(2000, 100)));
      const sending = sendStream(pa, a.local.port, tone(700, 600));
      await sleep(150);
      await harness.run({ type: 'play', endpointId: 'b4-b', playId: 'beep', files: [prompt] });
      await sending;
      await sleep(30);
      const hs = rtpOnly(pb.received).map((p) => header(p.data));
      for (let i = 1; i < hs.length; i++) {
        assert.equal((hs[i]!.seq - hs[i - 1]!.seq) & 0xffff, 1, `sequence continues at ${i}`);
        assert.ok(((hs[i]!.ts - hs[i - 1]!.ts) | 0) > 0, `time moves on at ${i}`);
      }
      assert.ok(hs.length >= 27 && hs.length <= 31, `${hs.length} packets`);
      assert.ok(hs.filter((h) => h.marker).length >= 3, 'a marker at each switch');
      await harness.run({ type: 'unbridge', endpointId: 'b4-b' });
      const count = rtpOnly(pb.received).length;
      await sendStream(pa, a.local.port, tone(700, 100), { seq: 5000 });
      await sleep(30);
      assert.equal(rtpOnly(pb.received).length, count, 'nothing relayed after unbridge');
    });

    it('refuses to bridge an endpoint with itself or with a missing one', async () => {
      await harness.endpoint('b5-a');
      await assert.rejects(
        harness.run({ type: 'bridge', endpointIds: ['b5-a', 'b5-a'] }),
        /invalid-command: An endpoint cannot be bridged to itself/,
      );
      await assert.rejects(
        harness.run({ type: 'bridge', endpointIds: ['b5-a', 'ghost'] }),
        /unknown-endpoint/,
      );
    });
  });
}
