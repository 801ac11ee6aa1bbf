// The simulator against queueing theory: M/M/c runs through the real ACD land within ±2
// percentage points (service level) and ±10 % (ASA) of Erlang C, and a run with impatient
// callers lands near Erlang A.
//
// Run lengths: the noise of a simulated ASA shrinks only with the number of the queue's
// relaxation periods (≈ AHT / (c·(1 − √ρ)²), about an hour at ρ = 0.9 with 20 agents). Across 40
// independent 1,500-hour M/M/20 runs (a plain Kiefer–Wolfowitz recursion, outside the ACD) the
// spread was 0.4–0.8 points of service level and 4–5 % of ASA, so 1,500 hours puts the limits
// at 2.5σ or more for the service level and about 2.2σ for ASA. The seeds are fixed (1, 2, 3
// in order of the load points, not picked after the fact), so the test is deterministic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { erlangC } from './erlang.ts';
import { erlangA } from './erlang-a.ts';
import { simulate } from './simulator.ts';

const AGENTS = 20;
const AHT = 180;

describe('simulation against Erlang C (M/M/20, no abandonment, no wrap-up, no ring delay)', () => {
  const points = [
    { utilization: 0.8, seed: 1 },
    { utilization: 0.85, seed: 2 },
    { utilization: 0.9, seed: 3 },
  ];
  for (const { utilization, seed } of points) {
    const callsPerHour = (utilization * AGENTS * 3600) / AHT;
    it(`utilization ${utilization} (${callsPerHour} calls/hour, seed ${seed})`, (t) => {
      const result = simulate({
        seed,
        hours: 1500,
        callsPerHour,
        agents: AGENTS,
        handleTime: { kind: 'exponential', meanSeconds: AHT },
        warmupMinutes: 120,
        announcements: false,
      });
      const predicted = erlangC({ callsPerHour, ahtSeconds: AHT, agents: AGENTS }, 20);
      const f = result.figures;
      const note = `simulated SL ${pct(f.serviceLevel)} ASA ${f.asaSeconds.toFixed(2)} s; Erlang C SL ${pct(predicted.serviceLevel)} ASA ${predicted.asaSeconds.toFixed(2)} s`;
      t.diagnostic(note);
      assert.ok(Math.abs(f.serviceLevel - predicted.serviceLevel) <= 0.02, note);
      assert.ok(Math.abs(f.asaSeconds / predicted.asaSeconds - 1) <= 0.1, note);
      // Nobody abandons: every service-level variant of METRICS.md is the same number.
      assert.equal(result.totals.abandoned, 0);
      assert.equal(f.serviceLevel, f.serviceLevelOfAnswered);
      // Occupancy from the agents' own state time is the offered load per agent.
      assert.ok(Math.abs(f.occupancy - utilization) <= 0.01, `occupancy ${f.occupancy}`);
      assert.ok(Math.abs(f.ahtSeconds / AHT - 1) <= 0.01, `AHT ${f.ahtSeconds}`);
    });
  }
});

describe('simulation against Erlang A (impatient callers)', () => {
  it('20 agents at offered load 1.0, patience exponential with mean 60 s', (t) => {
    const input = { callsPerHour: 400, ahtSeconds: AHT, patienceSeconds: 60, agents: AGENTS };
    const result = simulate({
      seed: 4,
      hours: 300,
      callsPerHour: input.callsPerHour,
      agents: AGENTS,
      patience: { kind: 'exponential', meanSeconds: input.patienceSeconds },
      warmupMinutes: 60,
      announcements: false,
    });
    const predicted = erlangA(input, 20, 5);
    const f = result.figures;
    // The default variant: answered within T / (answered + abandoned − abandoned within 5 s).
    const predictedSl = predicted.answeredWithin / (1 - predicted.abandonedWithinShort);
    const note = `simulated SL ${pct(f.serviceLevel)} ASA ${f.asaSeconds.toFixed(2)} s abandon ${pct(f.abandonRate)}; Erlang A SL ${pct(predictedSl)} ASA ${predicted.asaSeconds.toFixed(2)} s abandon ${pct(predicted.probabilityOfAbandon)}`;
    t.diagnostic(note);
    assert.ok(Math.abs(f.serviceLevel - predictedSl) <= 0.02, note);
    assert.ok(Math.abs(f.asaSeconds / predicted.asaSeconds - 1) <= 0.1, note);
    assert.ok(Math.abs(f.abandonRate - predicted.probabilityOfAbandon) <= 0.01, note);
    assert.ok(Math.abs(f.occupancy - predicted.occupancy) <= 0.01, note);
  });
});

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}
