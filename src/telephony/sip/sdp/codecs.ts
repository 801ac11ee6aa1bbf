// Hotline's audio codec table and RTP payload type lore (RFC 3551, RFC 4733): the data negotiation reads.

/** One audio encoding the media engine can send and receive. */
export interface AudioCodecSpec<Name extends string = string> {
  /** Encoding name as registered; matched case-insensitively (RFC 4855 §3). */
  readonly name: Name;
  readonly clockRate: number;
  /** Audio channels; rtpmap omits it when 1 (RFC 4566 §6). */
  readonly channels: number;
  /** RFC 3551 §6 static payload type, when the codec has one. */
  readonly staticPayloadType?: number;
  /** Dynamic payload type (96-127, RFC 3551 §3) we offer when none is bound in the session yet. */
  readonly dynamicPayloadType?: number;
  /** Format parameters we send in our a=fmtp for this codec. */
  readonly fmtp?: string;
  /** Packetization intervals in ms the media engine can send; the first is never assumed. */
  readonly ptimes: readonly number[];
}

const G711_PTIMES = [10, 20, 30, 40, 50, 60] as const;

/**
 * The codecs the media engine speaks. Adding one to this table (Opus: `{ name: 'opus', clockRate: 48000,
 * channels: 2, dynamicPayloadType: 111, fmtp: 'useinbandfec=1', ptimes: [10, 20, 40, 60] }`)
 * is all negotiation needs; configuration then decides whether it is allowed.
 */
const CODEC_TABLE = [
  { name: 'PCMU', clockRate: 8000, channels: 1, staticPayloadType: 0, ptimes: G711_PTIMES },
  { name: 'PCMA', clockRate: 8000, channels: 1, staticPayloadType: 8, ptimes: G711_PTIMES },
] as const satisfies readonly AudioCodecSpec[];

export type AudioCodecName = (typeof CODEC_TABLE)[number]['name'];

export type AudioCodec = AudioCodecSpec<AudioCodecName>;

export const audioCodecs: readonly AudioCodec[] = CODEC_TABLE;

export const audioCodecNames: readonly AudioCodecName[] = audioCodecs.map((c) => c.name);

export function findAudioCodec(name: string): AudioCodec | undefined {
  const wanted = name.toLowerCase();
  return audioCodecs.find((c) => c.name.toLowerCase() === wanted);
}

/** RFC 4733 §7.1: DTMF and other named events, carried at the clock rate of the audio codec. */
export const TELEPHONE_EVENT = 'telephone-event';

/** RFC 4733 §3.2: DTMF digits 0-9, *, #, A-D; what the media engine sends and detects. */
export const DEFAULT_TELEPHONE_EVENTS = '0-15';

/** An encoding as an rtpmap names it (or the RFC 3551 table, for a static payload type). */
export interface Encoding {
  readonly name: string;
  readonly clockRate: number;
  readonly channels: number;
}

