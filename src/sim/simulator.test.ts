// The simulator's mechanics: counts that add up (METRICS.md), staffing per interval, ring
// delays and ring-outs, handle-time distributions, repeatable seeds, settings checked by field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../platform/index.ts';
import { SimStats, serviceLevel } from './sim-stats.ts';
import { simulate } from './simulator.ts';
import type { SimConfig } from './sim-config.ts';

const HALF_HOUR = 30 * 60_000;
const loggedInMs = (s: Record<string, number>) =>
  Object.entries(s).reduce((sum, [state, ms]) => (state === 'logged-out' ? sum : sum + ms), 0);

describe('simulate', () => {
  it('staffs each interval, and its counts add up: offered = answered + abandoned + exits + waiting', () => {
    const result = simulate({
      seed: 7,
      hours: 2,
      callsPerHour: [150, 300, 100, 200],
      agents: [10, 20, 5, 15],
      wrapUpSeconds: 5,
      ring: { kind: 'uniform', minSeconds: 1, maxSeconds: 3 },
      patience: { kind: 'exponential', meanSeconds: 60 },
    });
    const t = result.totals;
    assert.equal(t.offered, result.arrivals);
    assert.equal(t.offered, t.answered + t.abandoned + t.otherExits + result.waitingAtEnd);
    assert.ok(t.answered > 300 && t.abandoned > 0);
    assert.ok(t.handled <= t.answered);
    const staffed = result.intervals.map((iv) => loggedInMs(iv.parts.stateMs) / HALF_HOUR);
    // Up-staffing is immediate at the interval's start; agents leaving finish their call first.
    assert.equal(staffed[0], 10);
    assert.equal(staffed[1], 20);
    assert.ok(staffed[2]! >= 5 && staffed[2]! < 6, `${staffed[2]}`);
    assert.ok(staffed[3]! > 14.9 && staffed[3]! <= 15, `${staffed[3]}`);
    assert.deepEqual(
      result.intervals.map((iv) => iv.agents),
      [10, 20, 5, 15],
    );
    // The reported service level is the METRICS.md default, from the summed parts.
    assert.equal(
      result.figures.serviceLevel,
      t.answeredWithin / (t.answered + t.abandoned - t.abandonedWithinShort),
    );
    assert.equal(result.figures.abandonRate, t.abandoned / t.offered);
  });

  it('counts the ring delay as wait and as reserved time', () => {
    const result = simulate({
      seed: 3,
      hours: 4,
      callsPerHour: 200,
      agents: 12,
      ring: { kind: 'fixed', seconds: 2 },
    });
    const t = result.totals;
    assert.ok(result.figures.asaSeconds >= 2);
    assert.equal(t.ringNoAnswer, 0);
    // Every answered call rang its agent exactly 2 s; calls ringing at the end add part of it.
    assert.ok(t.stateMs.reserved >= 2000 * t.answered);
    assert.ok(t.stateMs.reserved <= 2000 * (t.answered + 12));
  });

  it('rings out slow answers (ring-no-answer), and those agents come back', () => {
    const result = simulate({
      seed: 5,
      hours: 3,
      callsPerHour: 200,
      agents: 15,
      // Mean 10 s: the queue's ring timeout is 35 s, about 3 % of offers ring out.
      ring: { kind: 'exponential', meanSeconds: 10 },
    });
    const t = result.totals;
    assert.ok(t.ringNoAnswer > 5, `${t.ringNoAnswer}`);
    assert.equal(t.offered, t.answered + result.waitingAtEnd);
    assert.ok(result.waitingAtEnd < 10);
    // Parked not-ready for an instant only: staffing stays whole.
    assert.ok(t.stateMs['not-ready'] < 1000);
  });

  it('draws handle times from the configured distribution (AHT = talk + wrap-up)', () => {
    const fixed = simulate({
      seed: 1,
      hours: 2,
      callsPerHour: 100,
      agents: 10,
      handleTime: { kind: 'fixed', seconds: 120 },
      wrapUpSeconds: 15,
    });
    assert.equal(fixed.figures.ahtSeconds, 135);
    const lognormal = simulate({
      seed: 1,
      hours: 40,
      callsPerHour: 100,
      agents: 10,
      handleTime: { kind: 'lognormal', meanSeconds: 120, cv: 0.5 },
    });
    assert.ok(Math.abs(lognormal.figures.ahtSeconds / 120 - 1) < 0.02);
  });

  it('repeats a run for the same seed and differs for another', () => {
    const config: SimConfig = { hours: 2, callsPerHour: 300, agents: 16 };
    const a = simulate({ ...config, seed: 11 });
    const b = simulate({ ...config, seed: 11 });
    const c = simulate({ ...config, seed: 12 });
    assert.deepEqual(a.totals, b.totals);
    assert.notDeepEqual(a.totals, c.totals);
  });

  it('refuses bad settings, naming the field', () => {
    const field = (config: SimConfig) => {
      try {
        simulate(config);
      } catch (error) {
        assert.ok(isHotlineError(error, 'invalid-input'));
        return error.field;
      }
      assert.fail('no error');
    };
    const ok: SimConfig = { hours: 1, callsPerHour: 10, agents: 2 };
    assert.equal(field({ ...ok, hours: 0 }), 'hours');
    assert.equal(field({ ...ok, agents: [2, -1] }), 'agents.1');
    assert.equal(field({ ...ok, agents: 1.5 }), 'agents');
    assert.equal(field({ ...ok, callsPerHour: [] }), 'callsPerHour');
    assert.equal(
      field({ ...ok, handleTime: { kind: 'lognormal', meanSeconds: 100, cv: -1 } }),
      'handleTime.cv',
    );
    assert.equal(
      field({ ...ok, ring: { kind: 'uniform', minSeconds: 3, maxSeconds: 1 } }),
      'ring.maxSeconds',
    );
    assert.equal(field({ ...ok, wrapUpSeconds: 2.5 }), 'wrapUpSeconds');
    assert.equal(field({ ...ok, warmupMinutes: 120 }), 'warmupMinutes');
    assert.equal(field({ ...ok, strategy: 'nope' }), 'strategy');
  });
});

