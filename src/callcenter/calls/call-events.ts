// The call model's events as they go into the event log (stream `call:<id>`):
// the CDR, the timeline and every statistic are projections of these.
import type { LegEndCause, LegSource, RemoteAnswerFailure } from '../../telephony/index.ts';
import type { CallState } from './call-state.ts';

export interface CallEvents {
  'call.offered': {
    callId: string;
    legId: string;
    caller: { number: string; e164?: string; displayName?: string };
    dialed: string;
    source: LegSource['kind'];
    /** An agent dialed the customer (click-to-call); `caller` is then the customer's number. */
    direction?: 'outbound';
    agentId?: string;
  };
  /** The caller's number matched customers; `customerId` when exactly one did. */
  'call.customer-matched': {
    callId: string;
    customerIds: string[];
    customerId?: string;
    tier?: string;
  };
  'call.ivr-started': { callId: string; flow: string; version?: number };
  /**
   * The IVR entered a node: together they are the IVR path. `selfService`: the node gives the
   * caller a self-service (the flow's marking), for IVR containment.
   */
  'call.ivr-node': { callId: string; node: string; nodeType: string; selfService?: string };
  'call.ivr-finished': {
    callId: string;
    outcome: string;
    path: string[];
    vars: Record<string, string>;
    language?: string;
  };
  'call.queued': {
    callId: string;
    queue: string;
    priority: number;
    skills: { skill: string; minLevel: number }[];
  };
  /** The call left its queue unanswered for another destination (a full queue, an escalation). */
  'call.left-queue': { callId: string; queue: string; reason: string; to: string };
  'call.alerting': { callId: string; legId: string; target: string; agentId?: string };
  /**
   * The phone of an agent-side leg rings (its 180/183). `remoteAnswer`: it takes remote answer,
   * so the agent may answer from the desk; told again when a later phone of the leg offers it.
   */
  'call.ringing': {
    callId: string;
    legId: string;
    target: string;
    agentId?: string;
    remoteAnswer: boolean;
  };
  /** The agent answered from the desk: their ringing phone is asked to pick up. */
  'call.answer-requested': { callId: string; legId: string; agentId: string };
  /** The phone did not pick up when asked (it still rings: the agent picks it up by hand). */
  'call.answer-failed': {
    callId: string;
    legId: string;
    agentId: string;
    reason: RemoteAnswerFailure;
    sipStatus?: number;
  };
  'call.connected': { callId: string; legId: string; target: string; agentId?: string };
  /** `by`: who held it through the API (`agent:<id>`, `user:<id>`); absent when the phone did. */
  'call.held': { callId: string; by?: string };
  'call.resumed': { callId: string; by?: string };
  /** A transfer: the leg (and agent) that left, and where the call went; `attended` after a consultation. */
  'call.transferred': {
    callId: string;
    legId: string;
    agentId?: string;
    to:
      | { kind: 'queue'; queue: string }
      | { kind: 'extension'; extension: string }
      | { kind: 'external'; number: string };
    by: string;
    attended?: boolean;
  };
  /** The agent consults before transferring: the customer is on hold and this leg rings. */
  'call.consult-started': {
    callId: string;
    legId: string;
    to: { kind: 'extension'; extension: string } | { kind: 'external'; number: string };
    by: string;
    /** The agent whose desk phone the consulted extension is. */
    agentId?: string;
  };
  /** The consulted party answered and talks to the agent. */
  'call.consult-connected': { callId: string; legId: string };
  /** The consultation is over: transferred (completed), cancelled, or the other side went. */
  'call.consult-ended': {
    callId: string;
    legId: string;
    reason: 'completed' | 'cancelled' | 'hung-up' | 'busy' | 'no-answer' | 'failed';
  };
  /** Customer, agent and the consulted party hear each other. */
  'call.conference-started': { callId: string; legId: string; by: string };
  /** A supervisor's phone is rung to listen to, whisper into or barge the call. */
  'call.monitor-started': {
    callId: string;
    legId: string;
    extension: string;
    mode: 'listen' | 'whisper' | 'barge';
    by: string;
  };
  'call.monitor-changed': { callId: string; mode: 'listen' | 'whisper' | 'barge'; by: string };
  'call.monitor-ended': { callId: string; legId: string };
  /** The agent's wrap-up: how the call ended for the business, and their notes. */
  'call.disposition-set': { callId: string; code: string; notes?: string; by: string };
  'call.voicemail': {
    callId: string;
    recordingId: string;
    path?: string;
    durationMs: number;
  };
  'call.recording-finished': {
    callId: string;
    recordingId: string;
    path: string;
    durationMs: number;
    reason: 'stopped' | 'endpoint-destroyed' | 'error';
  };
  'call.callback-requested': { callId: string; number: string; queue?: string };
  'call.survey-answered': { callId: string; score: number };
  'call.ended': {
    callId: string;
    /** The state the call was in when it ended (ended in the IVR, in the queue, …). */
    from: CallState;
    cause: LegEndCause | 'flow' | 'transfer-failed' | 'shutdown';
    by: 'customer' | 'agent' | 'supervisor' | 'system';
  };
}

/** Every call event type, for readers that select them from the log. */
export const callEventTypes = [
  'call.offered',
  'call.customer-matched',
  'call.ivr-started',
  'call.ivr-node',
  'call.ivr-finished',
  'call.queued',
  'call.left-queue',
  'call.alerting',
  'call.ringing',
  'call.answer-requested',
  'call.answer-failed',
  'call.connected',
  'call.held',
  'call.resumed',
  'call.transferred',
  'call.consult-started',
  'call.consult-connected',
  'call.consult-ended',
  'call.conference-started',
  'call.monitor-started',
  'call.monitor-changed',
  'call.monitor-ended',
  'call.disposition-set',
  'call.voicemail',
  'call.recording-finished',
  'call.callback-requested',
  'call.survey-answered',
  'call.ended',
] as const satisfies readonly (keyof CallEvents)[];

// Fails to compile when a call event is missing from the list above.
type MissingCallEventTypes = Exclude<keyof CallEvents, (typeof callEventTypes)[number]>;
const _allCallEventTypesListed: MissingCallEventTypes extends never ? true : never = true;
void _allCallEventTypesListed;

declare module '../../store/event-catalogue.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merging the call events into the open catalogue
  interface EventCatalogue extends CallEvents {}
}

/** Where the call model sends its events (the app batches them into the log). */
export type CallEventSink = <K extends keyof CallEvents>(
  type: K,
  stream: string,
  payload: CallEvents[K],
  at: number,
) => void;

export function callStream(callId: string): string {
  return `call:${callId}`;
}
