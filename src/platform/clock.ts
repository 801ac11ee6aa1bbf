// Time as a dependency: the domain reads the injected Clock and schedules
// through the injected Scheduler, so tests drive time by hand (FakeClock).

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export interface TimerHandle {
  cancel(): void;
}

export interface Scheduler {
  /** Runs `fn` once after `delayMs`. */
  after(delayMs: number, fn: () => void): TimerHandle;
  /** Runs `fn` every `periodMs` until cancelled. */
  every(periodMs: number, fn: () => void): TimerHandle;
}

export interface ClockScheduler extends Clock, Scheduler {}

export const systemClock: ClockScheduler = {
  now: () => Date.now(),
  after(delayMs, fn) {
    // Node fires a timer by the event loop's millisecond clock, which can be up to a millisecond
    // short of the delay as performance.now() (and so now()) sees it: a 5 s ring timeout measured
    // 4,999 ms. The callback waits out the rest, so whoever reads now() in it sees the full delay.
    // The monotonic clock decides, so a wall-clock step cannot stretch the wait.
    const due = performance.now() + delayMs;
    let timer: ReturnType<typeof setTimeout>;
    const fire = (): void => {
      const short = due - performance.now();
      if (short > 0) arm(Math.ceil(short));
      else fn();
    };
    const arm = (ms: number): void => {
      timer = setTimeout(fire, ms);
      timer.unref?.();
    };
    arm(delayMs);
    return { cancel: () => clearTimeout(timer) };
  },
  every(periodMs, fn) {
    const timer = setInterval(fn, periodMs);
    timer.unref?.();
    return { cancel: () => clearInterval(timer) };
  },
};

interface FakeTimer {
  id: number;
  due: number;
  periodMs: number | undefined;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when told. Timers fire in due order (ties in
 * creation order) as `advance()` passes them, each seeing `now()` equal to
 * its due time.
 */
export class FakeClock implements ClockScheduler {
  #now: number;
  #nextId = 1;
  #timers: FakeTimer[] = [];

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  after(delayMs: number, fn: () => void): TimerHandle {
    return this.#add(delayMs, undefined, fn);
  }

  every(periodMs: number, fn: () => void): TimerHandle {
    if (periodMs <= 0) throw new Error(`every(): period must be positive, got ${periodMs}`);
    return this.#add(periodMs, periodMs, fn);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    if (ms < 0) throw new Error(`advance(): cannot go back in time (${ms} ms)`);
    const target = this.#now + ms;
    for (;;) {
      const next = this.#nextDue(target);
      if (!next) break;
      this.#now = next.due;
      if (next.periodMs === undefined) next.cancelled = true;
      else next.due += next.periodMs;
      next.fn();
    }
    this.#timers = this.#timers.filter((t) => !t.cancelled);
    this.#now = target;
  }

  /** Sets the wall clock to a given time (forward only), firing due timers. */
  set(time: number | Date): void {
    this.advance((typeof time === 'number' ? time : time.getTime()) - this.#now);
  }

  /** Number of timers still waiting. */
  get pendingTimers(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  #add(delayMs: number, periodMs: number | undefined, fn: () => void): TimerHandle {
    const timer: FakeTimer = {
      id: this.#nextId++,
      due: this.#now + Math.max(0, delayMs),
      periodMs,
      fn,
      cancelled: false,
    };
    this.#timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  #nextDue(limit: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.#timers) {
      if (t.cancelled || t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    return best;
  }
}
