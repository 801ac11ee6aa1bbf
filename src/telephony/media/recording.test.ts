// Recording on loopback: tones sent into two legs are found at their frequency and duration in the right channel.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MediaEvent, RecordFinishedEvent } from './media-events.ts';
import { readWav } from './wav-reader.ts';
import { CoreHarness } from './fixtures/core-harness.ts';
import {
  UdpPeer,
  concat,
  dominantFrequency,
  energy,
  negotiated,
  sendStream,
  silence,
  sleep,
  tone,
  toneSpanMs,
  wavFile,
} from './fixtures/media-test-kit.ts';

let dir: string;
let harness: CoreHarness;
let customer: UdpPeer;
let agent: UdpPeer;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hotline-rec-'));
  harness = new CoreHarness();
  customer = await UdpPeer.open();
  agent = await UdpPeer.open();
});

after(async () => {
  await harness.close();
  await customer.close();
  await agent.close();
  await rm(dir, { recursive: true, force: true });
});

/** Splits an interleaved stereo WAV into its channels. */
async function channels(
  path: string,
): Promise<{ left: Int16Array; right: Int16Array; header: Buffer }> {
  const bytes = await readFile(path);
  const data = bytes.subarray(44);
  const frames = data.length / 4;
  const left = new Int16Array(frames);
  const right = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = data.readInt16LE(i * 4);
    right[i] = data.readInt16LE(i * 4 + 2);
  }
  return { left, right, header: bytes.subarray(0, 44) };
}

const finished =
  (id: string) =>
  (e: MediaEvent): e is RecordFinishedEvent =>
    e.type === 'record.finished' && e.recordingId === id;

async function twoLegs(prefix: string) {
  const c = await harness.endpoint(`${prefix}-c`, negotiated(customer.port), undefined, prefix);
  const a = await harness.endpoint(`${prefix}-a`, negotiated(agent.port), undefined, prefix);
  return { c, a };
}

