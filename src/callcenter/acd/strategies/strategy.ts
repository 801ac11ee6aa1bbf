// The routing strategy plug-in contract: given the agents eligible for one call (never empty),
// choose whom to ring and say why. Every strategy passes strategy-contract.test.ts. Strategies
// that implement choose() read the eligible agents through a CandidatePool (the routable index,
// a few heads per pick); the others get the eligible agents listed to pick().
import type { RoutingAgent, SkillRequirement } from '../../agents/index.ts';
import { ArrayPool, type CandidatePool } from './candidate-pool.ts';

/** How many candidates a decision names for auditing (the pick first, then the runners-up). */
export const CONSIDERED = 3;

export interface PickContext {
  now: number;
  queue: string;
  /** The call's effective requirements (queue + call skills, relaxed by escalation). */
  requirements: readonly SkillRequirement[];
}

export interface StrategyPick<A extends RoutingAgent> {
  /** One agent, or several when they are all rung at once (ring-all). */
  agents: A[];
  /** Why these: goes into the routing decision event. */
  why: string;
  /** The candidates looked at, best first (at most CONSIDERED are named); default `agents`. */
  considered?: A[];
}

export interface RoutingStrategy {
  readonly name: string;
  pick<A extends RoutingAgent>(eligible: readonly A[], context: PickContext): StrategyPick<A>;
  /** Picks through the pool without listing every eligible agent (the pool is never empty). */
  choose?<A extends RoutingAgent>(pool: CandidatePool<A>, context: PickContext): StrategyPick<A>;
}

type Choose = <A extends RoutingAgent>(
  pool: CandidatePool<A>,
  context: PickContext,
) => StrategyPick<A>;

/** A strategy written once against the pool; pick() runs it over a plain list. */
export function poolStrategy(name: string, choose: Choose): RoutingStrategy {
  return {
    name,
    choose,
    pick: (eligible, context) => choose(new ArrayPool(eligible, context.requirements), context),
  };
}

export interface StrategyDeps {
  /** Uniform in [0, 1); injected so runs are reproducible (seededRandom). */
  random: () => number;
}

/** One instance per queue, so strategies with memory (round-robin) keep it per queue. */
export type StrategyFactory = (deps: StrategyDeps) => RoutingStrategy;

/** The agent idle longest (earliest idleSince; who became ready first, or login order, breaks ties). */
export function longestIdle<A extends RoutingAgent>(agents: readonly A[]): A {
  let best = agents[0]!;
  for (let i = 1; i < agents.length; i++) {
    const a = agents[i]!;
    if (
      a.idleSince < best.idleSince ||
      (a.idleSince === best.idleSince &&
        (a.readySeq ?? a.ordinal) < (best.readySeq ?? best.ordinal))
    )
      best = a;
  }
  return best;
}

/** The agents with the lowest `score`, then the longest idle of them. */
export function lowestThenLongestIdle<A extends RoutingAgent>(
  agents: readonly A[],
  score: (agent: A) => number,
): A {
  let min = Infinity;
  for (const a of agents) min = Math.min(min, score(a));
  return longestIdle(agents.filter((a) => score(a) === min));
}

function idleSeconds(agent: RoutingAgent, now: number): string {
  return `${Math.round((now - agent.idleSince) / 1000)} s`;
}

export function idleNote(agent: RoutingAgent, now: number): string {
  return `idle ${idleSeconds(agent, now)}`;
}
