// The routable agents (ready, device registered) by skill and level, each bucket kept in the
// orders routing strategies pick by, so a decision reads the head of a sorted list instead of
// scanning everyone: idle order always, calls answered and talk time built on first use (a
// skill whose queues never route by them never pays for keeping them). Beside them, every
// logged-in agent by skill and level in login order, which changes only at login, logout and
// skill changes: round-robin walks it from its cursor, skipping who is not routable.
import type { Agent } from './agent.ts';
import { ReadyList } from './ready-list.ts';

export const readyOrders = ['idle', 'calls', 'talk'] as const;
/** idle: longest routable first (readySeq); calls: fewest answered, then idle; talk: least talk time, then idle. */
export type ReadyOrder = (typeof readyOrders)[number];

/** An order as two numbers per agent, compared in turn: (primary, then tie). */
export interface AgentKey {
  primary(agent: Agent): number;
  tie(agent: Agent): number;
}

/** Login order (round-robin's turn). */
export const byOrdinal: AgentKey = { primary: (a) => a.ordinal, tie: () => 0 };

// The keys below never change while an agent is listed: calls answered and talk time only grow
// while the agent is busy.
const readyKeys: Readonly<Record<Exclude<ReadyOrder, 'idle'>, (agent: Agent) => number>> = {
  calls: (a) => a.callsAnswered,
  talk: (a) => a.talkMs,
};

/**
 * Agents in one order. Sorted arrays rather than a tree: buckets hold tens to a few thousand
 * agents, where a binary search plus a shift beats pointer-chasing, and index access serves
 * random picks and round-robin's successor search. The keys sit in their own number arrays,
 * so a search reads packed numbers instead of visiting agent objects all over the heap.
 */
export class SortedAgents {
  readonly items: Agent[] = [];
  readonly #primary: number[] = [];
  readonly #tie: number[] = [];
  readonly #key: AgentKey;

  constructor(key: AgentKey, from?: readonly Agent[]) {
    this.#key = key;
    if (from) {
      const sorted = [...from].sort(
        (a, b) => key.primary(a) - key.primary(b) || key.tie(a) - key.tie(b),
      );
      for (const a of sorted) this.#append(a, key.primary(a), key.tie(a));
    }
  }

  get length(): number {
    return this.items.length;
  }

  insert(agent: Agent): void {
    const p = this.#key.primary(agent);
    const t = this.#key.tie(agent);
    const n = this.items.length;
    // Most inserts are the newest readySeq: the end, without a search.
    const last = n - 1;
    if (n === 0 || this.#primary[last]! < p || (this.#primary[last] === p && this.#tie[last]! < t))
      return this.#append(agent, p, t);
    // A plain loop: splice() allocates the array it returns and copyWithin() takes a slow
    // generic path in V8, both several times slower on these short lists.
    const i = this.#lowerBound(p, t);
    const items = this.items;
    const primary = this.#primary;
    const tie = this.#tie;
    this.#append(agent, p, t);
    for (let j = n; j > i; j--) {
      items[j] = items[j - 1]!;
      primary[j] = primary[j - 1]!;
      tie[j] = tie[j - 1]!;
    }
    items[i] = agent;
    primary[i] = p;
    tie[i] = t;
  }

  remove(agent: Agent): void {
    const items = this.items;
    let i = this.#lowerBound(this.#key.primary(agent), this.#key.tie(agent));
    if (items[i] !== agent) i = items.indexOf(agent); // a key changed while indexed: still found
    if (i < 0) return;
    const primary = this.#primary;
    const tie = this.#tie;
    const last = items.length - 1;
    for (let j = i; j < last; j++) {
      items[j] = items[j + 1]!;
      primary[j] = primary[j + 1]!;
      tie[j] = tie[j + 1]!;
    }
    items.pop();
    primary.pop();
    tie.pop();
  }

  /** The index of the first agent whose primary key is above `primary` (ties ignored). */
  firstAbove(primary: number): number {
    return this.#lowerBound(primary, Infinity);
  }

  #append(agent: Agent, p: number, t: number): void {
    this.items.push(agent);
    this.#primary.push(p);
    this.#tie.push(t);
  }

