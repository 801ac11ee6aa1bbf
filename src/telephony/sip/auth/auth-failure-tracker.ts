// Failed digest attempts per key (a source address, a username): N failures within a window lock the key for a while.
import type { Clock } from '../../../platform/index.ts';

export interface FailurePolicy {
  /** Failures within `windowMs` that lock the key. */
  readonly maxFailures: number;
  readonly windowMs: number;
  /** How long a lock lasts. */
  readonly lockMs: number;
}

interface Entry {
  /** Times of the failures still inside the window, oldest first; at most maxFailures. */
  failures: number[];
  lockedUntil: number;
}

/**
 * Kept in memory and bounded: past `capacity` keys the least recently failed is forgotten, so a
 * flood of spoofed keys costs memory only up to the bound. Time comes from the injected clock.
 */
export class AuthFailureTracker {
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;
  readonly #policy: FailurePolicy;
  readonly #capacity: number;

  constructor(clock: Clock, policy: FailurePolicy, capacity = 100_000) {
    if (!(policy.maxFailures >= 1)) throw new Error('AuthFailureTracker: maxFailures must be >= 1');
    if (!(policy.windowMs > 0) || !(policy.lockMs > 0))
      throw new Error('AuthFailureTracker: windowMs and lockMs must be positive');
    this.#clock = clock;
    this.#policy = policy;
    this.#capacity = Math.max(1, capacity);
  }

  /** When the key's lock ends, or undefined when it is not locked. */
  lockedUntil(key: string): number | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    return entry.lockedUntil > this.#clock.now() ? entry.lockedUntil : undefined;
  }

  /** Counts a failure; returns the lock end when this failure locks the key. */
  recordFailure(key: string): number | undefined {
    const now = this.#clock.now();
    const entry = this.#entries.get(key) ?? { failures: [], lockedUntil: 0 };
    this.#entries.delete(key); // re-inserted below: map order is least recently failed first
    if (entry.lockedUntil > now) {
      // Attempts while locked are refused before verifying and are not counted here.
      this.#entries.set(key, entry);
      return undefined;
    }
    const since = now - this.#policy.windowMs;
    entry.failures = entry.failures.filter((t) => t > since);
    entry.failures.push(now);
    let locked: number | undefined;
    if (entry.failures.length >= this.#policy.maxFailures) {
      entry.failures = [];
      entry.lockedUntil = now + this.#policy.lockMs;
      locked = entry.lockedUntil;
    }
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    return locked;
  }

  /** A success ends the run of failures, but not a lock in force. */
  recordSuccess(key: string): void {
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.lockedUntil <= this.#clock.now()) this.#entries.delete(key);
  }

  /** Lifts a lock by hand (an administrator unlocking an extension). */
  unlock(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
