// Token buckets per key (an API token, a user, a client address) on the injected
// clock: the HTTP API's rate limits. The SIP transport's per-source limiter uses
// the same idea; this one also tells the caller how to pace itself.
import type { Clock } from '../../platform/index.ts';

export interface RateBudget {
  /** Requests per second allowed on average: the bucket's refill rate. */
  perSecond: number;
  /** Requests allowed at once after a quiet spell: the bucket's size. */
  burst: number;
}

/** One request's answer, with what the RateLimit-* and Retry-After headers need. */
export interface RateDecision {
  allowed: boolean;
  /** The bucket's size. */
  limit: number;
  /** Whole requests left now. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until the next request may pass (0 when this one passed). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * Buckets live in two generations, as in a two-map cache: a key used is moved into the current
 * map; the previous map is dropped whole when the current one has lived one refill period (a
 * bucket idle that long is full again, the same as none) or has filled half the capacity (a
 * flood of new keys: the keys idle longest go, and come back full as new ones would). Every
 * step is O(1); walking a Map from its oldest entry, as an LRU would, slows down with the holes
 * deletions leave at its front.
 */
export class RateLimitBuckets {
  #current = new Map<string, Bucket>();
  #previous = new Map<string, Bucket>();
  #rotatedAt: number;
  readonly #clock: Clock;
  readonly #budget: RateBudget;
  readonly #capacity: number;
  /** Time to refill an empty bucket: after it, an idle key can be forgotten. */
  readonly #refillMs: number;

  constructor(clock: Clock, budget: RateBudget, capacity = 50_000) {
    if (budget.perSecond <= 0 || budget.burst < 1 || capacity < 2)
      throw new Error('a rate budget needs perSecond > 0, burst >= 1 and capacity >= 2');
    this.#clock = clock;
    this.#budget = budget;
    this.#capacity = capacity;
    this.#refillMs = (budget.burst / budget.perSecond) * 1000;
    this.#rotatedAt = clock.now();
  }

  /** Keys tracked now (at most the capacity). */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  /** Takes one request from `key`'s bucket if it holds one. */
  take(key: string): RateDecision {
    const now = this.#clock.now();
    this.#age(now);
    let bucket = this.#current.get(key);
    if (!bucket) {
      bucket = this.#previous.get(key);
      if (bucket) this.#previous.delete(key);
      else bucket = { tokens: this.#budget.burst, updated: now };
      if (this.#current.size >= this.#capacity / 2) this.#rotate(now);
      this.#current.set(key, bucket);
    }
    bucket.tokens = this.#refilled(bucket, now);
    bucket.updated = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    const { perSecond, burst } = this.#budget;
    return {
      allowed,
      limit: burst,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil((burst - bucket.tokens) / perSecond),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)),
    };
  }

  #refilled(bucket: Bucket, now: number): number {
    // A clock stepped back (NTP) must not drain buckets: elapsed time is never negative.
    const elapsed = Math.max(0, now - bucket.updated);
    return Math.min(this.#budget.burst, bucket.tokens + (elapsed / 1000) * this.#budget.perSecond);
  }

  /** Forgets keys idle for a refill period or more: their buckets are full again. */
  #age(now: number): void {
    const since = now - this.#rotatedAt;
    if (since < 0) this.#rotatedAt = now;
    else if (since >= 2 * this.#refillMs) {
      this.#previous = new Map();
      this.#current = new Map();
      this.#rotatedAt = now;
    } else if (since >= this.#refillMs) this.#rotate(now);
  }

  #rotate(now: number): void {
    this.#previous = this.#current;
    this.#current = new Map();
    this.#rotatedAt = now;
  }
}
