// Erlang B and Erlang C (M/M/n, no abandonment): probability of wait, service level, ASA,
// occupancy, and the agents an interval needs for a service-level target.
//
// Formulas: G. Koole, "Call Center Optimization" (MG Books, 2013), ch. 5; D. Gross, J. Shortle,
// J. Thompson, C. Harris, "Fundamentals of Queueing Theory", 4th ed. (Wiley, 2008), §2.3 (M/M/c).
// With offered load a = λ·AHT (Erlangs) and n agents:
//   Erlang B, by its recursion (no factorials, stable for thousands of agents):
//     B(0, a) = 1,  B(k, a) = a·B(k−1, a) / (k + a·B(k−1, a))
//   Erlang C (probability a caller waits), for a < n:  C = n·B / (n − a·(1 − B))
//   P(wait > t) = C · e^(−(n − a)·t / AHT)     service level(t) = 1 − P(wait > t)
//   ASA (mean wait of all calls; all are answered) = C · AHT / (n − a)     occupancy = a / n
import { HotlineError } from '../platform/index.ts';

export interface ErlangInput {
  /** Arrival rate, calls per hour. */
  callsPerHour: number;
  /** Average handle time (talk + hold + after-call work), seconds. */
  ahtSeconds: number;
  agents: number;
}

export interface ErlangCResult {
  /** a = λ·AHT. */
  offeredLoadErlangs: number;
  /** False when a ≥ n: the queue grows without bound and every figure below is the limit. */
  stable: boolean;
  probabilityOfWait: number;
  /** Share of calls answered within `slSeconds` (all calls are answered in Erlang C). */
  serviceLevel: number;
  asaSeconds: number;
  occupancy: number;
}

/** Erlang B: the blocking probability of n servers under a Erlangs (the recursion above). */
export function erlangB(agents: number, offeredLoad: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b;
}

/** Erlang C's probability of wait from Erlang B of the same n and a (a < n). */
function waitProbability(agents: number, a: number, b: number): number {
  return (agents * b) / (agents - a * (1 - b));
}

export function erlangC(input: ErlangInput, slSeconds: number): ErlangCResult {
  const { a, n, aht } = checked(input);
  checkSeconds(slSeconds, 'slSeconds');
  if (a >= n)
    return {
      offeredLoadErlangs: a,
      stable: false,
      probabilityOfWait: 1,
      serviceLevel: 0,
      asaSeconds: Infinity,
      occupancy: 1,
    };
  const c = waitProbability(n, a, erlangB(n, a));
  return {
    offeredLoadErlangs: a,
    stable: true,
    probabilityOfWait: c,
    serviceLevel: 1 - c * Math.exp((-(n - a) * slSeconds) / aht),
    asaSeconds: (c * aht) / (n - a),
    occupancy: a / n,
  };
}

export interface StaffingTarget {
  /** Share answered within `seconds`, 0–1 (0.8 for 80/20). */
  serviceLevel: number;
  seconds: number;
  /** Optional cap on occupancy (0–1): more agents when the service level alone would allow more. */
  maxOccupancy?: number;
}

/** The fewest agents meeting the target under Erlang C (0 when no calls come). */
export function requiredAgents(load: Omit<ErlangInput, 'agents'>, target: StaffingTarget): number {
  const { a, aht } = checked({ ...load, agents: 1 });
  checkShare(target.serviceLevel, 'serviceLevel');
  checkSeconds(target.seconds, 'seconds');
  if (target.maxOccupancy !== undefined) checkShare(target.maxOccupancy, 'maxOccupancy');
  if (a === 0) return 0;
  // B grows from n = 0 by the recursion; every n above a is tried in turn, so the whole search
  // costs O(n) however large the center is.
  let b = 1;
  for (let n = 1; ; n++) {
    b = (a * b) / (n + a * b);
    if (n <= a) continue;
    if (target.maxOccupancy !== undefined && a / n > target.maxOccupancy) continue;
    const c = waitProbability(n, a, b);
    if (1 - c * Math.exp((-(n - a) * target.seconds) / aht) >= target.serviceLevel) return n;
  }
}

/** One interval's load: calls per hour and AHT (seconds). */
export interface IntervalLoad {
  callsPerHour: number;
  ahtSeconds: number;
}

/** Agents needed in each interval (Erlang C per interval, each taken as steady state). */
export function staffingPlan(intervals: readonly IntervalLoad[], target: StaffingTarget): number[] {
  return intervals.map((load) => requiredAgents(load, target));
}

function checked(input: ErlangInput): { a: number; n: number; aht: number } {
  const { callsPerHour, ahtSeconds, agents } = input;
  if (!Number.isFinite(callsPerHour) || callsPerHour < 0) throw bad('callsPerHour', 'must be ≥ 0');
  if (!Number.isFinite(ahtSeconds) || ahtSeconds <= 0) throw bad('ahtSeconds', 'must be > 0');
  if (!Number.isInteger(agents) || agents < 1) throw bad('agents', 'must be an integer ≥ 1');
  return { a: (callsPerHour / 3600) * ahtSeconds, n: agents, aht: ahtSeconds };
}

export function checkSeconds(value: number, field: string): void {
  if (!Number.isFinite(value) || value < 0) throw bad(field, 'must be a number of seconds ≥ 0');
}

function checkShare(value: number, field: string): void {
  if (!Number.isFinite(value) || value <= 0 || value > 1) throw bad(field, 'must be in (0, 1]');
}

export function bad(field: string, message: string): HotlineError {
  return new HotlineError('invalid-input', `${field}: ${message}`, { field });
}
