// Failed-login bookkeeping for usernames that do not exist, kept in memory so
// that answers (and lockouts) look the same whether an account exists or not.

interface Entry {
  failures: number;
  lockedUntil: number;
}

export class UnknownUserThrottle {
  readonly #entries = new Map<string, Entry>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  lockedUntil(username: string, now: number): number | null {
    const entry = this.#entries.get(username);
    return entry && entry.lockedUntil > now ? entry.lockedUntil : null;
  }

  /** Counts a failure; returns the lock end when this failure locks the name. */
  fail(username: string, now: number, maxFailures: number, lockMs: number): number | null {
    const entry = this.#entries.get(username) ?? { failures: 0, lockedUntil: 0 };
    this.#entries.delete(username); // re-insert: the map's order is least recently failed first
    entry.failures += 1;
    let locked: number | null = null;
    if (entry.failures >= maxFailures) {
      entry.failures = 0;
      entry.lockedUntil = now + lockMs;
      locked = entry.lockedUntil;
    }
    this.#entries.set(username, entry);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return locked;
  }
}
