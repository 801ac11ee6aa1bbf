// WAV reading (PCM16, PCM8, u-law, A-law, stereo, truncated), the streaming writer, and resampling 16 kHz prompts.
import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BatchedChunkWrites, fsChunkWrites } from './chunk-writes.ts';
import type { ChunkWrites } from './chunk-writes.ts';
import { isMediaError } from './media-error.ts';
import { nativeAddon } from './native-addon.ts';
import type { NativeAddon } from './native-addon.ts';
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

const addon = nativeAddon();
const writeKinds: [string, ChunkWrites | undefined][] = [
  ['fs.write', fsChunkWrites],
  ['native batches', addon === undefined ? undefined : new BatchedChunkWrites(addon)],
];

describe('WavWriter', () => {
  for (const [kind, writes] of writeKinds) {
    it(
      `writes chunks and patches the sizes after each, so an unclosed file reads (${kind})`,
      { skip: writes === undefined && 'native/build/hotline-media.node is not built' },
      async () => {
        const path = join(dir, `a-${kind}.wav`);
        const writer = await WavWriter.create(path, 2, 8000, writes);
        const released: number[] = [];
        writer.append(Buffer.alloc(3200, 1), 3200, () => released.push(1));
        writer.append(Buffer.alloc(1600, 2), 1600, () => released.push(2));
        await writer.settled();
        assert.deepEqual(released, [1, 2], 'chunks given back in order once written');
        const midway = await readFile(path);
        assert.equal(midway.readUInt32LE(40), 4800);
        assert.equal(midway.readUInt32LE(4), 36 + 4800);
        assert.equal(midway.length, WAV_HEADER_SIZE + 4800);
        assert.ok(midway.subarray(44, 44 + 3200).every((b) => b === 1));
        assert.ok(midway.subarray(44 + 3200).every((b) => b === 2));
        assert.equal(await writer.close(), WAV_HEADER_SIZE + 4800);
        assert.equal(readWav(await readFile(path)).samples.length, 1200);
      },
    );
  }

  it(
    'batches the chunks of a turn into one native job, and reports a failed item by its errno alone',
    { skip: addon === undefined && 'native/build/hotline-media.node is not built' },
    async () => {
      const flushes: (() => void)[] = [];
      const writes = new BatchedChunkWrites(addon!, (flush) => flushes.push(flush));
      const good = openSync(join(dir, 'batch-good.bin'), 'w+');
      const readOnly = openSync(join(dir, 'batch-good.bin'), 'r');
      const header = Buffer.alloc(WAV_HEADER_SIZE, 7);
      const results: (string | null)[] = [];
      const done = new Promise<void>((resolve) => {
        const record = (error: Error | null): void => {
          results.push(error === null ? null : (error as NodeJS.ErrnoException).code!);
          if (results.length === 3) resolve();
        };
        writes.write(good, Buffer.alloc(100, 1), 100, 44, header, record);
        writes.write(readOnly, Buffer.alloc(100, 2), 100, 144, header, record);
        writes.write(good, Buffer.alloc(100, 3), 50, 144, header, record);
      });
      assert.equal(flushes.length, 1, 'one job scheduled for the turn');
      flushes[0]!();
      await done;
      assert.deepEqual(results, [null, 'EBADF', null]);
      const file = await readFile(join(dir, 'batch-good.bin'));
      assert.equal(
        file.length,
        194,
        'the header at 0, the first chunk at 44, half the third at 144',
      );
      assert.ok(file.subarray(0, 44).every((b) => b === 7));
      assert.ok(file.subarray(44, 144).every((b) => b === 1));
      assert.ok(file.subarray(144).every((b) => b === 3));
      closeSync(good);
      closeSync(readOnly);
    },
  );

  it('ends a recording whose writes fail with the error, and gives every chunk back', async () => {
    const path = join(dir, 'failing.wav');
    const failing: ChunkWrites = {
      write: (_fd, _chunk, _length, _position, _header, done) =>
        setImmediate(() => done(Object.assign(new Error('ENOSPC: no space'), { code: 'ENOSPC' }))),
    };
    const writer = await WavWriter.create(path, 1, 8000, failing);
    let released = 0;
    writer.append(Buffer.alloc(320), 320, () => released++);
    writer.append(Buffer.alloc(320), 320, () => released++);
    await writer.settled();
    assert.equal(released, 2);
    assert.match(String(writer.error), /ENOSPC/);
    writer.append(Buffer.alloc(320), 320, () => released++);
    assert.equal(released, 3, 'after an error a chunk is given back at once');
    assert.equal(await writer.close(), WAV_HEADER_SIZE, 'nothing counted as written');
  });

  it('ends a recording at the WAV format’s 4 GiB, with the error, instead of a wrong header', async () => {
    const accepted: number[] = [];
    const counting: ChunkWrites = {
      write: (_fd, _chunk, length, _position, _header, done) => {
        accepted.push(length);
        setImmediate(() => done(null));
      },
    };
    const writer = await WavWriter.create(join(dir, 'huge.wav'), 2, 8000, counting);
    const gib = 2 ** 30;
    let released = 0;
    // The lengths stand for chunks written over 37 hours; the fake writes only count them.
    for (let i = 0; i < 5; i++) writer.append(Buffer.alloc(4), gib, () => released++);
    await writer.settled();
    assert.deepEqual(accepted, [gib, gib, gib], 'three GiB fit, the fourth would pass 4 GiB');
    assert.equal(released, 5);
    assert.ok(isMediaError(writer.error, 'file-unwritable'));
    assert.match(writer.error.message, /4 GiB/);
    await writer.close();
  });

  it('tells every writer of a batch its result, even when one throws or the job is refused', () => {
    const flushes: (() => void)[] = [];
    let refuse = false;
    const fakeAddon = {
      writeBatch: (count: number, ...rest: unknown[]) => {
        if (refuse) throw new TypeError('writeBatch: bad arguments');
        (rest[4] as (errnos: Int32Array) => void)(new Int32Array(count));
      },
    } as unknown as NativeAddon;
    const writes = new BatchedChunkWrites(fakeAddon, (flush) => flushes.push(flush));
    const header = Buffer.alloc(WAV_HEADER_SIZE);
    const heard: string[] = [];
    writes.write(3, Buffer.alloc(10), 10, 44, header, () => {
      heard.push('first');
      throw new Error('a writer’s bug');
    });
    writes.write(3, Buffer.alloc(10), 10, 54, header, (error) => heard.push(`second ${error}`));
    assert.throws(() => flushes[0]!(), /a writer’s bug/);
    assert.deepEqual(heard, ['first', 'second null']);

    refuse = true;
    writes.write(3, Buffer.alloc(10), 10, 64, header, (error) => heard.push(String(error)));
    writes.write(3, Buffer.alloc(10), 10, 74, header, (error) => heard.push(String(error)));
    flushes[1]!();
    assert.deepEqual(heard.slice(2), [
      'TypeError: writeBatch: bad arguments',
      'TypeError: writeBatch: bad arguments',
    ]);
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
