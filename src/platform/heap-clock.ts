// A simulated clock for simulations with tens of thousands of pending timers: FakeClock's
// contract (time moves only when told; due order, ties in creation order; now() equals the due
// time inside the callback; cancel() works) on a binary heap, O(log n) per timer.
import type { ClockScheduler, TimerHandle } from './clock.ts';

/** A pending timer is its own handle: no closure per timer (simulations make millions). */
class HeapTimer implements TimerHandle {
  cancelled = false;
  constructor(
    readonly clock: HeapClock,
    public due: number,
    /** Creation order: breaks ties between equal due times (a periodic timer keeps its own). */
    readonly id: number,
    readonly periodMs: number | undefined,
    readonly fn: () => void,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.clock.cancelled();
  }
}

/** Cancelled timers stay in the heap until popped; past this many (and half), they are swept. */
const SWEEP_MIN = 4096;

export class HeapClock implements ClockScheduler {
  #now: number;
  #nextId = 1;
  #heap: HeapTimer[] = [];
  #cancelledInHeap = 0;

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  after(delayMs: number, fn: () => void): TimerHandle {
    if (Number.isNaN(delayMs)) throw new Error('after(): delay must be a number, got NaN');
    return this.#add(delayMs, undefined, fn);
  }

  every(periodMs: number, fn: () => void): TimerHandle {
    if (!(periodMs > 0)) throw new Error(`every(): period must be positive, got ${periodMs}`);
    return this.#add(periodMs, periodMs, fn);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`advance(): cannot go back in time (${ms} ms)`);
    this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `target` (ms since the epoch), firing due timers on the way. */
  advanceTo(target: number): void {
    if (!(target >= this.#now))
      throw new Error(`advanceTo(): cannot go back in time (${target} < ${this.#now})`);
    // this.#heap is read afresh each turn: a callback's cancel() may sweep it into a new array.
    while (this.#heap.length > 0 && this.#heap[0]!.due <= target) {
      const timer = this.#heap[0]!;
      if (timer.cancelled) {
        this.#pop();
        this.#cancelledInHeap--;
        continue;
      }
      this.#now = timer.due;
      if (timer.periodMs === undefined) {
        this.#pop();
        timer.cancelled = true; // fired: a late cancel() is a no-op
      } else {
        // Same timer, same id, next due: it keeps its place among ties, as in FakeClock.
        timer.due += timer.periodMs;
        this.#siftDown(0);
      }
      timer.fn();
    }
    this.#now = target;
  }

  /** Sets the clock to a given time (forward only), firing due timers. */
  set(time: number | Date): void {
    this.advanceTo(typeof time === 'number' ? time : time.getTime());
  }

  /** Number of timers still waiting. */
  get pendingTimers(): number {
    return this.#heap.length - this.#cancelledInHeap;
  }

  /** When the next live timer is due (undefined when none is). */
  get nextDue(): number | undefined {
    while (this.#heap.length > 0 && this.#heap[0]!.cancelled) {
      this.#pop();
      this.#cancelledInHeap--;
    }
    return this.#heap[0]?.due;
  }

  #add(delayMs: number, periodMs: number | undefined, fn: () => void): TimerHandle {
    const timer = new HeapTimer(
      this,
      this.#now + Math.max(0, delayMs),
      this.#nextId++,
      periodMs,
      fn,
    );
    this.#heap.push(timer);
    this.#siftUp(this.#heap.length - 1);
    return timer;
  }

  /** @internal Told by HeapTimer.cancel(); cancelled timers are swept when they pile up. */
  cancelled(): void {
    this.#cancelledInHeap++;
    if (this.#cancelledInHeap > SWEEP_MIN && this.#cancelledInHeap * 2 > this.#heap.length)
      this.#sweep();
  }

  #sweep(): void {
    const heap = this.#heap.filter((t) => !t.cancelled);
    this.#heap = heap;
    this.#cancelledInHeap = 0;
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    this.#siftDown(0);
  }

  #siftUp(index: number): void {
    const heap = this.#heap;
    const timer = heap[index]!;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  #siftDown(index: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const timer = heap[index]!;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, timer)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = timer;
  }
}

function before(a: HeapTimer, b: HeapTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.id < b.id);
}
