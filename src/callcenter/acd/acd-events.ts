// The queues' events as they go into the event log (stream `queue:<queue>`; the call's id is in
// the payload). Each statistic of METRICS.md is counted from the event of the moment it names:
// offered at queue.joined (the wait starts there), answered and its wait at queue.answered,
// abandoned / timed out / left for callback at queue.left, AHT parts at queue.call-handled.
import type { AgentEvents, SkillRequirement } from '../agents/index.ts';
import type { EscalationAction, QueueTarget } from './queue-config.ts';

export type RoutingTrigger =
  | 'call-joined'
  | 'agent-ready'
  | 'requeued'
  | 'escalated'
  | 'sticky-expired'
  | 'callback-retry'
  /** The queue's configuration changed, or the call moved here from a removed queue. */
  | 'queue-updated';

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
    /** Moved here from a removed queue (updateQueues); the wait still counts from the first entry. */
    movedFrom?: string;
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
    /**
     * The candidates the strategy considered, best first (the pick, then the runners-up; at
     * most 3): bounded, so a decision costs the same with ten eligible agents or ten thousand.
     * eligibleCount is the exact number.
     */
    eligible: string[];
    eligibleCount: number;
    /** Ready agents with the skills who were passed over, and why (at most 3). */
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
    reason: 'abandoned' | 'max-wait' | 'escalation' | 'callback' | 'moved';
    waitMs: number;
    to?: QueueTarget;
    /** The queue a removed queue's call moved to (reason `moved`). */
    movedTo?: string;
  };
  /** A waiting caller was told their place and estimated wait (null: not announced or unknown). */
  'queue.announced': {
    callId: string;
    queue: string;
    position: number | null;
    ewtSeconds: number | null;
    /** Agents staffing the queue when the EWT was computed. */
    staffed: number;
  };
  /** The queue's configuration was applied live (Acd.updateQueues) or it was defined. */
  'queue.configured': {
    queue: string;
    /** closed: removed from the configuration, draining or moving its calls; removed: gone. */
    change: 'added' | 'changed' | 'closed' | 'removed';
    /** Calls waiting in line at that moment. */
    waiting: number;
    movedTo?: string;
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
    /** Set when the handling ended early: the agent was logged out during the call. */
    cause?: 'agent-logged-out';
  };
  'queue.callback-attempt': { callId: string; queue: string; agentId: string; attempt: number };
  'queue.callback-result': {
    callId: string;
    queue: string;
    attempt: number;
    /** expired: the callback's place was given up after the queue's callback.expirySeconds. */
    outcome: 'connected' | 'customer-no-answer' | 'customer-busy' | 'agent-no-answer' | 'expired';
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
  'queue.announced',
  'queue.configured',
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
