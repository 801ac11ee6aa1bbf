// RTP fixed header (RFC 3550 §5.1) parsed into a reused struct and written in place: no allocation per packet.

export const RTP_HEADER_SIZE = 12;
export const RTP_VERSION = 2;

/** A parsed header. One instance is reused for every packet a worker reads. */
export interface RtpHeader {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  /** Where the payload starts (after CSRCs and any header extension). */
  payloadOffset: number;
  /** Payload bytes, padding excluded. */
  payloadLength: number;
}

export function createRtpHeader(): RtpHeader {
  return {
    marker: false,
    payloadType: 0,
    sequence: 0,
    timestamp: 0,
    ssrc: 0,
    payloadOffset: 0,
    payloadLength: 0,
  };
}

/**
 * RFC 5761 §4: with RTP and RTCP on one port, second-octet values 192-223 are RTCP (SR 200,
 * RR 201, SDES 202, BYE 203, APP 204, RTPFB 205, PSFB 206). An RTP packet's second octet (marker
 * and payload type) lands there only for payload types 64-95, which RFC 5761 rules out for RTP.
 */
export function looksLikeRtcp(data: Uint8Array, length: number): boolean {
  if (length < 2) return false;
  const second = data[1]!;
  return second >= 192 && second <= 223;
}

/**
 * Parses `data[0..length)` as RTP into `out`. Returns false (and leaves `out` undefined in parts)
 * for anything that is not a well-formed RTP version 2 packet: a worker counts and drops those.
 */
export function parseRtp(data: Uint8Array, length: number, out: RtpHeader): boolean {
  if (length < RTP_HEADER_SIZE) return false;
  const first = data[0]!;
  if (first >> 6 !== RTP_VERSION) return false;
  const csrcCount = first & 0x0f;
  let offset = RTP_HEADER_SIZE + csrcCount * 4;
  if (offset > length) return false;
  if (first & 0x10) {
    // RFC 3550 §5.3.1: a 4-octet extension header, then `length` 32-bit words.
    if (offset + 4 > length) return false;
    offset += 4 + ((data[offset + 2]! << 8) | data[offset + 3]!) * 4;
    if (offset > length) return false;
  }
  let end = length;
  if (first & 0x20) {
    // RFC 3550 §5.1 P: the last octet counts the padding octets, itself included.
    const padding = data[length - 1]!;
    if (padding === 0 || offset + padding > length) return false;
    end -= padding;
  }
  const second = data[1]!;
  out.marker = (second & 0x80) !== 0;
  out.payloadType = second & 0x7f;
  out.sequence = (data[2]! << 8) | data[3]!;
  out.timestamp = ((data[4]! << 24) | (data[5]! << 16) | (data[6]! << 8) | data[7]!) >>> 0;
  out.ssrc = ((data[8]! << 24) | (data[9]! << 16) | (data[10]! << 8) | data[11]!) >>> 0;
  out.payloadOffset = offset;
  out.payloadLength = end - offset;
  return true;
}

/** Writes a 12-octet header (no CSRC, extension or padding) at the start of `data`. */
export function writeRtpHeader(
  data: Uint8Array,
  marker: boolean,
  payloadType: number,
  sequence: number,
  timestamp: number,
  ssrc: number,
): void {
  data[0] = RTP_VERSION << 6;
  data[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  writeSequenceTimestampSsrc(data, sequence, timestamp, ssrc);
}

/** Rewrites what a relay changes, keeping the rest of the header (CSRCs, extensions) intact. */
export function rewriteRtpHeader(
  data: Uint8Array,
  marker: boolean,
  payloadType: number,
  sequence: number,
  timestamp: number,
  ssrc: number,
): void {
  data[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  writeSequenceTimestampSsrc(data, sequence, timestamp, ssrc);
}

function writeSequenceTimestampSsrc(
  data: Uint8Array,
  sequence: number,
  timestamp: number,
  ssrc: number,
): void {
  data[2] = (sequence >>> 8) & 0xff;
  data[3] = sequence & 0xff;
  data[4] = timestamp >>> 24;
  data[5] = (timestamp >>> 16) & 0xff;
  data[6] = (timestamp >>> 8) & 0xff;
  data[7] = timestamp & 0xff;
  data[8] = ssrc >>> 24;
  data[9] = (ssrc >>> 16) & 0xff;
  data[10] = (ssrc >>> 8) & 0xff;
  data[11] = ssrc & 0xff;
}

/** Signed distance b - a between two 16-bit sequence numbers (RFC 3550 A.1 wrap-around). */
export function sequenceDelta(a: number, b: number): number {
  return (((b - a) & 0xffff) << 16) >> 16;
}

/** Signed distance b - a between two 32-bit RTP timestamps. */
export function timestampDelta(a: number, b: number): number {
  return (b - a) | 0;
}
