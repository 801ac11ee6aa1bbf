// Playback over real UDP on loopback: a WAV arrives with the right duration, content and 20 ms pacing; loop, stop, barge-in.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALAW_DECODE, ULAW_DECODE } from './g711.ts';
import type { PlayFinishedEvent } from './media-events.ts';
import { CoreHarness } from './fixtures/core-harness.ts';
import {
  UdpPeer,
  decodePayloads,
  dominantFrequency,
  header,
  negotiated,
  pcma,
  rtpOnly,
  rtpPacket,
  sleep,
  tone,
  wavFile,
} from './fixtures/media-test-kit.ts';

let dir: string;
let harness: CoreHarness;
let peer: UdpPeer;
let prompt: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hotline-play-'));
  prompt = join(dir, 'prompt-16k.wav');
  await writeFile(prompt, wavFile(tone(440, 1000, 9000, 16000), 16000)); // 1 s at 16 kHz
  await writeFile(join(dir, 'short-ulaw.wav'), wavFile(tone(1000, 100), 8000, 'ulaw'));
  harness = new CoreHarness();
  peer = await UdpPeer.open();
});

after(async () => {
  await harness.close();
  await peer.close();
  await rm(dir, { recursive: true, force: true });
});

const finished =
  (playId: string) =>
  (e: { type: string; playId?: string }): e is PlayFinishedEvent =>
    e.type === 'play.finished' && e.playId === playId;

describe('playback', () => {
  it('sends a 1 s WAV as 50 packets of 20 ms, paced without drift, with the tone intact', async () => {
    await harness.endpoint('play-1', negotiated(peer.port));
    peer.received.length = 0;
    await harness.run({ type: 'play', endpointId: 'play-1', playId: 'p1', files: [prompt] });
    const done = await harness.waitFor(finished('p1'), 3000);
    assert.equal(done.reason, 'completed');
    assert.equal(done.playedMs, 1000);
    await sleep(30);
    const packets = rtpOnly(peer.received);
    assert.equal(packets.length, 50);
    const headers = packets.map((p) => header(p.data));
    headers.forEach((h, i) => {
      assert.equal(h.pt, 0);
      assert.equal(h.marker, i === 0);
      assert.equal(h.ssrc, headers[0]!.ssrc);
      assert.equal((h.seq - headers[0]!.seq) & 0xffff, i);
      assert.equal((h.ts - headers[0]!.ts) >>> 0, i * 160);
      assert.equal(packets[i]!.data.length, 12 + 160);
    });
    // Pacing: packet i leaves at start + 20 i. Measured against the grid through the median
    // packet, so one late packet (a busy test machine) does not shift the rest; the slope of a
    // least-squares fit is the period actually kept (drift would show as a slope off 20 ms).
    const raw = packets.map((p, i) => p.at - i * 20);
    const base = [...raw].sort((x, y) => x - y)[25]!;
    const offsets = raw.map((r) => Math.abs(r - base));
    const onTime = offsets.filter((o) => o < 10).length;
    assert.ok(onTime >= 45, `${onTime}/50 packets within 10 ms of the 20 ms grid`);
    assert.ok(Math.max(...offsets) < 60, `worst deviation ${Math.max(...offsets).toFixed(1)} ms`);
    const n = packets.length;
    const meanI = (n - 1) / 2;
    const meanT = packets.reduce((sum, p) => sum + p.at, 0) / n;
    let num = 0;
    let den = 0;
    packets.forEach((p, i) => {
      num += (i - meanI) * (p.at - meanT);
      den += (i - meanI) ** 2;
    });
    const period = num / den;
    assert.ok(Math.abs(period - 20) < 0.5, `period ${period.toFixed(3)} ms`);
    const audio = decodePayloads(packets, ULAW_DECODE);
    assert.equal(dominantFrequency(audio, 800, 7200), 440);
  });

  it('encodes for the endpoint codec and ptime (PCMA, 40 ms)', async () => {
    await harness.endpoint('play-2', negotiated(peer.port, { codec: pcma(), ptime: 40 }));
    peer.received.length = 0;
    await harness.run({ type: 'play', endpointId: 'play-2', playId: 'p2', files: [prompt] });
    await harness.waitFor(finished('p2'), 3000);
    await sleep(30);
    const packets = rtpOnly(peer.received);
    assert.equal(packets.length, 25);
    assert.ok(packets.every((p) => header(p.data).pt === 8 && p.data.length === 12 + 320));
    assert.equal(dominantFrequency(decodePayloads(packets, ALAW_DECODE), 800, 7200), 440);
  });

  it('plays a list in order and loops until stopped', async () => {
    await harness.endpoint('play-3', negotiated(peer.port));
    const short = join(dir, 'short-ulaw.wav');
    await harness.run({
      type: 'play',
      endpointId: 'play-3',
      playId: 'list',
      files: [short, short],
    });
    const list = await harness.waitFor(finished('list'));
    assert.equal(list.playedMs, 200);
    await harness.run({
      type: 'play',
      endpointId: 'play-3',
      playId: 'moh',
      files: [short],
      loop: true,
    });
    await sleep(400);
    await harness.run({ type: 'play.stop', endpointId: 'play-3' });
    const moh = await harness.waitFor(finished('moh'));
    assert.equal(moh.reason, 'stopped');
    assert.ok(moh.playedMs >= 300, String(moh.playedMs));
  });

  it('reports a replaced playback, and stops on a DTMF digit when asked', async () => {
    const created = await harness.endpoint('play-4', negotiated(peer.port));
    await harness.run({ type: 'play', endpointId: 'play-4', playId: 'first', files: [prompt] });
    await harness.run({
      type: 'play',
      endpointId: 'play-4',
      playId: 'menu',
      files: [prompt],
      stopOnDtmf: true,
    });
    assert.equal((await harness.waitFor(finished('first'))).reason, 'replaced');
    await sleep(100);
    const event = Buffer.from([3, 10, 0, 160]); // digit 3, start of event
    await peer.send(
      rtpPacket({ pt: 101, seq: 1, ts: 1, ssrc: 9, marker: true, payload: event }),
      created.local.port,
    );
    const menu = await harness.waitFor(finished('menu'));
    assert.equal(menu.reason, 'dtmf');
    assert.equal(menu.digit, '3');
    assert.ok(menu.playedMs < 600);
  });

  it('refuses a file it cannot read, saying which', async () => {
    await harness.endpoint('play-5', negotiated(peer.port));
    await assert.rejects(
      harness.run({
        type: 'play',
        endpointId: 'play-5',
        playId: 'x',
        files: [join(dir, 'missing.wav')],
      }),
      /file-unreadable: Cannot play .*missing\.wav: no such file/,
    );
  });

  it('does not send while the direction does not send (we hold the peer with inactive)', async () => {
    await harness.endpoint('play-6', negotiated(peer.port, { direction: 'inactive' }));
    peer.received.length = 0;
    await harness.run({
      type: 'play',
      endpointId: 'play-6',
      playId: 'silent',
      files: [join(dir, 'short-ulaw.wav')],
    });
    await harness.waitFor(finished('silent'));
    assert.equal(rtpOnly(peer.received).length, 0);
  });
});
