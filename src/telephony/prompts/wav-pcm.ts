// Just enough RIFF/WAVE for prompts: read a header's format and length, read and write 16-bit mono PCM.
import { HotlineError } from '../../platform/index.ts';

/** The format of a WAV file (RIFF `fmt ` chunk, RFC 2361 format tags) and its audio's length. */
export interface WavInfo {
  /** 1 = PCM, 6 = A-law, 7 = u-law, 0xfffe = extensible. */
  readonly formatTag: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
  readonly dataOffset: number;
  readonly dataBytes: number;
  readonly durationMs: number;
}

function unreadable(what: string, reason: string): never {
  throw new HotlineError('invalid-input', `${what} is not a usable WAV file: ${reason}.`, {
    field: 'wav',
  });
}

/**
 * Walks the RIFF chunks (sizes padded to even, RIFF §2) to `fmt ` and `data`. A data size larger
 * than the file (espeak-ng writing to a pipe leaves 0x7fffffff) is cut to what is there.
 */
export function readWavInfo(data: Uint8Array, what = 'The file'): WavInfo {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tag = (offset: number): string =>
    String.fromCharCode(data[offset]!, data[offset + 1]!, data[offset + 2]!, data[offset + 3]!);
  if (data.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    unreadable(what, 'no RIFF/WAVE header');
  }
  let format: Omit<WavInfo, 'dataOffset' | 'dataBytes' | 'durationMs'> | undefined;
  let offset = 12;
  while (offset + 8 <= data.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > data.length) unreadable(what, 'a short fmt chunk');
      format = {
        formatTag: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (format === undefined) unreadable(what, 'data before the fmt chunk');
      const dataBytes = Math.min(size, data.length - body);
      const bytesPerSecond = (format.sampleRate * format.channels * format.bitsPerSample) / 8;
      if (bytesPerSecond <= 0) unreadable(what, 'a zero sample rate, channel count or sample size');
      return {
        ...format,
        dataOffset: body,
        dataBytes,
        durationMs: Math.round((dataBytes / bytesPerSecond) * 1000),
      };
    }
    offset = body + size + (size % 2);
  }
  return unreadable(what, 'no data chunk');
}

/** The samples of a 16-bit mono PCM WAV file. */
export function readPcm16Mono(
  data: Uint8Array,
  what = 'The file',
): { sampleRate: number; samples: Int16Array } {
  const info = readWavInfo(data, what);
  if (info.formatTag !== 1 || info.bitsPerSample !== 16 || info.channels !== 1) {
    unreadable(
      what,
      `format ${info.formatTag}, ${info.bitsPerSample}-bit, ${info.channels} channels (16-bit mono PCM expected)`,
    );
  }
  const samples = new Int16Array(info.dataBytes >> 1);
  const view = new DataView(data.buffer, data.byteOffset + info.dataOffset, samples.length * 2);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return { sampleRate: info.sampleRate, samples };
}

/** A canonical 44-byte-header WAV file holding 16-bit mono PCM. */
export function pcm16MonoWav(samples: Int16Array, sampleRate: number): Buffer {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + samples.length * 2, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28); // byte rate
  out.writeUInt16LE(2, 32); // block align
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, 44 + i * 2);
  return out;
}
