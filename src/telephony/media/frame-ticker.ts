// The worker's one 20 ms clock: each tick is scheduled against the absolute start time, so timer lateness never accumulates.

/** Monotonic time and one-shot timers; tests pass a fake. */
export interface TickerClock {
  /** Monotonic ms (performance.now()). */
  now(): number;
  setTimer(fn: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realTickerClock: TickerClock = {
  now: () => performance.now(),
  setTimer: (fn, delayMs) => setTimeout(fn, delayMs),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface FrameTickerOptions {
  readonly periodMs?: number;
  /** Ticks run back to back after a stall before the ticker gives up catching up. Default 5. */
  readonly maxCatchUp?: number;
  readonly clock?: TickerClock;
}

export interface TickerFigures {
  readonly ticks: number;
  /** Ticks that ran late by more than one period (run back to back to catch up). */
  readonly lateTicks: number;
  /** Ticks dropped after a stall longer than maxCatchUp periods. */
  readonly skippedTicks: number;
  /** The largest lateness seen, in ms. */
  readonly maxLatenessMs: number;
}

/**
 * Tick n is due at start + n * period. After each tick the timer is set for the next due time
 * measured from now, never for "period from now" (setInterval's drift). After a stall, missed
 * ticks run back to back (up to maxCatchUp) so players keep their rate; beyond that the ticker
 * skips ahead, which receivers absorb as a gap rather than a burst.
 */
export class FrameTicker {
  readonly #onTick: (tick: number, dueMs: number) => void;
  readonly #period: number;
  readonly #maxCatchUp: number;
  readonly #clock: TickerClock;
  #start = 0;
  #next = 0;
  #timer: unknown;
  #running = false;
  #ticks = 0;
  #late = 0;
  #skipped = 0;
  #maxLateness = 0;

  constructor(onTick: (tick: number, dueMs: number) => void, options: FrameTickerOptions = {}) {
    this.#onTick = onTick;
    this.#period = options.periodMs ?? 20;
    this.#maxCatchUp = options.maxCatchUp ?? 5;
    this.#clock = options.clock ?? realTickerClock;
  }

  get running(): boolean {
    return this.#running;
  }

  /** The index the next tick will carry; ticks count from 0 at start(). */
  get nextTick(): number {
    return this.#next;
  }

  get figures(): TickerFigures {
    return {
      ticks: this.#ticks,
      lateTicks: this.#late,
      skippedTicks: this.#skipped,
      maxLatenessMs: this.#maxLateness,
    };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#start = this.#clock.now();
    this.#next = 0;
    this.#fire();
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
  }

  #fire = (): void => {
    if (!this.#running) return;
    const now = this.#clock.now();
    let due = this.#start + this.#next * this.#period;
    if (now - due > this.#period * this.#maxCatchUp) {
      const behind = Math.floor((now - due) / this.#period);
      this.#skipped += behind;
      this.#next += behind;
      due = this.#start + this.#next * this.#period;
    }
    for (let run = 0; due <= now && run <= this.#maxCatchUp && this.#running; run++) {
      const lateness = now - due;
      if (lateness > this.#maxLateness) this.#maxLateness = lateness;
      if (lateness > this.#period) this.#late++;
      this.#ticks++;
      this.#onTick(this.#next++, due);
      due = this.#start + this.#next * this.#period;
    }
    if (!this.#running) return;
    this.#timer = this.#clock.setTimer(this.#fire, Math.max(0, due - this.#clock.now()));
  };
}
