// Turns stored domain events into CTI events: the desk and wallboard vocabulary (a call is
// "answered", not "connected to leg b"), enriched from what is known of the call so far (its
// queue, its agent, its caller), so each CTI event can be shown and filtered on its own.
import type { StoredEvent } from '../../store/index.ts';
import type { CtiCall, CtiEvent } from './cti-events.ts';
import { supervisorOf, type MonitorStoredEvent } from './cti-monitors.ts';

/** The calls known so far, by id (the live state's), read before the event is folded in. */
export type CallLookup = (callId: string) => CtiCall | undefined;

/** The supervisors' phones on calls so far, by leg: whose call and which supervisor it is. */
export type MonitorLegLookup = (
  legId: string,
) => { callId: string; supervisor: string } | undefined;

/**
 * The CTI events one stored event means (none for most: IVR steps, legs, users, …).
 * Queue statistics are not made here: the live state adds them after folding the event.
 */
export function toCtiEvents(
  event: StoredEvent,
  callOf: CallLookup,
  monitorLegOf: MonitorLegLookup = () => undefined,
): CtiEvent[] {
  const at = { seq: event.id, time: event.time };
  switch (event.type) {
    case 'agent.state-changed': {
      const p = event.payload;
      return [
        {
          ...at,
          type: 'agent.state-changed',
          agentId: p.agentId,
          state: p.to,
          previousState: p.from,
          previousStateMs: p.previousStateMs,
          reason: p.to === 'not-ready' ? (p.reasonCode ?? null) : null,
          extension: p.extension ?? null,
          callId: p.callId ?? null,
          queue: p.queue ?? null,
          ...(p.wrapUpMs !== undefined ? { wrapUpMs: p.wrapUpMs } : {}),
        },
      ];
    }
    case 'agent.device-changed':
      return [{ ...at, type: 'agent.device-changed', ...event.payload }];
    case 'call.offered': {
      const p = event.payload;
      return [
        {
          ...at,
          type: 'call.offered',
          callId: p.callId,
          caller: {
            number: p.caller.number,
            e164: p.caller.e164 ?? null,
            displayName: p.caller.displayName ?? null,
          },
          dialed: p.dialed,
        },
      ];
    }
    case 'call.queued': {
      const p = event.payload;
      return [
        {
          ...at,
          type: 'call.queued',
          callId: p.callId,
          queue: p.queue,
          priority: p.priority,
          caller: callOf(p.callId)?.caller ?? null,
        },
      ];
    }
    case 'call.alerting':
    case 'call.connected': {
      const p = event.payload;
      const call = callOf(p.callId);
      return [
        {
          ...at,
          type: event.type === 'call.alerting' ? 'call.alerting' : 'call.answered',
          callId: p.callId,
          agentId: p.agentId ?? null,
          target: p.target,
          queue: call?.queue ?? null,
          caller: call?.caller ?? null,
        },
      ];
    }
    case 'call.ringing': {
      const p = event.payload;
      return [
        {
          ...at,
          type: 'call.ringing',
          callId: p.callId,
          agentId: p.agentId ?? null,
          target: p.target,
          remoteAnswer: p.remoteAnswer,
        },
      ];
    }
    case 'call.answer-failed': {
      const p = event.payload;
      return [
        {
          ...at,
          type: 'call.answer-failed',
          callId: p.callId,
          agentId: p.agentId,
          reason: p.reason,
        },
      ];
    }
    case 'call.held':
    case 'call.resumed':
      return [
        {
          ...at,
          type: event.type,
          callId: event.payload.callId,
          agentId: callOf(event.payload.callId)?.agentId ?? null,
        },
      ];
    case 'call.transferred': {
      const p = event.payload;
      const to = p.to;
      return [
        {
          ...at,
          type: 'call.transferred',
          callId: p.callId,
          agentId: p.agentId ?? callOf(p.callId)?.agentId ?? null,
          to: {
            kind: to.kind,
            target:
              to.kind === 'queue' ? to.queue : to.kind === 'extension' ? to.extension : to.number,
          },
          transfer: p.attended ? 'attended' : 'blind',
        },
      ];
    }
    case 'call.consult-started':
    case 'call.consult-connected':
    case 'call.conference-started':
    case 'call.consult-ended': {
      const p = event.payload;
      const call = callOf(p.callId);
      const started = event.type === 'call.consult-started' ? event.payload : undefined;
      const target = started
        ? started.to.kind === 'extension'
          ? started.to.extension
          : started.to.number
        : (call?.consult?.target ?? null);
      return [
        {
          ...at,
          type: 'call.consult',
          callId: p.callId,
          agentId: call?.agentId ?? null,
          phase:
            event.type === 'call.consult-started'
              ? 'ringing'
              : event.type === 'call.consult-connected'
                ? 'connected'
                : event.type === 'call.conference-started'
                  ? 'conference'
                  : 'ended',
          target,
          reason: event.type === 'call.consult-ended' ? event.payload.reason : null,
        },
      ];
    }
    case 'call.monitor-started':
    case 'call.monitor-changed':
    case 'call.monitor-ended':
    case 'leg.answered':
      return monitorEvents(event, callOf, monitorLegOf);
    case 'call.ended': {
      const p = event.payload;
      const call = callOf(p.callId);
      // Only a call that reached an agent is theirs; one that ended waiting belongs to its queue.
      const reachedAgent = p.from !== 'queued' && p.from !== 'ivr' && p.from !== 'offered';
      return [
        {
          ...at,
          type: 'call.ended',
          callId: p.callId,
          agentId: reachedAgent ? (call?.agentId ?? null) : null,
          queue: call?.queue ?? null,
          from: p.from,
          cause: p.cause,
          by: p.by,
        },
      ];
    }
    // The ACD's view of leaving the line: members of the queue learn the call is no longer
    // waiting (answered by whom is the answering agent's business).
    case 'queue.answered':
      return [
        {
          ...at,
          type: 'call.left-queue',
          callId: event.payload.callId,
          queue: event.payload.queue,
          reason: 'answered',
          waitMs: event.payload.waitMs,
        },
      ];
    case 'queue.left':
      return [
        {
          ...at,
          type: 'call.left-queue',
          callId: event.payload.callId,
          queue: event.payload.queue,
          reason: event.payload.reason,
          waitMs: event.payload.waitMs,
        },
      ];
    default:
      return [];
  }
}

