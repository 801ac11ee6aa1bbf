// WAV headers and 16-bit mono PCM: written, read back, and odd files read or refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../../platform/index.ts';
import { pcm16MonoWav, readPcm16Mono, readWavInfo } from './wav-pcm.ts';

describe('wav-pcm', () => {
  it('writes a canonical header and reads the samples back', () => {
    const samples = Int16Array.from({ length: 8000 }, (_, i) =>
      Math.round(10000 * Math.sin(i / 5)),
    );
    const wav = pcm16MonoWav(samples, 8000);
    assert.equal(wav.length, 44 + 16000);
    const info = readWavInfo(wav);
    assert.deepEqual(
      { ...info },
      {
        formatTag: 1,
        channels: 1,
        sampleRate: 8000,
        bitsPerSample: 16,
        dataOffset: 44,
        dataBytes: 16000,
        durationMs: 1000,
      },
    );
    assert.deepEqual(readPcm16Mono(wav).samples, samples);
  });

  it('skips other chunks, padded to even sizes, and cuts an oversized data length', () => {
    const body = pcm16MonoWav(Int16Array.of(1, -2, 3), 16000);
    const list = Buffer.concat([
      Buffer.from('LIST'),
      Buffer.from([3, 0, 0, 0]),
      Buffer.from('abc\0'),
    ]);
    const wav = Buffer.concat([body.subarray(0, 36), list, body.subarray(36)]);
    wav.writeUInt32LE(0x7fffffff, 36 + list.length + 4); // as espeak-ng leaves it when writing to a pipe
    const read = readPcm16Mono(wav);
    assert.equal(read.sampleRate, 16000);
    assert.deepEqual([...read.samples], [1, -2, 3]);
  });

  it('refuses what is not a WAV file, or not 16-bit mono where that is required', () => {
    const isInvalid = (error: unknown) =>
      isHotlineError(error, 'invalid-input') && /WAV/.test(error.message);
    assert.throws(() => readWavInfo(Buffer.from('ID3\x03 an mp3 file')), isInvalid);
    assert.throws(
      () => readWavInfo(pcm16MonoWav(Int16Array.of(1), 8000).subarray(0, 36)),
      /no data chunk/,
    );
    const stereo = pcm16MonoWav(Int16Array.of(1, 2), 8000);
    stereo.writeUInt16LE(2, 22);
    assert.equal(readWavInfo(stereo).channels, 2);
    assert.throws(
      () => readPcm16Mono(stereo, 'upload.wav'),
      /upload.wav .*2 channels \(16-bit mono PCM expected\)/,
    );
  });
});
