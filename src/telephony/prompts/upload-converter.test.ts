// Uploaded prompts converted with sox (and ffmpeg for MP3): format, length, bad input, missing tools.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isHotlineError } from '../../platform/index.ts';
import { convertUpload, type UploadFormat } from './upload-converter.ts';
import { readPcm16Mono, readWavInfo } from './wav-pcm.ts';

const soxFound = spawnSync('sox', ['--version']).status === 0;
const skip =
  soxFound || process.env.CI === 'true' ? false : 'sox is not installed (apt-get install sox)';

describe('convertUpload', { skip }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'upload-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** A 1.5 s 440 Hz tone as sox writes it in the given container, rate and channels. */
  async function tone(name: string, rate: number, channels: number): Promise<Buffer> {
    const path = join(dir, name);
    const made = spawnSync('sox', [
      '-n',
      '-r',
      String(rate),
      '-c',
      String(channels),
      '-b',
      '16',
      path,
      'synth',
      '1.5',
      'sine',
      '440',
      'gain',
      '-6',
    ]);
    assert.equal(made.status, 0, made.stderr.toString());
    return readFile(path);
  }

  for (const [format, name, rate, channels] of [
    ['wav', 'tone.wav', 44100, 2],
    ['wav', 'tone16k.wav', 16000, 1],
    ['flac', 'tone.flac', 48000, 2],
  ] as const) {
    it(`converts ${rate} Hz ${channels}-channel ${format} to 8 kHz mono 16-bit WAV`, async () => {
      const wav = await convertUpload(await tone(name, rate, channels), format);
      const info = readWavInfo(wav);
      assert.deepEqual(
        [info.formatTag, info.sampleRate, info.channels, info.bitsPerSample],
        [1, 8000, 1, 16],
      );
      assert.ok(Math.abs(info.durationMs - 1500) <= 5, `${info.durationMs} ms`);
      assert.equal(info.dataOffset + info.dataBytes, wav.length, 'exact header sizes');
      // The tone survives: its peak is about half of full scale (-6 dB).
      const peak = readPcm16Mono(wav).samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
      assert.ok(peak > 12000 && peak < 20000, `peak ${peak}`);
    });
  }

  it('refuses input the decoder cannot read, empty input, and unknown formats', async () => {
    await assert.rejects(
      convertUpload(Buffer.from('this is not audio at all, just text'), 'wav'),
      (error: unknown) =>
        isHotlineError(error, 'invalid-input') &&
        error.field === 'file' &&
        /could not be read as wav/.test(error.message),
    );
    await assert.rejects(
      convertUpload(Buffer.alloc(0), 'wav'),
      (error: unknown) => isHotlineError(error, 'invalid-input') && error.field === 'file',
    );
    await assert.rejects(
      convertUpload(Buffer.alloc(10), 'aac' as UploadFormat),
      (error: unknown) => isHotlineError(error, 'invalid-input') && error.field === 'format',
    );
  });

  it('refuses a prompt longer than allowed', async () => {
    await assert.rejects(
      convertUpload(await tone('long.wav', 8000, 1), 'wav', { maxSeconds: 1 }),
      (error: unknown) =>
        isHotlineError(error, 'invalid-input') &&
        error.field === 'file' &&
        /at most 1 s/.test(error.message),
    );
  });

  it('says which program is missing', async () => {
    await assert.rejects(
      convertUpload(Buffer.from('ID3'), 'mp3', { ffmpegPath: join(dir, 'no-ffmpeg') }),
      (error: unknown) =>
        isHotlineError(error, 'unavailable') && /apt-get install ffmpeg/.test(error.message),
    );
    await assert.rejects(
      convertUpload(Buffer.from('RIFF'), 'wav', { soxPath: join(dir, 'no-sox') }),
      (error: unknown) =>
        isHotlineError(error, 'unavailable') && /apt-get install sox/.test(error.message),
    );
  });
});
