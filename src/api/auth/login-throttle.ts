// Failed-login bookkeeping kept in memory: per username for names that do not
// exist (so answers and lockouts look the same whether an account exists or
// not), and per client address (so one address cannot try names endlessly).

interface Entry {
  failures: number;
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

  /** Counts a failure in a row; returns the lock end when this failure locks the key. */
  fail(key: string, now: number, maxFailures: number, lockMs: number): number | null {
    const entry = this.#entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    this.#entries.delete(key); // re-insert: the map's order is least recently failed first
    entry.failures += 1;
    let locked: number | null = null;
    if (entry.failures >= maxFailures) {
      entry.failures = 0;
      entry.lockedUntil = now + lockMs;
      locked = entry.lockedUntil;
    }
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return locked;
  }

  /** A success ends the run of failures (but not a lock in force). */
  succeed(key: string, now: number): void {
    if (this.lockedUntil(key, now) === null) this.#entries.delete(key);
  }
}
