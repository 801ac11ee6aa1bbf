// Erlang B/C/A checked by second methods: exact rational sums (BigInt) for small centers, log-space
// direct sums for large ones, Little's law, and the limits that tie Erlang A to Erlang C.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../platform/index.ts';
import { erlangB, erlangC, requiredAgents, staffingPlan } from './erlang.ts';
import { erlangA, requiredAgentsA } from './erlang-a.ts';

/** Erlang C's P(wait) for integer a < n by exact rational arithmetic (Gross & Harris 2.3). */
function exactErlangC(n: number, a: number): number {
  // Common denominator n!·(n − a): terms a^k·n!/k!·(n − a) for k < n, and a^n·n for the waiters.
  const N = BigInt(n);
  const A = BigInt(a);
  let sum = 0n;
  let term = 1n; // n!/k! for k = n, then built downwards
  const terms: bigint[] = [];
  for (let k = n; k >= 0; k--) {
    terms[k] = term;
    term *= BigInt(k);
  }
  for (let k = 0; k < n; k++) sum += A ** BigInt(k) * terms[k]! * (N - A);
  const waiters = A ** N * N;
  const scale = 10n ** 30n;
  return Number((waiters * scale) / (sum + waiters)) / 1e30;
}

/** Erlang B by the direct sum in log space (no recursion): a second method for large n. */
function logSpaceErlangB(n: number, a: number): number {
  const logs: number[] = [0];
  for (let k = 1; k <= n; k++) logs.push(logs[k - 1]! + Math.log(a) - Math.log(k));
  const top = Math.max(...logs);
  const total = logs.reduce((s, l) => s + Math.exp(l - top), 0);
  return Math.exp(logs[n]! - top) / total;
}

const perHour = (a: number, aht: number) => (a * 3600) / aht;

describe('Erlang B and C', () => {
  it('match exact rational sums for small centers (M/M/2 at a = 1 has C = 1/3)', () => {
    assert.ok(
      Math.abs(
        erlangC({ callsPerHour: 20, ahtSeconds: 180, agents: 2 }, 20).probabilityOfWait - 1 / 3,
      ) < 1e-15,
    );
    for (const [n, a] of [
      [2, 1],
      [10, 5],
      [20, 18],
      [50, 45],
      [120, 100],
    ] as const) {
      const c = erlangC({ callsPerHour: perHour(a, 180), ahtSeconds: 180, agents: n }, 20);
      assert.ok(Math.abs(c.probabilityOfWait - exactErlangC(n, a)) < 1e-12, `n=${n} a=${a}`);
    }
  });

  it('stays exact for thousands of agents (recursion vs a log-space direct sum)', () => {
    for (const [n, a] of [
      [500, 450],
      [2000, 1900.5],
      [5000, 4000],
    ] as const) {
      const b = erlangB(n, a);
      assert.ok(Number.isFinite(b) && b > 0 && b < 1);
      assert.ok(Math.abs(b / logSpaceErlangB(n, a) - 1) < 1e-9, `n=${n} a=${a}`);
    }
  });

  it('service level, ASA and occupancy follow from P(wait) (M/M/n waiting-time law)', () => {
    const r = erlangC({ callsPerHour: 360, ahtSeconds: 180, agents: 20 }, 20);
    assert.equal(r.offeredLoadErlangs, 18);
    assert.equal(r.occupancy, 0.9);
    // P(W > t) = C·e^(−(n − a)t/AHT): 2 Erlangs of slack drain a 180 s AHT at 1/90 per second.
    assert.ok(Math.abs(r.serviceLevel - (1 - r.probabilityOfWait * Math.exp(-20 / 90))) < 1e-15);
    assert.ok(Math.abs(r.asaSeconds - r.probabilityOfWait * 90) < 1e-12);
    // ASA is the integral of P(W > t): check by the trapezoid rule.
    let integral = 0;
    for (let t = 0; t < 5000; t += 0.5) {
      const p = (s: number) => erlangC({ callsPerHour: 360, ahtSeconds: 180, agents: 20 }, s);
      integral += (0.5 * (2 - p(t).serviceLevel - p(t + 0.5).serviceLevel)) / 2;
    }
    assert.ok(Math.abs(integral / r.asaSeconds - 1) < 1e-4);
  });

  it('reports an overloaded center as unstable', () => {
    const r = erlangC({ callsPerHour: 400, ahtSeconds: 180, agents: 20 }, 20);
    assert.equal(r.stable, false);
    assert.equal(r.asaSeconds, Infinity);
  });

  it('finds the fewest agents for a target, per interval', () => {
    const load = { callsPerHour: 9000, ahtSeconds: 180 };
    const n = requiredAgents(load, { serviceLevel: 0.8, seconds: 20 });
    assert.ok(erlangC({ ...load, agents: n }, 20).serviceLevel >= 0.8);
    assert.ok(erlangC({ ...load, agents: n - 1 }, 20).serviceLevel < 0.8);
    assert.ok(n > 450 && n < 500, `${n}`);
    // An occupancy cap can only add agents.
    assert.equal(requiredAgents(load, { serviceLevel: 0.8, seconds: 20, maxOccupancy: 0.9 }), 500);
    assert.deepEqual(
      staffingPlan(
        [{ callsPerHour: 0, ahtSeconds: 180 }, { callsPerHour: 360, ahtSeconds: 180 }, load],
        { serviceLevel: 0.8, seconds: 20 },
      ),
      [
        0,
        requiredAgents({ callsPerHour: 360, ahtSeconds: 180 }, { serviceLevel: 0.8, seconds: 20 }),
        n,
      ],
    );
  });

  it('refuses bad inputs, naming the field', () => {
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        assert.ok(isHotlineError(error, 'invalid-input'));
        return error.field;
      }
      assert.fail('no error');
    };
    assert.equal(
      field(() => erlangC({ callsPerHour: -1, ahtSeconds: 180, agents: 2 }, 20)),
      'callsPerHour',
    );
    assert.equal(
      field(() => erlangC({ callsPerHour: 1, ahtSeconds: 0, agents: 2 }, 20)),
      'ahtSeconds',
    );
    assert.equal(
      field(() => erlangC({ callsPerHour: 1, ahtSeconds: 1, agents: 2.5 }, 20)),
      'agents',
    );
    assert.equal(
      field(() => erlangC({ callsPerHour: 1, ahtSeconds: 1, agents: 2 }, NaN)),
      'slSeconds',
    );
    assert.equal(
      field(() =>
        requiredAgents({ callsPerHour: 1, ahtSeconds: 1 }, { serviceLevel: 80, seconds: 20 }),
      ),
      'serviceLevel',
    );
    assert.equal(
      field(() => erlangA({ callsPerHour: 1, ahtSeconds: 1, agents: 1, patienceSeconds: 0 }, 20)),
      'patienceSeconds',
    );
  });
});

