// The growing-file reader: bogus header sizes ignored, samples as they are appended, the true end once told, failures.
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FakeGrowingFile, pcmBytes, pipeWavHeader, ramp } from './fixtures/growing-file.ts';
import { wavFile } from './fixtures/media-test-kit.ts';
import { GrowingWav, openGrowingFile } from './growing-wav.ts';
import { isMediaError } from './media-error.ts';

/** Lets reads under way land, then reads what the file holds now (what a player's next tick does). */
async function refresh(wav: GrowingWav): Promise<void> {
  await wav.settled();
  wav.poll();
  await wav.settled();
}

/** Takes everything available now. */
function drain(wav: GrowingWav): number[] {
  const out = new Int16Array(wav.available);
  wav.take(out, 0, out.length);
  return [...out];
}

describe('GrowingWav', () => {
  it('reads past the 0x7ffff000 sizes of a piped header, as far as the file goes now', async () => {
    const file = new FakeGrowingFile().append(pipeWavHeader()).append(pcmBytes(ramp(100)));
    const wav = await GrowingWav.open('/tts/a.wav', file);
    assert.equal(wav.available, 100);
    assert.deepEqual(drain(wav).slice(0, 3), [1, 2, 3]);
    assert.equal(wav.allRead, false, 'not complete: more may come');
    assert.equal(wav.ended, false);
    // Nothing new yet: a read finds nothing, the reader is not over.
    await wav.settled();
    assert.equal(wav.available, 0);
    file.append(pcmBytes(ramp(50, 101)));
    await refresh(wav);
    assert.deepEqual(drain(wav), [...ramp(50, 101)]);
  });

  it('waits for a header that is not all there, and carries a sample split between writes', async () => {
    const file = new FakeGrowingFile().append(pipeWavHeader().subarray(0, 30));
    const wav = await GrowingWav.open('/tts/b.wav', file);
    assert.equal(wav.available, 0);
    assert.equal(wav.failure, undefined);
    const rest = new Uint8Array([...pipeWavHeader().subarray(30), ...pcmBytes(ramp(3))]);
    file.append(rest.subarray(0, rest.length - 1)); // the last sample's second byte is missing
    await refresh(wav);
    assert.deepEqual(drain(wav), [1, 2]);
    file.append(rest.subarray(rest.length - 1));
    await refresh(wav);
    assert.deepEqual(drain(wav), [3]);
  });

  it('reads ahead about a second, not the whole file at once', async () => {
    const file = new FakeGrowingFile().append(pipeWavHeader()).append(pcmBytes(ramp(30_000)));
    const wav = await GrowingWav.open('/tts/c.wav', file);
    assert.ok(wav.available >= 8000 && wav.available < 16_000, String(wav.available));
    wav.poll();
    await wav.settled();
    assert.equal(file.reads.length, 1, 'no read while a second is buffered');
    const frame = new Int16Array(160);
    let got = 0;
    let most = 0;
    for (let i = 0; i < 200; i++) {
      got += wav.take(frame, 0, 160);
      await wav.settled();
      most = Math.max(most, wav.available);
    }
    assert.equal(got, 30_000, 'every sample, in order');
    assert.equal(frame[79], 30_000, 'the last sample came last');
    assert.ok(most < 16_384, `at most ${most} samples buffered`);
  });

  it('ends at the size it is told, dropping what was read past a cut tail', async () => {
    const header = pipeWavHeader();
    const file = new FakeGrowingFile().append(header).append(pcmBytes(ramp(300)));
    const wav = await GrowingWav.open('/tts/d.wav', file);
    const first = new Int16Array(100);
    wav.take(first, 0, 100);
    // The writer trims trailing silence: the file really ends after 250 samples.
    file.truncate(header.length + 500);
    wav.complete(header.length + 500);
    await wav.settled();
    assert.equal(wav.allRead, true);
    assert.equal(wav.available, 150);
    const rest = drain(wav);
    assert.equal(rest.at(-1), 250);
    assert.equal(wav.ended, true);
  });

  it('does not read past the final size even when the file holds more', async () => {
    const header = pipeWavHeader();
    const file = new FakeGrowingFile().append(header).append(pcmBytes(ramp(10)));
    const wav = await GrowingWav.open('/tts/e.wav', file);
    drain(wav);
    await wav.settled();
    wav.complete(header.length + 40); // 20 samples
    file.append(pcmBytes(ramp(100, 11)));
    await refresh(wav);
    assert.deepEqual(drain(wav), [...ramp(10, 11)]);
    await refresh(wav);
    assert.equal(wav.ended, true);
    assert.equal(
      file.reads.at(-1)!.position,
      header.length + 20,
      'the last read stopped at the end',
    );
  });

  it('decodes u-law', async () => {
    const bytes = wavFile(Int16Array.from([0, 1000, -1000]), 8000, 'ulaw');
    const file = new FakeGrowingFile().append(bytes);
    const wav = await GrowingWav.open('/tts/u.wav', file);
    const samples = drain(wav);
    assert.equal(samples.length, 3);
    assert.ok(Math.abs(samples[1]! - 1000) < 40 && Math.abs(samples[2]! + 1000) < 40);
  });

  it('refuses what it cannot play while growing, saying why', async () => {
    for (const [bytes, why] of [
      [pipeWavHeader(16000), /8 kHz mono.*16000 Hz/],
      [wavFile(new Int16Array(10), 8000, 'pcm16', 2), /2 channels/],
      [new TextEncoder().encode('not a wave file at all'), /not a RIFF\/WAVE file/],
    ] as const) {
      const file = new FakeGrowingFile().append(bytes);
      await assert.rejects(
        GrowingWav.open('/tts/bad.wav', file),
        (e: unknown) =>
          isMediaError(e, 'file-unreadable') &&
          /\/tts\/bad\.wav/.test(e.message) &&
          why.test(e.message),
      );
      assert.equal(file.closed, true);
    }
  });

  it('fails when told, when a read fails, or when the file ends inside its header', async () => {
    const file = new FakeGrowingFile().append(pipeWavHeader()).append(pcmBytes(ramp(10)));
    const wav = await GrowingWav.open('/tts/f.wav', file);
    wav.fail('the render failed');
    assert.equal(wav.failure, 'the render failed');
    assert.equal(wav.ended, false);

    const broken = new FakeGrowingFile().append(pipeWavHeader());
    const reading = await GrowingWav.open('/tts/g.wav', broken);
    broken.failReads = new Error('EIO');
    await refresh(reading);
    assert.match(reading.failure ?? '', /reading failed.*EIO/);

    const short = new FakeGrowingFile().append(pipeWavHeader().subarray(0, 20));
    const headless = await GrowingWav.open('/tts/h.wav', short);
    headless.complete(20);
    assert.match(headless.failure ?? '', /ended \(20 bytes\) before its WAV header/);
  });

  it('rewinds to its first sample', async () => {
    const header = pipeWavHeader();
    const file = new FakeGrowingFile().append(header).append(pcmBytes(ramp(20)));
    const wav = await GrowingWav.open('/tts/r.wav', file);
    wav.complete(header.length + 40);
    drain(wav);
    await wav.settled();
    assert.equal(wav.ended, true);
    wav.rewind();
    assert.equal(wav.ended, false);
    await wav.settled();
    assert.deepEqual(drain(wav), [...ramp(20)]);
    assert.equal(wav.ended, true);
    await wav.close();
    await wav.close();
    assert.equal(file.closed, true);
  });

  it('keeps reading a real file after its writer renames it and after it is unlinked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'growing-wav-'));
    try {
      const temp = join(dir, '.render.wav');
      await writeFile(temp, Buffer.concat([pipeWavHeader(), pcmBytes(ramp(80))]));
      const wav = await GrowingWav.open(temp);
      assert.equal(drain(wav).length, 80);
      await appendFile(temp, pcmBytes(ramp(40, 81)));
      await rename(temp, join(dir, 'final.wav'));
      await refresh(wav);
      assert.deepEqual(drain(wav), [...ramp(40, 81)]);
      await unlink(join(dir, 'final.wav'));
      wav.complete(44 + 240);
      await wav.settled();
      assert.equal(wav.ended, true);
      await wav.close();
      await assert.rejects(openGrowingFile(join(dir, 'missing.wav')), /no such file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
