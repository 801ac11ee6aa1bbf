// WAV reading (PCM16, PCM8, u-law, A-law, stereo, truncated), the streaming writer, and resampling 16 kHz prompts.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isMediaError } from './media-error.ts';
import { resample } from './resample.ts';
import { readWav } from './wav-reader.ts';
import { WAV_HEADER_SIZE, WavWriter } from './wav-writer.ts';
import { dominantFrequency, energy, tone, tonePower, wavFile } from './fixtures/media-test-kit.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hotline-wav-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readWav', () => {
  const source = tone(440, 100, 10000);

  it('reads PCM16, u-law, A-law and 8-bit PCM at their rates', () => {
    for (const format of ['pcm16', 'ulaw', 'alaw', 'pcm8'] as const) {
      for (const rate of [8000, 16000]) {
        const audio = readWav(wavFile(source, rate, format));
        assert.equal(audio.sampleRate, rate);
        assert.equal(audio.samples.length, source.length);
        let error = 0;
        for (let i = 0; i < source.length; i++)
          error = Math.max(error, Math.abs(audio.samples[i]! - source[i]!));
        assert.ok(
          error <= (format === 'pcm8' ? 256 : format === 'pcm16' ? 0 : 320),
          `${format}: ${error}`,
        );
      }
    }
  });

  it('averages stereo to mono', () => {
    const interleaved = new Int16Array([1000, 3000, -1000, -3000]);
    assert.deepEqual([...readWav(wavFile(interleaved, 8000, 'pcm16', 2)).samples], [2000, -2000]);
  });

  it('skips unknown chunks and reads a data size beyond the end as what is there', () => {
    const file = wavFile(source);
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0, 1, 2, 3, 0])]); // odd size, padded
    const withList = Buffer.concat([file.subarray(0, 36), list, file.subarray(36)]);
    assert.equal(readWav(withList).samples.length, source.length);
    const truncated = Buffer.from(file.subarray(0, file.length - 50));
    assert.equal(readWav(truncated).samples.length, source.length - 25);
  });

  it('refuses what it cannot play, saying why', () => {
    const float = wavFile(source);
    float.writeUInt16LE(3, 20);
    float.writeUInt16LE(32, 34);
    for (const [bytes, why] of [
      [Buffer.from('not a wav file at all'), /RIFF/],
      [float, /format 3 with 32 bits/],
      [wavFile(source).subarray(0, 36), /no data chunk/],
    ] as const) {
      assert.throws(
        () => readWav(bytes, '/p/x.wav'),
        (e: unknown) => isMediaError(e, 'file-unreadable') && why.test(e.message),
      );
    }
  });
});

describe('resample', () => {
  it('keeps a 1 kHz tone at 1 kHz from 16 to 8 kHz, and halves the length', () => {
    const wide = tone(1000, 200, 10000, 16000);
    const narrow = resample(wide, 16000, 8000);
    assert.equal(narrow.length, 1600);
    assert.equal(dominantFrequency(narrow, 100, 1500), 1000);
    assert.ok(tonePower(narrow, 1000, 100, 1500) > 0.95 * energy(narrow, 100, 1500));
  });

  it('filters out what 8 kHz cannot carry instead of aliasing it', () => {
    const wide = tone(6000, 200, 10000, 16000); // would alias to 2 kHz
    const narrow = resample(wide, 16000, 8000);
    const rms = Math.sqrt(energy(narrow, 100, 1500) / 1400);
    assert.ok(rms < 200, `residue rms ${rms}`);
  });

  it('up-samples other rates, e.g. 11025 Hz', () => {
    const odd = tone(500, 300, 10000, 11025);
    const narrow = resample(odd, 11025, 8000);
    assert.equal(narrow.length, Math.floor(odd.length * (8000 / 11025)));
    assert.equal(dominantFrequency(narrow, 100, 2000), 500);
  });
});

describe('WavWriter', () => {
  it('writes chunks and patches the sizes after each, so an unclosed file reads', async () => {
    const path = join(dir, 'a.wav');
    const writer = await WavWriter.create(path, 2, 8000);
    const chunk = Buffer.alloc(3200, 1);
    let released = 0;
    writer.append(chunk, 3200, () => released++);
    writer.append(Buffer.alloc(1600, 2), 1600, () => released++);
    // Before close: wait for the queue by appending nothing more and reading after a pause.
    await new Promise((r) => setTimeout(r, 50));
    const midway = await readFile(path);
    assert.equal(midway.readUInt32LE(40), 4800);
    assert.equal(midway.readUInt32LE(4), 36 + 4800);
    const bytes = await writer.close();
    assert.equal(bytes, WAV_HEADER_SIZE + 4800);
    assert.equal(released, 2);
    const audio = readWav(await readFile(path));
    assert.equal(audio.samples.length, 1200);
  });

  it('never overwrites a file and says why it cannot create one', async () => {
    const path = join(dir, 'b.wav');
    await (await WavWriter.create(path, 1, 8000)).close();
    await assert.rejects(
      WavWriter.create(path, 1, 8000),
      (e: unknown) => isMediaError(e, 'file-unwritable') && /exists/.test(e.message),
    );
    await assert.rejects(
      WavWriter.create(join(dir, 'no/such/dir.wav'), 1, 8000),
      /folder does not exist/,
    );
  });
});
