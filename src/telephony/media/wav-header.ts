// The RIFF/WAVE header walk both WAV readers share (RFC 2361 format tags): chunks are walked by
// their sizes (odd sizes padded, RIFF §2) to the fmt and data chunks.
export const FORMAT_PCM = 1;
export const FORMAT_ALAW = 6;
export const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

export interface WavFormat {
  /** The format tag; WAVE_FORMAT_EXTENSIBLE is resolved to its SubFormat's. */
  readonly tag: number;
  readonly channels: number;
  readonly rate: number;
  readonly align: number;
  readonly bits: number;
}

export type WavHeader =
  | { readonly kind: 'header'; readonly format: WavFormat; dataStart: number; dataSize: number }
  /**
   * The bytes end before the header does: a file still being written, or a truncated one; with
   * the format once the fmt chunk was read.
   */
  | {
      readonly kind: 'incomplete';
      readonly missing: 'riff' | 'fmt' | 'data';
      readonly format?: WavFormat;
    }
  | { readonly kind: 'invalid'; readonly why: string };

/** Walks `data` (a whole file or its start) to the data chunk's body. */
export function walkWavHeader(data: Uint8Array): WavHeader {
  const text = (offset: number) => String.fromCharCode(...data.subarray(offset, offset + 4));
  if (data.length < 12) return { kind: 'incomplete', missing: 'riff' };
  if (text(0) !== 'RIFF' || text(8) !== 'WAVE')
    return { kind: 'invalid', why: 'not a RIFF/WAVE file' };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let format: WavFormat | undefined;
  let offset = 12;
  while (offset + 8 <= data.length) {
    const id = text(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16) return { kind: 'invalid', why: 'truncated fmt chunk' };
      // The SubFormat GUID of WAVE_FORMAT_EXTENSIBLE ends 40 octets in.
      if (body + Math.min(size, 40) > data.length) return { kind: 'incomplete', missing: 'fmt' };
      let tag = view.getUint16(body, true);
      if (tag === FORMAT_EXTENSIBLE && size >= 40) tag = view.getUint16(body + 24, true); // SubFormat's first two octets
      format = {
        tag,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        align: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (format === undefined) return { kind: 'invalid', why: 'data chunk before fmt chunk' };
      return { kind: 'header', format, dataStart: body, dataSize: size };
    }
    offset = body + size + (size % 2);
  }
  return format === undefined
    ? { kind: 'incomplete', missing: 'fmt' }
    : { kind: 'incomplete', missing: 'data', format };
}
