// The live state behind the desk and the wallboard: agents, calls in progress and queue figures,
// kept in memory by following the event log with a cursor (like the call record projector, it
// reads the log rather than trusting what it heard, so it never skips or reorders an event).
// Every log entry that means something to the desk becomes one frame of CTI events stamped with
// the entry's sequence number; recent frames are kept so a reconnecting client resumes exactly.
import type { Clock, Logger } from '../../platform/index.ts';
import type { EventStore, StoredEvent } from '../../store/index.ts';
import type { CtiAgent, CtiCall, CtiEvent, CtiSnapshot } from './cti-events.ts';
import { toCtiEvents } from './cti-mapper.ts';
import { CallMonitors } from './cti-monitors.ts';
import {
  callForViewer,
  isCallVisible,
  seesAgent,
  supervises,
  visibleEvents,
  type CtiViewer,
} from './cti-visibility.ts';
import {
  dayOf,
  defaultServiceLevel,
  isQueueFigureEvent,
  QueueFigures,
  startOfDay,
  type ServiceLevelSetting,
} from './queue-figures.ts';

/** What the live state needs to know of the ACD's configuration (the app wires it). */
export interface CtiDirectory {
  /** The queues an agent serves now (meets the skills of); empty when not logged in. */
  queuesOf(agentId: string): readonly string[];
  /** The configured queues and their service-level settings. */
  queues(): readonly { name: string; serviceLevel: ServiceLevelSetting }[];
}

export interface CtiFrame {
  seq: number;
  events: CtiEvent[];
}

export interface CtiLiveStateOptions {
  events: EventStore;
  clock: Clock;
  logger: Logger;
  /** The center's time zone: "today" in the figures is its day. */
  timeZone: string;
  directory?: () => CtiDirectory | undefined;
  /** Frames kept for resuming; a client further behind gets a fresh snapshot. */
  keepFrames?: number;
  /** How far back (ms of log time) a client may resume; older frames are dropped. Default 10 min. */
  resumeWindowMs?: number;
  /** Where to start reading the log at start: default the start of the center's previous day. */
  horizon?: (now: number) => number;
}

const PAGE = 1000;
const DEFAULT_KEEP_FRAMES = 20_000;
// A client away longer than this (a laptop asleep) takes a fresh snapshot rather than a replay; the
// bound keeps a quiet center's buffer small (a frame is ~1.3 KB; a queue call makes ~12).
const DEFAULT_RESUME_WINDOW_MS = 10 * 60_000;

type MutableAgent = Omit<CtiAgent, 'timeInStateMs'>;

