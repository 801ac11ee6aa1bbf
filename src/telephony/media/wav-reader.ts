// Reads WAV prompts (RIFF, RFC 2361 format tags): PCM 8/16-bit, u-law, A-law, any rate and channel count.
import { ALAW_DECODE, ULAW_DECODE } from './g711.ts';
import { MediaError } from './media-error.ts';

export interface DecodedAudio {
  readonly sampleRate: number;
  /** Mono 16-bit PCM (channels are averaged). */
  readonly samples: Int16Array;
}

const FORMAT_PCM = 1;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

function unreadable(path: string, why: string): never {
  throw new MediaError('file-unreadable', `${path}: ${why}`);
}

/**
 * Decodes a WAV file's audio. Chunks are walked by their sizes (odd sizes padded, RIFF §2), a
 * data size larger than the file (a recorder that crashed before patching it) is cut to what is
 * there. `wavefile` could take this place later; this reader covers what prompts need.
 */
export function readWav(data: Uint8Array, path = 'WAV'): DecodedAudio {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const text = (offset: number) => String.fromCharCode(...data.subarray(offset, offset + 4));
  if (data.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE')
    unreadable(path, 'not a RIFF/WAVE file');
  let format:
    { tag: number; channels: number; rate: number; bits: number; align: number } | undefined;
  let offset = 12;
  while (offset + 8 <= data.length) {
    const id = text(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > data.length) unreadable(path, 'truncated fmt chunk');
      let tag = view.getUint16(body, true);
      if (tag === FORMAT_EXTENSIBLE && size >= 40) tag = view.getUint16(body + 24, true); // SubFormat GUID's first two octets
      format = {
        tag,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        align: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (format === undefined) unreadable(path, 'data chunk before fmt chunk');
      const end = Math.min(data.length, body + size);
      return {
        sampleRate: format.rate,
        samples: decodeSamples(data.subarray(body, end), format, path),
      };
    }
    offset = body + size + (size % 2);
  }
  return unreadable(path, 'no data chunk');
}

function decodeSamples(
  bytes: Uint8Array,
  format: { tag: number; channels: number; rate: number; bits: number; align: number },
  path: string,
): Int16Array {
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
