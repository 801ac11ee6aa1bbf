// The CTI state the desk and the wallboard show: a snapshot with each event
// folded in as the server's live state folds it. The event types are the
// server's own TypeBox schemas (src/api/cti/cti-events.ts).
import type {
  CtiAgent,
  CtiCall,
  CtiEvent,
  CtiMonitor,
  CtiQueueFigures,
  CtiSnapshot,
} from '../../../src/api/cti/cti-events.ts';
import type { TelephonyHealth } from '../../../src/api/cti/telephony-health.ts';

export type {
  CtiAgent,
  CtiCall,
  CtiEvent,
  CtiMonitor,
  CtiQueueFigures,
  CtiSnapshot,
  TelephonyHealth,
};

export interface CtiState {
  seq: number;
  agents: ReadonlyMap<string, CtiAgent>;
  calls: ReadonlyMap<string, CtiCall>;
  queues: ReadonlyMap<string, CtiQueueFigures>;
  /** Telephony health (supervisors and admins); null when the server sends none. */
  telephony: TelephonyHealth | null;
}

export const emptyCti: CtiState = {
  seq: 0,
  agents: new Map(),
  calls: new Map(),
  queues: new Map(),
  telephony: null,
};

export function fromSnapshot(snapshot: CtiSnapshot): CtiState {
  return {
    seq: snapshot.seq,
    agents: new Map(snapshot.agents.map((a) => [a.agentId, a])),
    calls: new Map(snapshot.calls.map((c) => [c.callId, c])),
    queues: new Map(snapshot.queues.map((q) => [q.queue, q])),
    telephony: snapshot.telephony ?? null,
  };
}

/** Takes pushed telephony health unless it is older than what the state holds. */
export function applyTelephonyHealth(state: CtiState, health: TelephonyHealth): CtiState {
  if (state.telephony !== null && state.telephony.time > health.time) return state;
  return { ...state, telephony: health };
}

/** Folds one event in, as the server's live state does (logged-out agents and ended calls go). */
export function applyCtiEvent(state: CtiState, event: CtiEvent): CtiState {
  const agents = new Map(state.agents);
  const calls = new Map(state.calls);
  const queues = new Map(state.queues);
  const moveCall = (callId: string, change: Partial<CtiCall>) => {
    const call = calls.get(callId);
    if (call) calls.set(callId, { ...call, stateSince: event.time, ...change });
  };
  switch (event.type) {
    case 'agent.state-changed': {
      if (event.state === 'logged-out') {
        agents.delete(event.agentId);
        break;
      }
      const before = agents.get(event.agentId);
      const onCall = ['reserved', 'on-call', 'held'].includes(event.state);
      agents.set(event.agentId, {
        agentId: event.agentId,
        state: event.state,
        reason: event.state === 'not-ready' ? event.reason : null,
        extension: event.extension ?? before?.extension ?? null,
        since: event.time,
        timeInStateMs: 0,
        registered: before?.registered ?? null,
        callId: onCall ? (event.callId ?? before?.callId ?? null) : null,
      });
      break;
    }
    case 'agent.device-changed': {
      const agent = agents.get(event.agentId);
      if (agent) agents.set(event.agentId, { ...agent, registered: event.registered });
      break;
    }
    case 'call.offered':
      calls.set(event.callId, {
        callId: event.callId,
        state: 'offered',
        caller: event.caller,
        dialed: event.dialed,
        queue: null,
        agentId: null,
        startedAt: event.time,
        stateSince: event.time,
        queuedAt: null,
      });
      break;
    case 'call.queued': {
      const call = calls.get(event.callId);
      // An agent who serves the queue may see the call first here (its IVR part is not theirs).
      calls.set(event.callId, {
        callId: event.callId,
        caller: event.caller ?? call?.caller ?? { number: '', e164: null, displayName: null },
        dialed: call?.dialed ?? '',
        startedAt: call?.startedAt ?? event.time,
        state: 'queued',
        queue: event.queue,
        agentId: null,
        stateSince: event.time,
        queuedAt: call?.queue === event.queue && call.queuedAt ? call.queuedAt : event.time,
      });
      break;
    }
    case 'call.alerting':
    case 'call.answered': {
      const call = calls.get(event.callId);
      const state = event.type === 'call.alerting' ? 'alerting' : 'connected';
      calls.set(event.callId, {
        callId: event.callId,
        caller: event.caller ?? call?.caller ?? { number: '', e164: null, displayName: null },
        dialed: call?.dialed ?? '',
        startedAt: call?.startedAt ?? event.time,
        queuedAt: call?.queuedAt ?? null,
        queue: event.queue ?? call?.queue ?? null,
        state,
        agentId: event.agentId,
        stateSince: event.time,
      });
      break;
    }
    case 'call.held':
      moveCall(event.callId, { state: 'held' });
      break;
    case 'call.resumed':
      moveCall(event.callId, { state: 'connected' });
      break;
    case 'call.transferred':
      moveCall(event.callId, { state: 'transferring', agentId: null });
      break;
    case 'call.consult': {
      const call = calls.get(event.callId);
      if (!call) break;
      if (event.phase === 'ended') {
        const { consult: _over, ...rest } = call;
        // Not completed: the customer is still on hold until the agent resumes.
        const held = event.reason !== 'completed' && call.state === 'transferring';
        calls.set(event.callId, held ? { ...rest, state: 'held', stateSince: event.time } : rest);
      } else {
        calls.set(event.callId, {
          ...call,
          ...(event.phase === 'ringing' ? { state: 'transferring', stateSince: event.time } : {}),
          consult: { phase: event.phase, target: event.target ?? call.consult?.target ?? null },
        });
      }
      break;
    }
    case 'call.monitor': {
      const call = calls.get(event.callId);
      if (!call) break;
      const current = call.monitors ?? [];
      const before = current.find((m) => m.supervisor === event.supervisor);
      const others = current.filter((m) => m !== before);
      let monitors: CtiMonitor[] = others;
      if (event.phase !== 'ended') {
        const monitor: CtiMonitor = {
          supervisor: event.supervisor,
          extension: event.extension ?? before?.extension ?? null,
          mode: event.mode,
          phase: event.phase,
          // When the current mode began, as the server's snapshot says it.
          since: before && before.mode === event.mode ? before.since : event.time,
        };
        monitors = before
          ? current.map((m) => (m === before ? monitor : m))
          : [...current, monitor];
      }
      const { monitors: _old, ...rest } = call;
      calls.set(event.callId, monitors.length > 0 ? { ...rest, monitors } : rest);
      break;
    }
    // The desk reads these as they come (answer from the desk); they change no call's state.
    case 'call.ringing':
    case 'call.answer-failed':
    case 'call.left-queue':
      break;
    case 'call.ended':
      calls.delete(event.callId);
      break;
    case 'queue.statistics-changed':
      queues.set(event.figures.queue, event.figures);
      break;
  }
  return { ...state, seq: Math.max(state.seq, event.seq), agents, calls, queues };
}