describe('recording', () => {
  it('puts the customer left and the agent right, each tone at its frequency, time and length', async () => {
    const { c, a } = await twoLegs('rec1');
    const path = join(dir, 'call.wav');
    await harness.run({
      type: 'record.start',
      recordingId: 'rec1',
      path,
      left: { endpointId: 'rec1-c' },
      right: { endpointId: 'rec1-a' },
    });
    // Customer: 600 ms of 1 kHz now; agent: 400 ms of 1.5 kHz after 300 ms of silence (sent as audio).
    await Promise.all([
      sendStream(customer, c.local.port, tone(1000, 600)),
      sendStream(agent, a.local.port, concat(silence(300), tone(1500, 400)), { ssrc: 0x9999 }),
    ]);
    await sleep(200);
    await harness.run({ type: 'record.stop', recordingId: 'rec1' });
    const done = await harness.waitFor(finished('rec1'));
    assert.equal(done.reason, 'stopped');
    assert.equal(done.channels, 2);
    assert.equal(done.sampleRate, 8000);
    assert.equal(done.left.endpointId, 'rec1-c');
    assert.equal(done.right?.legId, 'leg-rec1-a');
    assert.equal(done.callId, 'rec1');
    const { left, right, header } = await channels(path);
    assert.equal(done.bytes, 44 + left.length * 4);
    assert.equal(header.readUInt32LE(40), left.length * 4);
    assert.ok(Math.abs(done.durationMs - left.length / 8) < 1);
    const l = toneSpanMs(left, 1000)!;
    const r = toneSpanMs(right, 1500)!;
    assert.ok(
      Math.abs(l.endMs - l.startMs - 600) <= 20,
      `left tone lasts ${l.endMs - l.startMs} ms`,
    );
    assert.ok(
      Math.abs(r.endMs - r.startMs - 400) <= 20,
      `right tone lasts ${r.endMs - r.startMs} ms`,
    );
    assert.ok(
      Math.abs(r.startMs - l.startMs - 300) <= 30,
      `right starts ${r.startMs - l.startMs} ms after left`,
    );
    assert.equal(dominantFrequency(left, l.startMs * 8, l.endMs * 8), 1000);
    assert.equal(dominantFrequency(right, r.startMs * 8, r.endMs * 8), 1500);
    assert.equal(toneSpanMs(left, 1500), undefined, 'no agent audio on the left');
    assert.equal(toneSpanMs(right, 1000), undefined, 'no customer audio on the right');
  });

  it('writes silence while paused (default) and skips the pause when asked', async () => {
    for (const pauseMode of ['silence', 'skip'] as const) {
      const { c } = await twoLegs(`pause-${pauseMode}`);
      const id = `pause-${pauseMode}`;
      const path = join(dir, `${id}.wav`);
      await harness.run({
        type: 'record.start',
        recordingId: id,
        path,
        left: { endpointId: `${id}-c` },
        right: { endpointId: `${id}-a` },
        pauseMode,
      });
      const sending = sendStream(customer, c.local.port, tone(1000, 900));
      await sleep(300);
      await harness.run({ type: 'record.pause', recordingId: id });
      await sleep(300);
      await harness.run({ type: 'record.resume', recordingId: id });
      await sending;
      await sleep(150);
      await harness.run({ type: 'record.stop', recordingId: id });
      const done = await harness.waitFor(finished(id));
      assert.ok(Math.abs(done.pausedMs - 300) <= 40, `paused ${done.pausedMs}`);
      const { left } = await channels(path);
      let toneMs = 0;
      for (let b = 0; b + 80 <= left.length; b += 80)
        if (energy(left, b, b + 80) > 80 * 1000 * 1000) toneMs += 10;
      assert.ok(Math.abs(toneMs - 600) <= 40, `${pauseMode}: ${toneMs} ms of tone recorded`);
      const expected = pauseMode === 'silence' ? done.pausedMs : 0;
      assert.ok(
        done.durationMs >= toneMs + expected - 20,
        `${pauseMode}: ${done.durationMs} ms long`,
      );
      if (pauseMode === 'skip') assert.ok(done.durationMs < 900);
    }
  });

  it('keeps the file readable while recording: sizes are patched at least every second', async () => {
    const { c } = await twoLegs('live');
    const path = join(dir, 'live.wav');
    await harness.run({
      type: 'record.start',
      recordingId: 'live',
      path,
      left: { endpointId: 'live-c' },
      right: { endpointId: 'live-a' },
    });
    await sendStream(customer, c.local.port, tone(700, 1300));
    await sleep(100);
    const midway = await readFile(path);
    const dataBytes = midway.readUInt32LE(40);
    // About 70 frames recorded by now; at most the last second (50 frames of 640 octets) may
    // still be in memory (the first chunk is shortened by the recording's flush phase).
    assert.ok(dataBytes >= 20 * 640, `${dataBytes} bytes on disk after 1.4 s`);
    assert.equal(readWav(midway).samples.length, dataBytes / 4, 'every frame on disk is readable');
    await harness.run({ type: 'record.stop', recordingId: 'live' });
  });

  it("records what we send (a prompt) and stops with the endpoint's destruction", async () => {
    const { a } = await twoLegs('sent');
    void a;
    const prompt = join(dir, 'prompt.wav');
    await writeFile(prompt, wavFile(tone(600, 300)));
    const path = join(dir, 'sent.wav');
    await harness.run({
      type: 'record.start',
      recordingId: 'sent',
      path,
      left: { endpointId: 'sent-c', source: 'sent' },
    });
    await harness.run({ type: 'play', endpointId: 'sent-c', playId: 'p', files: [prompt] });
    await harness.waitFor((e) => e.type === 'play.finished' && e.endpointId === 'sent-c');
    await sleep(150);
    await harness.run({ type: 'endpoint.destroy', endpointId: 'sent-c' });
    const done = await harness.waitFor(finished('sent'));
    assert.equal(done.reason, 'endpoint-destroyed');
    assert.equal(done.channels, 1);
    const mono = readWav(await readFile(path)).samples;
    const span = toneSpanMs(mono, 600)!;
    assert.ok(Math.abs(span.endMs - span.startMs - 300) <= 20, `${span.endMs - span.startMs} ms`);
  });

  it('refuses bad paths and unknown recordings clearly', async () => {
    await twoLegs('bad');
    await assert.rejects(
      harness.run({
        type: 'record.start',
        recordingId: 'bad',
        path: join(dir, 'nope/x.wav'),
        left: { endpointId: 'bad-c' },
      }),
      /file-unwritable: Cannot record to .*folder does not exist/,
    );
    await assert.rejects(
      harness.run({ type: 'record.stop', recordingId: 'bad' }),
      /unknown-recording/,
    );
    await assert.rejects(
      harness.run({
        type: 'record.start',
        recordingId: 'r',
        path: 'relative.wav',
        left: { endpointId: 'bad-c' },
      }),
      /absolute/,
    );
  });
});
