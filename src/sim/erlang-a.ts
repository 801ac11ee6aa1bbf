// Erlang A (M/M/n+M): Erlang C with callers who abandon after an exponential patience of mean θ⁻¹.
// Probability of abandon, service level, ASA, occupancy, and the agents a target needs.
//
// Model: O. Garnett, A. Mandelbaum, M. Reiman, "Designing a call center with impatient
// customers", Manufacturing & Service Operations Management 4(3):208–227, 2002. The number in
// the system is a birth–death chain with birth rate λ and death rate min(k, n)·μ + (k − n)⁺·θ;
// its stationary law π is summed here in log space (no factorials, stable for 1000s of agents).
// By PASTA an arriving caller finds k in the system; when k ≥ n, q = k − n callers wait ahead.
// While the caller waits, the one ahead of them moves on at rate r_i = nμ + iθ (a service or an
// abandon among the i ahead), and the caller's own patience runs at θ, so, with FCFS:
//   P(served | q) = Π_{i=0..q} r_i / (r_i + θ)
//   E[wait · 1{served} | q] = P(served | q) · Σ_{i=0..q} 1 / (r_i + θ)
// Waits within t (for service levels) are the absorption probabilities of that small chain by
// time t, computed by uniformization (W. Grassmann, "Transient solutions in Markovian queueing
// systems", Computers & OR 4(1), 1977).
import { bad, checkSeconds } from './erlang.ts';

export interface ErlangAInput {
  callsPerHour: number;
  /** Handle time, seconds (exponential in the model). */
  ahtSeconds: number;
  /** Mean patience, seconds (exponential in the model). */
  patienceSeconds: number;
  agents: number;
}

export interface ErlangAResult {
  offeredLoadErlangs: number;
  /** An arriving caller finds every agent busy. */
  probabilityOfWait: number;
  probabilityOfAbandon: number;
  /** P(answered within T): answered within T / offered. */
  answeredWithin: number;
  /** P(abandoned within T_short): for the METRICS.md default service level. */
  abandonedWithinShort: number;
  /** P(abandoned within T). */
  abandonedWithin: number;
  /** Mean wait of answered calls (zero waits included): METRICS.md's ASA. */
  asaSeconds: number;
  /** Mean time in queue of every caller, abandoned ones until they left (E[Lq]/λ, Little). */
  meanWaitAllSeconds: number;
  /** Abandon rate again, from Little's law: θ·E[Lq]/λ (equal to probabilityOfAbandon). */
  abandonRateByLittle: number;
  /** Served load / n. */
  occupancy: number;
}

const LOG_TINY = -46; // e^−46 ≈ 1e−20: weights this far below the largest are dropped
const MAX_STATES = 5_000_000;

export function erlangA(
  input: ErlangAInput,
  slSeconds: number,
  shortAbandonSeconds = 5,
): ErlangAResult {
  const { callsPerHour, ahtSeconds, patienceSeconds, agents: n } = input;
  if (!Number.isFinite(callsPerHour) || callsPerHour <= 0) throw bad('callsPerHour', 'must be > 0');
  if (!Number.isFinite(ahtSeconds) || ahtSeconds <= 0) throw bad('ahtSeconds', 'must be > 0');
  if (!Number.isFinite(patienceSeconds) || patienceSeconds <= 0)
    throw bad('patienceSeconds', 'must be > 0 (no abandonment: use Erlang C)');
  if (!Number.isInteger(n) || n < 1) throw bad('agents', 'must be an integer ≥ 1');
  checkSeconds(slSeconds, 'slSeconds');
  checkSeconds(shortAbandonSeconds, 'shortAbandonSeconds');
  const lambda = callsPerHour / 3600;
  const mu = 1 / ahtSeconds;
  const theta = 1 / patienceSeconds;

  // Stationary law, unnormalized in logs: π_k / π_{k−1} = λ / death rate of k.
  const logs: number[] = [0];
  let top = 0;
  for (let k = 1; ; k++) {
    const death = k <= n ? k * mu : n * mu + (k - n) * theta;
    const ratio = lambda / death;
    const lw = logs[k - 1]! + Math.log(ratio);
    logs.push(lw);
    if (lw > top) top = lw;
    // Past n the ratios fall; stop when the rest (≤ a geometric tail) is negligible.
    if (k > n && ratio < 1 && lw + Math.log(ratio / (1 - ratio)) - top < LOG_TINY) break;
    if (k > MAX_STATES)
      throw bad('patienceSeconds', 'the queue would hold millions of callers; check the inputs');
  }
  let total = 0;
  const pi = logs.map((lw) => {
    const w = Math.exp(lw - top);
    total += w;
    return w;
  });
  for (let k = 0; k < pi.length; k++) pi[k]! /= total;

  // Callers who wait, by the number ahead of them (q = k − n).
  const waiting = pi.slice(n);
  let immediate = 0;
  for (let k = 0; k < n; k++) immediate += pi[k]!;
  let pAbandon = 0;
  let servedWait = 0;
  let lq = 0;
  let served = 1;
  let sumInverse = 0;
  for (let q = 0; q < waiting.length; q++) {
    const r = n * mu + q * theta;
    served *= r / (r + theta);
    sumInverse += 1 / (r + theta);
    pAbandon += waiting[q]! * (1 - served);
    servedWait += waiting[q]! * served * sumInverse;
    lq += q * waiting[q]!; // k − n callers waiting in state k
  }
  const within = absorbedBy(waiting, n * mu, theta, [slSeconds, shortAbandonSeconds]);
  return {
    offeredLoadErlangs: lambda * ahtSeconds,
    probabilityOfWait: 1 - immediate,
    probabilityOfAbandon: pAbandon,
    answeredWithin: immediate + within[0]!.served,
    abandonedWithinShort: within[1]!.abandoned,
    abandonedWithin: within[0]!.abandoned,
    asaSeconds: servedWait / (1 - pAbandon),
    meanWaitAllSeconds: lq / lambda,
    abandonRateByLittle: (theta * lq) / lambda,
    occupancy: (lambda * (1 - pAbandon)) / (n * mu),
  };
}