// RFC 3551 §6 Table 4 (audio) and Table 5 (video): the meaning of a static payload type that
// arrives without an rtpmap. An rtpmap, when present, wins (RFC 4566 §6 allows one for any PT).
const STATIC_PAYLOAD_TYPES: ReadonlyMap<number, Encoding> = new Map([
  [0, { name: 'PCMU', clockRate: 8000, channels: 1 }],
  [3, { name: 'GSM', clockRate: 8000, channels: 1 }],
  [4, { name: 'G723', clockRate: 8000, channels: 1 }],
  [5, { name: 'DVI4', clockRate: 8000, channels: 1 }],
  [6, { name: 'DVI4', clockRate: 16000, channels: 1 }],
  [7, { name: 'LPC', clockRate: 8000, channels: 1 }],
  [8, { name: 'PCMA', clockRate: 8000, channels: 1 }],
  [9, { name: 'G722', clockRate: 8000, channels: 1 }],
  [10, { name: 'L16', clockRate: 44100, channels: 2 }],
  [11, { name: 'L16', clockRate: 44100, channels: 1 }],
  [12, { name: 'QCELP', clockRate: 8000, channels: 1 }],
  [13, { name: 'CN', clockRate: 8000, channels: 1 }],
  [14, { name: 'MPA', clockRate: 90000, channels: 1 }],
  [15, { name: 'G728', clockRate: 8000, channels: 1 }],
  [16, { name: 'DVI4', clockRate: 11025, channels: 1 }],
  [17, { name: 'DVI4', clockRate: 22050, channels: 1 }],
  [18, { name: 'G729', clockRate: 8000, channels: 1 }],
  [25, { name: 'CelB', clockRate: 90000, channels: 1 }],
  [26, { name: 'JPEG', clockRate: 90000, channels: 1 }],
  [28, { name: 'nv', clockRate: 90000, channels: 1 }],
  [31, { name: 'H261', clockRate: 90000, channels: 1 }],
  [32, { name: 'MPV', clockRate: 90000, channels: 1 }],
  [33, { name: 'MP2T', clockRate: 90000, channels: 1 }],
  [34, { name: 'H263', clockRate: 90000, channels: 1 }],
]);

export function staticEncoding(payloadType: number): Encoding | undefined {
  return STATIC_PAYLOAD_TYPES.get(payloadType);
}

/** RFC 3551 §3: 96-127 is the dynamic range; 35-95 are unassigned but usable as dynamic. */
export function isDynamicPayloadType(payloadType: number): boolean {
  return payloadType >= 96 && payloadType <= 127;
}

export function sameEncoding(a: Encoding, b: Encoding): boolean {
  return (
    a.name.toLowerCase() === b.name.toLowerCase() &&
    a.clockRate === b.clockRate &&
    a.channels === b.channels
  );
}

export function isTelephoneEvent(encoding: Encoding | undefined): boolean {
  return encoding?.name.toLowerCase() === TELEPHONE_EVENT;
}

/** "PCMU/8000", "opus/48000/2": an encoding as rtpmap writes it, for messages. */
export function describeEncoding(encoding: Encoding): string {
  const base = `${encoding.name}/${encoding.clockRate}`;
  return encoding.channels === 1 ? base : `${base}/${encoding.channels}`;
}

const EVENT_MAX = 255;

/**
 * Parses a telephone-event fmtp event list ("0-15", "0-11,16"; RFC 4733 §7.1.1) into event
 * codes. Returns undefined when the list is not of that grammar, so the caller can fall back to
 * the default RFC 4733 §7.1.1 gives an absent list (0-15).
 */
export function parseEventList(list: string): ReadonlySet<number> | undefined {
  const events = new Set<number>();
  for (const part of list.split(',')) {
    const match = /^\s*(\d{1,3})(?:\s*-\s*(\d{1,3}))?\s*$/.exec(part);
    if (match === null) return undefined;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from > to || to > EVENT_MAX) return undefined;
    for (let e = from; e <= to; e++) events.add(e);
  }
  return events;
}

/** Writes event codes back as RFC 4733 ranges: [0..15, 32] → "0-15,32". */
export function formatEventList(events: ReadonlySet<number>): string {
  const sorted = [...events].sort((a, b) => a - b);
  const parts: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const e of sorted) {
    if (start !== undefined && prev !== undefined && e === prev + 1) {
      prev = e;
      continue;
    }
    if (start !== undefined && prev !== undefined) parts.push(rangeText(start, prev));
    start = e;
    prev = e;
  }
  if (start !== undefined && prev !== undefined) parts.push(rangeText(start, prev));
  return parts.join(',');
}

function rangeText(from: number, to: number): string {
  return from === to ? String(from) : `${from}-${to}`;
}

/** "pcmu/8000", "telephone-event/8000": the key a payload type binding is kept under. */
export function encodingKey(encoding: Pick<Encoding, 'name' | 'clockRate'>): string {
  return `${encoding.name.toLowerCase()}/${encoding.clockRate}`;
}