export class CtiLiveState {
  readonly #events: EventStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #timeZone: string;
  readonly #directory: () => CtiDirectory | undefined;
  readonly #keep: number;
  readonly #resumeWindowMs: number;
  readonly #horizon: (now: number) => number;
  readonly #agents = new Map<string, MutableAgent>();
  readonly #calls = new Map<string, CtiCall>();
  readonly #monitors = new CallMonitors((callId) => this.#calls.get(callId));
  readonly #queues = new Map<string, QueueFigures>();
  readonly #frames: CtiFrame[] = [];
  /** Frames of every log entry after this are kept (the resume floor). */
  #floor = 0;
  #cursor = 0;
  readonly #listeners = new Set<(frame: CtiFrame) => void>();
  #unsubscribe: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(options: CtiLiveStateOptions) {
    this.#events = options.events;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#timeZone = options.timeZone;
    this.#directory = options.directory ?? (() => undefined);
    this.#keep = options.keepFrames ?? DEFAULT_KEEP_FRAMES;
    this.#resumeWindowMs = options.resumeWindowMs ?? DEFAULT_RESUME_WINDOW_MS;
    this.#horizon =
      options.horizon ?? ((now) => startOfDay(startOfDay(now, this.#timeZone) - 1, this.#timeZone));
  }

  /** The last log entry folded in. */
  get seq(): number {
    return this.#cursor;
  }

  /** Reads the log from the horizon, then follows it. */
  async start(): Promise<void> {
    this.#unsubscribe = this.#events.subscribe(() => void this.catchUp());
    const horizon = this.#horizon(this.#clock.now());
    const row = await this.#events.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.min('id').as('first'))
      .where('time', '>=', horizon)
      .executeTakeFirst();
    const first = row?.first == null ? (await this.#events.lastId()) + 1 : Number(row.first);
    this.#cursor = first - 1;
    this.#floor = this.#cursor;
    await this.catchUp();
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await this.#running;
    this.#closed = true;
    this.#listeners.clear();
  }

  /** Folds every event after the cursor; concurrent calls share one run. */
  catchUp(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#run()
      .catch((error: unknown) => this.#logger.error({ err: error }, 'CTI live state failed'))
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  /** The queues an agent serves now (none when the ACD is not running). */
  queuesOf(agentId: string): readonly string[] {
    return this.#directory()?.queuesOf(agentId) ?? [];
  }

  /** Hears every frame as it is made, in log order. */
  listen(listener: (frame: CtiFrame) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The frames after `after`, or undefined when they are no longer all kept (or `after` is
   * ahead of the log): the client then needs a snapshot.
   */
  framesAfter(after: number): CtiFrame[] | undefined {
    if (after < this.#floor || after > this.#cursor) return undefined;
    // Frames are in seq order: find the first after `after` by binary search.
    let lo = 0;
    let hi = this.#frames.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#frames[mid]!.seq <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.#frames.slice(lo);
  }

  /** What the viewer may see now, as of the last entry folded in. */
  snapshot(viewer: CtiViewer): CtiSnapshot {
    const now = this.#clock.now();
    const queues = supervises(viewer) ? undefined : viewer.queues();
    const agents: CtiAgent[] = [];
    for (const a of this.#agents.values()) {
      if (seesAgent(viewer, a.agentId))
        agents.push({ ...a, timeInStateMs: Math.max(0, now - a.since) });
    }
    agents.sort((a, b) => a.agentId.localeCompare(b.agentId));
    const calls = [...this.#calls.values()]
      .filter((c) => isCallVisible(viewer, c, queues ?? new Set()))
      .map((c) => callForViewer(viewer, c))
      .sort((a, b) => a.startedAt - b.startedAt || a.callId.localeCompare(b.callId));
    const agentsByState: Record<string, number> = {};
    for (const a of agents) agentsByState[a.state] = (agentsByState[a.state] ?? 0) + 1;
    const names = new Set([
      ...(this.#directory()
        ?.queues()
        .map((q) => q.name) ?? []),
      ...this.#queues.keys(),
    ]);
    const figures = [...names]
      .filter((name) => queues === undefined || queues.has(name))
      .sort()
      .map((name) => this.#figures(name).view(now, this.#agentsIn(name)));
    return { seq: this.#cursor, time: now, agents, calls, queues: figures, agentsByState };
  }

  /** Keeps what the viewer may see of a frame; undefined when nothing is left. */
  static visibleFrame(viewer: CtiViewer, frame: CtiFrame): CtiFrame | undefined {
    const events = visibleEvents(viewer, frame.events);
    return events.length === 0 ? undefined : { seq: frame.seq, events };
  }

  async #run(): Promise<void> {
    do {
      this.#again = false;
      for (;;) {
        const events = await this.#events.read({ after: this.#cursor, limit: PAGE });
        for (const event of events) this.#apply(event);
        if (events.length < PAGE) break;
      }
    } while (this.#again);
  }

  #apply(event: StoredEvent): void {
    this.#cursor = event.id;
    const cti = toCtiEvents(
      event,
      (callId) => this.#calls.get(callId),
      (legId) => this.#monitors.legOf(legId),
    );
    this.#fold(event);
    if (isQueueFigureEvent(event)) {
      cti.push(this.#statistics(event.payload.queue, event));
    } else if (event.type === 'agent.state-changed') {
      const directory = this.#directory();
      for (const queue of directory?.queuesOf(event.payload.agentId) ?? [])
        cti.push(this.#statistics(queue, event));
    }
    if (cti.length === 0) return;
    const frame = { seq: event.id, events: cti };
    this.#frames.push(frame);
    // Bounded by count and by age (log time, so a replay at start trims the same way).
    const oldest = event.time - this.#resumeWindowMs;
    let drop = Math.max(0, this.#frames.length - this.#keep);
    while (drop < this.#frames.length - 1 && this.#frames[drop]!.events[0]!.time < oldest) drop++;
    if (drop > 0) this.#floor = this.#frames.splice(0, drop).at(-1)!.seq;
    for (const listener of this.#listeners) {
      try {
        listener(frame);
      } catch (error) {
        this.#logger.error({ err: error }, 'CTI listener failed');
      }
    }
  }

  #statistics(queue: string, event: StoredEvent): CtiEvent {
    return {
      seq: event.id,
      time: event.time,
      type: 'queue.statistics-changed',
      figures: this.#figures(queue).view(event.time, this.#agentsIn(queue)),
    };
  }

  /** Updates agents, calls and queue figures with one event. */
  #fold(event: StoredEvent): void {
    switch (event.type) {
      case 'agent.state-changed': {
        const p = event.payload;
        if (p.to === 'logged-out') {
          this.#agents.delete(p.agentId);
          return;
        }
        const before = this.#agents.get(p.agentId);
        const onCall = p.to === 'reserved' || p.to === 'on-call' || p.to === 'held';
        this.#agents.set(p.agentId, {
          agentId: p.agentId,
          state: p.to,
          reason: p.to === 'not-ready' ? (p.reasonCode ?? null) : null,
          extension: p.extension ?? before?.extension ?? null,
          since: event.time,
          registered: before?.registered ?? null,
          callId: onCall ? (p.callId ?? before?.callId ?? null) : null,
        });
        return;
      }
      case 'agent.device-changed': {
        const agent = this.#agents.get(event.payload.agentId);
        if (agent) agent.registered = event.payload.registered;
        return;
      }
      case 'call.offered': {
        const p = event.payload;
        this.#calls.set(p.callId, {
          callId: p.callId,
          state: 'offered',
          caller: {
            number: p.caller.number,
            e164: p.caller.e164 ?? null,
            displayName: p.caller.displayName ?? null,
          },
          dialed: p.dialed,
          queue: null,
          agentId: null,
          startedAt: event.time,
          stateSince: event.time,
          queuedAt: null,
        });
        return;
      }
      case 'call.ivr-started':
        this.#moveCall(event.payload.callId, 'ivr', event.time);
        return;
      case 'call.queued': {
        const call = this.#moveCall(event.payload.callId, 'queued', event.time);
        if (call) {
          // A call back in line after a ring-no-answer is nobody's until the next agent answers.
          call.agentId = null;
          if (call.queue !== event.payload.queue || call.queuedAt === null)
            call.queuedAt = event.time;
          call.queue = event.payload.queue;
        }
        return;
      }
      case 'call.alerting':
      case 'call.connected': {
        const state = event.type === 'call.alerting' ? 'alerting' : 'connected';
        const call = this.#moveCall(event.payload.callId, state, event.time);
        if (call) call.agentId = event.payload.agentId ?? null;
        return;
      }
      case 'call.held':
        this.#moveCall(event.payload.callId, 'held', event.time);
        return;
      case 'call.resumed':
        this.#moveCall(event.payload.callId, 'connected', event.time);
        return;
      case 'call.transferred': {
        // The transferring agent is done with it; the target's alerting or queueing comes next.
        const call = this.#moveCall(event.payload.callId, 'transferring', event.time);
        if (call) call.agentId = null;
        return;
      }
      case 'call.consult-started': {
        const call = this.#calls.get(event.payload.callId);
        const { to } = event.payload;
        if (call) {
          call.consult = {
            phase: 'ringing',
            target: to.kind === 'extension' ? to.extension : to.number,
          };
          this.#moveCall(call.callId, 'transferring', event.time);
        }
        return;
      }
      case 'call.consult-connected':
      case 'call.conference-started': {
        const call = this.#calls.get(event.payload.callId);
        if (call?.consult)
          call.consult.phase = event.type === 'call.consult-connected' ? 'connected' : 'conference';
        return;
      }
      case 'call.consult-ended': {
        const call = this.#calls.get(event.payload.callId);
        if (call) delete call.consult;
        // Not completed: the customer is still on hold until the agent resumes.
        if (call && event.payload.reason !== 'completed' && call.state === 'transferring')
          this.#moveCall(call.callId, 'held', event.time);
        return;
      }
      case 'call.monitor-started':
      case 'call.monitor-changed':
      case 'call.monitor-ended':
      case 'leg.answered':
        this.#monitors.fold(event);
        return;
      case 'call.ended':
        this.#calls.delete(event.payload.callId);
        this.#monitors.callEnded(event.payload.callId);
        return;
      case 'queue.joined':
      case 'queue.answered':
      case 'queue.left':
        this.#figures(event.payload.queue).apply(event);
        return;
      default:
        return;
    }
  }

  #moveCall(callId: string, state: CtiCall['state'], time: number): CtiCall | undefined {
    const call = this.#calls.get(callId);
    if (!call) return undefined;
    call.state = state;
    call.stateSince = time;
    return call;
  }

  #figures(queue: string): QueueFigures {
    let figures = this.#queues.get(queue);
    const setting =
      this.#directory()
        ?.queues()
        .find((q) => q.name === queue)?.serviceLevel ?? defaultServiceLevel;
    if (!figures) {
      figures = new QueueFigures(
        queue,
        setting,
        (time) => dayOf(time, this.#timeZone),
        this.#clock.now(),
      );
      this.#queues.set(queue, figures);
    } else figures.setting = setting;
    return figures;
  }

  /** Logged-in agents serving the queue, by state (empty when membership is unknown). */
  #agentsIn(queue: string): Record<string, number> {
    const directory = this.#directory();
    const out: Record<string, number> = {};
    if (!directory) return out;
    for (const agent of this.#agents.values()) {
      if (directory.queuesOf(agent.agentId).includes(queue))
        out[agent.state] = (out[agent.state] ?? 0) + 1;
    }
    return out;
  }
}
