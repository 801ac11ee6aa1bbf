// The call controller: every call that a dialed-number route claims passes
// through here. It hears TelephonyEvents, keeps each Call's state and data,
// starts the IVR, acts on its outcome, and releases everything in one place
// when the call ends, whichever side ended it. Calls it does not claim go to
// the fallback router (extension-to-extension, test numbers).
import type { Clock, Logger, Scheduler } from '../../platform/index.ts';
import type { LegId, TelephonyCommand, TelephonyEvent } from '../../telephony/index.ts';
import { Call, type CallLeg, type CallResource } from './call.ts';
import { callStream, type CallEventSink, type CallEvents } from './call-events.ts';
import type { IvrFinished, IvrResult, IvrRun, IvrStarter, NumberRoutes } from './call-routes.ts';
import { callStateMachine } from './call-state.ts';
import { normalizePhoneNumber } from './phone-number.ts';
import { QueueLink, type QueueLinkHost } from './queue-link.ts';
import type { Acd, AcdCommand } from '../acd/index.ts';

/** How much longer SIP lets an agent's phone ring than the ACD's ring timeout. */
const RING_MARGIN_MS = 5000;

export interface CallControllerOptions {
  clock: Clock & Scheduler;
  execute: (command: TelephonyCommand) => void;
  record: CallEventSink;
  routes: NumberRoutes;
  ivr: IvrStarter;
  /** Calls not claimed by a route go here (the basic router). */
  fallback?: (event: TelephonyEvent) => void;
  newId: () => string;
  logger?: Logger;
  /** How long an extension reached by an IVR transfer rings. */
  ringTimeoutMs: number;
  /** Calls to external numbers from a flow go out through this trunk; none: such transfers fail. */
  outboundTrunk?: string;
  /** The announcement repeated while a call waits in a queue with nobody to take it yet. */
  holdPrompt?: string;
  holdRepeatMs?: number;
  /** Distributes queued calls to agents; without it a queued call only hears the hold announcement. */
  acd?: Acd;
  /** The flow a call leaving its queue for voicemail runs (a queue's overflow or escalation). */
  voicemailFlow?: string;
}

type EndedBy = CallEvents['call.ended']['by'];
type EndCause = CallEvents['call.ended']['cause'];

export class CallController {
  readonly #options: CallControllerOptions;
  readonly #calls = new Map<string, Call>();
  /** Every leg of a live call, to its call. */
  readonly #byLeg = new Map<LegId, Call>();
  /** Recordings not finished yet, to their call (which may have ended meanwhile). */
  readonly #recordingCalls = new Map<string, Call>();

  readonly #queues: QueueLink | undefined;

  constructor(options: CallControllerOptions) {
    this.#options = options;
    this.#queues = options.acd && new QueueLink(options.acd, this.#queueHost());
  }

  /** What the ACD asks for (its dispatch). */
  acdCommand(command: AcdCommand): void {
    this.#queues?.command(command);
  }

  /** Calls in progress. */
  get activeCalls(): number {
    return this.#calls.size;
  }

  call(callId: string): Call | undefined {
    return this.#calls.get(callId);
  }

