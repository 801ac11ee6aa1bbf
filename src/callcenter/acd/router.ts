// Routing decisions. For a call: the routable agents meeting its requirements, found through
// the ready-by-skill index (the smallest set among its skills, never all agents), then the
// queue's strategy picks; each decision is one queue.routed event. For an agent who became
// ready: the best waiting call among the queues they serve (caller priority first, then the
// oldest wait weighted by queue priority).
import type { Clock } from '../../platform/index.ts';
import type { Agent, AgentRegistry, SkillRequirement } from '../agents/index.ts';
import {
  queueStream,
  type AcdEventSink,
  type QueueEvents,
  type RoutingTrigger,
  type SkipReason,
} from './acd-events.ts';
import { meetsAny, type QueueEntry, type QueueRuntime } from './queue-runtime.ts';

const MAX_NAMED = 100;

/**
 * Waiting calls whose escalation opened them to agents outside their queue, indexed by the
 * first skill of each requirement set: an agent looks only at those keyed by their own skills.
 */
export class EscalatedCalls {
  readonly #bySkill = new Map<string, Set<QueueEntry>>();
  readonly #anyone = new Set<QueueEntry>();
  readonly #keys = new Map<QueueEntry, Set<QueueEntry>[]>();

  add(entry: QueueEntry): void {
    this.delete(entry);
    const sets: Set<QueueEntry>[] = [];
    for (const profile of entry.profiles) {
      const key = profile[0]?.skill;
      let set = this.#anyone;
      if (key !== undefined) {
        set = this.#bySkill.get(key) ?? new Set();
        this.#bySkill.set(key, set);
      }
      set.add(entry);
      sets.push(set);
    }
    this.#keys.set(entry, sets);
  }

  delete(entry: QueueEntry): void {
    for (const set of this.#keys.get(entry) ?? []) set.delete(entry);
    this.#keys.delete(entry);
  }

  *forAgent(agent: Agent): Iterable<QueueEntry> {
    yield* this.#anyone;
    for (const skill of agent.skills.keys()) {
      const set = this.#bySkill.get(skill);
      if (set) yield* set;
    }
  }
}

interface Candidates {
  eligible: Agent[];
  skipped: { agentId: string; reason: SkipReason }[];
}

export class Router {
  readonly #registry: AgentRegistry;
  readonly #record: AcdEventSink;
  readonly #clock: Clock;

  constructor(registry: AgentRegistry, record: AcdEventSink, clock: Clock) {
    this.#registry = registry;
    this.#record = record;
    this.#clock = clock;
  }

  /** Ready agents meeting one of the entry's requirement sets; unreachable ones are skipped. */
  candidates(entry: QueueEntry): Candidates {
    const out: Candidates = { eligible: [], skipped: [] };
    const seen = entry.profiles.length > 1 ? new Set<Agent>() : undefined;
    for (const profile of entry.profiles) {
      // Agents of the pool meet its requirement already; only the others need checking.
      const { sets, rest } = this.#pool(profile);
      for (const set of sets) {
        for (const agent of set) {
          if (seen) {
            if (seen.has(agent)) continue;
            seen.add(agent);
          }
          if (rest.length > 0 && !agent.meets(rest)) continue;
          if (agent.registered) out.eligible.push(agent);
          else out.skipped.push({ agentId: agent.id, reason: 'device-unregistered' });
        }
      }
    }
    return out;
  }

