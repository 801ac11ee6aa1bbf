// Estimated wait time from what the queue measured, not a fixed guess.
//
// Handle time: an exponentially weighted moving average of each handled call's talk + hold +
// after-call work (the AHT parts of METRICS.md), weight ALPHA for the newest call, seeded with
// the queue's expectedHandleSeconds until the first call is handled.
//
// EWT for the caller at position p (1 = next) with N agents staffing the queue (ready, ringing,
// talking or in after-call work):  EWT = p × AHT / N.
// Why: with N agents busy, one frees up on average every AHT / N (for memoryless handle times
// the first of N to finish does so after AHT / N, the M/M/c waiting-time argument), and the
// caller at position p waits for p of them. With no staffed agent the wait is unknown (null):
// the announcement then gives the position only.

/** The newest call's weight: about the last 20 calls matter (1 / ALPHA). */
export const EWT_ALPHA = 0.05;

export class HandleTimeAverage {
  #averageMs: number;
  #samples = 0;

  constructor(initialMs: number) {
    this.#averageMs = initialMs;
  }

  get averageMs(): number {
    return this.#averageMs;
  }

  get samples(): number {
    return this.#samples;
  }

  add(handleMs: number): void {
    this.#samples++;
    // The first measurement replaces the configured guess outright.
    this.#averageMs =
      this.#samples === 1 ? handleMs : this.#averageMs + EWT_ALPHA * (handleMs - this.#averageMs);
  }
}

/** Seconds, rounded up; null when nobody staffs the queue. */
export function estimatedWaitSeconds(
  position: number,
  averageHandleMs: number,
  staffed: number,
): number | null {
  if (staffed <= 0) return null;
  return Math.ceil((position * averageHandleMs) / staffed / 1000);
}
