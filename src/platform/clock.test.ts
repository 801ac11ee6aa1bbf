import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock, systemClock } from './clock.ts';

describe('FakeClock', () => {
  it('fires timers in due order as time advances, each at its due time', () => {
    const clock = new FakeClock(1000);
    const fired: [string, number][] = [];
    clock.after(300, () => fired.push(['b', clock.now()]));
    clock.after(100, () => fired.push(['a', clock.now()]));
    clock.after(300, () => fired.push(['c', clock.now()]));
    clock.advance(299);
    assert.deepEqual(fired, [['a', 1100]]);
    clock.advance(1);
    assert.deepEqual(fired, [
      ['a', 1100],
      ['b', 1300],
      ['c', 1300],
    ]);
    assert.equal(clock.now(), 1300);
    assert.equal(clock.pendingTimers, 0);
  });

  it('repeats periodic timers and stops cancelled ones', () => {
    const clock = new FakeClock(0);
    let ticks = 0;
    const handle = clock.every(20, () => ticks++);
    const once = clock.after(30, () => assert.fail('cancelled timer fired'));
    once.cancel();
    clock.advance(100);
    assert.equal(ticks, 5);
    handle.cancel();
    clock.advance(100);
    assert.equal(ticks, 5);
  });

  it('runs timers scheduled by timers within the same advance', () => {
    const clock = new FakeClock(0);
    const fired: number[] = [];
    clock.after(10, () => clock.after(10, () => fired.push(clock.now())));
    clock.advance(25);
    assert.deepEqual(fired, [20]);
  });

  it('refuses to go back in time', () => {
    assert.throws(() => new FakeClock(0).advance(-1), /cannot go back/);
  });
});

describe('systemClock', () => {
  // The clock's timers are unref'd: something must keep the test's event loop alive meanwhile.
  let keepAlive: ReturnType<typeof setInterval>;
  before(() => {
    keepAlive = setInterval(() => undefined, 1000);
  });
  after(() => clearInterval(keepAlive));

  it('runs a timer no earlier than its delay, as now() and the monotonic clock see it', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const delay = 5 + i;
        const startWall = systemClock.now();
        const start = performance.now();
        return new Promise<[number, number, number]>((resolve) =>
          systemClock.after(delay, () =>
            resolve([delay, performance.now() - start, systemClock.now() - startWall]),
          ),
        );
      }),
    );
    for (const [delay, elapsed, wall] of results) {
      assert.ok(elapsed >= delay, `${delay} ms timer ran after ${elapsed.toFixed(3)} ms`);
      assert.ok(wall >= delay, `${delay} ms timer ran after ${wall} ms of now()`);
    }
  });

  it('cancels a timer, also while it waits out a short fire', async () => {
    let fired = false;
    systemClock.after(5, () => (fired = true)).cancel();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(fired, false);
  });
});
