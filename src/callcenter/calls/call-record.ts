// The call detail record (CDR) as a projection of the call's events: one pure
// reducer, so the record can always be rebuilt from the log and the live view
// and the stored one agree (METRICS.md rule 2). Durations follow METRICS.md:
// wait runs from queue entry, talk from connect to end without hold.
import type { CallEvents } from './call-events.ts';
import type { CallState } from './call-state.ts';

export interface CallRecord {
  callId: string;
  startedAt: number;
  endedAt: number | null;
  caller: string;
  callerE164: string | null;
  callerName: string | null;
  dialed: string;
  source: string;
  /** Inbound (the customer called), or outbound (an agent dialed the customer). */
  direction: 'inbound' | 'outbound';
  flow: string | null;
  ivrPath: string[];
  ivrOutcome: string | null;
  /** The self-service the IVR gave the caller: the last node reached that the flow marks so. */
  selfService: string | null;
  /**
   * Contained in the IVR (METRICS.md): the call ended in the IVR after a self-service, never
   * queued nor connected to anyone. False until the call ends.
   */
  ivrContained: boolean;
  language: string | null;
  vars: Record<string, string>;
  queue: string | null;
  queuedAt: number | null;
  /** Whom the call reached (an agent's extension, a number). */
  connectedTo: string | null;
  /** The agent who took the call (from a queue). */
  agentId: string | null;
  connectedAt: number | null;
  /** From queue entry to answer, for answered calls; from queue entry to leaving it otherwise. */
  waitMs: number | null;
  talkMs: number | null;
  holdMs: number;
  /** When the current hold began (open holds count until the call ends). */
  heldSince: number | null;
  endedIn: CallState | null;
  endCause: string | null;
  endedBy: string | null;
  recordings: { recordingId: string; path: string; durationMs: number }[];
  voicemail: string | null;
  callbackNumber: string | null;
  surveyScore: number | null;
  /**
   * Each connection of the customer to someone, in order: one for most calls, one more after
   * every transfer. Talk time is their sum without hold.
   */
  segments: CallSegment[];
  /** The customer the caller's number matched, when exactly one did. */
  customerId: string | null;
  /** The wrap-up disposition code and the agent's notes. */
  disposition: string | null;
  notes: string | null;
  /** The last event folded in: a reader compares views by it (METRICS.md rule 2). */
  lastEventId: number;
}

export interface CallSegment {
  /** The agent's extension or the number the customer talked to. */
  target: string;
  agentId: string | null;
  queue: string | null;
  connectedAt: number;
  endedAt: number | null;
  /** How the segment ended: `transfer` (and where to), or the call's end. */
  transferredTo: string | null;
}

/** A record stored before a field existed gets that field's empty value. */
export function withRecordDefaults(record: CallRecord): CallRecord {
  return {
    ...record,
    segments: record.segments ?? [],
    customerId: record.customerId ?? null,
    disposition: record.disposition ?? null,
    notes: record.notes ?? null,
    direction: record.direction ?? 'inbound',
    selfService: record.selfService ?? null,
    ivrContained: record.ivrContained ?? false,
  };
}

export type CallRecordEvent = {
  [K in keyof CallEvents]: { id: number; time: number; type: K; payload: CallEvents[K] };
}[keyof CallEvents];

export function isCallRecordEvent(event: { type: string }): event is CallRecordEvent {
  return event.type.startsWith('call.');
}

