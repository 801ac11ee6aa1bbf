// The recorder's buffering: chunks of at most a second, the first one shortened by the flush phase, and what a crash leaves on disk.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FRAME_SAMPLES } from './audio-codec.ts';
import { CHUNK_FRAMES, Recorder, recordingTimeline } from './recorder.ts';
import type { RecorderChannel } from './recorder.ts';
import { WAV_HEADER_SIZE, WavWriter } from './wav-writer.ts';

const STEREO_FRAME_BYTES = FRAME_SAMPLES * 2 * 2;
const TICKS = 3 * CHUNK_FRAMES + 7;
let dir: string;
let files = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hotline-recorder-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function channel(endpointId: string): RecorderChannel {
  return {
    info: { endpointId, legId: endpointId, source: 'received' },
    timeline: recordingTimeline(),
  };
}

/** A stereo recorder whose left channel gets frame n as the value n + 1, the right as -(n + 1). */
async function stereo(flushPhase: number) {
  const path = join(dir, `r${files++}.wav`);
  const writer = await WavWriter.create(path, 2, 8000);
  const left = channel('c');
  const right = channel('a');
  const recorder = new Recorder('r', 'call', writer, left, right, 'silence', 0, flushPhase);
  let frame = 0;
  const tick = () => {
    const l = new Int16Array(FRAME_SAMPLES).fill(frame + 1);
    const r = new Int16Array(FRAME_SAMPLES).fill(-(frame + 1));
    left.timeline.place(1, frame * FRAME_SAMPLES, l, 0, FRAME_SAMPLES);
    right.timeline.place(2, frame * FRAME_SAMPLES, r, 0, FRAME_SAMPLES);
    recorder.tick();
    frame++;
  };
  return { path, writer, recorder, tick };
}

describe('Recorder buffering', () => {
  for (const phase of [0, 1, 17, CHUNK_FRAMES - 1]) {
    it(`phase ${phase}: writes after ${CHUNK_FRAMES - phase} frames, then every ${CHUNK_FRAMES}; never more than 1 s behind`, async () => {
      const { writer, recorder, tick } = await stereo(phase);
      const writes: number[] = [];
      for (let ticks = 1; ticks <= TICKS; ticks++) {
        const before = writer.dataBytes;
        tick();
        if (writer.dataBytes !== before) writes.push(ticks);
        const behind = ticks * STEREO_FRAME_BYTES - writer.dataBytes;
        assert.ok(
          behind >= 0 && behind <= CHUNK_FRAMES * STEREO_FRAME_BYTES,
          `${behind} bytes held`,
        );
      }
      const expected: number[] = [];
      for (let t = CHUNK_FRAMES - phase; t <= TICKS; t += CHUNK_FRAMES) expected.push(t);
      assert.deepEqual(writes, expected);
      await recorder.stop('stopped');
    });
  }

  it('leaves a readable file with the sizes of everything written when the process dies mid-chunk', async () => {
    const { path, writer, recorder, tick } = await stereo(10);
    for (let i = 0; i < 40 + CHUNK_FRAMES + 20; i++) tick(); // two chunks written, 20 frames held
    await writer.settled();
    // No stop(): what a crash would leave.
    const bytes = await readFile(path);
    const dataBytes = bytes.readUInt32LE(40);
    assert.equal(dataBytes, (40 + CHUNK_FRAMES) * STEREO_FRAME_BYTES);
    assert.equal(bytes.readUInt32LE(4), 36 + dataBytes, 'RIFF size patched too');
    assert.equal(bytes.length, WAV_HEADER_SIZE + dataBytes);
    // The timeline delays audio by 5 frames; then frame n holds n + 1 on the left, -(n + 1) on the right.
    const frameAt = (f: number) => WAV_HEADER_SIZE + f * STEREO_FRAME_BYTES;
    assert.equal(bytes.readInt16LE(frameAt(0)), 0);
    assert.equal(bytes.readInt16LE(frameAt(5)), 1);
    assert.equal(bytes.readInt16LE(frameAt(5) + 2), -1);
    const last = 40 + CHUNK_FRAMES - 1;
    assert.equal(bytes.readInt16LE(frameAt(last)), last - 5 + 1);
    assert.equal(bytes.readInt16LE(frameAt(last) + 2), -(last - 5 + 1));
    const finished = await recorder.stop('stopped');
    assert.equal(finished.bytes, WAV_HEADER_SIZE + (40 + CHUNK_FRAMES + 20) * STEREO_FRAME_BYTES);
    assert.equal(finished.durationMs, (40 + CHUNK_FRAMES + 20) * 20);
  });

  it('refuses a flush phase outside one chunk, naming it', async () => {
    const writer = await WavWriter.create(join(dir, `r${files++}.wav`), 1, 8000);
    for (const bad of [-1, CHUNK_FRAMES, 2.5])
      assert.throws(
        () => new Recorder('r', 'call', writer, channel('c'), undefined, 'silence', 0, bad),
        /flushPhase/,
      );
    await writer.close();
  });
});
