// The 20 ms ticker on a fake clock: ticks stay on the absolute grid however late timers fire; stalls catch up, then skip.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameTicker } from './frame-ticker.ts';
import type { TickerClock } from './frame-ticker.ts';

/** A clock whose timers fire `lateness(n)` ms after they are due. */
class LateClock implements TickerClock {
  time = 1000;
  #timer: { due: number; fn: () => void } | undefined;
  constructor(readonly lateness: (n: number) => number) {}
  now(): number {
    return this.time;
  }
  setTimer(fn: () => void, delayMs: number): unknown {
    this.#timer = { due: this.time + delayMs, fn };
    return this.#timer;
  }
  clearTimer(): void {
    this.#timer = undefined;
  }
  run(untilMs: number): void {
    for (let n = 0; this.#timer !== undefined && this.#timer.due <= untilMs; n++) {
      const timer = this.#timer;
      this.#timer = undefined;
      this.time = timer.due + this.lateness(n);
      timer.fn();
    }
  }
}

describe('FrameTicker', () => {
  it('keeps ticks on the grid when every timer fires 1-3 ms late (no cumulative drift)', () => {
    const clock = new LateClock((n) => 1 + (n % 3));
    const dues: number[] = [];
    const ticker = new FrameTicker((_, due) => dues.push(due), { clock });
    ticker.start();
    clock.run(1000 + 60 * 60 * 1000); // an hour
    ticker.stop();
    assert.equal(dues.length, 180_001);
    dues.forEach((due, i) => assert.equal(due, 1000 + i * 20));
    assert.ok(Math.abs(clock.time - (1000 + 3_600_000)) < 25, 'the last tick ran on time');
    assert.equal(ticker.figures.lateTicks, 0);
  });

  it('runs missed ticks back to back after a short stall', () => {
    const clock = new LateClock((n) => (n === 10 ? 70 : 0));
    const ticks: Array<[number, number]> = [];
    const ticker = new FrameTicker((tick) => ticks.push([tick, clock.now()]), { clock });
    ticker.start();
    clock.run(1000 + 400);
    const indices = ticks.map(([t]) => t);
    assert.deepEqual(
      indices,
      Array.from({ length: indices.length }, (_, i) => i),
      'no tick lost',
    );
    const burst = ticks.filter(([, at]) => at === ticks[11]![1]);
    assert.ok(burst.length >= 4, 'the stalled ticks ran together');
    assert.ok(ticker.figures.lateTicks >= 2);
  });

  it('skips ahead after a stall longer than maxCatchUp periods', () => {
    const clock = new LateClock((n) => (n === 5 ? 1000 : 0));
    const ticks: number[] = [];
    const ticker = new FrameTicker((tick) => ticks.push(tick), { clock, maxCatchUp: 5 });
    ticker.start();
    clock.run(1000 + 2000);
    assert.ok(ticker.figures.skippedTicks >= 40, String(ticker.figures.skippedTicks));
    assert.ok(ticks.length < 100 - 40);
    for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i]! > ticks[i - 1]!);
  });

  it('stops and restarts from a new origin', () => {
    const clock = new LateClock(() => 0);
    let count = 0;
    const ticker = new FrameTicker(() => count++, { clock });
    ticker.start();
    clock.run(1100);
    ticker.stop();
    assert.equal(ticker.running, false);
    clock.time = 5000;
    clock.run(9000);
    assert.equal(count, 6);
    ticker.start();
    assert.equal(ticker.nextTick, 1);
  });
});
