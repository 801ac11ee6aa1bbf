// A queue at run time (its config, waiting list, strategy, measured handle time, staffing) and
// one waiting entry: a live call, or a callback keeping the caller's place.
import type { TimerHandle } from '../../platform/index.ts';
import {
  byOrdinal,
  ReadyBucket,
  SortedAgents,
  type Agent,
  type SkillRequirement,
} from '../agents/index.ts';
import { queueStream } from './acd-events.ts';
import { estimatedWaitSeconds, HandleTimeAverage } from './ewt.ts';
import type { QueueConfig } from './queue-config.ts';
import type { RoutingStrategy } from './strategies/index.ts';
import { WaitingList, type WaitingKey } from './waiting-list.ts';

export interface Offer {
  agent: Agent;
  offeredAt: number;
  timer: TimerHandle;
}

export interface QueueEntry extends WaitingKey {
  readonly callId: string;
  /** Changes only when a removed queue's calls move to another (Acd.updateQueues). */
  queue: QueueRuntime;
  /** The call's own requirements (the queue's are added by profiles()). */
  readonly skills: readonly SkillRequirement[];
  kind: 'call' | 'callback';
  /** waiting: in the list; offering: ringing agents; retry-wait: a callback between attempts. */
  status: 'waiting' | 'offering' | 'retry-wait';
  readonly offers: Map<string, Offer>;
  lastAgentId: string | undefined;
  /** Until then only the last agent may take the call (0: no sticky hold). */
  stickyUntil: number;
  /** Escalation so far: levels relaxed, queues whose agents were added. */
  relaxBy: number;
  readonly extraQueues: QueueRuntime[];
  /** Requirement sets of which an agent must meet one; recomputed on escalation. */
  profiles: SkillRequirement[][];
  nextStep: number;
  nextAnnounceAt: number;
  deadline: TimerHandle | undefined;
  callerNumber: string | undefined;
  callback:
    | {
        number: string;
        attempts: number;
        agent?: Agent;
        timer?: TimerHandle;
        /** The place is given up at this time (the queue's callback.expirySeconds). */
        expiresAt: number;
        expiry?: TimerHandle;
      }
    | undefined;
}

export class QueueRuntime {
  /** Replaced as a whole by Acd.updateQueues. */
  config: QueueConfig;
  /** The queue's event stream name. */
  readonly stream: string;
  readonly waiting = new WaitingList<QueueEntry>();
  strategy: RoutingStrategy;
  handleTime: HandleTimeAverage;
  /** Removed from the configuration: takes no new calls, drains or moves what it has. */
  closed = false;
  /** Where a closed queue sends calls that come back to the line (a failed ring, a retry). */
  movedTo: QueueRuntime | undefined;
  /**
   * Agents meeting the queue's skills in a serving state (ready, ringing, talking, wrap-up) on
   * a registered device: the N of EWT.
   */
  staffed = 0;
  /**
   * For a queue of several skills, its own routable agents and members (login order), kept
   * like the skill index: the skill buckets would need every agent checked for the other
   * skills, and few agents serve such a queue, so keeping these costs little.
   */
  lists: { ready: ReadyBucket; members: SortedAgents } | undefined;
  /** Live calls waiting or ringing (callbacks excluded): compared with maxWaiting. */
  live = 0;

  constructor(config: QueueConfig, strategy: RoutingStrategy) {
    this.config = config;
    this.strategy = strategy;
    this.stream = queueStream(config.name);
    this.handleTime = new HandleTimeAverage(config.expectedHandleSeconds * 1000);
    this.lists = QueueRuntime.listsFor(config);
  }

  static listsFor(config: QueueConfig): QueueRuntime['lists'] {
    return config.skills.length > 1
      ? { ready: new ReadyBucket(), members: new SortedAgents(byOrdinal) }
      : undefined;
  }

  get name(): string {
    return this.config.name;
  }

  ewtSeconds(position: number): number | null {
    return estimatedWaitSeconds(position, this.handleTime.averageMs, this.staffed);
  }
}

/** Merges requirement lists, keeping the highest minimum per skill. */
export function mergeRequirements(...lists: (readonly SkillRequirement[])[]): SkillRequirement[] {
  const bySkill = new Map<string, number>();
  for (const list of lists)
    for (const r of list) bySkill.set(r.skill, Math.max(bySkill.get(r.skill) ?? 0, r.minLevel));
  return [...bySkill].map(([skill, minLevel]) => ({ skill, minLevel }));
}

/** The entry's requirement sets: its queue's (relaxed), then each added queue's. */
export function entryProfiles(entry: QueueEntry): SkillRequirement[][] {
  // The common case shares the queue's own list (never mutated), as routing compares them.
  if (entry.skills.length === 0 && entry.relaxBy === 0 && entry.extraQueues.length === 0)
    return [entry.queue.config.skills];
  const relax = (list: SkillRequirement[]) =>
    list.map((r) => ({ skill: r.skill, minLevel: Math.max(1, r.minLevel - entry.relaxBy) }));
  return [
    relax(mergeRequirements(entry.queue.config.skills, entry.skills)),
    ...entry.extraQueues.map((q) => relax(mergeRequirements(q.config.skills, entry.skills))),
  ];
}

export function meetsAny(agent: Agent, profiles: readonly SkillRequirement[][]): boolean {
  for (const p of profiles) if (agent.meets(p)) return true;
  return false;
}

/** Whether two requirement lists are the same, in the same order (a relaxation may change nothing). */
export function sameRequirements(
  a: readonly SkillRequirement[],
  b: readonly SkillRequirement[],
): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++)
    if (a[i]!.skill !== b[i]!.skill || a[i]!.minLevel !== b[i]!.minLevel) return false;
  return true;
}