describe('SimStats', () => {
  it('splits agent state time across buckets and counts each event in its own bucket', () => {
    const start = Date.UTC(2026, 0, 5);
    const stats = new SimStats(start, HALF_HOUR, { slSeconds: 20, shortAbandonSeconds: 5 });
    const min = 60_000;
    const state = (from: string, to: string, at: number, previousStateMs: number) =>
      stats.record(
        'agent.state-changed',
        'agent:a',
        { agentId: 'a', from, to, event: 'ready', previousStateMs } as never,
        start + at,
      );
    state('logged-out', 'not-ready', 0, 0);
    state('not-ready', 'ready', 10 * min, 10 * min);
    stats.record('queue.joined', 'queue:q', {} as never, start + 29 * min);
    stats.record('queue.answered', 'queue:q', { waitMs: 20_000 } as never, start + 31 * min);
    stats.record(
      'queue.left',
      'queue:q',
      { waitMs: 4_000, reason: 'abandoned' } as never,
      start + 32 * min,
    );
    stats.record(
      'queue.left',
      'queue:q',
      { waitMs: 9_000, reason: 'abandoned' } as never,
      start + 33 * min,
    );
    stats.record(
      'queue.left',
      'queue:q',
      { waitMs: 9_000, reason: 'max-wait' } as never,
      start + 34 * min,
    );
    stats.close(start + 50 * min);
    const [b0, b1] = stats.buckets;
    assert.equal(b0!.stateMs['not-ready'], 10 * min);
    assert.equal(b0!.stateMs.ready, 20 * min);
    assert.equal(b1!.stateMs.ready, 20 * min);
    assert.equal(b0!.offered, 1);
    assert.equal(b1!.answered, 1);
    assert.equal(b1!.answeredWithin, 1); // exactly T counts as within
    const total = stats.sum();
    assert.equal(total.abandoned, 2);
    assert.equal(total.abandonedWithinShort, 1);
    assert.equal(total.otherExits, 1);
    assert.equal(serviceLevel(total, 'answered-over-offered-minus-short-abandons'), 1 / 2);
    assert.equal(serviceLevel(total, 'answered-over-offered'), 1 / 3);
    assert.equal(serviceLevel(total, 'answered-or-abandoned-within-over-offered'), 1);
  });
});
