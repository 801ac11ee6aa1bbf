// What an endpoint knows about its leg's health: receive statistics, RTCP, quality reports and the inactivity timeout.
import type { QualityReport } from './media-events.ts';
import { ReceiveStats, estimateMos } from './receive-stats.ts';
import { RtcpSession } from './rtcp-session.ts';

export interface MonitorSettings {
  readonly inactivityTimeoutMs: number;
  readonly holdTimeoutMs: number;
  readonly qualityIntervalMs: number;
  readonly rtcpIntervalMs: number;
}

/** What a tick's check found worth reporting. */
export interface MonitorFindings {
  quality: boolean;
  /** ms of silence when the inactivity (or hold) timeout just expired, else 0. */
  silentMs: number;
}

export class EndpointMonitor {
  readonly stats = new ReceiveStats();
  readonly rtcp: RtcpSession;
  malformed = 0;
  foreign = 0;
  readonly #settings: MonitorSettings;
  readonly #findings: MonitorFindings = { quality: false, silentMs: 0 };
  #lastRtpMs: number;
  #lastRtcpMs = 0;
  #inactiveReported = false;
  #nextQualityMs: number;

  constructor(now: number, settings: MonitorSettings) {
    this.#settings = settings;
    this.#lastRtpMs = now;
    this.#nextQualityMs = now + settings.qualityIntervalMs;
    this.rtcp = new RtcpSession(now, settings.rtcpIntervalMs);
  }

  rtpArrived(now: number): void {
    this.#lastRtpMs = now;
    this.#inactiveReported = false;
  }

  rtcpArrived(now: number): void {
    this.#lastRtcpMs = now;
  }

  /** Restarts the inactivity clock, e.g. when a re-INVITE changes the direction. */
  restartTimeout(now: number): void {
    this.#lastRtpMs = now;
    this.#inactiveReported = false;
  }

  /**
   * Per tick. `expecting`: the peer should be sending (our direction receives). On hold the peer
   * may send nothing but RTCP, which still shows it is alive; the (long) hold timeout applies.
   * The inactivity report is made once, until media flows again.
   */
  check(now: number, expecting: boolean): MonitorFindings {
    const findings = this.#findings;
    findings.quality = false;
    findings.silentMs = 0;
    const every = this.#settings.qualityIntervalMs;
    if (every > 0 && now >= this.#nextQualityMs) {
      this.#nextQualityMs = now + every;
      findings.quality = true;
    }
    const timeout = expecting ? this.#settings.inactivityTimeoutMs : this.#settings.holdTimeoutMs;
    const last = expecting ? this.#lastRtpMs : Math.max(this.#lastRtpMs, this.#lastRtcpMs);
    if (timeout > 0 && !this.#inactiveReported && now - last >= timeout) {
      this.#inactiveReported = true;
      findings.silentMs = Math.max(1, Math.round(now - last));
    }
    return findings;
  }

  quality(packetsSent: number): QualityReport {
    const s = this.stats;
    const reading = this.rtcp.reading;
    const jitterMs = Math.round(s.jitterMs * 100) / 100;
    const rtt = reading.roundTripMs;
    return {
      packetsReceived: s.packetsReceived,
      packetsExpected: s.packetsExpected,
      packetsLost: s.packetsLost,
      lossRatio: s.lossRatio,
      jitterMs,
      ...(rtt === undefined ? {} : { roundTripMs: Math.round(rtt * 100) / 100 }),
      ...(reading.remoteFractionLost === undefined
        ? {}
        : { remoteLossRatio: reading.remoteFractionLost }),
      packetsSent,
      malformed: this.malformed,
      foreign: this.foreign,
      mos: estimateMos(s.lossRatio, jitterMs, rtt),
    };
  }
}
