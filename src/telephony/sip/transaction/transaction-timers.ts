// The transaction timers of RFC 3261 §17 (Table 4) and RFC 6026 §8.4, §8.7, computed from T1, T2 and T4.

export interface TimerSettings {
  /** RFC 3261 §17.1.1.1: the RTT estimate, 500 ms by default. */
  readonly t1: number;
  /** RFC 3261 §17.1.2.2: the longest retransmit interval for non-INVITE requests and INVITE responses, 4 s. */
  readonly t2: number;
  /** RFC 3261 §17.1.2.2: the longest time a message stays in the network, 5 s. */
  readonly t4: number;
  /** RFC 3261 §17.2.1: a UAS that has not answered an INVITE after this long sends 100 Trying; 200 ms. */
  readonly tryingDelay: number;
}

export const defaultTimerSettings: TimerSettings = {
  t1: 500,
  t2: 4000,
  t4: 5000,
  tryingDelay: 200,
};

/** Checks settings given from outside; a bad one is a configuration bug, so it throws. */
export function timerSettings(overrides: Partial<TimerSettings> = {}): TimerSettings {
  const settings = { ...defaultTimerSettings, ...overrides };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isFinite(value) || value < 0 || (name !== 'tryingDelay' && value === 0)) {
      throw new Error(`timer ${name} must be a positive number of milliseconds, got ${value}`);
    }
  }
  if (settings.t2 < settings.t1)
    throw new Error(`T2 (${settings.t2}) must not be below T1 (${settings.t1})`);
  return settings;
}

/** Every timer's initial value in ms for one transport kind; 0 means "at once". */
export interface TimerDurations {
  /** INVITE client retransmit, first interval (then doubling, uncapped). */
  readonly A: number;
  /** INVITE client transaction timeout. */
  readonly B: number;
  /** INVITE client wait for response retransmissions in Completed. */
  readonly D: number;
  /** Non-INVITE client retransmit, first interval (then doubling up to T2). */
  readonly E: number;
  /** Non-INVITE client transaction timeout. */
  readonly F: number;
  /** INVITE server response retransmit, first interval (then doubling up to T2). */
  readonly G: number;
  /** INVITE server wait for ACK. */
  readonly H: number;
  /** INVITE server wait for ACK retransmissions in Confirmed. */
  readonly I: number;
  /** Non-INVITE server wait for request retransmissions in Completed. */
  readonly J: number;
  /** Non-INVITE client wait for response retransmissions in Completed. */
  readonly K: number;
  /** RFC 6026 §8.7: INVITE server wait for INVITE retransmissions in Accepted. */
  readonly L: number;
  /** RFC 6026 §8.4: INVITE client wait for 2xx retransmissions (and forks) in Accepted. */
  readonly M: number;
}

/**
 * RFC 3261 §17, Table 4. Retransmit timers (A, E, G) are listed for both kinds but only
 * started on unreliable transports; the wait timers D, I, J, K are zero on reliable ones.
 */
export function timerDurations(settings: TimerSettings, reliable: boolean): TimerDurations {
  const { t1, t4 } = settings;
  return {
    A: t1,
    // RFC 3261 17.1.1.2: Timer B = 64*T1
    B: 64 * t1,
    // RFC 3261 17.1.1.2: Timer D is at least 32 s on UDP; it must outlast the server's Timer H
    // (64*T1) so a retransmitted final response is still ACKed when T1 is raised.
    D: reliable ? 0 : Math.max(32_000, 64 * t1),
    E: t1,
    // RFC 3261 17.1.2.2: Timer F = 64*T1
    F: 64 * t1,
    G: t1,
    // RFC 3261 17.2.1: Timer H = 64*T1 for all transports
    H: 64 * t1,
    // RFC 3261 17.2.1: Timer I = T4 on unreliable transports, zero on reliable ones
    I: reliable ? 0 : t4,
    // RFC 3261 17.2.2: Timer J = 64*T1 on unreliable transports, zero on reliable ones
    J: reliable ? 0 : 64 * t1,
    // RFC 3261 17.1.2.2: Timer K = T4 on unreliable transports, zero on reliable ones
    K: reliable ? 0 : t4,
    // RFC 6026 8.7: Timer L = 64*T1
    L: 64 * t1,
    // RFC 6026 8.4: Timer M = 64*T1
    M: 64 * t1,
  };
}

/** RFC 3261 17.1.2.2, 17.2.1: the next retransmit interval, doubled and capped at T2 (Timers E, G). */
export function backoff(interval: number, settings: Pick<TimerSettings, 't2'>): number {
  return Math.min(2 * interval, settings.t2);
}
