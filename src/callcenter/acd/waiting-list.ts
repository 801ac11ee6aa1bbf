// One queue's waiting calls in service order: higher caller priority first, then earlier queue
// entry. A sorted array rather than a heap: positions are read at every announcement, a call
// that rang out goes back to the exact place its key gives it, and queues are bounded by
// maxWaiting, so a binary search plus a splice is cheaper than a heap walk for a position.

export interface WaitingKey {
  /** Caller priority: higher is served first. */
  readonly priority: number;
  /** Queue entry time: the wait starts here and never resets (ring-no-answer keeps it). */
  readonly enqueuedAt: number;
  /** Arrival sequence, so equal times keep arrival order and every key is unique. */
  readonly seq: number;
}

/** Negative when `a` is served before `b`. */
export function compareWaiting(a: WaitingKey, b: WaitingKey): number {
  return b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq;
}

export class WaitingList<T extends WaitingKey> {
  readonly #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  /** Inserts at the place the key gives; returns the 1-based position. */
  insert(item: T): number {
    const i = this.#lowerBound(item);
    if (this.#items[i] === item) return i + 1;
    this.#items.splice(i, 0, item);
    return i + 1;
  }

  remove(item: T): boolean {
    const i = this.#lowerBound(item);
    if (this.#items[i] !== item) return false;
    this.#items.splice(i, 1);
    return true;
  }

  /** 1-based position, or 0 when the item is not waiting. */
  position(item: T): number {
    const i = this.#lowerBound(item);
    return this.#items[i] === item ? i + 1 : 0;
  }

  has(item: T): boolean {
    return this.position(item) > 0;
  }

  first(): T | undefined {
    return this.#items[0];
  }

  /** The item at 0-based place `i` in service order. */
  at(i: number): T | undefined {
    return this.#items[i];
  }

  /** In service order; do not insert or remove while iterating. */
  [Symbol.iterator](): IterableIterator<T> {
    return this.#items.values();
  }

  #lowerBound(key: WaitingKey): number {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareWaiting(this.#items[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
