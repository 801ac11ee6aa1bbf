// HeapClock keeps FakeClock's contract: the same behaviors checked on both, then random
// schedules (timers that add and cancel timers) fired in the same order by both.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FakeClock, type ClockScheduler, type TimerHandle } from './clock.ts';
import { HeapClock } from './heap-clock.ts';

type TestClock = ClockScheduler & { advance(ms: number): void; readonly pendingTimers: number };
const clocks: [string, (start: number) => TestClock][] = [
  ['FakeClock', (start) => new FakeClock(start)],
  ['HeapClock', (start) => new HeapClock(start)],
];

for (const [name, make] of clocks)
  describe(`${name} (shared contract)`, () => {
    it('fires in due order, ties in creation order, now() at the due time', () => {
      const clock = make(1000);
      const fired: [string, number][] = [];
      clock.after(300, () => fired.push(['b', clock.now()]));
      clock.after(100, () => fired.push(['a', clock.now()]));
      clock.after(300, () => fired.push(['c', clock.now()]));
      clock.after(-5, () => fired.push(['now', clock.now()]));
      clock.advance(299);
      assert.deepEqual(fired, [
        ['now', 1000],
        ['a', 1100],
      ]);
      assert.equal(clock.now(), 1299);
      clock.advance(1);
      assert.deepEqual(fired.slice(2), [
        ['b', 1300],
        ['c', 1300],
      ]);
      assert.equal(clock.pendingTimers, 0);
    });

    it('repeats periodic timers, which keep their place among ties; cancel stops any timer', () => {
      const clock = make(0);
      const fired: string[] = [];
      const tick = clock.every(20, () => fired.push(`tick@${clock.now()}`));
      clock.after(40, () => fired.push(`later@${clock.now()}`));
      const once = clock.after(30, () => assert.fail('cancelled timer fired'));
      once.cancel();
      assert.equal(clock.pendingTimers, 2);
      clock.advance(60);
      assert.deepEqual(fired, ['tick@20', 'tick@40', 'later@40', 'tick@60']);
      tick.cancel();
      clock.advance(100);
      assert.equal(fired.length, 4);
      assert.equal(clock.pendingTimers, 0);
    });

    it('runs timers that timers schedule within the same advance, and cancels from callbacks', () => {
      const clock = make(0);
      const fired: number[] = [];
      const victim = clock.after(15, () => assert.fail('cancelled by an earlier timer'));
      clock.after(10, () => {
        clock.after(10, () => fired.push(clock.now()));
        clock.after(0, () => fired.push(clock.now()));
        victim.cancel();
      });
      clock.advance(25);
      assert.deepEqual(fired, [10, 20]);
      assert.equal(clock.now(), 25);
    });

    it('a periodic timer may cancel itself from its own callback', () => {
      const clock = make(0);
      let n = 0;
      const handle = clock.every(5, () => {
        if (++n === 3) handle.cancel();
      });
      clock.advance(100);
      assert.equal(n, 3);
    });

    it('refuses to go back in time and a non-positive period', () => {
      assert.throws(() => make(0).advance(-1), /cannot go back/);
      assert.throws(() => make(0).every(0, () => {}), /period must be positive/);
    });
  });

describe('HeapClock', () => {
  it('fires random schedules in exactly the order FakeClock does', () => {
    // Each op: [delay, period (0: one-shot), cancel-after-n-fires (-1: never), spawns a child].
    const op = fc.tuple(
      fc.integer({ min: 0, max: 50 }),
      fc.integer({ min: 0, max: 3 }).map((p) => p * 7),
      fc.integer({ min: -1, max: 3 }),
      fc.boolean(),
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.integer({ min: 1, max: 200 }),
        (ops, step) => {
          const run = (clock: TestClock) => {
            const log: string[] = [];
            const handles: TimerHandle[] = [];
            const schedule = (i: number, [delay, period, cancelAfter, spawns]: (typeof ops)[0]) => {
              let fires = 0;
              const fn = () => {
                log.push(`${i}@${clock.now()}`);
                if (++fires === cancelAfter) handles[i]?.cancel();
                if (spawns && fires === 1)
                  clock.after(delay % 5, () => log.push(`${i}'@${clock.now()}`));
                // Cancel a neighbour too: cancels of pending, fired and already cancelled timers.
                if (fires === 2) handles[(i + 1) % handles.length]?.cancel();
              };
              handles[i] = period > 0 ? clock.every(period, fn) : clock.after(delay, fn);
            };
            ops.forEach((o, i) => schedule(i, o));
            for (let t = 0; t < 300; t += step) clock.advance(step);
            return { log, now: clock.now() };
          };
          assert.deepEqual(run(new HeapClock(0)), run(new FakeClock(0)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps up with 200,000 pending timers, half of them cancelled', () => {
    const clock = new HeapClock(0);
    let fired = 0;
    let last = -1;
    const handles: TimerHandle[] = [];
    for (let i = 0; i < 200_000; i++)
      handles.push(
        clock.after((i * 7919) % 100_000, () => {
          assert.ok(clock.now() >= last);
          last = clock.now();
          fired++;
        }),
      );
    for (let i = 0; i < handles.length; i += 2) handles[i]!.cancel();
    assert.equal(clock.pendingTimers, 100_000);
    const started = performance.now();
    clock.advance(100_000);
    assert.equal(fired, 100_000);
    assert.equal(clock.pendingTimers, 0);
    // A linear scan per fire would take minutes here; the heap takes well under a second.
    assert.ok(performance.now() - started < 5000);
  });

  it('reports the next live due time', () => {
    const clock = new HeapClock(0);
    const a = clock.after(10, () => {});
    clock.after(20, () => {});
    assert.equal(clock.nextDue, 10);
    a.cancel();
    assert.equal(clock.nextDue, 20);
    clock.advance(20);
    assert.equal(clock.nextDue, undefined);
  });
});
