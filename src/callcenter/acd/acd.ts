// The ACD: queues, waiting calls and agents, driven only by the injected clock and by what the
// call model reports. It decides, reserves and tells the call model what to do through
// dispatch(command); every state change is an event. Agent actions live in agent-desk.ts,
// callbacks in callbacks.ts, escalation in escalation.ts, the reconciler's repairs in
// repairs.ts, queues and their membership in queue-directory.ts, joining a queue in
// enqueue.ts; this file owns the calls and the shared mechanics.
import type { ClockScheduler, TimerHandle } from '../../platform/index.ts';
import {
  AgentRegistry,
  servingStates,
  type Agent,
  type LiveView,
  type TransitionDetail,
} from '../agents/index.ts';
import type { AcdCommand, EnqueueRequest, EnqueueResult } from './acd-commands.ts';
import { type AcdEventSink, type AcdEvents, type RoutingTrigger } from './acd-events.ts';
import type { QueueTarget } from './queue-config.ts';
import { closeHold } from './acd-helpers.ts';
import { endCall, endWrapUp } from './after-call.ts';
import { AgentDesk } from './agent-desk.ts';
import { cancelOffers, noAnswer, requeue, routeEntry, type CancelReason } from './offers.ts';
import { CallbackDesk } from './callbacks.ts';
import { enqueue } from './enqueue.ts';
import { onDeadline } from './escalation.ts';
import { advanceAnnouncement, nextDeadline } from './queue-deadlines.ts';
import {
  QueueDirectory,
  type QueueUpdateOptions,
  type QueueUpdateResult,
} from './queue-directory.ts';
import type { QueueEntry, QueueRuntime } from './queue-runtime.ts';
import { reconcile } from './repairs.ts';
import { EscalatedCalls } from './escalated-calls.ts';
import { Router } from './router.ts';
import { builtInStrategies, seededRandom, type StrategyFactory } from './strategies/index.ts';

export interface AcdOptions {
  clock: ClockScheduler;
  dispatch: (command: AcdCommand) => void;
  record: AcdEventSink;
  queues?: readonly unknown[];
  /** Extra routing strategies by name, beside the built-in ones. */
  strategies?: Readonly<Record<string, StrategyFactory>>;
  /** For the random strategy; default a fixed seed, so runs repeat. */
  random?: () => number;
  /** The not-ready reason codes agents may choose. */
  notReadyReasons?: readonly string[];
  /** Runs the reconciler on this view every `everyMs`. */
  reconcile?: { view: LiveView; everyMs: number; graceMs?: number };
}

const RECONCILE_GRACE_MS = 10_000;

export class Acd {
  readonly clock: ClockScheduler;
  readonly registry: AgentRegistry;
  readonly router: Router;
  /** What agents (and supervisors) do: login, ready, not-ready, devices, their own calls. */
  readonly agents: AgentDesk;
  /** Callers who leave the line but keep their place. */
  readonly callbacks: CallbackDesk;
  /** The queues, their membership and staffing. */
  readonly queueDirectory: QueueDirectory;
  readonly #options: AcdOptions;
  /** The queues each agent serves (meets the skills of), computed at login and kept. */
  readonly memberOf = new Map<Agent, QueueRuntime[]>();
  readonly entries = new Map<string, QueueEntry>();
  /** Waiting calls whose escalation opened them to agents outside their queue. */
  readonly escalated = new EscalatedCalls();
  /** Calls an agent is talking on (queue, callback, outbound, internal), by call id. */
  readonly connected = new Map<string, Agent>();
  readonly wrapUpTimers = new Map<Agent, TimerHandle>();
  readonly #outbox: AcdCommand[] = [];
  #depth = 0;
  #flushing = false;
  #seq = 0;
  readonly #reconcileTimer: TimerHandle | undefined;

