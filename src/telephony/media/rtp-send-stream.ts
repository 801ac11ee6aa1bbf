// What we send on one endpoint as one RTP stream: our SSRC, sequence and timestamps kept continuous across play, relay and DTMF.
import { randomFillSync } from 'node:crypto';
import { sequenceDelta, timestampDelta } from './rtp-packet.ts';

type Mode = 'none' | 'generated' | 'relay' | 'event';

/**
 * RFC 3550 §5.1: a random SSRC, initial sequence number and timestamp; timestamps advance with the
 * sampling clock. Sources take turns (a prompt, then the relayed other leg, then DTMF): on every
 * change the new source starts at the later of "our clock now" and "just after the last packet",
 * with the marker bit (RFC 3551 §4.1: start of a talkspurt), so the peer never sees time go back.
 * Relayed packets keep their sequence gaps (the peer measures the real loss) through an offset.
 */
export class RtpSendStream {
  readonly ssrc: number;
  readonly #clockRate: number;
  #mode: Mode = 'none';
  #nextSeq: number;
  #started = false;
  /** The stream timestamp `#refTs` corresponds to monotonic time `#refMs`. */
  #refTs: number;
  #refMs = 0;
  /** The timestamp just after the last audio sent. */
  #lastEnd: number;
  #lastSendMs = 0;
  #nextGenTs = 0;
  #relaySsrc = -1;
  #seqOffset = 0;
  #tsOffset = 0;
  #eventTs = 0;
  packets = 0;
  octets = 0;
  /** The header fields of the packet just stamped. */
  seq = 0;
  ts = 0;
  marker = false;

  constructor(clockRate = 8000, random: Uint32Array = randomFillSync(new Uint32Array(3))) {
    this.#clockRate = clockRate;
    this.ssrc = random[0]! >>> 0;
    this.#nextSeq = random[1]! & 0xffff;
    this.#refTs = random[2]! >>> 0;
    this.#lastEnd = this.#refTs;
  }

  get started(): boolean {
    return this.#started;
  }

  /** The RTP timestamp that corresponds to `nowMs` (for RTCP SR, RFC 3550 §6.4.1). */
  timestampAt(nowMs: number): number {
    return (this.#refTs + Math.round(((nowMs - this.#refMs) * this.#clockRate) / 1000)) >>> 0;
  }

  /** Where a new source starts: now on our clock, but never before the end of what was sent. */
  #resumeTs(nowMs: number): number {
    if (!this.#started) return this.#refTs;
    const clock = this.timestampAt(nowMs);
    return timestampDelta(this.#lastEnd, clock) > 0 ? clock : this.#lastEnd;
  }

  #count(bytes: number, nowMs: number): void {
    this.packets++;
    this.octets += bytes;
    this.#lastSendMs = nowMs;
    this.#started = true;
  }

  /** Stamps a packet of `samples` of audio we produce (player, tones, mixer, transcoder). */
  generated(samples: number, payloadBytes: number, nowMs: number, ptimeMs: number): void {
    // After a pause longer than two packets, a new talkspurt re-syncs to the clock.
    const resync = this.#mode !== 'generated' || nowMs - this.#lastSendMs > 2 * ptimeMs + 20;
    if (resync) {
      this.#nextGenTs = this.#resumeTs(nowMs);
      this.#mode = 'generated';
    }
    this.marker = resync;
    this.seq = this.#nextSeq;
    this.#nextSeq = (this.#nextSeq + 1) & 0xffff;
    this.ts = this.#nextGenTs;
    this.#nextGenTs = (this.#nextGenTs + samples) >>> 0;
    this.#lastEnd = this.#nextGenTs;
    this.#refTs = this.ts;
    this.#refMs = nowMs;
    this.#count(payloadBytes, nowMs);
  }

  /**
   * Stamps a relayed packet: the other leg's sequence and timestamp shifted into ours. A new
   * incoming SSRC (the peer restarted its stream) is a new source. The marker is the input's,
   * or set on the first packet after a change.
   */
  relayed(
    inSsrc: number,
    inSeq: number,
    inTs: number,
    inMarker: boolean,
    samples: number,
    payloadBytes: number,
    nowMs: number,
  ): void {
    let first = false;
    if (this.#mode !== 'relay' || inSsrc !== this.#relaySsrc) {
      const startTs = this.#resumeTs(nowMs);
      this.#seqOffset = (this.#nextSeq - inSeq) & 0xffff;
      this.#tsOffset = (startTs - inTs) >>> 0;
      this.#relaySsrc = inSsrc;
      this.#mode = 'relay';
      first = true;
    }
    this.seq = (inSeq + this.#seqOffset) & 0xffff;
    this.ts = (inTs + this.#tsOffset) >>> 0;
    this.marker = inMarker || first;
    if (sequenceDelta(this.#nextSeq, this.seq) >= 0) this.#nextSeq = (this.seq + 1) & 0xffff;
    const end = (this.ts + samples) >>> 0;
    if (first || timestampDelta(this.#lastEnd, end) > 0) {
      this.#lastEnd = end;
      this.#refTs = this.ts;
      this.#refMs = nowMs;
    }
    this.#count(payloadBytes, nowMs);
  }

  /**
   * Stamps one packet of an RFC 4733 event we send: every packet of the event carries its start
   * timestamp (§2.5.1.2); `duration` (timestamp units) moves the end of what was sent.
   */
  event(first: boolean, duration: number, payloadBytes: number, nowMs: number): void {
    if (first || this.#mode !== 'event') {
      this.#eventTs = this.#resumeTs(nowMs);
      this.#mode = 'event';
      this.#refTs = this.#eventTs;
      this.#refMs = nowMs;
    }
    this.marker = first;
    this.seq = this.#nextSeq;
    this.#nextSeq = (this.#nextSeq + 1) & 0xffff;
    this.ts = this.#eventTs;
    const end = (this.#eventTs + duration) >>> 0;
    if (timestampDelta(this.#lastEnd, end) > 0) this.#lastEnd = end;
    this.#count(payloadBytes, nowMs);
  }

  /** Relayed event packets keep the relay's offsets, so they share the other leg's timeline. */
  relayedEvent(
    inSsrc: number,
    inSeq: number,
    inTs: number,
    inMarker: boolean,
    payloadBytes: number,
    nowMs: number,
  ): void {
    this.relayed(inSsrc, inSeq, inTs, inMarker, 0, payloadBytes, nowMs);
  }
}
