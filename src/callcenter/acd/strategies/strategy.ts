// The routing strategy plug-in contract: given the agents eligible for one call (never empty),
// choose whom to ring and say why. Every strategy passes strategy-contract.test.ts.
import type { RoutingAgent, SkillRequirement } from '../../agents/index.ts';

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
}

export interface RoutingStrategy {
  readonly name: string;
  pick<A extends RoutingAgent>(eligible: readonly A[], context: PickContext): StrategyPick<A>;
}

export interface StrategyDeps {
  /** Uniform in [0, 1); injected so runs are reproducible (seededRandom). */
  random: () => number;
}

/** One instance per queue, so strategies with memory (round-robin) keep it per queue. */
export type StrategyFactory = (deps: StrategyDeps) => RoutingStrategy;

/** The agent idle longest (earliest idleSince; login order breaks ties so runs are stable). */
export function longestIdle<A extends RoutingAgent>(agents: readonly A[]): A {
  let best = agents[0]!;
  for (let i = 1; i < agents.length; i++) {
    const a = agents[i]!;
    if (
      a.idleSince < best.idleSince ||
      (a.idleSince === best.idleSince && a.ordinal < best.ordinal)
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