  constructor(options: AcdOptions) {
    this.#options = options;
    this.clock = options.clock;
    this.queueDirectory = new QueueDirectory(
      this,
      this.memberOf,
      { ...builtInStrategies, ...options.strategies },
      options.random ?? seededRandom(1),
    );
    this.registry = new AgentRegistry({
      clock: options.clock,
      // AcdEvents extends AgentEvents, so each agent event is an ACD event of the same payload.
      record: (type, stream, payload, at) =>
        options.record(type, stream, payload as AcdEvents[typeof type], at),
      ...(options.notReadyReasons ? { notReadyReasons: options.notReadyReasons } : {}),
      onChange: (agent, from, to) => {
        // Within a call's cycle (ringing, talking, holding, wrap-up) nothing is recounted.
        if (from === 'ready' || to === 'ready' || servingStates.has(from) !== servingStates.has(to))
          this.queueDirectory.refresh(agent);
      },
      onDevice: (agent) => this.queueDirectory.refresh(agent),
    });
    this.router = new Router(this.registry, options.record, options.clock);
    this.agents = new AgentDesk(this);
    this.callbacks = new CallbackDesk(this);
    for (const q of options.queues ?? []) this.defineQueue(q);
    const reconcile = options.reconcile;
    if (reconcile)
      this.#reconcileTimer = options.clock.every(reconcile.everyMs, () =>
        this.reconcileNow(reconcile.view, reconcile.graceMs),
      );
  }

  /** Adds a queue (validated, or already parsed by parseQueueConfigs). */
  defineQueue(input: unknown): QueueRuntime {
    return this.run(() => this.queueDirectory.define(input));
  }

  /**
   * Applies a whole queue configuration live (queue-directory.ts says how): waiting calls keep
   * their place; queues missing from the set drain, or move their calls per `moveRemovedTo`.
   * Validated first: an invalid set changes nothing.
   */
  updateQueues(configs: unknown, options: QueueUpdateOptions = {}): QueueUpdateResult {
    return this.run(() => this.queueDirectory.update(configs, options));
  }

  queue(name: string): QueueRuntime | undefined {
    return this.queueDirectory.get(name);
  }

  queues(): IterableIterator<QueueRuntime> {
    return this.queueDirectory.all();
  }

  /** Computes the queues an agent serves (at login, and when their skills change). */
  assignQueues(agent: Agent): void {
    this.queueDirectory.assign(agent);
  }

  // ---- calls in -------------------------------------------------------------------------

  /** A call joins a queue: refused when the queue is full (the caller goes to its overflow). */
  enqueue(request: EnqueueRequest): EnqueueResult {
    return this.run(() => enqueue(this, request, ++this.#seq));
  }

  /** The agent's leg answered: the call is theirs (false: the offer is gone; drop that leg). */
  agentAnswered(callId: string, agentId: string): boolean {
    return this.run(() => {
      const entry = this.entries.get(callId);
      const offer = entry?.offers.get(agentId);
      if (!entry || !offer || entry.kind !== 'call') return false;
      const { agent } = offer;
      offer.timer.cancel();
      entry.offers.delete(agentId);
      const released = this.cancelOffers(entry, 'answered-elsewhere');
      agent.offer = undefined;
      this.registry.transition(agent, 'answer', {
        callId,
        queue: entry.queue.name,
        callKind: 'inbound',
      });
      const now = this.clock.now();
      agent.call = { callId, kind: 'inbound', queue: entry.queue.name, answeredAt: now, holdMs: 0 };
      agent.callsAnswered++;
      this.dropEntry(entry);
      this.connected.set(callId, agent);
      this.event('queue.answered', entry.queue, {
        callId,
        queue: entry.queue.name,
        agentId,
        waitMs: now - entry.enqueuedAt,
      });
      for (const a of released) this.agentAvailable(a);
      return true;
    });
  }

  /** The agent's leg did not answer (rang out, busy, rejected). */
  agentNoAnswer(
    callId: string,
    agentId: string,
    cause: 'timeout' | 'busy' | 'rejected' = 'timeout',
  ): void {
    this.run(() => {
      const entry = this.entries.get(callId);
      if (entry?.offers.has(agentId)) this.noAnswer(entry, agentId, cause);
    });
  }

  /** The call ended: an abandon while waiting or ringing, else the agent goes to after-call work. */
  callEnded(callId: string): void {
    this.run(() => {
      const entry = this.entries.get(callId);
      if (entry) {
        // A callback keeps its place after the caller's own call ended.
        if (entry.kind === 'callback') return;
        const released = this.cancelOffers(entry, 'call-left');
        this.leave(entry, 'abandoned');
        for (const a of released) this.agentAvailable(a);
        return;
      }
      const agent = this.connected.get(callId);
      if (agent) this.endCall(agent);
    });
  }

  callHeld(callId: string): void {
    this.run(() => {
      const agent = this.connected.get(callId);
      if (!agent?.call || !this.registry.transition(agent, 'hold', { callId })) return;
      agent.call.heldSince = this.clock.now();
    });
  }

  callResumed(callId: string): void {
    this.run(() => {
      const agent = this.connected.get(callId);
      if (!agent?.call || !this.registry.transition(agent, 'resume', { callId })) return;
      closeHold(agent, this.clock.now());
    });
  }

  /** Stops every timer (shutdown); waiting calls stay as they are. */
  stop(): void {
    this.#reconcileTimer?.cancel();
    for (const entry of this.entries.values()) {
      entry.deadline?.cancel();
      entry.callback?.timer?.cancel();
      entry.callback?.expiry?.cancel();
      for (const offer of entry.offers.values()) offer.timer.cancel();
    }
    for (const timer of this.wrapUpTimers.values()) timer.cancel();
  }

  /**
   * Compares agent states with the legs and devices that exist and repairs impossible states
   * (repairs.ts); returns the number of repairs. Also runs every `reconcile.everyMs`.
   */
  reconcileNow(view: LiveView, graceMs = RECONCILE_GRACE_MS): number {
    return this.run(() => reconcile(this, view, graceMs));
  }

  // ---- mechanics shared with agent-desk.ts, callbacks.ts and repairs.ts -------------------

  /** Runs an operation; commands go out when the outermost one is done (no re-entry midway). */
  run<T>(fn: () => T): T {
    this.#depth++;
    try {
      return fn();
    } finally {
      this.#depth--;
      if (this.#depth === 0) this.#flush();
    }
  }

  send(command: AcdCommand): void {
    this.#outbox.push(command);
  }

  event<K extends keyof AcdEvents>(type: K, queue: QueueRuntime, payload: AcdEvents[K]): void {
    this.#options.record(type, queue.stream, payload, this.clock.now());
  }

  /** Tries to give the entry to agents now; true when it is ringing someone (offers.ts). */
  route(entry: QueueEntry, trigger: RoutingTrigger): boolean {
    return routeEntry(this, entry, trigger);
  }

  /** The agent may take a call now: give them the best waiting one. */
  agentAvailable(agent: Agent): void {
    // A strategy may hand the found call to another ready agent; try a few calls, then stop.
    for (let i = 0; i < 4 && this.registry.isRoutable(agent); i++) {
      const entry = this.router.bestEntryFor(
        agent,
        this.memberOf.get(agent) ?? [],
        this.escalated,
        this.queueDirectory.members(agent),
      );
      if (!entry || !this.route(entry, 'agent-ready')) return;
    }
  }

  /** An offer rang out or met a busy device (offers.ts). */
  noAnswer(entry: QueueEntry, agentId: string, cause: 'timeout' | 'busy' | 'rejected'): void {
    noAnswer(this, entry, agentId, cause);
  }

  /** Back in line at the place its original entry gives it, then to the next agent (offers.ts). */
  requeue(entry: QueueEntry, reason: 'ring-no-answer' | 'offer-cancelled', route = true): void {
    requeue(this, entry, reason, route);
  }

  /** Cancels every offer of the entry; the agents go back to ready and are returned (offers.ts). */
  cancelOffers(entry: QueueEntry, reason: CancelReason): Agent[] {
    return cancelOffers(this, entry, reason);
  }

  /** Records an event on its own stream (agents' events). */
  emit<K extends keyof AcdEvents>(type: K, stream: string, payload: AcdEvents[K]): void {
    this.#options.record(type, stream, payload, this.clock.now());
  }

  /** The entry leaves the queue (counted at this moment, METRICS.md). */
  leave(entry: QueueEntry, reason: AcdEvents['queue.left']['reason'], to?: QueueTarget): void {
    const payload: AcdEvents['queue.left'] = {
      callId: entry.callId,
      queue: entry.queue.name,
      reason,
      waitMs: this.clock.now() - entry.enqueuedAt,
    };
    if (to) payload.to = to;
    this.dropEntry(entry);
    this.event('queue.left', entry.queue, payload);
  }

  dropEntry(entry: QueueEntry): void {
    entry.queue.waiting.remove(entry);
    entry.deadline?.cancel();
    entry.deadline = undefined;
    entry.callback?.timer?.cancel();
    entry.callback?.expiry?.cancel();
    if (entry.kind === 'call') entry.queue.live--;
    this.entries.delete(entry.callId);
    this.escalated.delete(entry);
    if (entry.queue.closed) this.queueDirectory.retireIfEmpty(entry.queue);
  }

  /** The customer is gone: the agent does after-call work (after-call.ts). */
  endCall(agent: Agent, cause?: string): void {
    endCall(this, agent, cause);
  }

  /** After-call work is over: counted, then ready or not-ready (after-call.ts). */
  endWrapUp(agent: Agent, detail: TransitionDetail = {}, transition = true): void {
    endWrapUp(this, agent, detail, transition);
  }

  /** Announces the caller's place in line (and EWT), as the queue's settings say. */
  announce(entry: QueueEntry): void {
    const { announcements } = entry.queue.config;
    if (!announcements.position && !announcements.ewt) return;
    const position = entry.queue.waiting.position(entry);
    if (position === 0) return;
    const told = {
      callId: entry.callId,
      queue: entry.queue.name,
      position: announcements.position ? position : null,
      ewtSeconds: announcements.ewt ? entry.queue.ewtSeconds(position) : null,
    };
    this.send({ type: 'announce', ...told });
    this.event('queue.announced', entry.queue, { ...told, staffed: entry.queue.staffed });
  }

  /** Sets the entry's one timer to its next deadline (announcement, escalation, max wait, sticky). */
  schedule(entry: QueueEntry): void {
    entry.deadline?.cancel();
    entry.deadline = undefined;
    if (entry.status !== 'waiting' || entry.kind !== 'call') return;
    const now = this.clock.now();
    advanceAnnouncementIfPast(entry, now);
    const due = nextDeadline(entry, now);
    if (due === Infinity) return;
    entry.deadline = this.clock.after(Math.max(0, due - now), () =>
      this.run(() => onDeadline(this, entry)),
    );
  }

  #flush(): void {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      for (let i = 0; i < this.#outbox.length; i++) this.#options.dispatch(this.#outbox[i]!);
    } finally {
      this.#outbox.length = 0;
      this.#flushing = false;
    }
  }
}

function advanceAnnouncementIfPast(entry: QueueEntry, now: number): void {
  if (entry.nextAnnounceAt <= now) advanceAnnouncement(entry, now);
}
