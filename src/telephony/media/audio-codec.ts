// The codecs the worker decodes and encodes, behind one interface so wide-band codecs (Opus) can join later.
import {
  ALAW_DECODE,
  ALAW_ENCODE,
  ALAW_TO_ULAW,
  ULAW_DECODE,
  ULAW_ENCODE,
  ULAW_TO_ALAW,
} from './g711.ts';
import { MediaError } from './media-error.ts';

/** The engine's internal audio: 16-bit linear PCM at 8 kHz, in 20 ms frames. */
export const SAMPLE_RATE = 8000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

export type CodecName = 'PCMU' | 'PCMA';

/**
 * A codec as the engine uses it. G.711 is stateless, so one shared instance serves every endpoint;
 * a stateful codec (Opus) will be created per endpoint and stream through the same calls.
 */
export interface AudioCodecImpl {
  readonly name: CodecName;
  /** RFC 3551 static payload type. */
  readonly staticPayloadType: number;
  readonly clockRate: number;
  /** The payload byte of linear 0. */
  readonly silence: number;
  /** One payload byte per sample, each decoded alone (G.711): a payload decodes in pieces. */
  readonly bytePerSample: boolean;
  /** Decodes `length` payload bytes into `out` at `outOffset`; returns the samples written. */
  decode(
    payload: Uint8Array,
    offset: number,
    length: number,
    out: Int16Array,
    outOffset: number,
  ): number;
  /** Encodes `count` samples into `out` at `outOffset`; returns the bytes written. */
  encode(
    pcm: Int16Array,
    offset: number,
    count: number,
    out: Uint8Array,
    outOffset: number,
  ): number;
}

function tableCodec(
  name: CodecName,
  staticPayloadType: number,
  silence: number,
  decodeTable: Int16Array,
  encodeTable: Uint8Array,
): AudioCodecImpl {
  return {
    name,
    staticPayloadType,
    clockRate: SAMPLE_RATE,
    silence,
    bytePerSample: true,
    decode(payload, offset, length, out, outOffset) {
      for (let i = 0; i < length; i++) out[outOffset + i] = decodeTable[payload[offset + i]!]!;
      return length;
    },
    encode(pcm, offset, count, out, outOffset) {
      for (let i = 0; i < count; i++) out[outOffset + i] = encodeTable[pcm[offset + i]! & 0xffff]!;
      return count;
    },
  };
}

export const PCMU = tableCodec('PCMU', 0, 0xff, ULAW_DECODE, ULAW_ENCODE);
export const PCMA = tableCodec('PCMA', 8, 0xd5, ALAW_DECODE, ALAW_ENCODE);

export function codecByName(name: string): AudioCodecImpl | undefined {
  const upper = name.toUpperCase();
  return upper === 'PCMU' ? PCMU : upper === 'PCMA' ? PCMA : undefined;
}

/** The codec for a negotiated stream; throws MediaError for a codec or ptime this engine cannot do. */
export function codecForMedia(name: string, ptimeMs: number): AudioCodecImpl {
  const codec = codecByName(name);
  if (codec === undefined) {
    throw new MediaError(
      'not-supported',
      `Codec ${name} is not supported by the embedded media engine (PCMU, PCMA).`,
    );
  }
  if (!Number.isInteger(ptimeMs) || ptimeMs < 10 || ptimeMs > 120 || ptimeMs % 10 !== 0) {
    throw new MediaError(
      'invalid-command',
      `ptime ${ptimeMs} must be 10 to 120 ms in steps of 10.`,
    );
  }
  return codec;
}

/** RFC 3551 §6: the codec a static payload type names, for peers that send another offered codec. */
export function codecByStaticPayloadType(payloadType: number): AudioCodecImpl | undefined {
  return payloadType === 0 ? PCMU : payloadType === 8 ? PCMA : undefined;
}

/** A byte-to-byte table between two codecs of the same rate and framing, or undefined if none. */
export function transcodeTable(from: AudioCodecImpl, to: AudioCodecImpl): Uint8Array | undefined {
  if (from.name === 'PCMU' && to.name === 'PCMA') return ULAW_TO_ALAW;
  if (from.name === 'PCMA' && to.name === 'PCMU') return ALAW_TO_ULAW;
  return undefined;
}
