// The call controller: every call that a dialed-number route claims passes
// through here. It hears TelephonyEvents, keeps each Call's state and data,
// starts the IVR, acts on its outcome, and releases everything in one place
// when the call ends, whichever side ended it. Calls it does not claim go to
// the fallback router (extension-to-extension, test numbers).
import { HotlineError } from '../../platform/index.ts';
import type { TelephonyEvent } from '../../telephony/index.ts';
import type { Call } from './call.ts';
import { callStream, type CallEvents } from './call-events.ts';
import { normalizePhoneNumber } from './phone-number.ts';
import { QueueLink, type QueueLinkHost } from './queue-link.ts';
import { IvrLink } from './ivr-link.ts';
import { CallbackDialer } from './callback-dialer.ts';
import { defaultTierPriority } from './caller-lookup.ts';
import {
  CallActions,
  type CallActionsHost,
  type CallActor,
  type BlindTransferTarget,
  type ConsultTarget,
  type MonitorMode,
} from './call-actions.ts';
import { Consultations } from './consultations.ts';
import { consultedAgents } from './consulted-agents.ts';
import { OutboundCalls, assertMayDial } from './outbound-calls.ts';
import { IvrOutcomes } from './ivr-outcomes.ts';
import { RemoteAnswer, ringingLegOf } from './remote-answer.ts';
import { LiveCalls } from './live-calls.ts';
import { LegEvents } from './leg-events.ts';
import type { AcdCommand } from '../acd/index.ts';
import type { CallControllerOptions } from './call-controller-options.ts';

export type { CallControllerOptions } from './call-controller-options.ts';

export class CallController {
  readonly #options: CallControllerOptions;
  /** The calls in progress: opened, given legs, joined, released. */
  readonly #calls: LiveCalls;
  /** What each leg's event does to its call. */
  readonly #legEvents: LegEvents;
  readonly #queues: QueueLink;
  readonly #ivr: IvrLink;
  /** Calls customers back for callbacks whose place came up (needs the ACD and a trunk). */
  readonly #callbacks: CallbackDialer | undefined;
  /** Hold, resume, transfer, hang-up and DTMF asked for by agents and supervisors. */
  readonly #actions: CallActions;
  /** Consultations before an attended transfer, and three-way conferences. */
  readonly #consultations: Consultations;
  /** What the call does when its IVR flow ends (queue, transfer, voicemail, callback, …). */
  readonly #ivrOutcomes: IvrOutcomes;
  /** Calls agents dial from the desk (click-to-call); none without an outbound trunk. */
  readonly #outbound: OutboundCalls | undefined;
  /** Agents answering a ringing call from the desk (the phone picks up by itself). */
  readonly #remoteAnswer: RemoteAnswer;

