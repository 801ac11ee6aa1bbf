// The agents eligible for one call, as strategies query them: the first few in an order, the
// next in turn, a random one, the best match, or all. IndexPool answers from the routable index
// (sorted buckets of the call's rarest skill, merged across the levels it accepts), so a pick
// reads a few heads instead of every eligible agent; ArrayPool answers the same questions over
// a plain list, for plug-in strategies, for calls opened to several queues by escalation, and
// as the oracle the index is tested against.
import {
  MAX_SKILL_LEVEL,
  type Agent,
  type ReadyBucket,
  type ReadyList,
  type SortedAgents,
  type ReadyIndex,
  type ReadyOrder,
  type RoutingAgent,
  type SkillRequirement,
} from '../../agents/index.ts';

export interface CandidatePool<A extends RoutingAgent> {
  /** How many agents are eligible (exact). */
  readonly size: number;
  /** Up to `limit` eligible agents in `order`, the first being the pick of that order. */
  first(order: ReadyOrder, limit: number): A[];
  /** Up to `limit` eligible agents in login order after `afterOrdinal`, wrapping round. */
  nextInTurn(afterOrdinal: number, limit: number): A[];
  /** One eligible agent, uniformly at random. */
  sample(random: () => number): A;
  /**
   * Up to `limit` agents by proficiency (the sum of their levels in the call's requirements,
   * highest first), then longest idle; with each one's proficiency.
   */
  bestMatch(limit: number): { agent: A; score: number }[];
  /** Every eligible agent, in login order. */
  all(): A[];
}

/** The order of waiting for calls: longest idle first; login order for doubles without readySeq. */
function seq(a: RoutingAgent): number {
  return a.readySeq ?? a.ordinal;
}
const orderCompare: Record<ReadyOrder, (a: RoutingAgent, b: RoutingAgent) => number> = {
  idle: (a, b) => a.idleSince - b.idleSince || seq(a) - seq(b),
  calls: (a, b) => a.callsAnswered - b.callsAnswered || orderCompare.idle(a, b),
  talk: (a, b) => a.talkMs - b.talkMs || orderCompare.idle(a, b),
};
const byOrdinal = (a: RoutingAgent, b: RoutingAgent) => a.ordinal - b.ordinal;

function proficiency(agent: RoutingAgent, requirements: readonly SkillRequirement[]): number {
  let sum = 0;
  for (const r of requirements) sum += agent.skillLevel(r.skill);
  return sum;
}

/** Keeps the best `limit` (score desc, then longest idle) in a short sorted list. */
function keepBest<A extends RoutingAgent>(
  best: { agent: A; score: number }[],
  agent: A,
  score: number,
  limit: number,
): void {
  const before = (x: { agent: A; score: number }) =>
    score > x.score || (score === x.score && orderCompare.idle(agent, x.agent) < 0);
  let i = best.length;
  while (i > 0 && before(best[i - 1]!)) i--;
  if (i >= limit) return;
  best.splice(i, 0, { agent, score });
  if (best.length > limit) best.pop();
}

export class ArrayPool<A extends RoutingAgent> implements CandidatePool<A> {
  readonly #agents: readonly A[];
  readonly #requirements: readonly SkillRequirement[];

  /** `requirements`: what best-match scores proficiency over. */
  constructor(agents: readonly A[], requirements: readonly SkillRequirement[] = []) {
    this.#agents = agents;
    this.#requirements = requirements;
  }

  get size(): number {
    return this.#agents.length;
  }