  /** The index of the first agent not before the key (p, t). */
  #lowerBound(p: number, t: number): number {
    const primary = this.#primary;
    const tie = this.#tie;
    let lo = 0;
    let hi = primary.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const mp = primary[mid]!;
      if (mp < p || (mp === p && tie[mid]! < t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The routable agents of one skill at one level (or all routable agents, or a queue's). */
export class ReadyBucket {
  /** In idle order, always kept. */
  readonly idle = new ReadyList();
  #calls: ReadyList | undefined;
  #talk: ReadyList | undefined;
  #live = 0;

  get size(): number {
    return this.#live;
  }

  /** The bucket in `order`, built from the idle list on first use and kept from then on. */
  view(order: ReadyOrder): ReadyList {
    if (order === 'idle') return this.idle;
    if (order === 'calls') return (this.#calls ??= new ReadyList(readyKeys.calls, this.idle));
    return (this.#talk ??= new ReadyList(readyKeys.talk, this.idle));
  }

  /** The agent became routable (agent.routable and readySeq are set already). */
  add(agent: Agent): void {
    this.#live++;
    this.idle.add(agent);
    this.#calls?.add(agent);
    this.#talk?.add(agent);
  }

  /**
   * The agent leaves the bucket. Not routable any more: their entries went stale by themselves.
   * Still routable (skills or queue membership changed): they are taken out.
   */
  delete(agent: Agent): void {
    this.#live--;
    if (agent.routable) {
      this.idle.drop(agent);
      this.#calls?.drop(agent);
      this.#talk?.drop(agent);
    } else if (this.idle.spread > 2 * this.#live + 32) {
      this.idle.compact();
      this.#calls?.compact();
      this.#talk?.compact();
    }
  }
}

/** Levels 1–5 of one skill; index 0 is unused so a level is its own index. */
export type SkillLevels = readonly (ReadyBucket | undefined)[];
/** Logged-in agents of one skill by level, in login order. */
export type MemberLevels = readonly (SortedAgents | undefined)[];

export class ReadyIndex {
  readonly #maxLevel: number;
  readonly #bySkill = new Map<string, (ReadyBucket | undefined)[]>();
  /** Every routable agent (queues without skills), kept like a skill's bucket. */
  readonly #all = new ReadyBucket();
  readonly #membersBySkill = new Map<string, (SortedAgents | undefined)[]>();
  readonly #members = new SortedAgents(byOrdinal);
  /** The buckets of each agent's skills and levels, found once per skill set. */
  readonly #bucketsOf = new Map<Agent, ReadyBucket[]>();

  constructor(maxLevel: number) {
    this.#maxLevel = maxLevel;
  }

  get size(): number {
    return this.#all.size;
  }

  has(agent: Agent): boolean {
    return agent.routable;
  }

  /** The routable agents (a new set, in idle order: for inspection). */
  agents(): ReadonlySet<Agent> {
    const out = new Set<Agent>();
    const { idle } = this.#all;
    for (let i = idle.head(); i < idle.length; i++) if (idle.valid(i)) out.add(idle.items[i]!);
    return out;
  }

  /** Levels of `skill` (undefined when nobody with it was ever routable). */
  skill(skill: string): SkillLevels | undefined {
    return this.#bySkill.get(skill);
  }

  /** Logged-in agents with `skill`, by level, in login order. */
  membersOf(skill: string): MemberLevels | undefined {
    return this.#membersBySkill.get(skill);
  }

  /** Every logged-in agent in login order. */
  members(): SortedAgents {
    return this.#members;
  }

  /** The agent logged in (or their skills were just set): listed by skill in login order. */
  join(agent: Agent): void {
    this.#members.insert(agent);
    for (const [skill, level] of agent.skills) {
      let levels = this.#membersBySkill.get(skill);
      if (!levels) {
        levels = new Array<SortedAgents | undefined>(this.#maxLevel + 1).fill(undefined);
        this.#membersBySkill.set(skill, levels);
      }
      (levels[level] ??= new SortedAgents(byOrdinal)).insert(agent);
    }
  }

  /** The agent logged out (or their skills are about to change). */
  leave(agent: Agent): void {
    this.delete(agent);
    this.#bucketsOf.delete(agent);
    this.#members.remove(agent);
    for (const [skill, level] of agent.skills)
      this.#membersBySkill.get(skill)?.[level]?.remove(agent);
  }

  /** All routable agents as one bucket (queues without skills). */
  all(): ReadyBucket {
    return this.#all;
  }

  /** The agent became routable: set agent.routable and readySeq first. */
  add(agent: Agent): void {
    if (agent.readyBuckets) return;
    this.#all.add(agent);
    let buckets = this.#bucketsOf.get(agent);
    if (!buckets) {
      buckets = [];
      for (const [skill, level] of agent.skills) {
        let levels = this.#bySkill.get(skill);
        if (!levels) {
          levels = new Array<ReadyBucket | undefined>(this.#maxLevel + 1).fill(undefined);
          this.#bySkill.set(skill, levels);
        }
        buckets.push((levels[level] ??= new ReadyBucket()));
      }
      this.#bucketsOf.set(agent, buckets);
    }
    agent.readyBuckets = buckets;
    for (let i = 0; i < buckets.length; i++) buckets[i]!.add(agent);
  }

  /**
   * The agent leaves the index: clear agent.routable first when they stop being routable;
   * while it is still set (a skill change) they are taken out of every list at once.
   */
  delete(agent: Agent): void {
    const buckets = agent.readyBuckets as ReadyBucket[] | undefined;
    if (!buckets) return;
    agent.readyBuckets = undefined;
    this.#all.delete(agent);
    for (let i = 0; i < buckets.length; i++) buckets[i]!.delete(agent);
  }
}
