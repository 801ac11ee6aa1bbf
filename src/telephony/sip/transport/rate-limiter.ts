// Per-source token buckets: a source that sends faster than its allowance has
// the excess dropped before parsing, so a flood costs us almost nothing.
import type { Clock } from '../../../platform/index.ts';

export interface RateLimit {
  /** Messages per second a source may send on average. */
  perSecond: number;
  /** How many it may send at once after a quiet spell. */
  burst: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

export class SourceRateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #clock: Clock;
  readonly #limit: RateLimit;
  readonly #exempt: ReadonlySet<string>;
  readonly #capacity: number;

  constructor(clock: Clock, limit: RateLimit, exempt: Iterable<string> = [], capacity = 100_000) {
    this.#clock = clock;
    this.#limit = limit;
    this.#exempt = new Set(exempt);
    this.#capacity = capacity;
  }

  /** Sources tracked now (at most the capacity). */
  get size(): number {
    return this.#buckets.size;
  }

  /** True when a message from `address` may pass now (and takes a token). */
  allow(address: string): boolean {
    if (this.#exempt.has(address)) return true;
    const now = this.#clock.now();
    let bucket = this.#buckets.get(address);
    if (bucket) {
      const refill = ((now - bucket.updated) / 1000) * this.#limit.perSecond;
      bucket.tokens = Math.min(this.#limit.burst, bucket.tokens + refill);
      bucket.updated = now;
      // Re-insert: the map's order is least recently seen first, so eviction is O(1).
      this.#buckets.delete(address);
    } else {
      bucket = { tokens: this.#limit.burst, updated: now };
      // A flood from many (spoofed) addresses must not make each packet cost a scan: when full,
      // forget the source seen longest ago. It comes back with a full bucket, as a new one would.
      if (this.#buckets.size >= this.#capacity) {
        const oldest = this.#buckets.keys().next().value;
        if (oldest !== undefined) this.#buckets.delete(oldest);
      }
    }
    this.#buckets.set(address, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