/** A supervisor's monitor moved on: started (their phone rings), joined, changed mode, ended. */
function monitorEvents(
  event: MonitorStoredEvent,
  callOf: CallLookup,
  monitorLegOf: MonitorLegLookup,
): CtiEvent[] {
  let callId: string;
  let supervisor: string;
  if (event.type === 'call.monitor-started' || event.type === 'call.monitor-changed') {
    callId = event.payload.callId;
    supervisor = supervisorOf(event.payload.by);
  } else {
    // Any leg answering; only a supervisor's phone we know of means something here.
    const leg = monitorLegOf(event.payload.legId);
    if (!leg) return [];
    ({ callId, supervisor } = leg);
  }
  const call = callOf(callId);
  const current = call?.monitors?.find((m) => m.supervisor === supervisor);
  const common = {
    seq: event.id,
    time: event.time,
    type: 'call.monitor' as const,
    callId,
    agentId: call?.agentId ?? null,
    supervisor,
    previousMode: current?.mode ?? null,
  };
  switch (event.type) {
    case 'call.monitor-started':
      return [
        {
          ...common,
          extension: event.payload.extension,
          mode: event.payload.mode,
          phase: 'ringing',
        },
      ];
    case 'call.monitor-changed':
      return [
        {
          ...common,
          extension: current?.extension ?? null,
          mode: event.payload.mode,
          phase: current?.phase ?? 'joined',
        },
      ];
    case 'leg.answered':
    case 'call.monitor-ended':
      // Nothing to tell of a monitor this state never saw start (before its horizon).
      if (!current) return [];
      return [
        {
          ...common,
          extension: current.extension,
          mode: current.mode,
          phase: event.type === 'leg.answered' ? 'joined' : 'ended',
        },
      ];
  }
}
