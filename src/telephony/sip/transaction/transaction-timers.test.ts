// Timer values of RFC 3261 Table 4 and RFC 6026, on unreliable and reliable transports.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  backoff,
  defaultTimerSettings,
  timerDurations,
  timerSettings,
} from './transaction-timers.ts';

describe('transaction timers', () => {
  it('defaults to T1 = 500 ms, T2 = 4 s, T4 = 5 s and a 200 ms 100 Trying delay', () => {
    assert.deepEqual(defaultTimerSettings, { t1: 500, t2: 4000, t4: 5000, tryingDelay: 200 });
  });

  it('gives RFC 3261 Table 4 values on UDP', () => {
    assert.deepEqual(timerDurations(defaultTimerSettings, false), {
      A: 500,
      B: 32_000,
      D: 32_000,
      E: 500,
      F: 32_000,
      G: 500,
      H: 32_000,
      I: 5000,
      J: 32_000,
      K: 5000,
      L: 32_000,
      M: 32_000,
    });
  });

  it('zeroes D, I, J and K on reliable transports', () => {
    const d = timerDurations(defaultTimerSettings, true);
    assert.deepEqual([d.D, d.I, d.J, d.K], [0, 0, 0, 0]);
    assert.deepEqual([d.B, d.F, d.H, d.L, d.M], [32_000, 32_000, 32_000, 32_000, 32_000]);
  });

  it('follows a configured T1, keeping Timer D at least 32 s', () => {
    const fast = timerDurations(timerSettings({ t1: 100, t2: 400, t4: 1000 }), false);
    assert.deepEqual([fast.A, fast.B, fast.D, fast.H, fast.K], [100, 6400, 32_000, 6400, 1000]);
    const slow = timerDurations(timerSettings({ t1: 1000, t2: 8000 }), false);
    assert.deepEqual([slow.B, slow.D, slow.J], [64_000, 64_000, 64_000]);
  });

  it('doubles retransmit intervals up to T2', () => {
    const steps = [500];
    for (let i = 0; i < 5; i++) steps.push(backoff(steps.at(-1)!, defaultTimerSettings));
    assert.deepEqual(steps, [500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('refuses settings that cannot work', () => {
    assert.throws(() => timerSettings({ t1: 0 }), /t1 must be a positive/);
    assert.throws(() => timerSettings({ t2: Number.NaN }), /t2/);
    assert.throws(() => timerSettings({ t1: 5000, t2: 4000 }), /T2/);
    assert.equal(timerSettings({ tryingDelay: 0 }).tryingDelay, 0);
  });
});
