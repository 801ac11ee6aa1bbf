// Supervisors on live calls, for the CTI live state: each call's monitors as the log moves them
// (started: the supervisor's phone rings; answered; mode changed; ended), and which phone (leg)
// is whose monitor, since the log tells a phone's answer and end by its leg alone.
import type { StoredEvent } from '../../store/index.ts';
import type { CtiCall } from './cti-events.ts';

/** The log events that move a monitor (a leg answering may be a supervisor's phone). */
export type MonitorStoredEvent = Extract<
  StoredEvent,
  { type: 'call.monitor-started' | 'call.monitor-changed' | 'call.monitor-ended' | 'leg.answered' }
>;

/** The supervisor's username from the log's actor label (`user:<name>`). */
export const supervisorOf = (by: string): string => (by.startsWith('user:') ? by.slice(5) : by);

export class CallMonitors {
  readonly #callOf: (callId: string) => CtiCall | undefined;
  /** Supervisors' phones on live calls, by leg. */
  readonly #legs = new Map<string, { callId: string; supervisor: string }>();

  constructor(callOf: (callId: string) => CtiCall | undefined) {
    this.#callOf = callOf;
  }

  /** Whose monitor a leg is: the call and the supervisor; undefined for any other leg. */
  legOf(legId: string): { callId: string; supervisor: string } | undefined {
    return this.#legs.get(legId);
  }

  /** Moves the call's monitors with one event. */
  fold(event: MonitorStoredEvent): void {
    if (event.type === 'call.monitor-started') {
      const p = event.payload;
      const call = this.#callOf(p.callId);
      if (!call) return;
      const supervisor = supervisorOf(p.by);
      this.#legs.set(p.legId, { callId: p.callId, supervisor });
      call.monitors = [
        ...(call.monitors ?? []).filter((m) => m.supervisor !== supervisor),
        { supervisor, extension: p.extension, mode: p.mode, phase: 'ringing', since: event.time },
      ];
      return;
    }
    if (event.type === 'call.monitor-changed') {
      const supervisor = supervisorOf(event.payload.by);
      const monitor = this.#callOf(event.payload.callId)?.monitors?.find(
        (m) => m.supervisor === supervisor,
      );
      if (monitor && monitor.mode !== event.payload.mode) {
        monitor.mode = event.payload.mode;
        monitor.since = event.time;
      }
      return;
    }
    const leg = this.#legs.get(event.payload.legId);
    if (!leg) return;
    const call = this.#callOf(leg.callId);
    if (event.type === 'leg.answered') {
      const monitor = call?.monitors?.find((m) => m.supervisor === leg.supervisor);
      if (monitor) monitor.phase = 'joined';
      return;
    }
    this.#legs.delete(event.payload.legId);
    if (!call?.monitors) return;
    const rest = call.monitors.filter((m) => m.supervisor !== leg.supervisor);
    if (rest.length > 0) call.monitors = rest;
    else delete call.monitors;
  }

  /** The call's end takes its supervisors with it (no monitor-ended is logged then). */
  callEnded(callId: string): void {
    for (const [legId, leg] of this.#legs) if (leg.callId === callId) this.#legs.delete(legId);
  }
}
