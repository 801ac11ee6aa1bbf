// Reads WAV prompts (RIFF, RFC 2361 format tags): PCM 8/16-bit, u-law, A-law, any rate and channel count.
import { ALAW_DECODE, ULAW_DECODE } from './g711.ts';
import { MediaError } from './media-error.ts';
import {
  FORMAT_ALAW,
  FORMAT_MULAW,
  FORMAT_PCM,
  walkWavHeader,
  type WavFormat,
} from './wav-header.ts';

export interface DecodedAudio {
  readonly sampleRate: number;
  /** Mono 16-bit PCM (channels are averaged). */
  readonly samples: Int16Array;
}

function unreadable(path: string, why: string): never {
  throw new MediaError('file-unreadable', `${path}: ${why}`);
}

/**
 * Decodes a WAV file's audio. Chunks are walked by their sizes (odd sizes padded, RIFF §2), a
 * data size larger than the file (a recorder that crashed before patching it) is cut to what is
 * there. `wavefile` could take this place later; this reader covers what prompts need.
 */
export function readWav(data: Uint8Array, path = 'WAV'): DecodedAudio {
  const header = walkWavHeader(data);
  if (header.kind === 'invalid') return unreadable(path, header.why);
  if (header.kind === 'incomplete') {
    const why = { riff: 'not a RIFF/WAVE file', fmt: 'truncated fmt chunk', data: 'no data chunk' };
    return unreadable(path, why[header.missing]);
  }
  const { format, dataStart, dataSize } = header;
  const end = Math.min(data.length, dataStart + dataSize);
  return {
    sampleRate: format.rate,
    samples: decodeSamples(data.subarray(dataStart, end), format, path),
  };
}

function decodeSamples(bytes: Uint8Array, format: WavFormat, path: string): Int16Array {
  const { tag, channels, bits, rate } = format;
  if (channels < 1 || channels > 8) unreadable(path, `${channels} channels`);
  if (rate < 4000 || rate > 192000) unreadable(path, `sample rate ${rate} Hz`);
  let sampleAt: (index: number) => number;
  let bytesPerSample: number;
  if (tag === FORMAT_PCM && bits === 16) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    bytesPerSample = 2;
    sampleAt = (i) => view.getInt16(i * 2, true);
  } else if (tag === FORMAT_PCM && bits === 8) {
    bytesPerSample = 1;
    sampleAt = (i) => (bytes[i]! - 128) << 8; // 8-bit WAV PCM is unsigned
  } else if ((tag === FORMAT_MULAW || tag === FORMAT_ALAW) && bits === 8) {
    const table = tag === FORMAT_MULAW ? ULAW_DECODE : ALAW_DECODE;
    bytesPerSample = 1;
    sampleAt = (i) => table[bytes[i]!]!;
  } else {
    return unreadable(
      path,
      `format ${tag} with ${bits} bits is not supported; use 16-bit PCM, u-law or A-law (sox in.wav -b 16 out.wav)`,
    );
  }
  const frameBytes = bytesPerSample * channels;
  const frames = Math.floor(bytes.length / frameBytes);
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += sampleAt(f * channels + c);
    out[f] = Math.round(sum / channels);
  }
  return out;
}
