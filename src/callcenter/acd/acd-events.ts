// The queues' events as they go into the event log (stream `queue:<queue>`; the call's id is in
// the payload). Each statistic of METRICS.md is counted from the event of the moment it names:
// offered at queue.joined (the wait starts there), answered and its wait at queue.answered,
// abandoned / timed out / left for callback at queue.left, AHT parts at queue.call-handled.
import type { AgentEvents, SkillRequirement } from '../agents/index.ts';
import type { EscalationAction, QueueTarget } from './queue-config.ts';

export type RoutingTrigger =
  'call-joined' | 'agent-ready' | 'requeued' | 'escalated' | 'sticky-expired' | 'callback-retry';

export type SkipReason = 'device-unregistered' | 'held-for-last-agent';

export interface QueueEvents {
  'queue.joined': {
    callId: string;
    queue: string;
    priority: number;
    skills: SkillRequirement[];
    position: number;
    ewtSeconds: number | null;
    lastAgentId?: string;
  };
  /** Not admitted (offered is not counted): the caller goes to the overflow target. */
  'queue.refused': {
    callId: string;
    queue: string;
    reason: 'queue-full';
    waiting: number;
    maxWaiting: number;
    overflow: QueueTarget;
  };
  /** One routing decision: who could take the call, whom the strategy picked, and why. */
  'queue.routed': {
    callId: string;
    queue: string;
    trigger: RoutingTrigger;
    strategy: string;
    requirements: SkillRequirement[];
    /** Eligible agents (the first 100; eligibleCount has them all). */
    eligible: string[];
    eligibleCount: number;
    /** Ready agents with the skills who were passed over, and why. */
    skipped: { agentId: string; reason: SkipReason }[];
    picked: string[];
    why: string;
    waitMs: number;
  };
  /** Back in the waiting list at the place its original entry time gives it. */
  'queue.requeued': {
    callId: string;
    queue: string;
    position: number;
    reason: 'ring-no-answer' | 'offer-cancelled';
  };
  'queue.answered': { callId: string; queue: string; agentId: string; waitMs: number };
  'queue.left': {
    callId: string;
    queue: string;
    reason: 'abandoned' | 'max-wait' | 'escalation' | 'callback';
    waitMs: number;
    to?: QueueTarget;
  };
  'queue.escalated': {
    callId: string;
    queue: string;
    step: number;
    action: EscalationAction;
    waitMs: number;
  };
  /** After-call work ended: the handled call's AHT parts (METRICS.md: counted now). */
  'queue.call-handled': {
    callId: string;
    queue: string;
    agentId: string;
    talkMs: number;
    holdMs: number;
    afterCallWorkMs: number;
  };
  'queue.callback-attempt': { callId: string; queue: string; agentId: string; attempt: number };
  'queue.callback-result': {
    callId: string;
    queue: string;
    attempt: number;
    outcome: 'connected' | 'customer-no-answer' | 'customer-busy' | 'agent-no-answer';
    /** When the next attempt joins the line again (none: no retry). */
    retryAt?: number;
    final: boolean;
  };
}

/** Every queue event type, for readers that select them from the log. */
export const queueEventTypes = [
  'queue.joined',
  'queue.refused',
  'queue.routed',
  'queue.requeued',
  'queue.answered',
  'queue.left',
  'queue.escalated',
  'queue.call-handled',
  'queue.callback-attempt',
  'queue.callback-result',
] as const satisfies readonly (keyof QueueEvents)[];

// Fails to compile when a queue event is missing from the list above.
type MissingQueueEventTypes = Exclude<keyof QueueEvents, (typeof queueEventTypes)[number]>;
const _allQueueEventTypesListed: MissingQueueEventTypes extends never ? true : never = true;
void _allQueueEventTypesListed;

declare module '../../store/event-catalogue.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merging the queue events into the open catalogue
  interface EventCatalogue extends QueueEvents {}
}

export interface AcdEvents extends AgentEvents, QueueEvents {}

/** Where the ACD sends its events (the same shape as the call model's CallEventSink). */
export type AcdEventSink = <K extends keyof AcdEvents>(
  type: K,
  stream: string,
  payload: AcdEvents[K],
  at: number,
) => void;

export function queueStream(queue: string): string {
  return `queue:${queue}`;
}
