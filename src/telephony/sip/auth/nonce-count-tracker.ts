// Replay protection for stateless nonces: the highest nonce-count seen per nonce, in a bounded map (RFC 7616 §3.4 nc; RFC 2617 §4.5 replay attacks).

/** The verdict on one use of a nonce whose digest was right. */
export type NonceCountVerdict =
  /** Higher than any count seen for this nonce: accepted and recorded. */
  | 'fresh'
  /** Not higher than a count already seen: a replay (or, without qop, a reused nonce). */
  | 'replay'
  /** The nonce may have been seen but its record was evicted: make the client take a new one. */
  | 'forgotten';

/**
 * Where nonce-counts are kept. The in-memory `NonceCountTracker` covers one node; a cluster that
 * does not pin a phone to a node can put a shared store behind this interface.
 */
export interface NonceCountStore {
  /**
   * Records `count` for `nonce` if it is higher than every count seen for it. `issuedAt` and
   * `expiresAt` are the nonce's own times: a record is needed only until the nonce expires.
   */
  advance(
    nonce: string,
    count: number,
    issuedAt: number,
    expiresAt: number,
    now: number,
  ): NonceCountVerdict;
}

interface Entry {
  highest: number;
  issuedAt: number;
  expiresAt: number;
}

export class NonceCountTracker implements NonceCountStore {
  readonly #entries = new Map<string, Entry>();
  readonly #capacity: number;
  /** The latest issue time among evicted records: a nonce no newer than this may have been used. */
  #evictedUpTo = Number.NEGATIVE_INFINITY;

  constructor(capacity = 100_000) {
    if (!(capacity >= 1)) throw new Error(`NonceCountTracker: capacity must be at least 1`);
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  advance(
    nonce: string,
    count: number,
    issuedAt: number,
    expiresAt: number,
    now: number,
  ): NonceCountVerdict {
    this.#prune(now);
    const entry = this.#entries.get(nonce);
    if (entry !== undefined) {
      if (count <= entry.highest) return 'replay';
      entry.highest = count;
      return 'fresh';
    }
    // An evicted record cannot be told from a nonce never used, so anything issued before the
    // last eviction is refused as forgotten rather than risk accepting a replay.
    if (issuedAt <= this.#evictedUpTo) return 'forgotten';
    this.#entries.set(nonce, { highest: count, issuedAt, expiresAt });
    while (this.#entries.size > this.#capacity) this.#evictOldest();
    return 'fresh';
  }

  /** Drops records of expired nonces at the head: expired nonces are refused before this is asked. */
  #prune(now: number): void {
    for (const [nonce, entry] of this.#entries) {
      if (entry.expiresAt >= now) break;
      this.#entries.delete(nonce);
    }
  }

  #evictOldest(): void {
    const first = this.#entries.entries().next();
    if (first.done === true) return;
    const [nonce, entry] = first.value;
    this.#entries.delete(nonce);
    this.#evictedUpTo = Math.max(this.#evictedUpTo, entry.issuedAt);
  }
}