  /**
   * Decides whom to ring for the entry and records the decision; returns the picked agents
   * (none when nobody may take the call now).
   */
  decide(entry: QueueEntry, trigger: RoutingTrigger): Agent[] {
    const now = this.#clock.now();
    const queue = entry.queue;
    const { eligible, skipped } = this.candidates(entry);
    let picked: Agent[] = [];
    let why: string;
    const last = entry.lastAgentId;
    const lastEligible = last === undefined ? undefined : eligible.find((a) => a.id === last);
    if (entry.stickyUntil > now && last !== undefined) {
      if (lastEligible) {
        picked = [lastEligible];
        why = "sticky: the customer's last agent";
      } else {
        why = `holding for the customer's last agent ${last} for ${Math.ceil((entry.stickyUntil - now) / 1000)} s more`;
        for (const a of eligible) skipped.push({ agentId: a.id, reason: 'held-for-last-agent' });
      }
    } else if (lastEligible && queue.config.stickyWaitSeconds > 0) {
      picked = [lastEligible];
      why = "sticky: the customer's last agent";
    } else if (eligible.length === 0) {
      why = 'no eligible agent';
    } else {
      const pick = queue.strategy.pick(eligible, {
        now,
        queue: queue.name,
        requirements: entry.profiles[0]!,
      });
      picked = entry.kind === 'callback' ? pick.agents.slice(0, 1) : pick.agents;
      why = pick.why;
    }
    const decision: QueueEvents['queue.routed'] = {
      callId: entry.callId,
      queue: queue.name,
      trigger,
      strategy: queue.strategy.name,
      requirements: entry.profiles[0]!,
      eligible: eligible.slice(0, MAX_NAMED).map((a) => a.id),
      eligibleCount: eligible.length,
      skipped: skipped.slice(0, MAX_NAMED),
      picked: picked.map((a) => a.id),
      why,
      waitMs: now - entry.enqueuedAt,
    };
    this.#record('queue.routed', queueStream(queue.name), decision, now);
    return picked;
  }

  /**
   * The waiting entry this agent should take next: in each queue they serve, the first in line
   * they can take; across queues, higher caller priority, then the longer wait × queue priority.
   * `escalated` adds calls whose escalation opened them to more agents.
   */
  bestEntryFor(
    agent: Agent,
    queues: readonly QueueRuntime[],
    escalated: EscalatedCalls,
  ): QueueEntry | undefined {
    const now = this.#clock.now();
    let best: QueueEntry | undefined;
    let bestWeighted = -Infinity;
    const consider = (entry: QueueEntry) => {
      const weighted = (now - entry.enqueuedAt) * entry.queue.config.priority;
      if (
        !best ||
        entry.priority > best.priority ||
        (entry.priority === best.priority &&
          (weighted > bestWeighted || (weighted === bestWeighted && entry.seq < best.seq)))
      ) {
        best = entry;
        bestWeighted = weighted;
      }
    };
    for (const queue of queues) {
      for (const entry of queue.waiting) {
        if (best && entry.priority < best.priority) break; // the rest of this line is lower still
        if (!this.mayTake(agent, entry, now)) continue;
        consider(entry);
        break;
      }
    }
    for (const entry of escalated.forAgent(agent))
      if (entry.status === 'waiting' && this.mayTake(agent, entry, now)) consider(entry);
    return best;
  }

  mayTake(agent: Agent, entry: QueueEntry, now: number): boolean {
    if (entry.stickyUntil > now && entry.lastAgentId !== agent.id) return false;
    return meetsAny(agent, entry.profiles);
  }

  /**
   * The ready agents at the needed level of the profile's rarest skill (all ready agents when it
   * has none), and the requirements left to check on them.
   */
  #pool(profile: readonly SkillRequirement[]): {
    sets: readonly ReadonlySet<Agent>[];
    rest: readonly SkillRequirement[];
  } {
    if (profile.length === 0) return { sets: [this.#registry.readyAgents()], rest: [] };
    let smallest: ReadonlySet<Agent>[] = [];
    let chosen: SkillRequirement | undefined;
    let smallestSize = Infinity;
    for (const r of profile) {
      const sets = this.#registry.readyWithSkill(r.skill, r.minLevel);
      let size = 0;
      for (const set of sets) size += set.size;
      if (size === 0) return { sets: [], rest: [] };
      if (size < smallestSize) {
        smallest = sets;
        chosen = r;
        smallestSize = size;
      }
    }
    return {
      sets: smallest,
      rest: profile.length === 1 ? [] : profile.filter((r) => r !== chosen),
    };
  }
}