  first(order: ReadyOrder, limit: number): A[] {
    return [...this.#agents].sort(orderCompare[order]).slice(0, limit);
  }

  nextInTurn(afterOrdinal: number, limit: number): A[] {
    const sorted = [...this.#agents].sort(byOrdinal);
    const start = sorted.findIndex((a) => a.ordinal > afterOrdinal);
    const from = start < 0 ? 0 : start;
    return [...sorted.slice(from), ...sorted.slice(0, from)].slice(0, limit);
  }

  sample(random: () => number): A {
    // Login order first, so the same seed picks the same agent whatever order the list came in.
    const sorted = [...this.#agents].sort(byOrdinal);
    return sorted[Math.min(sorted.length - 1, Math.floor(random() * sorted.length))]!;
  }

  bestMatch(limit: number) {
    const best: { agent: A; score: number }[] = [];
    for (const a of this.#agents) keepBest(best, a, proficiency(a, this.#requirements), limit);
    return best;
  }

  all(): A[] {
    return [...this.#agents].sort(byOrdinal);
  }
}

/** Rejection-sampling tries before a random pick lists the eligible agents instead. */
const SAMPLE_TRIES = 32;

/**
 * The routable agents meeting one requirement set, read from the index: the buckets of its
 * rarest skill at the levels it accepts (all routable agents when it has no skill), with the
 * other requirements checked on each agent the query reaches.
 */
export class IndexPool implements CandidatePool<Agent> {
  readonly #index: ReadyIndex;
  readonly #buckets: ReadyBucket[];
  /** The level of each bucket (0 for the all-agents bucket). */
  readonly #levels: number[];
  readonly #rest: readonly SkillRequirement[];
  readonly #profile: readonly SkillRequirement[];
  /** The skill the pool reads (undefined: every agent). */
  readonly #skill: SkillRequirement | undefined;
  #size = -1;
  /** The eligible agents, once a query had to list them all. */
  #eligible: Agent[] | undefined;
  /** Round-robin's list, when the pool is a queue's own (else the skill's members). */
  readonly #members: SortedAgents | undefined;

  /**
   * `knownSize`: the number of eligible agents when the caller keeps it (a queue's routable
   * members), which spares a count over the pool when the profile has several skills.
   */
  constructor(
    index: ReadyIndex,
    profile: readonly SkillRequirement[],
    knownSize?: number,
    /** A queue's own lists: every agent in them meets the profile. */
    queue?: { ready: ReadyBucket; members: SortedAgents },
  ) {
    this.#index = index;
    this.#profile = profile;
    this.#buckets = [];
    this.#levels = [];
    this.#rest = [];
    this.#members = queue?.members;
    if (knownSize !== undefined) this.#size = knownSize;
    if (queue) {
      // One bucket of mixed levels: best-match must read it all (no level bound).
      this.#skill = profile[0];
      this.#buckets.push(queue.ready);
      this.#levels.push(Infinity);
      return;
    }
    if (profile.length === 0) {
      this.#skill = undefined;
      this.#buckets.push(index.all());
      this.#levels.push(0);
      return;
    }
    let chosen: SkillRequirement | undefined;
    let smallest = Infinity;
    for (const r of profile) {
      const levels = index.skill(r.skill);
      let size = 0;
      if (levels) for (let l = r.minLevel; l < levels.length; l++) size += levels[l]?.size ?? 0;
      if (size < smallest) {
        smallest = size;
        chosen = r;
      }
      if (size === 0) break;
    }
    this.#skill = chosen;
    if (smallest === 0) {
      this.#size = 0;
      return;
    }
    const levels = index.skill(chosen!.skill)!;
    for (let l = chosen!.minLevel; l < levels.length; l++) {
      const bucket = levels[l];
      if (bucket && bucket.size > 0) {
        this.#buckets.push(bucket);
        this.#levels.push(l);
      }
    }
    if (profile.length > 1) this.#rest = profile.filter((r) => r !== chosen);
  }

  get size(): number {
    if (this.#size < 0)
      if (this.#rest.length === 0) {
        let n = 0;
        for (const b of this.#buckets) n += b.size;
        this.#size = n;
      } else this.#size = this.#list().length;
    return this.#size;
  }

  first(order: ReadyOrder, limit: number): Agent[] {
    const lists: ReadyList[] = [];
    const starts: number[] = [];
    for (const b of this.#buckets) {
      const list = b.view(order);
      lists.push(list);
      starts.push(list.head());
    }
    return this.#merge(lists, true, starts, orderCompare[order], limit);
  }

  /**
   * Round-robin's turn: the logged-in agents with the skill in login order, from the cursor,
   * skipping who is not routable now (a walk as long as the busy agents it passes).
   */
  nextInTurn(afterOrdinal: number, limit: number): Agent[] {
    const lists: SortedAgents[] = [];
    const starts: number[] = [];
    const take = (list: SortedAgents | undefined) => {
      if (!list || list.length === 0) return;
      lists.push(list);
      starts.push(list.firstAbove(afterOrdinal));
    };
    if (this.#members) take(this.#members);
    else if (this.#skill === undefined) take(this.#index.members());
    else if (this.#buckets.length > 0) {
      const levels = this.#index.membersOf(this.#skill.skill) ?? [];
      for (let l = this.#skill.minLevel; l < levels.length; l++) take(levels[l]);
    }
    const out = this.#merge(lists, false, starts, byOrdinal, limit);
    if (out.length < limit) {
      // Wrapped round: from the lowest ordinal up to where the first pass started.
      const zeros = starts.map(() => 0);
      for (const a of this.#merge(lists, false, zeros, byOrdinal, limit)) {
        if (a.ordinal > afterOrdinal || out.length >= limit) break;
        out.push(a);
      }
    }
    return out;
  }

  sample(random: () => number): Agent {
    let total = 0;
    for (const b of this.#buckets) total += b.idle.length - b.idle.head();
    for (let i = 0; i < SAMPLE_TRIES; i++) {
      // Uniform over the buckets' entries; kept only when current and eligible, so uniform
      // over the eligible agents.
      let at = Math.min(total - 1, Math.floor(random() * total));
      for (const b of this.#buckets) {
        const list = b.idle;
        const span = list.length - list.head();
        if (at >= span) {
          at -= span;
          continue;
        }
        const j = list.head() + at;
        if (list.valid(j) && this.#ok(list.items[j]!)) return list.items[j]!;
        break;
      }
    }
    const eligible = this.#list();
    return eligible[Math.min(eligible.length - 1, Math.floor(random() * eligible.length))]!;
  }

  bestMatch(limit: number) {
    const requirements = this.#profile;
    const best: { agent: Agent; score: number }[] = [];
    // Highest level bucket first. Every agent of a bucket at level L scores at most L plus the
    // best possible level in each other requirement, so lower buckets are read only while they
    // could still tie or beat what was found.
    const others = Math.max(0, requirements.length - 1) * MAX_SKILL_LEVEL;
    for (let b = this.#buckets.length - 1; b >= 0; b--) {
      const bound = this.#levels[b]! + others;
      if (best.length >= limit && bound < best[best.length - 1]!.score) break;
      let kept = 0;
      const list = this.#buckets[b]!.idle;
      for (let i = list.head(); i < list.length; i++) {
        const a = list.items[i]!;
        if (!list.valid(i) || !this.#ok(a)) continue;
        keepBest(best, a, proficiency(a, requirements), limit);
        // Alone in its requirements, the bucket's agents all score alike: idle order decides.
        if (others === 0 && ++kept >= limit) break;
      }
    }
    return best;
  }

  all(): Agent[] {
    return [...this.#list()].sort(byOrdinal);
  }

  /** Every eligible agent (listed once per pool). */
  #list(): Agent[] {
    if (!this.#eligible) {
      const out: Agent[] = [];
      for (const { idle } of this.#buckets)
        for (let i = idle.head(); i < idle.length; i++)
          if (idle.valid(i) && this.#ok(idle.items[i]!)) out.push(idle.items[i]!);
      this.#eligible = out;
    }
    return this.#eligible;
  }

  #ok(agent: Agent): boolean {
    const rest = this.#rest;
    if (rest.length === 0) return true;
    if (rest.length === 1) return (agent.skills.get(rest[0]!.skill) ?? 0) >= rest[0]!.minLevel;
    return agent.meets(rest);
  }

  /**
   * A k-way merge of sorted lists (at most five: one per level) from `starts`, taking eligible
   * agents until `limit`. Ready lists skip their stale entries; member lists (every logged-in
   * agent) skip who is not routable.
   */
  #merge(
    lists: readonly (ReadyList | SortedAgents)[],
    ready: boolean,
    starts: number[],
    compare: (a: Agent, b: Agent) => number,
    limit: number,
  ): Agent[] {
    const out: Agent[] = [];
    const n = lists.length;
    if (n === 0 || limit <= 0) return out;
    const at = starts;
    for (;;) {
      let min = -1;
      let best: Agent | undefined;
      for (let i = 0; i < n; i++) {
        const list = lists[i]!;
        const items = list.items;
        let j = at[i]!;
        while (j < items.length && !(ready ? (list as ReadyList).valid(j) : items[j]!.routable))
          j++;
        at[i] = j;
        const a = items[j];
        if (a !== undefined && (!best || compare(a, best) < 0)) {
          min = i;
          best = a;
        }
      }
      if (!best) return out;
      at[min]!++;
      if (this.#ok(best)) {
        out.push(best);
        if (out.length >= limit) return out;
      }
    }
  }
}
