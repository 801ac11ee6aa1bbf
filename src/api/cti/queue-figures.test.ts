// The wallboard's queue figures against METRICS.md: counted at the event it names, the default
// service-level formula and its variants, ASA from summed parts, live longest wait on a fake
// clock, the center's day, and the conservation law waiting + offered = exits + waiting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../platform/index.ts';
import {
  dayOf,
  defaultServiceLevel,
  QueueFigures,
  serviceLevelOf,
  startOfDay,
  type QueueFigureEvent,
} from './queue-figures.ts';

const TZ = 'Asia/Shanghai';
// 2026-11-28 09:00 in Shanghai.
const T0 = Date.UTC(2026, 10, 28, 1, 0, 0);

function joined(callId: string, time: number): QueueFigureEvent {
  return {
    type: 'queue.joined',
    time,
    payload: { callId, queue: 'q', priority: 1, skills: [], position: 1, ewtSeconds: null },
  };
}
function answered(callId: string, time: number, waitMs: number): QueueFigureEvent {
  return { type: 'queue.answered', time, payload: { callId, queue: 'q', agentId: 'a', waitMs } };
}
function left(
  callId: string,
  time: number,
  waitMs: number,
  reason: 'abandoned' | 'max-wait' = 'abandoned',
): QueueFigureEvent {
  return { type: 'queue.left', time, payload: { callId, queue: 'q', reason, waitMs } };
}

describe('queue figures', () => {
  it('counts each quantity at its event and computes the default service level from parts', () => {
    const clock = new FakeClock(T0);
    const f = new QueueFigures('q', defaultServiceLevel, (t) => dayOf(t, TZ), clock.now());
    // Five calls join; one answered at 10 s, one at 30 s, one abandoned at 3 s (short),
    // one abandoned at 40 s, one still waiting.
    for (const [i, id] of ['c1', 'c2', 'c3', 'c4', 'c5'].entries()) f.apply(joined(id, T0 + i));
    clock.advance(10_000);
    f.apply(answered('c1', clock.now(), 10_000));
    f.apply(left('c3', clock.now(), 3_000));
    clock.advance(30_000);
    f.apply(answered('c2', clock.now(), 30_000));
    f.apply(left('c4', clock.now(), 40_000));
    const view = f.view(clock.now());
    assert.equal(view.offered, 5);
    assert.equal(view.answered, 2);
    assert.equal(view.answeredWithinThreshold, 1);
    assert.equal(view.abandoned, 2);
    assert.equal(view.abandonedWithinShort, 1);
    assert.equal(view.waiting, 1);
    // answered within 20 s / (answered + abandoned − abandoned within 5 s) = 1 / (2 + 2 − 1)
    assert.equal(view.serviceLevel.value, 1 / 3);
    assert.equal(view.serviceLevel.variant, 'answered-over-offered-minus-short-abandons');
    assert.equal(view.serviceLevel.thresholdSeconds, 20);
    assert.equal(view.asaMs, 20_000);
    // Live longest wait: now − the oldest waiting call's queue entry (c5 joined at T0 + 4).
    assert.equal(view.oldestWaitingSince, T0 + 4);
    assert.equal(view.longestWaitMs, clock.now() - (T0 + 4));
    clock.advance(5_000);
    assert.equal(f.view(clock.now()).longestWaitMs, 45_000 - 4);
  });

  it('offers every METRICS.md variant, null when it would divide by zero', () => {
    const parts = {
      offered: 10,
      answered: 6,
      answeredWithinThreshold: 4,
      answeredWaitMs: 0,
      abandoned: 4,
      abandonedWithinShort: 1,
      abandonedWithinThreshold: 2,
      otherExits: 0,
    };
    assert.equal(serviceLevelOf(parts, 'answered-over-offered-minus-short-abandons'), 4 / 9);
    assert.equal(serviceLevelOf(parts, 'answered-over-answered'), 4 / 6);
    assert.equal(serviceLevelOf(parts, 'answered-over-offered'), 4 / 10);
    assert.equal(serviceLevelOf(parts, 'answered-or-abandoned-within-over-offered'), 6 / 10);
    assert.equal(serviceLevelOf(parts, 'answered-over-offered-minus-abandoned-within'), 4 / 8);
    const none = { ...parts, answered: 0, answeredWithinThreshold: 0, abandoned: 0 };
    assert.equal(serviceLevelOf(none, 'answered-over-answered'), null);
  });

  it('keeps waiting at start + offered = answered + abandoned + other exits + waiting at end', () => {
    const clock = new FakeClock(T0);
    const f = new QueueFigures('q', defaultServiceLevel, (t) => dayOf(t, TZ), clock.now());
    // A deterministic pseudo-random day of joins and exits.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const waiting: string[] = [];
    const start = f.view(clock.now()).waiting;
    for (let i = 0; i < 500; i++) {
      clock.advance(Math.floor(random() * 10_000));
      const r = random();
      if (r < 0.5 || waiting.length === 0) {
        const id = `c${i}`;
        waiting.push(id);
        f.apply(joined(id, clock.now()));
      } else {
        const id = waiting.splice(Math.floor(random() * waiting.length), 1)[0]!;
        const wait = Math.floor(random() * 60_000);
        if (r < 0.8) f.apply(answered(id, clock.now(), wait));
        else if (r < 0.95) f.apply(left(id, clock.now(), wait));
        else f.apply(left(id, clock.now(), wait, 'max-wait'));
      }
    }
    const end = f.view(clock.now());
    assert.equal(end.day, '2026-11-28', 'stayed within the day');
    assert.equal(start + end.offered, end.answered + end.abandoned + end.otherExits + end.waiting);
    assert.equal(end.waiting, waiting.length);
  });

  it("starts the counts again on the center's new day, keeping the calls still waiting", () => {
    const clock = new FakeClock(T0);
    const f = new QueueFigures('q', defaultServiceLevel, (t) => dayOf(t, TZ), clock.now());
    f.apply(joined('c1', clock.now()));
    f.apply(joined('c2', clock.now()));
    f.apply(answered('c1', clock.now(), 0));
    // Midnight in Shanghai is 16:00 UTC: 15 h after T0.
    clock.set(Date.UTC(2026, 10, 28, 16, 0, 1));
    const fresh = f.view(clock.now());
    assert.equal(fresh.day, '2026-11-29');
    assert.equal(fresh.offered, 0);
    assert.equal(fresh.answered, 0);
    assert.equal(fresh.waiting, 1, 'the call from yesterday is still waiting');
    f.apply(answered('c2', clock.now(), 15 * 3_600_000));
    const after = f.view(clock.now());
    assert.equal(after.answered, 1, 'answered is counted when the agent answers');
    assert.equal(after.offered, 0, 'offered was counted yesterday');
    assert.equal(after.waiting, 0);
  });

  it("finds the start of the center's day", () => {
    assert.equal(startOfDay(T0, TZ), Date.UTC(2026, 10, 27, 16, 0, 0));
    assert.equal(dayOf(Date.UTC(2026, 10, 27, 16, 0, 0), TZ), '2026-11-28');
    assert.equal(dayOf(Date.UTC(2026, 10, 27, 15, 59, 59), TZ), '2026-11-27');
    assert.equal(startOfDay(T0, 'UTC'), Date.UTC(2026, 10, 28));
  });
});
