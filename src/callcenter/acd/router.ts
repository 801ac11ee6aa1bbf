// Routing decisions. For a call: a pool over the routable index (the buckets of its rarest
// skill at the levels it accepts, kept in the orders strategies pick by), from which the
// queue's strategy reads a few heads, never the whole list; each decision is one bounded
// queue.routed event. For an agent who became ready: the best waiting call among the queues
// they serve (caller priority first, then the oldest wait weighted by queue priority).
import type { Clock } from '../../platform/index.ts';
import type { Agent, AgentRegistry } from '../agents/index.ts';
import {
  type AcdEventSink,
  type QueueEvents,
  type RoutingTrigger,
  type SkipReason,
} from './acd-events.ts';
import type { EscalatedCalls } from './escalated-calls.ts';
import { meetsAny, sameRequirements, type QueueEntry, type QueueRuntime } from './queue-runtime.ts';
import { ArrayPool, CONSIDERED, IndexPool, type CandidatePool } from './strategies/index.ts';

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

  /**
   * The routable agents meeting one of the entry's requirement sets: the index itself for one
   * set (the usual case), a merged list when escalation opened the call to other queues.
   */
  pool(entry: QueueEntry): CandidatePool<Agent> {
    const index = this.#registry.readyIndex;
    if (entry.profiles.length === 1) {
      const profile = entry.profiles[0]!;
      // A call with just its queue's requirements: a queue of several skills lists its own.
      const plain =
        entry.skills.length === 0 && sameRequirements(profile, entry.queue.config.skills);
      const lists = plain ? entry.queue.lists : undefined;
      return new IndexPool(index, profile, lists?.ready.size, lists);
    }
    const seen = new Set<Agent>();
    for (const profile of entry.profiles)
      for (const agent of new IndexPool(index, profile).all()) seen.add(agent);
    return new ArrayPool([...seen], entry.profiles[0]);
  }

  /** Every eligible agent and the ready ones skipped (lists everyone: for inspection, not routing). */
  candidates(entry: QueueEntry): Candidates {
    return {
      eligible: this.pool(entry).first('idle', Infinity),
      skipped: this.#unreachable(entry, Infinity),
    };
  }

  /**
   * Decides whom to ring for the entry and records the decision; returns the picked agents
   * (none when nobody may take the call now). The event names at most CONSIDERED agents.
   */
  decide(entry: QueueEntry, trigger: RoutingTrigger): Agent[] {
    const now = this.#clock.now();
    const queue = entry.queue;
    const pool = this.pool(entry);
    const skipped = this.#unreachable(entry, CONSIDERED);
    let picked: Agent[] = [];
    let considered: readonly Agent[] = [];
    let why: string;
    const last = this.#lastAgent(entry);
    if (entry.stickyUntil > now && entry.lastAgentId !== undefined) {
      if (last) {
        picked = considered = [last];
        why = "sticky: the customer's last agent";
      } else {
        why = `holding for the customer's last agent ${entry.lastAgentId} for ${Math.ceil((entry.stickyUntil - now) / 1000)} s more`;
        for (const a of pool.first('idle', CONSIDERED))
          skipped.push({ agentId: a.id, reason: 'held-for-last-agent' });
      }
    } else if (last && queue.config.stickyWaitSeconds > 0) {
      picked = considered = [last];
      why = "sticky: the customer's last agent";
    } else if (pool.size === 0) {
      why = 'no eligible agent';
    } else {
      const context = { now, queue: queue.name, requirements: entry.profiles[0]! };
      const { strategy } = queue;
      const pick = strategy.choose
        ? strategy.choose(pool, context)
        : strategy.pick(pool.first('idle', Infinity), context);
      picked = entry.kind === 'callback' ? pick.agents.slice(0, 1) : pick.agents;
      considered = pick.considered ?? pick.agents;
      why = pick.why;
    }
    const decision: QueueEvents['queue.routed'] = {
      callId: entry.callId,
      queue: queue.name,
      trigger,
      strategy: queue.strategy.name,
      requirements: entry.profiles[0]!,
      eligible: considered.slice(0, CONSIDERED).map((a) => a.id),
      eligibleCount: pool.size,
      skipped: skipped.slice(0, CONSIDERED),
      picked: picked.map((a) => a.id),
      why,
      waitMs: now - entry.enqueuedAt,
    };
    this.#record('queue.routed', queue.stream, decision, now);
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
    /** The same queues as a set (escalated calls of these were seen in their own line). */
    members?: ReadonlySet<QueueRuntime>,
  ): QueueEntry | undefined {
    const now = this.#clock.now();
    let best: QueueEntry | undefined;
    let bestWeighted = -Infinity;
    /** Whether the entry would be served before the best so far (cheap: checked first). */
    const beats = (entry: QueueEntry, weighted: number) =>
      !best ||
      entry.priority > best.priority ||
      (entry.priority === best.priority &&
        (weighted > bestWeighted || (weighted === bestWeighted && entry.seq < best.seq)));
    for (const queue of queues) {
      const line = queue.waiting;
      const queuePriority = queue.config.priority;
      for (let i = 0; i < line.size; i++) {
        const entry = line.at(i)!;
        const weighted = (now - entry.enqueuedAt) * queuePriority;
        // Later calls of this line are served after this one: none of them can beat the best.
        if (!beats(entry, weighted)) break;
        if (entry.stickyUntil > now && entry.lastAgentId !== agent.id) continue;
        // An agent serving the queue meets its skills (relaxed or not); only a call's own
        // requirements need checking.
        if (entry.skills.length > 0 && !meetsAny(agent, entry.profiles)) continue;
        best = entry;
        bestWeighted = weighted;
        break;
      }
    }
    escalated.linesFor(agent, (queue, line) => {
      if (members?.has(queue)) return; // its calls were read in its own line above
      for (let i = 0; i < line.size; i++) {
        const entry = line.at(i)!;
        const weighted = (now - entry.enqueuedAt) * queue.config.priority;
        if (!beats(entry, weighted)) return;
        if (entry.status !== 'waiting' || !this.mayTake(agent, entry, now)) continue;
        best = entry;
        bestWeighted = weighted;
        return;
      }
    });
    return best;
  }

  mayTake(agent: Agent, entry: QueueEntry, now: number): boolean {
    if (entry.stickyUntil > now && entry.lastAgentId !== agent.id) return false;
    return meetsAny(agent, entry.profiles);
  }

  /** The customer's last agent when they may take this call now. */
  #lastAgent(entry: QueueEntry): Agent | undefined {
    if (entry.lastAgentId === undefined) return undefined;
    const agent = this.#registry.get(entry.lastAgentId);
    return agent && this.#registry.isRoutable(agent) && meetsAny(agent, entry.profiles)
      ? agent
      : undefined;
  }

  /** Ready agents who would be eligible but for their unregistered device (at most `limit`). */
  #unreachable(entry: QueueEntry, limit: number): { agentId: string; reason: SkipReason }[] {
    const out: { agentId: string; reason: SkipReason }[] = [];
    for (const agent of this.#registry.unreachableAgents()) {
      if (out.length >= limit) break;
      if (meetsAny(agent, entry.profiles))
        out.push({ agentId: agent.id, reason: 'device-unregistered' });
    }
    return out;
  }
}