/**
 * For a waiting caller starting q ahead with probability start[q]: the probability of having
 * been served (reached an agent) and of having abandoned by each time, by uniformization.
 */
function absorbedBy(
  start: readonly number[],
  serviceRate: number,
  theta: number,
  times: readonly number[],
): { served: number; abandoned: number }[] {
  const size = start.length;
  const uniform = serviceRate + size * theta; // ≥ every state's total out-rate r_i + θ
  const longest = Math.max(...times) * uniform;
  // Poisson(Λt) is negligible past mean + 12 sd (+ 30 for small means).
  const steps = Math.ceil(longest + 12 * Math.sqrt(longest) + 30);
  let x = Float64Array.from(start);
  let next = new Float64Array(size);
  let served = 0;
  let abandoned = 0;
  const logPoisson = times.map((t) => -uniform * t); // log P(N(t) = 0)
  const result = times.map(() => ({ served: 0, abandoned: 0 }));
  const weightSoFar = times.map(() => 0);
  const down = new Float64Array(size);
  for (let i = 0; i < size; i++) down[i] = (serviceRate + i * theta) / uniform;
  const quit = theta / uniform;
  for (let m = 0; m <= steps; m++) {
    times.forEach((t, j) => {
      if (m > 0) logPoisson[j]! += Math.log((uniform * t) / m);
      const w = t === 0 ? Number(m === 0) : Math.exp(logPoisson[j]!);
      weightSoFar[j]! += w;
      result[j]!.served += w * served;
      result[j]!.abandoned += w * abandoned;
    });
    // One step of the uniformized chain: down one place (served from the head), abandon, stay.
    let moved = 0;
    for (let i = 0; i < size; i++) {
      const mass = x[i]!;
      if (mass === 0) continue;
      const d = mass * down[i]!;
      if (i === 0) served += d;
      else next[i - 1]! += d;
      abandoned += mass * quit;
      next[i]! += mass - d - mass * quit;
      moved += mass;
    }
    [x, next] = [next, x];
    next.fill(0);
    if (moved < 1e-18) break;
  }
  // Nothing is left to absorb (or the Poisson tail is negligible): the rest of the weight sees
  // the final absorbed masses.
  times.forEach((_, j) => {
    const rest = Math.max(0, 1 - weightSoFar[j]!);
    result[j]!.served += rest * served;
    result[j]!.abandoned += rest * abandoned;
  });
  return result;
}

/** The fewest agents for which Erlang A meets the service level (answered within T / offered). */
export function requiredAgentsA(
  load: Omit<ErlangAInput, 'agents'>,
  target: { serviceLevel: number; seconds: number; maxAbandon?: number },
): number {
  if (!(target.serviceLevel > 0 && target.serviceLevel <= 1))
    throw bad('serviceLevel', 'must be in (0, 1]');
  const meets = (n: number) => {
    const r = erlangA({ ...load, agents: n }, target.seconds);
    return (
      r.answeredWithin >= target.serviceLevel &&
      (target.maxAbandon === undefined || r.probabilityOfAbandon <= target.maxAbandon)
    );
  };
  // Both figures improve with every agent added: double up to a staffing that meets the
  // target, then bisect.
  let high = 1;
  while (!meets(high)) {
    if (high >= 100_000) throw bad('serviceLevel', 'is not reachable with 100,000 agents');
    high *= 2;
  }
  let low = Math.floor(high / 2); // fails (or 0)
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (meets(mid)) high = mid;
    else low = mid;
  }
  return high;
}
