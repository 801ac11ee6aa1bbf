// RTCP compound packets (RFC 3550 §6): SR/RR with one report block, SDES CNAME, BYE; reading reports back.
import type { ReportBlockFigures } from './receive-stats.ts';

const SR = 200;
const RR = 201;
const SDES = 202;
const BYE = 203;
// RFC 3550 §4: NTP time counts seconds since 1900; Unix time since 1970.
const NTP_UNIX_OFFSET_S = 2208988800;

/** The middle 32 bits of the 64-bit NTP timestamp (RFC 3550 §4), the unit of LSR and DLSR. */
export function ntpMiddle(unixMs: number): number {
  const seconds = Math.floor(unixMs / 1000) + NTP_UNIX_OFFSET_S;
  const fraction = Math.floor(((unixMs % 1000) / 1000) * 0x10000);
  return (((seconds & 0xffff) << 16) | fraction) >>> 0;
}

export interface SenderInfo {
  /** Wall-clock time of the report, ms since the epoch. */
  readonly unixMs: number;
  /** The RTP timestamp that corresponds to `unixMs` (RFC 3550 §6.4.1). */
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
}

export interface ReportBlock {
  readonly ssrc: number;
  readonly figures: ReportBlockFigures;
  /** Middle 32 bits of the NTP time of the last SR received from that source; 0 if none. */
  readonly lastSr: number;
  /** Delay since that SR, in 1/65536 s; 0 if none. */
  readonly delaySinceLastSr: number;
}

function write32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 24;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}

function read32(data: Uint8Array, offset: number): number {
  return (
    ((data[offset]! << 24) |
      (data[offset + 1]! << 16) |
      (data[offset + 2]! << 8) |
      data[offset + 3]!) >>>
    0
  );
}

function writeHeader(
  out: Uint8Array,
  offset: number,
  count: number,
  type: number,
  bytes: number,
): void {
  out[offset] = 0x80 | count;
  out[offset + 1] = type;
  const words = bytes / 4 - 1;
  out[offset + 2] = words >>> 8;
  out[offset + 3] = words & 0xff;
}

/**
 * Writes a compound packet into `out` (RFC 3550 §6.1: a report first, then SDES with CNAME, then
 * BYE when leaving): an SR when `sender` is given (we sent RTP since the last report), else an RR.
 * Returns its length. `out` must hold 28 + 24 + 8 + cname + 4 + 8 octets.
 */
export function writeRtcpCompound(
  out: Uint8Array,
  ssrc: number,
  sender: SenderInfo | undefined,
  block: ReportBlock | undefined,
  cname: Uint8Array,
  bye = false,
): number {
  const blocks = block === undefined ? 0 : 1;
  const reportBytes = (sender === undefined ? 8 : 28) + blocks * 24;
  writeHeader(out, 0, blocks, sender === undefined ? RR : SR, reportBytes);
  write32(out, 4, ssrc);
  let offset = 8;
  if (sender !== undefined) {
    const seconds = Math.floor(sender.unixMs / 1000) + NTP_UNIX_OFFSET_S;
    const fraction = Math.floor(((sender.unixMs % 1000) / 1000) * 2 ** 32);
    write32(out, 8, seconds >>> 0);
    write32(out, 12, fraction >>> 0);
    write32(out, 16, sender.rtpTimestamp >>> 0);
    write32(out, 20, sender.packetCount >>> 0);
    write32(out, 24, sender.octetCount >>> 0);
    offset = 28;
  }
  if (block !== undefined) {
    const f = block.figures;
    write32(out, offset, block.ssrc);
    write32(out, offset + 4, ((f.fractionLost & 0xff) << 24) | (f.cumulativeLost & 0xffffff));
    write32(out, offset + 8, f.extendedHighestSequence);
    write32(out, offset + 12, f.jitter);
    write32(out, offset + 16, block.lastSr);
    write32(out, offset + 20, block.delaySinceLastSr);
    offset += 24;
  }
  // SDES: one chunk, CNAME item, then a null octet and padding to a 32-bit boundary (§6.5).
  const itemBytes = 2 + cname.length;
  const chunkBytes = 4 + Math.ceil((itemBytes + 1) / 4) * 4;
  writeHeader(out, offset, 1, SDES, 4 + chunkBytes);
  write32(out, offset + 4, ssrc);
  out[offset + 8] = 1;
  out[offset + 9] = cname.length;
  out.set(cname, offset + 10);
  out.fill(0, offset + 10 + cname.length, offset + 4 + 4 + chunkBytes);
  offset += 4 + chunkBytes;
  if (bye) {
    writeHeader(out, offset, 1, BYE, 8);
    write32(out, offset + 4, ssrc);
    offset += 8;
  }
  return offset;
}

/** What a worker keeps from the peer's reports; one instance per endpoint, updated in place. */
export interface RtcpReading {
  /** Middle NTP bits of the last SR and our monotonic time when it came, for LSR/DLSR. */
  lastSr: number;
  lastSrArrivalMs: number;
  /** From the newest report block about our SSRC. */
  roundTripMs: number | undefined;
  remoteFractionLost: number | undefined;
  reports: number;
  byes: number;
}

export function createRtcpReading(): RtcpReading {
  return {
    lastSr: 0,
    lastSrArrivalMs: 0,
    roundTripMs: undefined,
    remoteFractionLost: undefined,
    reports: 0,
    byes: 0,
  };
}

/**
 * Reads a compound packet. Returns false when it fails RFC 3550 A.2's checks (version 2, lengths
 * that add up, padding only at the end): the caller counts it malformed.
 */
export function readRtcp(
  data: Uint8Array,
  length: number,
  ourSsrc: number,
  nowUnixMs: number,
  nowMonotonicMs: number,
  reading: RtcpReading,
): boolean {
  // Validate the whole compound before taking anything from it.
  let offset = 0;
  while (offset < length) {
    if (offset + 4 > length || data[offset]! >> 6 !== 2) return false;
    const bytes = (((data[offset + 2]! << 8) | data[offset + 3]!) + 1) * 4;
    if (offset + bytes > length) return false;
    if (data[offset]! & 0x20 && offset + bytes !== length) return false;
    offset += bytes;
  }
  if (offset !== length || length === 0) return false;
  offset = 0;
  while (offset < length) {
    const count = data[offset]! & 0x1f;
    const type = data[offset + 1]!;
    const bytes = (((data[offset + 2]! << 8) | data[offset + 3]!) + 1) * 4;
    if (type === SR || type === RR) {
      let blocks = offset + 8;
      if (type === SR) {
        if (bytes < 28) return false;
        // LSR: the middle 32 bits of the SR's NTP timestamp (RFC 3550 §6.4.1).
        reading.lastSr =
          (((read32(data, offset + 8) & 0xffff) << 16) | (read32(data, offset + 12) >>> 16)) >>> 0;
        reading.lastSrArrivalMs = nowMonotonicMs;
        blocks = offset + 28;
      }
      reading.reports++;
      for (let i = 0; i < count && blocks + 24 <= offset + bytes; i++, blocks += 24) {
        if (read32(data, blocks) !== ourSsrc) continue;
        reading.remoteFractionLost = data[blocks + 4]! / 256;
        const lsr = read32(data, blocks + 16);
        const dlsr = read32(data, blocks + 20);
        if (lsr !== 0) {
          const rtt = (ntpMiddle(nowUnixMs) - lsr - dlsr) | 0;
          if (rtt >= 0) reading.roundTripMs = (rtt * 1000) / 65536;
        }
      }
    } else if (type === BYE) {
      reading.byes++;
    }
    offset += bytes;
  }
  return true;
}
