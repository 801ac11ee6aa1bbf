// Receive statistics of one RTP stream: RFC 3550 A.1 sequence tracking, A.3 loss, A.8 jitter; an E-model MOS.

const SEQ_MOD = 0x10000;
// RFC 3550 A.1: a jump of more than MAX_DROPOUT ahead or MAX_MISORDER behind is a restart, once
// confirmed by the next packet following it in sequence.
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

/** What one RTCP report block says about the stream (RFC 3550 §6.4.1). */
export interface ReportBlockFigures {
  /** Loss since the previous report, as the fixed point fraction of 256. */
  fractionLost: number;
  /** Cumulative, clamped to the 24-bit signed field. */
  cumulativeLost: number;
  extendedHighestSequence: number;
  /** In timestamp units, as the field carries it. */
  jitter: number;
}

export class ReceiveStats {
  #started = false;
  #ssrc = 0;
  #baseSeq = 0;
  #maxSeq = 0;
  #badSeq = SEQ_MOD + 1;
  #cycles = 0;
  #received = 0;
  // Counts of earlier sources (SSRC changes), kept so the totals cover the whole leg.
  #priorExpected = 0;
  #priorReceived = 0;
  #expectedAtReport = 0;
  #receivedAtReport = 0;
  #transit = 0;
  #hasTransit = false;
  /** RFC 3550 A.8 estimate, in timestamp units (a float; the report truncates it). */
  #jitter = 0;
  readonly #clockRate: number;

  constructor(clockRate = 8000) {
    this.#clockRate = clockRate;
  }

  get ssrc(): number {
    return this.#ssrc;
  }

  get started(): boolean {
    return this.#started;
  }

  /**
   * Counts one packet. `arrivalMs` is a monotonic clock; `audio` false for packets whose
   * timestamps do not advance with the sampling clock (RFC 4733 events), left out of jitter.
   */
  onPacket(
    ssrc: number,
    sequence: number,
    timestamp: number,
    arrivalMs: number,
    audio: boolean,
  ): void {
    if (!this.#started || ssrc !== this.#ssrc) {
      if (this.#started) {
        this.#priorExpected += this.#expectedOfSource();
        this.#priorReceived += this.#received;
      }
      this.#started = true;
      this.#ssrc = ssrc;
      this.#initSequence(sequence);
      this.#hasTransit = false;
    } else if (!this.#updateSequence(sequence)) {
      return;
    }
    this.#received++;
    if (audio) this.#updateJitter(timestamp, arrivalMs);
  }

  #initSequence(sequence: number): void {
    this.#baseSeq = sequence;
    this.#maxSeq = sequence;
    this.#badSeq = SEQ_MOD + 1;
    this.#cycles = 0;
    this.#received = 0;
  }

  /** RFC 3550 A.1 update_seq, without the probation (latching already vets sources). */
  #updateSequence(sequence: number): boolean {
    const delta = (sequence - this.#maxSeq) & 0xffff;
    if (delta < MAX_DROPOUT) {
      if (sequence < this.#maxSeq) this.#cycles += SEQ_MOD;
      this.#maxSeq = sequence;
    } else if (delta <= SEQ_MOD - MAX_MISORDER) {
      if (sequence !== this.#badSeq) {
        this.#badSeq = (sequence + 1) & 0xffff;
        return false;
      }
      // Two packets in sequence after a big jump: the sender restarted (RFC 3550 A.1).
      this.#priorExpected += this.#expectedOfSource();
      this.#priorReceived += this.#received;
      this.#initSequence(sequence);
    }
    // else: a duplicate or a packet out of order, counted but not moving maxSeq.
    return true;
  }

  #updateJitter(timestamp: number, arrivalMs: number): void {
    const arrival = (arrivalMs * this.#clockRate) / 1000;
    const transit = arrival - timestamp;
    if (this.#hasTransit) {
      // Timestamps wrap at 2^32; fold the difference back to the nearest value.
      let d = transit - this.#transit;
      if (d > 2 ** 31) d -= 2 ** 32;
      else if (d < -(2 ** 31)) d += 2 ** 32;
      this.#jitter += (Math.abs(d) - this.#jitter) / 16;
    }
    this.#transit = transit;
    this.#hasTransit = true;
  }

  #expectedOfSource(): number {
    return this.#started ? this.#cycles + this.#maxSeq - this.#baseSeq + 1 : 0;
  }

  get packetsReceived(): number {
    return this.#priorReceived + this.#received;
  }

  get packetsExpected(): number {
    return this.#priorExpected + this.#expectedOfSource();
  }

  get packetsLost(): number {
    return this.packetsExpected - this.packetsReceived;
  }

  get lossRatio(): number {
    const expected = this.packetsExpected;
    return expected <= 0 ? 0 : Math.max(0, this.packetsLost) / expected;
  }

  get jitterMs(): number {
    return (this.#jitter * 1000) / this.#clockRate;
  }

  get extendedHighestSequence(): number {
    return (this.#cycles + this.#maxSeq) >>> 0;
  }

  /** RFC 3550 A.3: the figures for the next report block; moves the interval marks. */
  takeReportBlock(): ReportBlockFigures {
    const expected = this.packetsExpected;
    const received = this.packetsReceived;
    const expectedInterval = expected - this.#expectedAtReport;
    const lostInterval = expectedInterval - (received - this.#receivedAtReport);
    this.#expectedAtReport = expected;
    this.#receivedAtReport = received;
    const lost = Math.max(-0x800000, Math.min(0x7fffff, expected - received));
    return {
      fractionLost:
        expectedInterval === 0 || lostInterval <= 0
          ? 0
          : Math.floor((lostInterval * 256) / expectedInterval),
      cumulativeLost: lost,
      extendedHighestSequence: this.extendedHighestSequence,
      jitter: Math.floor(this.#jitter),
    };
  }
}

/**
 * A MOS estimate after the ITU-T G.107 E-model, simplified as monitoring tools do: R = 93.2 - Id -
 * Ie,eff with G.711 (Ie = 0, Bpl = 4.3 without packet loss concealment, G.113 Appendix I) and a
 * one-way delay of half the round trip (50 ms assumed when unknown) plus a jitter buffer of twice
 * the jitter and 20 ms of packetization.
 */
export function estimateMos(lossRatio: number, jitterMs: number, roundTripMs?: number): number {
  const delay = (roundTripMs ?? 50) / 2 + 2 * jitterMs + 20;
  const id = 0.024 * delay + (delay > 177.3 ? 0.11 * (delay - 177.3) : 0);
  const ppl = Math.max(0, Math.min(1, lossRatio)) * 100;
  const ieEff = (95 * ppl) / (ppl + 4.3);
  const r = 93.2 - id - ieEff;
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return Math.round(Math.max(1, mos) * 100) / 100;
}
