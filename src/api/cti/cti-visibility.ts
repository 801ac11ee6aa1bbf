// Who sees which CTI event. Admins see everything, and so does a supervisor without a team. A
// supervisor whose agent profile names a team sees that team's agents and their calls, and every
// queue (calls waiting, figures): the line is the whole center's. Everyone else sees their own
// agent's events and calls, and what happens in the queues they serve: calls joining and leaving
// the line, and the queue's figures. Another agent's calls and states are never shown to an agent.
// Supervisors on a call: those who see the call see them; an agent sees on their own call only a
// supervisor they hear (whisper, barge), never silent listening.
import { isAllowed, type Actor } from '../auth/index.ts';
import type { CtiCall, CtiEvent } from './cti-events.ts';

export interface CtiViewer {
  name: string;
  role: Actor['role'];
  /** Sees every event (admin, supervisor: the `cti:see-all` permission). */
  seesAll: boolean;
  /** Receives telephony health (the `telephony:read` permission: supervisors, admins). */
  seesTelephony: boolean;
  /** The viewer as an agent (their username), or null. */
  agentId: string | null;
  /** The queues the viewer serves now (read per event: skills change while connected). */
  queues(): ReadonlySet<string>;
  /** A supervisor's team: its agents (read per event: profiles change while connected); else null. */
  team: (() => ReadonlySet<string>) | null;
}

/** Teams from the agent profiles: who is in which. */
export interface CtiTeams {
  teamOf(agentId: string): string | null;
  teamMembers(team: string): ReadonlySet<string>;
}

export function ctiViewer(
  actor: Actor,
  queuesOf: (agentId: string) => readonly string[],
  teams?: CtiTeams,
): CtiViewer {
  const mayAll = actor.role !== null && isAllowed(actor.role, 'cti:see-all');
  // Read at connect: a supervisor moved to another team reconnects to see it.
  const teamName = mayAll && actor.role === 'supervisor' && teams ? teams.teamOf(actor.name) : null;
  const seesAll = mayAll && teamName === null;
  const agentId = actor.userId === null ? null : actor.name;
  return {
    name: actor.name,
    role: actor.role,
    team: teamName === null ? null : () => teams!.teamMembers(teamName),
    seesAll,
    seesTelephony: actor.role !== null && isAllowed(actor.role, 'telephony:read'),
    agentId,
    queues: () => new Set(agentId === null ? [] : queuesOf(agentId)),
  };
}

/** What an event is about, for filtering: an agent's, a queue's, or neither (center-wide). */
export function scopeOf(event: CtiEvent): { agentId: string | null; queue: string | null } {
  switch (event.type) {
    case 'agent.state-changed':
    case 'agent.device-changed':
      return { agentId: event.agentId, queue: null };
    case 'call.offered':
      // Still in the IVR, in no queue: the center's business.
      return { agentId: null, queue: null };
    case 'call.queued':
    case 'call.left-queue':
      return { agentId: null, queue: event.queue };
    case 'call.alerting':
    case 'call.ringing':
    case 'call.answer-failed':
    case 'call.answered':
    case 'call.held':
    case 'call.resumed':
    case 'call.transferred':
    case 'call.consult':
    case 'call.monitor':
      return { agentId: event.agentId, queue: null };
    case 'call.ended':
      return event.agentId !== null
        ? { agentId: event.agentId, queue: null }
        : { agentId: null, queue: event.queue };
    case 'queue.statistics-changed':
      return { agentId: null, queue: event.figures.queue };
  }
}

function allowed(
  viewer: CtiViewer,
  scope: { agentId: string | null; queue: string | null },
  queues: () => ReadonlySet<string>,
): boolean {
  if (viewer.seesAll) return true;
  if (viewer.team)
    return (
      scope.agentId === null || scope.agentId === viewer.agentId || viewer.team().has(scope.agentId)
    );
  if (scope.agentId !== null) return scope.agentId === viewer.agentId;
  if (scope.queue !== null) return queues().has(scope.queue);
  return false;
}

export function isVisible(viewer: CtiViewer, event: CtiEvent): boolean {
  return viewOf(viewer, event, () => viewer.queues()) !== undefined;
}

/**
 * A monitor event as an agent hears it: whisper and barge as they are; a switch from them to
 * listen as the supervisor leaving; listening itself not at all.
 */
function monitorForAgent(event: Extract<CtiEvent, { type: 'call.monitor' }>): CtiEvent | undefined {
  // A switch from listening is, to the agent, the supervisor arriving: they never heard them before.
  if (event.mode !== 'listen')
    return event.previousMode === 'listen' ? { ...event, previousMode: null } : event;
  const wasHeard = event.previousMode !== null && event.previousMode !== 'listen';
  if (!wasHeard || event.phase === 'ended') return undefined;
  return { ...event, mode: event.previousMode!, phase: 'ended' };
}

/** The event as the viewer may see it, or undefined. */
function viewOf(
  viewer: CtiViewer,
  event: CtiEvent,
  queues: () => ReadonlySet<string>,
): CtiEvent | undefined {
  if (!allowed(viewer, scopeOf(event), queues)) return undefined;
  if (event.type === 'call.monitor' && !supervises(viewer)) return monitorForAgent(event);
  return event;
}

/** Whether the viewer sees the agent's state: their own, their team's, or everyone's. */
export function seesAgent(viewer: CtiViewer, agentId: string): boolean {
  return viewer.seesAll || agentId === viewer.agentId || (viewer.team?.().has(agentId) ?? false);
}

/**
 * Whether the viewer supervises (admins, supervisors): sees every queue's line and figures, not
 * only theirs, and supervisors on calls as they are (an agent hears of whisper and barge only).
 */
export function supervises(viewer: CtiViewer): boolean {
  return viewer.seesAll || viewer.team !== null;
}

/** Keeps what the viewer may see of one frame's events (the queue set is read once). */
export function visibleEvents(viewer: CtiViewer, events: readonly CtiEvent[]): CtiEvent[] {
  if (viewer.seesAll) return [...events];
  let queues: ReadonlySet<string> | undefined;
  const once = () => (queues ??= viewer.queues());
  return events.flatMap((e) => viewOf(viewer, e, once) ?? []);
}

/** A visible live call as the viewer sees it: an agent is not shown who listens in silently. */
export function callForViewer(viewer: CtiViewer, call: CtiCall): CtiCall {
  if (!call.monitors) return call;
  const monitors = supervises(viewer)
    ? call.monitors
    : call.monitors.filter((m) => m.mode !== 'listen');
  const { monitors: _all, ...rest } = call;
  return monitors.length > 0 ? { ...rest, monitors: monitors.map((m) => ({ ...m })) } : rest;
}

/** A live call is its agent's once it reached one; before that its queue's. */
export function isCallVisible(
  viewer: CtiViewer,
  call: CtiCall,
  queues: ReadonlySet<string>,
): boolean {
  return allowed(viewer, { agentId: call.agentId, queue: call.queue }, () => queues);
}