  /** The live calls an agent has a leg in (the ACD's reconciler compares its states with these). */
  callsOfAgent(agentId: string): string[] {
    const out: string[] = [];
    for (const call of this.#calls.values())
      for (const leg of call.legs.values())
        if (leg.agentId === agentId && !leg.ended) {
          out.push(call.id);
          break;
        }
    return out;
  }

  handle(event: TelephonyEvent): void {
    if (event.type === 'leg.offered') {
      const route = this.#options.routes.forNumber(event.to);
      if (route) return this.#offered(event, route.flow);
      return this.#options.fallback?.(event);
    }
    if (event.type === 'recording.finished') {
      const call = this.#recordingCalls.get(event.recordingId);
      if (!call) return this.#options.fallback?.(event);
      // Kept even when the call ended first: a voicemail the caller ended by hanging up counts.
      this.#recordingCalls.delete(event.recordingId);
      call.recordings.delete(event.recordingId);
      this.#record(call, 'call.recording-finished', {
        callId: call.id,
        recordingId: event.recordingId,
        path: event.path,
        durationMs: event.durationMs,
        reason: event.reason,
      });
      const lingering = this.#lingering.get(call.id);
      if (lingering) return lingering.handle(event);
      return this.#forwardToIvr(call, event);
    }
    const call = this.#byLeg.get(event.legId);
    if (!call) return this.#options.fallback?.(event);
    const leg = call.legs.get(event.legId)!;
    switch (event.type) {
      case 'leg.answered':
        return this.#answered(call, leg);
      case 'leg.ended':
        return this.#legEnded(call, leg, event);
      case 'leg.held':
        if (call.move('hold')) {
          this.#record(call, 'call.held', { callId: call.id });
          this.#queues?.held(call);
        }
        return;
      case 'leg.resumed':
        if (call.move('resume')) {
          this.#record(call, 'call.resumed', { callId: call.id });
          this.#queues?.resumed(call);
        }
        return;
      case 'leg.play.finished':
        // After a position announcement the caller hears the hold announcement again.
        if (event.playId === `announce-${call.id}` && call.state === 'queued') this.#hold(call);
        if (leg.role === 'customer') this.#forwardToIvr(call, event);
        return;
      case 'leg.dtmf':
        if (leg.role === 'customer') this.#forwardToIvr(call, event);
        return;
      default:
        return;
    }
  }

  /** Ends every live call (shutdown): each is released as if the system hung up. */
  endAll(): void {
    for (const call of [...this.#calls.values()]) this.#release(call, 'shutdown', 'system');
  }

  #offered(event: Extract<TelephonyEvent, { type: 'leg.offered' }>, flow: string): void {
    const id = this.#options.newId();
    const caller = normalizePhoneNumber(event.from.number);
    const customer: CallLeg = {
      id: event.legId,
      role: 'customer',
      target: caller.raw,
      answered: false,
      ended: false,
    };
    const call = new Call({
      id,
      customer,
      offeredAt: event.at,
      state: callStateMachine(),
      data: {
        caller: event.from.displayName
          ? { ...caller, displayName: event.from.displayName }
          : caller,
        dialed: event.to,
        source: event.source.kind,
        flow,
        ivrPath: [],
        vars: {},
      },
    });
    this.#calls.set(id, call);
    this.#byLeg.set(customer.id, call);
    const callerData: CallEvents['call.offered']['caller'] = { number: caller.raw };
    if (caller.e164) callerData.e164 = caller.e164;
    if (event.from.displayName) callerData.displayName = event.from.displayName;
    this.#record(
      call,
      'call.offered',
      {
        callId: id,
        legId: customer.id,
        caller: callerData,
        dialed: event.to,
        source: event.source.kind,
      },
      event.at,
    );
    this.#options.execute({ type: 'leg.answer', legId: customer.id });
  }

  #answered(call: Call, leg: CallLeg): void {
    if (leg.answered) return;
    leg.answered = true;
    if (leg.role === 'customer') {
      if (call.state === 'offered') this.#startIvr(call);
      return;
    }
    if (leg.role !== 'agent') return;
    if (leg.agentId !== undefined && this.#queues) this.#queues.agentAnswered(call, leg);
    else this.#connect(call, leg);
  }

  #connect(call: Call, leg: CallLeg): void {
    if (!call.move('connect')) return;
    this.#options.execute({
      type: 'leg.play.stop',
      legId: call.customer.id,
      playId: holdPlayId(call),
    });
    this.#options.execute({ type: 'legs.bridge', a: call.customer.id, b: leg.id });
    this.#record(call, 'call.connected', {
      callId: call.id,
      legId: leg.id,
      target: leg.target,
      ...(leg.agentId !== undefined ? { agentId: leg.agentId } : {}),
    });
  }

  #startIvr(call: Call): void {
    const flow = call.data.flow!;
    if (!call.move('start-ivr')) return;
    this.#runIvr(call, flow);
  }

  #runIvr(call: Call, flow: string): void {
    this.#record(call, 'call.ivr-started', { callId: call.id, flow });
    const caller: { number: string; e164?: string } = { number: call.data.caller.raw };
    if (call.data.caller.e164) caller.e164 = call.data.caller.e164;
    const run = this.#options.ivr.start(
      {
        callId: call.id,
        legId: call.customer.id,
        flow,
        caller,
        dialed: call.data.dialed,
        // The IVR's commands pass through here so the call knows what to release (recordings).
        execute: (command) => {
          if (call.ended) return;
          if (command.type === 'recording.start') {
            call.recordings.add(command.recordingId);
            this.#recordingCalls.set(command.recordingId, call);
          }
          if (command.type === 'recording.stop') call.recordings.delete(command.recordingId);
          this.#options.execute(command);
        },
      },
      {
        onNode: (node, nodeType) => {
          if (call.ended) return;
          call.data.ivrPath.push(node);
          this.#record(call, 'call.ivr-node', { callId: call.id, node, nodeType });
        },
        onFinished: (finished) => {
          call.resources.delete(resource);
          this.#ivrResources.delete(call.id);
          this.#lingering.delete(call.id);
          if (!call.ended) this.#ivrFinished(call, finished);
          else if (finished.result.kind === 'voicemail') this.#voicemail(call, finished.result);
        },
      },
    );
    const resource = { release: () => run.stop() };
    call.resources.add(resource);
    this.#ivrRuns.set(call.id, run);
    this.#ivrResources.set(call.id, resource);
  }

  readonly #ivrRuns = new Map<string, IvrRun>();
  readonly #ivrResources = new Map<string, CallResource>();
  /** IVR runs finishing after their caller hung up (a voicemail waiting for its file). */
  readonly #lingering = new Map<string, IvrRun>();

  #forwardToIvr(call: Call, event: TelephonyEvent): void {
    if (call.state === 'ivr') this.#ivrRuns.get(call.id)?.handle(event);
  }

  #ivrFinished(call: Call, finished: IvrFinished): void {
    this.#ivrRuns.delete(call.id);
    const { result } = finished;
    Object.assign(call.data.vars, finished.vars);
    if (finished.language) call.data.language = finished.language;
    const ivrFinished: CallEvents['call.ivr-finished'] = {
      callId: call.id,
      outcome: result.kind,
      path: finished.path,
      vars: finished.vars,
    };
    if (finished.language) ivrFinished.language = finished.language;
    this.#record(call, 'call.ivr-finished', ivrFinished);
    switch (result.kind) {
      case 'hangup':
        // The caller's own hang-up releases the call when its leg.ended arrives.
        if (result.by === 'flow') this.#release(call, 'flow', 'system');
        return;
      case 'queue':
        return this.#enqueue(call, result.queue, result.priority, result.skills);
      case 'transfer': {
        const { target } = result;
        if (target.kind === 'extension') {
          return this.#ring(
            call,
            { kind: 'extension', extension: target.extension },
            target.extension,
          );
        }
        const trunk = this.#options.outboundTrunk;
        if (!trunk) {
          this.#options.logger?.warn(
            { callId: call.id },
            'IVR transfer to an external number, but no outbound trunk is configured',
          );
          return this.#release(call, 'transfer-failed', 'system');
        }
        return this.#ring(call, { kind: 'trunk', trunk, number: target.number }, target.number);
      }
      case 'voicemail':
        this.#voicemail(call, result);
        return this.#release(call, 'flow', 'system');
      case 'callback': {
        const payload: CallEvents['call.callback-requested'] = {
          callId: call.id,
          number: result.number,
        };
        if (result.queue) payload.queue = result.queue;
        this.#record(call, 'call.callback-requested', payload);
        return this.#release(call, 'flow', 'system');
      }
      case 'survey':
        if (result.score !== null)
          this.#record(call, 'call.survey-answered', { callId: call.id, score: result.score });
        return this.#release(call, 'flow', 'system');
    }
  }

  #voicemail(call: Call, result: Extract<IvrResult, { kind: 'voicemail' }>): void {
    const payload: CallEvents['call.voicemail'] = {
      callId: call.id,
      recordingId: result.recordingId,
      durationMs: result.durationMs,
    };
    if (result.path) payload.path = result.path;
    this.#record(call, 'call.voicemail', payload);
  }

  #enqueue(
    call: Call,
    queue: string,
    priority: number,
    skills: { skill: string; minLevel: number }[],
  ): void {
    if (!call.move('enqueue')) return;
    call.data.queue = queue;
    call.data.priority = priority;
    call.data.skills = skills;
    this.#record(call, 'call.queued', { callId: call.id, queue, priority, skills });
    this.#hold(call);
    if (!this.#queues) return;
    let result;
    try {
      result = this.#queues.enqueue(call, { queue, priority, skills });
    } catch (error) {
      // An unknown queue or bad skills from a flow: the caller must not wait forever.
      this.#options.logger?.warn(
        { err: error, callId: call.id, queue },
        'the ACD refused the call',
      );
      return this.#release(call, 'failed', 'system');
    }
    if (!result.accepted) this.#leaveQueue(call, result.overflow);
  }

  /** Until an agent takes the call, the caller hears the hold announcement again and again. */
  #hold(call: Call): void {
    const { holdPrompt, holdRepeatMs = 15_000 } = this.#options;
    if (holdPrompt) {
      this.#options.execute({
        type: 'leg.play',
        legId: call.customer.id,
        playId: holdPlayId(call),
        prompts: [
          { kind: 'prompt', name: holdPrompt },
          { kind: 'silence', ms: holdRepeatMs },
        ],
        language: call.data.language ?? 'zh',
        bargeIn: false,
        loop: true,
      });
    }
  }

  #ring(
    call: Call,
    target: Extract<TelephonyCommand, { type: 'leg.originate' }>['target'],
    label: string,
  ): void {
    if (!call.move('alert')) return;
    const leg: CallLeg = {
      id: this.#options.newId(),
      role: 'agent',
      target: label,
      answered: false,
      ended: false,
    };
    call.legs.set(leg.id, leg);
    this.#byLeg.set(leg.id, call);
    this.#record(call, 'call.alerting', { callId: call.id, legId: leg.id, target: label });
    this.#options.execute({
      type: 'leg.originate',
      legId: leg.id,
      callId: call.customer.id,
      target,
      from: {
        number: call.data.caller.raw,
        ...(call.data.caller.displayName ? { displayName: call.data.caller.displayName } : {}),
      },
      timeoutMs: this.#options.ringTimeoutMs,
    });
  }

  #legEnded(call: Call, leg: CallLeg, event: Extract<TelephonyEvent, { type: 'leg.ended' }>): void {
    const { cause } = event;
    leg.ended = true;
    this.#byLeg.delete(leg.id);
    if (leg.role === 'customer') {
      const run = this.#ivrRuns.get(call.id);
      if (run && call.state === 'ivr') {
        // The IVR hears the hang-up and winds down by itself: a voicemail the caller ended by
        // hanging up is still saved and reported (its outcome is logged after the call ended).
        call.resources.delete(this.#ivrResources.get(call.id)!);
        this.#lingering.set(call.id, run);
        run.handle(event);
      }
      return this.#release(call, cause, 'customer');
    }
    if (leg.role === 'agent') {
      if (!leg.answered && leg.agentId !== undefined && this.#queues) {
        // An agent the ACD offered the call to did not take it: back in line (the ACD decides
        // who is next); the caller hears the hold announcement again.
        this.#queues.agentNotAnswered(call, leg, cause);
        if (call.state === 'alerting' && !this.#ringing(call) && call.move('enqueue'))
          this.#hold(call);
        return;
      }
      // The transfer target never answered, or the agent hung up: the call is over for the
      // customer too.
      const failed = call.state === 'alerting';
      return this.#release(call, failed ? 'transfer-failed' : cause, failed ? 'system' : 'agent');
    }
  }

  /** Whether an agent leg of the call is still ringing (ring-all offers several). */
  #ringing(call: Call): boolean {
    for (const leg of call.legs.values())
      if (leg.role === 'agent' && !leg.ended && !leg.answered) return true;
    return false;
  }

  #queueHost(): QueueLinkHost {
    return {
      execute: (command) => this.#options.execute(command),
      record: (call, type, payload) => this.#record(call, type, payload),
      call: (callId) => this.#calls.get(callId),
      ringAgent: (call, agentId, extension, timeoutMs) => {
        // Several offers of one call (ring-all) ring together; the first moves it to alerting.
        if (call.state !== 'alerting' && !call.move('alert')) return undefined;
        const leg: CallLeg = {
          id: this.#options.newId(),
          role: 'agent',
          target: extension,
          agentId,
          answered: false,
          ended: false,
        };
        call.legs.set(leg.id, leg);
        this.#byLeg.set(leg.id, call);
        this.#record(call, 'call.alerting', {
          callId: call.id,
          legId: leg.id,
          target: extension,
          agentId,
        });
        this.#options.execute({
          type: 'leg.originate',
          legId: leg.id,
          callId: call.customer.id,
          target: { kind: 'extension', extension },
          from: {
            number: call.data.caller.raw,
            ...(call.data.caller.displayName ? { displayName: call.data.caller.displayName } : {}),
          },
          // The ACD's own timer ends the ring (its cancel-offer drops the leg); SIP waits longer.
          timeoutMs: timeoutMs + RING_MARGIN_MS,
        });
        return leg;
      },
      connect: (call, leg) => this.#connect(call, leg),
      drop: (_call, leg) => this.#options.execute({ type: 'leg.hangup', legId: leg.id }),
      hold: (call) => this.#hold(call),
      leave: (call, to) => this.#leaveQueue(call, to),
    };
  }

  /** The ACD (a full queue, an escalation) sends the call on: another flow, a callback, a voicemail. */
  #leaveQueue(call: Call, to: Extract<AcdCommand, { type: 'leave' }>['to']): void {
    const flow =
      to.kind === 'flow'
        ? to.flow
        : to.kind === 'voicemail'
          ? this.#options.voicemailFlow
          : undefined;
    if (to.kind === 'callback') {
      this.#record(call, 'call.callback-requested', {
        callId: call.id,
        number: call.data.caller.e164 ?? call.data.caller.raw,
        ...(call.data.queue ? { queue: call.data.queue } : {}),
      });
      return this.#release(call, 'flow', 'system');
    }
    if (flow === undefined || !call.move('start-ivr')) {
      this.#options.logger?.warn(
        { callId: call.id, to },
        'nowhere to send a call leaving its queue',
      );
      return this.#release(call, 'failed', 'system');
    }
    call.data.flow = flow;
    this.#runIvr(call, flow);
  }

  /** The one place a call ends: every resource, timer, recording and leg is released here. */
  #release(call: Call, cause: EndCause, by: EndedBy): void {
    if (call.ended) return;
    const from = call.state;
    call.move('end');
    for (const resource of call.resources) resource.release();
    call.resources.clear();
    this.#ivrRuns.delete(call.id);
    for (const timer of call.timers) timer.cancel();
    call.timers.clear();
    for (const recordingId of call.recordings)
      this.#options.execute({ type: 'recording.stop', recordingId });
    for (const leg of call.legs.values()) {
      if (leg.ended) continue;
      leg.ended = true;
      this.#byLeg.delete(leg.id);
      this.#options.execute({ type: 'leg.hangup', legId: leg.id });
    }
    this.#calls.delete(call.id);
    // Abandoned in the queue, or the agent's after-call work begins.
    if (call.data.queue !== undefined) this.#queues?.ended(call);
    this.#record(call, 'call.ended', { callId: call.id, from, cause, by });
  }

  #record<K extends keyof CallEvents>(
    call: Call,
    type: K,
    payload: CallEvents[K],
    at = this.#options.clock.now(),
  ): void {
    this.#options.record(type, callStream(call.id), payload, at);
  }
}

function holdPlayId(call: Call): string {
  return `hold-${call.id}`;
}