/** Folds one event into the record; `call.offered` starts it, every other event needs it. */
export function applyCallEvent(
  record: CallRecord | undefined,
  event: CallRecordEvent,
): CallRecord | undefined {
  if (event.type === 'call.offered') {
    const p = event.payload;
    return {
      callId: p.callId,
      startedAt: event.time,
      endedAt: null,
      caller: p.caller.number,
      callerE164: p.caller.e164 ?? null,
      callerName: p.caller.displayName ?? null,
      dialed: p.dialed,
      source: p.source,
      direction: p.direction ?? 'inbound',
      flow: null,
      ivrPath: [],
      ivrOutcome: null,
      selfService: null,
      ivrContained: false,
      language: null,
      vars: {},
      queue: null,
      queuedAt: null,
      connectedTo: null,
      agentId: null,
      connectedAt: null,
      waitMs: null,
      talkMs: null,
      holdMs: 0,
      heldSince: null,
      endedIn: null,
      endCause: null,
      endedBy: null,
      recordings: [],
      voicemail: null,
      callbackNumber: null,
      surveyScore: null,
      segments: [],
      customerId: null,
      disposition: null,
      notes: null,
      lastEventId: event.id,
    };
  }
  if (!record || event.id <= record.lastEventId) return record;
  const r: CallRecord = { ...withRecordDefaults(record), lastEventId: event.id };
  switch (event.type) {
    case 'call.ivr-started':
      r.flow = event.payload.flow;
      break;
    case 'call.ivr-node':
      r.ivrPath = [...r.ivrPath, event.payload.node];
      r.selfService = event.payload.selfService ?? r.selfService;
      break;
    case 'call.ivr-finished':
      r.ivrOutcome = event.payload.outcome;
      r.vars = { ...r.vars, ...event.payload.vars };
      r.language = event.payload.language ?? r.language;
      break;
    case 'call.queued':
      r.queue = event.payload.queue;
      // Wait counts from the first queue entry (a call sent on to another queue keeps its wait).
      r.queuedAt ??= event.time;
      break;
    case 'call.left-queue':
      // Wait ends when the call leaves the queue, not when the flow it went on to ends.
      if (r.queuedAt !== null && r.connectedAt === null) r.waitMs = event.time - r.queuedAt;
      break;
    case 'call.alerting':
      break;
    case 'call.connected':
      r.segments = [
        ...r.segments,
        {
          target: event.payload.target,
          agentId: event.payload.agentId ?? null,
          queue: r.queue,
          connectedAt: event.time,
          endedAt: null,
          transferredTo: null,
        },
      ];
      // The first connection answers the call: wait (from queue entry), agent and answer time.
      if (r.connectedAt !== null) break;
      r.connectedTo = event.payload.target;
      r.agentId = event.payload.agentId ?? null;
      r.connectedAt = event.time;
      if (r.queuedAt !== null) r.waitMs = event.time - r.queuedAt;
      break;
    case 'call.transferred': {
      const { to } = event.payload;
      // A transfer from hold ends the hold: the next agent's call is not hold time.
      if (r.heldSince !== null) r.holdMs += event.time - r.heldSince;
      r.heldSince = null;
      r.segments = closeSegment(
        r.segments,
        event.time,
        to.kind === 'queue' ? to.queue : to.kind === 'extension' ? to.extension : to.number,
      );
      break;
    }
    case 'call.customer-matched':
      r.customerId = event.payload.customerId ?? null;
      break;
    case 'call.disposition-set':
      r.disposition = event.payload.code;
      r.notes = event.payload.notes ?? null;
      break;
    case 'call.held':
      r.heldSince ??= event.time;
      break;
    case 'call.resumed':
      if (r.heldSince !== null) r.holdMs += event.time - r.heldSince;
      r.heldSince = null;
      break;
    case 'call.recording-finished':
      r.recordings = [
        ...r.recordings,
        {
          recordingId: event.payload.recordingId,
          path: event.payload.path,
          durationMs: event.payload.durationMs,
        },
      ];
      break;
    case 'call.voicemail':
      r.voicemail = event.payload.recordingId;
      break;
    case 'call.callback-requested':
      r.callbackNumber = event.payload.number;
      break;
    case 'call.survey-answered':
      r.surveyScore = event.payload.score;
      break;
    case 'call.ended': {
      r.endedAt = event.time;
      r.endedIn = event.payload.from;
      r.endCause = event.payload.cause;
      r.endedBy = event.payload.by;
      // Served by the IVR alone: a caller who asked for an agent afterwards was not contained.
      r.ivrContained =
        r.endedIn === 'ivr' &&
        r.selfService !== null &&
        r.queuedAt === null &&
        r.connectedAt === null;
      if (r.heldSince !== null) r.holdMs += event.time - r.heldSince;
      r.heldSince = null;
      r.segments = closeSegment(r.segments, event.time, null);
      if (r.connectedAt !== null) r.talkMs = talkOf(r.segments) - r.holdMs;
      // A call that left the queue by hanging up waited until then.
      else if (r.queuedAt !== null && r.waitMs === null) r.waitMs = event.time - r.queuedAt;
      break;
    }
  }
  return r;
}

function closeSegment(
  segments: CallSegment[],
  at: number,
  transferredTo: string | null,
): CallSegment[] {
  const last = segments.at(-1);
  if (!last || last.endedAt !== null) return segments;
  return [...segments.slice(0, -1), { ...last, endedAt: at, transferredTo }];
}

function talkOf(segments: CallSegment[]): number {
  let ms = 0;
  for (const s of segments) if (s.endedAt !== null) ms += s.endedAt - s.connectedAt;
  return ms;
}
