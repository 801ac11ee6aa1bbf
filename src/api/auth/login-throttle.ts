// Failed-login bookkeeping kept in memory: per username for names that do not
// exist (so answers and lockouts look the same whether an account exists or
// not), and per client address (so one address cannot try names endlessly).
// An attempt counts as a failure from the moment it starts, so parallel
// attempts cannot all slip past the limit before any of them has failed.

interface Entry {
  /** Attempts in the current window that did not succeed (in flight or failed). */
  failures: number;
  /** When the current window began. */
  since: number;
  lockedUntil: number;
}

export class FailureThrottle {
  readonly #entries = new Map<string, Entry>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  lockedUntil(key: string, now: number): number | null {
    const entry = this.#entries.get(key);
    return entry && entry.lockedUntil > now ? entry.lockedUntil : null;
  }

  /**
   * Counts an attempt before it is checked. Returns the end of the lock when the key is locked,
   * or when this attempt is one more than `maxFailures` in the window (which locks it for
   * `lockMs`): refuse the attempt then. Failures older than `lockMs` are forgotten.
   */
  attempt(key: string, now: number, maxFailures: number, lockMs: number): number | null {
    const locked = this.lockedUntil(key, now);
    if (locked !== null) return locked;
    let entry = this.#entries.get(key);
    if (!entry || now - entry.since >= lockMs) entry = { failures: 0, since: now, lockedUntil: 0 };
    this.#entries.delete(key); // re-insert: the map's order is least recently tried first
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    entry.failures += 1;
    if (entry.failures > maxFailures) {
      entry.lockedUntil = now + lockMs;
      entry.failures = 0;
      entry.since = now;
      return entry.lockedUntil;
    }
    return null;
  }

  /** The attempt succeeded: it stops counting as a failure (earlier failures still count). */
  forgive(key: string): void {
    const entry = this.#entries.get(key);
    if (entry && entry.failures > 0) entry.failures -= 1;
  }
}
