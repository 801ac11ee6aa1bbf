// ITU-T G.711 u-law and A-law as lookup tables: 64K-entry encoders, 256-entry decoders and transcoders.

// The segment end points of G.711's 8-segment companding curves (14-bit u-law, 13-bit A-law
// magnitudes), as in the ITU reference and Sun's g711.c.
const ULAW_SEGMENT_END = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff] as const;
const ALAW_SEGMENT_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff] as const;
const ULAW_BIAS = 0x84;
const ULAW_CLIP = 8159;

function segmentOf(value: number, ends: readonly number[]): number {
  for (let i = 0; i < ends.length; i++) if (value <= ends[i]!) return i;
  return ends.length;
}

/** One 16-bit linear sample to u-law (G.711 §3: the 14 most significant bits are coded). */
export function linearToUlaw(sample: number): number {
  let value = sample >> 2;
  let mask = 0xff;
  if (value < 0) {
    value = -value;
    mask = 0x7f;
  }
  if (value > ULAW_CLIP) value = ULAW_CLIP;
  value += ULAW_BIAS >> 2;
  const segment = segmentOf(value, ULAW_SEGMENT_END);
  if (segment >= 8) return 0x7f ^ mask;
  return ((segment << 4) | ((value >> (segment + 1)) & 0x0f)) ^ mask;
}

export function ulawToLinear(code: number): number {
  const u = ~code & 0xff;
  let t = ((u & 0x0f) << 3) + ULAW_BIAS;
  t <<= (u & 0x70) >> 4;
  return u & 0x80 ? ULAW_BIAS - t : t - ULAW_BIAS;
}

/** One 16-bit linear sample to A-law (G.711 §2: 13 bits coded, even bits inverted by 0x55). */
export function linearToAlaw(sample: number): number {
  let value = sample >> 3;
  let mask: number;
  if (value >= 0) mask = 0xd5;
  else {
    mask = 0x55;
    value = -value - 1;
  }
  const segment = segmentOf(value, ALAW_SEGMENT_END);
  if (segment >= 8) return 0x7f ^ mask;
  const quantized = segment < 2 ? (value >> 1) & 0x0f : (value >> segment) & 0x0f;
  return ((segment << 4) | quantized) ^ mask;
}

export function alawToLinear(code: number): number {
  const a = (code ^ 0x55) & 0xff;
  let t = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  if (segment === 0) t += 8;
  else if (segment === 1) t += 0x108;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

function decodeTable(decode: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code++) table[code] = decode(code);
  return table;
}

/** Indexed by the sample's 16 bits as unsigned (`sample & 0xffff`). */
function encodeTable(encode: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = encode((bits << 16) >> 16);
  return table;
}

export const ULAW_DECODE = decodeTable(ulawToLinear);
export const ALAW_DECODE = decodeTable(alawToLinear);
export const ULAW_ENCODE = encodeTable(linearToUlaw);
export const ALAW_ENCODE = encodeTable(linearToAlaw);

// Transcoding through the linear value: u-law's 14 bits do not all fit A-law's 13, so this is the
// nearest code, as a decode/encode pair would give, without the 16-bit detour per sample.
export const ULAW_TO_ALAW = new Uint8Array(256).map(
  (_, code) => ALAW_ENCODE[ULAW_DECODE[code]! & 0xffff]!,
);
export const ALAW_TO_ULAW = new Uint8Array(256).map(
  (_, code) => ULAW_ENCODE[ALAW_DECODE[code]! & 0xffff]!,
);

/** Silence as each law writes it (linear 0). */
export const ULAW_SILENCE = 0xff;
export const ALAW_SILENCE = 0xd5;
