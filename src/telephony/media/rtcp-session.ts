// One endpoint's RTCP: when to report (RFC 3550 §6.3 randomized interval), what to report, and what the peer reported.
import { randomBytes } from 'node:crypto';
import type { ReceiveStats } from './receive-stats.ts';
import { createRtcpReading, readRtcp, writeRtcpCompound } from './rtcp-packet.ts';
import type { RtcpReading } from './rtcp-packet.ts';
import type { RtpSendStream } from './rtp-send-stream.ts';

export class RtcpSession {
  readonly reading: RtcpReading = createRtcpReading();
  /** Reused for every report: RTCP is sent every few seconds, long after the last send completed. */
  readonly buffer = Buffer.alloc(256);
  // RFC 7022: a random CNAME per session, so reports do not reveal a host or user name.
  readonly #cname = Buffer.from(randomBytes(8).toString('hex'), 'latin1');
  readonly #intervalMs: number;
  #nextMs: number;
  #packetsAtReport = 0;

  constructor(nowMs: number, intervalMs = 5000) {
    this.#intervalMs = intervalMs;
    // RFC 3550 §6.3.1: the first report after half an interval; every interval is randomized
    // over [0.5, 1.5] so reports of many sessions do not synchronize.
    this.#nextMs = nowMs + (intervalMs / 2) * (0.5 + Math.random());
  }

  due(nowMs: number): boolean {
    return nowMs >= this.#nextMs;
  }

  /** Writes an SR (when we sent RTP since the last report) or RR into `buffer`; returns its length. */
  build(
    nowMs: number,
    wallMs: number,
    stream: RtpSendStream,
    stats: ReceiveStats,
    bye = false,
  ): number {
    this.#nextMs = nowMs + this.#intervalMs * (0.5 + Math.random());
    const sender =
      stream.packets > this.#packetsAtReport
        ? {
            unixMs: wallMs,
            rtpTimestamp: stream.timestampAt(nowMs),
            packetCount: stream.packets,
            octetCount: stream.octets,
          }
        : undefined;
    this.#packetsAtReport = stream.packets;
    const reading = this.reading;
    const block = stats.started
      ? {
          ssrc: stats.ssrc,
          figures: stats.takeReportBlock(),
          lastSr: reading.lastSr,
          delaySinceLastSr:
            reading.lastSr === 0
              ? 0
              : Math.round(((nowMs - reading.lastSrArrivalMs) * 65536) / 1000),
        }
      : undefined;
    return writeRtcpCompound(this.buffer, stream.ssrc, sender, block, this.#cname, bye);
  }

  receive(
    data: Uint8Array,
    length: number,
    ourSsrc: number,
    wallMs: number,
    nowMs: number,
  ): boolean {
    return readRtcp(data, length, ourSsrc, wallMs, nowMs, this.reading);
  }
}