  constructor(options: CallControllerOptions) {
    this.#options = options;
    this.#calls = new LiveCalls(
      {
        execute: (command) => options.execute(command),
        record: (call, type, payload, at) => this.#record(call, type, payload, at),
        stopMusic: (call) => this.#actions.stopMusic(call),
        trackRecording: (call, recordingId) => this.#ivr.trackRecording(call, recordingId),
        releasing: (call) => {
          this.#ivr.released(call);
          this.#actions.released(call);
          this.#consultations.released(call);
        },
        // Abandoned in the queue, or the agent's after-call work begins.
        released: (call) => {
          if (call.data.queue !== undefined) this.#queues.ended(call);
        },
      },
      options,
    );
    this.#ivr = new IvrLink(options.ivr, {
      execute: (command) => options.execute(command),
      record: (call, type, payload) => this.#record(call, type, payload),
      failed: (call, error) => {
        // The flow is gone (unpublished meanwhile) or broken: never leave the caller in silence.
        options.logger?.warn({ err: error, callId: call.id }, 'the IVR could not start');
        this.#calls.release(call, 'failed', 'system');
      },
      finished: (call, finished) => this.#ivrOutcomes.finished(call, finished),
    });
    this.#callbacks =
      options.acd && options.outboundTrunk
        ? new CallbackDialer({
            acd: options.acd,
            execute: (command) => options.execute(command),
            newId: options.newId,
            trunk: options.outboundTrunk,
          })
        : undefined;
    this.#actions = new CallActions(this.#actionsHost(), {
      holdMusic: options.holdMusic ?? [
        { kind: 'prompt', name: options.holdPrompt ?? 'please-hold' },
        { kind: 'silence', ms: 10_000 },
      ],
      ringTimeoutMs: options.ringTimeoutMs,
      ...(options.outboundTrunk !== undefined ? { outboundTrunk: options.outboundTrunk } : {}),
      ...(options.outboundPattern !== undefined
        ? { outboundPattern: options.outboundPattern }
        : {}),
      consulting: (call) => this.#consultations.busy(call),
    });
    this.#consultations = new Consultations(
      {
        ...this.#actionsHost(),
        joined: (call, leg) => this.#calls.joined(call, leg),
        release: (call, cause, by) => this.#calls.release(call, cause, by),
        ...consultedAgents(options.acd),
      },
      this.#actions,
      { ringTimeoutMs: options.ringTimeoutMs },
    );
    this.#ivrOutcomes = new IvrOutcomes(
      {
        record: (call, type, payload) => this.#record(call, type, payload),
        release: (call, cause, by) => this.#calls.release(call, cause, by),
        enqueue: (call, queue, priority, skills) => this.#enqueue(call, queue, priority, skills),
        originate: (call, fields, target, timeoutMs) =>
          this.#calls.originate(call, fields, target, timeoutMs),
        voicemail: (call, result) => this.#ivr.voicemail(call, result),
        keepPlace: this.#callbacks
          ? (call, queue, number) => this.#queues.keepPlace(call, queue, number)
          : undefined,
      },
      options,
    );
    this.#outbound = options.outboundTrunk
      ? new OutboundCalls(
          {
            execute: (command) => options.execute(command),
            originate: (call, fields, target, timeoutMs) =>
              this.#calls.originate(call, fields, target, timeoutMs),
            connect: (call, leg) => this.#calls.connect(call, leg),
            release: (call, cause, by) => this.#calls.release(call, cause, by),
          },
          {
            trunk: options.outboundTrunk,
            agentRingTimeoutMs: options.ringTimeoutMs,
            customerRingTimeoutMs: options.outboundRingTimeoutMs ?? 45_000,
          },
        )
      : undefined;
    this.#remoteAnswer = new RemoteAnswer({
      now: () => options.clock.now(),
      execute: (command) => options.execute(command),
      record: (call, type, payload) => this.#record(call, type, payload),
    });
    this.#queues = new QueueLink(options.acd, this.#queueHost(), {
      ...options,
      warn: (detail, message) => options.logger?.warn(detail, message),
    });
    this.#legEvents = new LegEvents(
      {
        execute: (command) => options.execute(command),
        record: (call, type, payload) => this.#record(call, type, payload),
        release: (call, cause, by) => this.#calls.release(call, cause, by),
        connect: (call, leg) => this.#calls.connect(call, leg),
        legEnded: (leg) => this.#calls.legEnded(leg),
      },
      {
        outbound: this.#outbound,
        ivr: this.#ivr,
        actions: this.#actions,
        consultations: this.#consultations,
        queues: this.#queues,
        remoteAnswer: this.#remoteAnswer,
      },
      options,
    );
  }

  /** What the ACD asks for (its dispatch). */
  acdCommand(command: AcdCommand): void {
    if (command.type === 'callback') return this.#callbacks?.start(command);
    if (command.type === 'cancel-offer' && !this.#calls.get(command.callId))
      return this.#callbacks?.cancel(command.callId);
    this.#queues.command(command);
  }

  /** Calls in progress. */
  get activeCalls(): number {
    return this.#calls.size;
  }

  /** What is kept per call, part by part: all 0 once every call and its recordings have ended. */
  get tracked(): Readonly<Record<string, number>> {
    return {
      ...this.#calls.tracked,
      ...this.#ivr.tracked,
      ...this.#actions.tracked,
      consultations: this.#consultations.size,
      ...this.#callbacks?.tracked,
    };
  }

  call(callId: string): Call | undefined {
    return this.#calls.get(callId);
  }

  /** The live calls an agent has a leg in (the ACD's reconciler compares its states with these). */
  callsOfAgent(agentId: string): string[] {
    return this.#calls.ofAgent(agentId);
  }

  /** The agent answers the call ringing on their phone from the desk (remote answer). */
  answer(callId: string, actor: CallActor): void {
    this.#remoteAnswer.answer(this.#live(callId), actor);
  }

  /** Whether the call rings the agent's phone and the desk can answer it (remote answer). */
  remoteAnswerable(callId: string, agentId: string): boolean {
    const call = this.#calls.get(callId);
    return (call && ringingLegOf(call, agentId)?.remoteAnswer) === true;
  }

  /** Puts the customer on hold (music) while the agent's leg stays up. */
  hold(callId: string, actor: CallActor): void {
    this.#actions.hold(this.#live(callId), actor);
  }

  resume(callId: string, actor: CallActor): void {
    this.#actions.resume(this.#live(callId), actor);
  }

  hangup(callId: string, actor: CallActor): void {
    const call = this.#live(callId);
    // The agent's hang-up during a consultation does what their phone's would: hand over.
    if (actor.kind !== 'supervisor' && this.#consultations.busy(call) !== undefined)
      return this.#consultations.hangup(call, actor);
    this.#actions.hangup(call, actor);
  }

  sendDtmf(callId: string, digits: string, actor: CallActor): void {
    this.#actions.sendDtmf(this.#live(callId), digits, actor);
  }

  transfer(callId: string, target: BlindTransferTarget, actor: CallActor): void {
    this.#actions.transfer(this.#live(callId), target, actor);
  }

  /** A supervisor listens to, whispers into or barges the call from their extension. */
  monitor(callId: string, extension: string, mode: MonitorMode, actor: CallActor): void {
    this.#actions.monitor(this.#live(callId), extension, mode, actor);
  }

  /** Puts the customer on hold and rings whom the agent consults before a transfer. */
  consult(callId: string, target: ConsultTarget, actor: CallActor): void {
    this.#consultations.consult(this.#live(callId), target, actor);
  }

  /** The agent leaves; the consulted party (or the conference's other two) talk on. */
  completeTransfer(callId: string, actor: CallActor): void {
    this.#consultations.complete(this.#live(callId), actor);
  }

  /** Ends the consultation (or drops the conference's third party); the customer is back. */
  cancelConsult(callId: string, actor: CallActor): void {
    this.#consultations.cancel(this.#live(callId), actor);
  }

  /** Customer, agent and the consulted party in one conversation. */
  conference(callId: string, actor: CallActor): void {
    this.#consultations.conference(this.#live(callId), actor);
  }

  /**
   * Click-to-call: the agent's phone rings, then the number through the outbound trunk. The
   * caller of this method checks that the agent may dial out at all; the number must pass the
   * outbound allow-list here whoever asks (toll fraud). Returns the new call's id.
   */
  dialOut(agentId: string, number: string): string {
    const { acd, outboundPattern } = this.#options;
    const agent = acd?.agents.get(agentId);
    assertMayDial(agentId, agent);
    if (!this.#outbound || !outboundPattern?.test(number))
      throw new HotlineError(
        'forbidden',
        `Calls to ${number} are not allowed: it is outside the outbound allow-list (HOTLINE_SIP_OUTBOUND_PATTERN) or no outbound trunk is set.`,
        { field: 'body.number' },
      );
    const call = this.#calls.open({
      customerLegId: this.#options.newId(),
      caller: normalizePhoneNumber(number),
      dialed: number,
      source: 'local',
      at: this.#options.clock.now(),
      outboundBy: agentId,
    });
    // The agent is busy from the click: the ACD offers them nothing meanwhile; after the call
    // they go back to where they were.
    acd!.agents.callStarted(agentId, call.id, 'outbound');
    call.resources.add({ release: () => acd!.callEnded(call.id) });
    this.#outbound.start(call, agentId, agent.extension);
    this.#calls.lookUpCaller(call);
    return call.id;
  }

  #live(callId: string): Call {
    const call = this.#calls.get(callId);
    if (!call)
      throw new HotlineError('not-found', `There is no live call ${callId}; it may have ended.`);
    return call;
  }

  handle(event: TelephonyEvent): void {
    if (event.type === 'leg.offered') {
      const route = this.#options.routes.forNumber(event.to);
      if (route) return this.#offered(event, route.flow);
      return this.#options.fallback?.(event);
    }
    if (event.type === 'recording.finished') {
      if (!this.#ivr.recordingFinished(event)) this.#options.fallback?.(event);
      return;
    }
    if (this.#callbacks?.owns(event.legId)) return this.#callbacks.handle(event);
    const call = this.#calls.ofLeg(event.legId);
    if (!call) {
      // A phone's transfer on a leg nobody here owns: refuse it, or the phone waits forever.
      if (event.type === 'leg.refer')
        this.#options.execute({ type: 'leg.refer.result', legId: event.legId, accepted: false });
      return this.#options.fallback?.(event);
    }
    this.#legEvents.handle(call, call.legs.get(event.legId)!, event);
  }

  /** Ends every live call (shutdown): each is released as if the system hung up. */
  endAll(): void {
    for (const call of this.#calls.all()) this.#calls.release(call, 'shutdown', 'system');
    // IVR runs still finishing after their caller hung up (voicemails waiting for the file).
    this.#ivr.stopLingering();
  }

  #offered(event: Extract<TelephonyEvent, { type: 'leg.offered' }>, flow: string): void {
    const caller = normalizePhoneNumber(event.from.number);
    const call = this.#calls.open({
      customerLegId: event.legId,
      caller: event.from.displayName ? { ...caller, displayName: event.from.displayName } : caller,
      dialed: event.to,
      source: event.source.kind,
      at: event.at,
      flow,
    });
    this.#options.execute({ type: 'leg.answer', legId: call.customer.id });
    this.#calls.lookUpCaller(call);
  }

  #enqueue(
    call: Call,
    queue: string,
    priority: number,
    skills: { skill: string; minLevel: number }[],
  ): void {
    if (!call.move('enqueue')) return;
    // A known customer's tier raises the priority the flow gave (VIPs wait less), once: a call
    // queued again after a transfer keeps its final priority. The ACD takes 0 to 100.
    const tier = call.data.customerTier;
    if (tier !== undefined && call.data.priority === undefined)
      priority += (this.#options.tierPriority ?? defaultTierPriority)[tier] ?? 0;
    priority = Math.min(100, Math.max(0, priority));
    call.data.queue = queue;
    call.data.priority = priority;
    call.data.skills = skills;
    this.#record(call, 'call.queued', { callId: call.id, queue, priority, skills });
    this.#queues.enqueue(call, { queue, priority, skills });
  }

  #actionsHost(): CallActionsHost {
    return {
      execute: (command) => this.#options.execute(command),
      record: (call, type, payload) => this.#record(call, type, payload),
      originate: (call, fields, target, timeoutMs) =>
        this.#calls.originate(call, fields, target, timeoutMs),
      enqueue: (call, queue, priority) => this.#enqueue(call, queue, priority, []),
      release: (call, cause, by) => this.#calls.release(call, cause, by),
      drop: (_call, leg) => this.#calls.drop(leg),
      agentHeld: (call) => this.#queues.held(call),
      agentResumed: (call) => this.#queues.resumed(call),
      agentLeft: (call) => this.#queues.ended(call),
      knowsQueue: (queue) => this.#options.acd?.queue(queue) !== undefined,
    };
  }

  #queueHost(): QueueLinkHost {
    return {
      execute: (command) => this.#options.execute(command),
      record: (call, type, payload) => this.#record(call, type, payload),
      call: (callId) => this.#calls.get(callId),
      originate: (call, fields, target, timeoutMs) =>
        this.#calls.originate(call, fields, target, timeoutMs),
      connect: (call, leg) => this.#calls.connect(call, leg),
      release: (call, cause, by) => this.#calls.release(call, cause, by),
      runIvr: (call, flow) => this.#ivr.run(call, flow),
    };
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
