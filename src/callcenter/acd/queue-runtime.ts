// A queue at run time (its config, waiting list, strategy, measured handle time, staffing) and
// one waiting entry: a live call, or a callback keeping the caller's place.
import type { TimerHandle } from '../../platform/index.ts';
import type { Agent, SkillRequirement } from '../agents/index.ts';
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
  readonly queue: QueueRuntime;
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
  callback: { number: string; attempts: number; agent?: Agent; timer?: TimerHandle } | undefined;
}

export class QueueRuntime {
  readonly config: QueueConfig;
  readonly waiting = new WaitingList<QueueEntry>();
  readonly strategy: RoutingStrategy;
  readonly handleTime: HandleTimeAverage;
  /** Agents meeting the queue's skills in a serving state (ready, ringing, talking, wrap-up). */
  staffed = 0;
  /** Live calls waiting or ringing (callbacks excluded): compared with maxWaiting. */
  live = 0;

  constructor(config: QueueConfig, strategy: RoutingStrategy) {
    this.config = config;
    this.strategy = strategy;
    this.handleTime = new HandleTimeAverage(config.expectedHandleSeconds * 1000);
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