describe('Erlang A', () => {
  it('tends to Erlang C as patience grows', () => {
    const load = { callsPerHour: 340, ahtSeconds: 180, agents: 20 };
    const c = erlangC(load, 20);
    const a = erlangA({ ...load, patienceSeconds: 1e9 }, 20);
    assert.ok(Math.abs(a.probabilityOfWait - c.probabilityOfWait) < 1e-6);
    assert.ok(Math.abs(a.answeredWithin - c.serviceLevel) < 1e-6);
    assert.ok(Math.abs(a.asaSeconds / c.asaSeconds - 1) < 1e-5);
    assert.ok(a.probabilityOfAbandon < 1e-6);
  });

  it('agrees with Little’s law: abandons = θ·E[queue] / λ, by two different sums', () => {
    for (const [n, cph, patience] of [
      [1, 30, 30],
      [20, 400, 60],
      [20, 800, 120],
      [500, 10_000, 90],
    ] as const) {
      const r = erlangA(
        { callsPerHour: cph, ahtSeconds: 180, patienceSeconds: patience, agents: n },
        20,
      );
      assert.ok(Math.abs(r.probabilityOfAbandon - r.abandonRateByLittle) < 1e-9, `n=${n}`);
      // Every caller is answered or abandons; given long enough, within T covers them all.
      const long = erlangA(
        { callsPerHour: cph, ahtSeconds: 180, patienceSeconds: patience, agents: n },
        3600,
      );
      assert.ok(Math.abs(long.answeredWithin + r.probabilityOfAbandon - 1) < 1e-9, `n=${n}`);
      assert.ok(r.answeredWithin < long.answeredWithin);
      assert.ok(r.occupancy > 0 && r.occupancy <= 1);
    }
  });

  it('stays finite for an overloaded center (abandonment keeps it stable)', () => {
    const r = erlangA({ callsPerHour: 600, ahtSeconds: 180, patienceSeconds: 60, agents: 20 }, 20);
    assert.ok(r.probabilityOfAbandon > 0.3 && r.probabilityOfAbandon < 1);
    assert.ok(r.occupancy > 0.97 && r.occupancy < 1, `${r.occupancy}`);
  });

  it('finds the fewest agents for a target, never more than Erlang C', () => {
    const load = { callsPerHour: 9000, ahtSeconds: 180, patienceSeconds: 60 };
    const n = requiredAgentsA(load, { serviceLevel: 0.8, seconds: 20 });
    assert.ok(erlangA({ ...load, agents: n }, 20).answeredWithin >= 0.8);
    assert.ok(erlangA({ ...load, agents: n - 1 }, 20).answeredWithin < 0.8);
    assert.ok(n <= requiredAgents(load, { serviceLevel: 0.8, seconds: 20 }));
  });
});
