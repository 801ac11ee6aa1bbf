// The call controller: every call that a dialed-number route claims passes
// through here. It hears TelephonyEvents, keeps each Call's state and data,
// starts the IVR, acts on its outcome, and releases everything in one place
// when the call ends, whichever side ended it. Calls it does not claim go to
// the fallback router (extension-to-extension, test numbers).
import { HotlineError, type Clock, type Logger, type Scheduler } from '../../platform/index.ts';
import type {
  LegId,
  OriginateTarget,
  PromptRef,
  TelephonyCommand,
  TelephonyEvent,
} from '../../telephony/index.ts';
import { Call, type CallData, type CallLeg } from './call.ts';
import { callStream, type CallEventSink, type CallEvents } from './call-events.ts';
import type { IvrStarter, NumberRoutes } from './call-routes.ts';
import { callStateMachine } from './call-state.ts';
import { normalizePhoneNumber } from './phone-number.ts';
import { QueueLink, type QueueLinkHost } from './queue-link.ts';
import { IvrLink } from './ivr-link.ts';
import { CallbackDialer } from './callback-dialer.ts';
import { defaultTierPriority, type CallerCandidate, type CallerLookup } from './caller-lookup.ts';
import {
  CallActions,
  type CallActionsHost,
  type CallActor,
  type BlindTransferTarget,
  type ConsultTarget,
  type MonitorMode,
} from './call-actions.ts';
import { Consultations, consultKey } from './consultations.ts';
import { OutboundCalls, assertMayDial } from './outbound-calls.ts';
import { IvrOutcomes } from './ivr-outcomes.ts';
import { RemoteAnswer, ringingLegOf } from './remote-answer.ts';
import type { Acd, AcdCommand } from '../acd/index.ts';

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
  /** External numbers a flow may transfer to; without it no external transfer goes out. */
  outboundPattern?: RegExp;
  /** The announcement repeated while a call waits in a queue with nobody to take it yet. */
  holdPrompt?: string;
  holdRepeatMs?: number;
  /** Distributes queued calls to agents; without it a queued call only hears the hold announcement. */
  acd?: Acd;
  /**
   * Where the recording of a connected call goes; without it calls are not recorded. `segment`
   * counts the call's connections: 1, then 2 after a transfer, and so on.
   */
  recordingPath?: (callId: string, segment: number) => string;
  /**
   * What a number a phone transfers to (SIP REFER) is: an extension, or a number outside (the
   * allow-list applies). Default: 2-6 digits are an extension.
   */
  referTarget?: (target: string) => BlindTransferTarget;
  /** Finds the customer behind the caller's number (the CRM); without it calls carry no customer. */
  callerLookup?: CallerLookup;
  /** Extra queue priority by the matched customer's tier. Default: platinum 3, gold 2, silver 1. */
  tierPriority?: Readonly<Record<string, number>>;
  /** What a customer on hold (or being transferred) hears, looped. Default: the hold announcement. */
  holdMusic?: readonly PromptRef[];
  /** The flow a call leaving its queue for voicemail runs (a queue's overflow or escalation). */
  voicemailFlow?: string;
  /** How long a customer's phone rings for a call an agent dialed. Default: 45 s. */
  outboundRingTimeoutMs?: number;
  /** Whether the agent's phone answers calls offered to them by itself (their profile's auto-answer). */
  autoAnswer?: (agentId: string) => boolean;
}

type EndedBy = CallEvents['call.ended']['by'];
type EndCause = CallEvents['call.ended']['cause'];

export class CallController {
  readonly #options: CallControllerOptions;
  readonly #calls = new Map<string, Call>();
  /** Every leg of a live call, to its call. */
  readonly #byLeg = new Map<LegId, Call>();

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
  /** How many times each live call was connected (its recording segments). */
  readonly #segments = new Map<string, number>();
  /** Agents answering a ringing call from the desk (the phone picks up by itself). */
  readonly #remoteAnswer: RemoteAnswer;

  constructor(options: CallControllerOptions) {
    this.#options = options;
    this.#ivr = new IvrLink(options.ivr, {
      execute: (command) => options.execute(command),
      record: (call, type, payload) => this.#record(call, type, payload),
      failed: (call, error) => {
        // The flow is gone (unpublished meanwhile) or broken: never leave the caller in silence.
        options.logger?.warn({ err: error, callId: call.id }, 'the IVR could not start');
        this.#release(call, 'failed', 'system');
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
    const acd = options.acd;
    this.#consultations = new Consultations(
      {
        ...this.#actionsHost(),
        joined: (call, leg) => this.#joined(call, leg),
        release: (call, cause, by) => this.#release(call, cause, by),
        agentOnExtension: (extension) => {
          const agent = acd?.agents.onExtension(extension);
          return agent && agent.state !== 'logged-out' ? agent.id : undefined;
        },
        consultedBusy: (agentId, key) => {
          const state = acd?.agents.get(agentId)?.state;
          if (state !== 'ready' && state !== 'not-ready' && state !== 'wrap-up') return false;
          acd!.agents.callStarted(agentId, key, 'internal');
          return true;
        },
        consultedFree: (key) => acd?.callEnded(key),
        takeOver: (call, key) => {
          acd?.agents.callRenamed(key, call.id, call.data.queue);
          // Ends their part whichever way the call ends (a queue's end does it too; twice is harmless).
          call.resources.add({ release: () => acd?.callEnded(call.id) });
        },
      },
      this.#actions,
      { ringTimeoutMs: options.ringTimeoutMs },
    );
    this.#ivrOutcomes = new IvrOutcomes(
      {
        record: (call, type, payload) => this.#record(call, type, payload),
        release: (call, cause, by) => this.#release(call, cause, by),
        enqueue: (call, queue, priority, skills) => this.#enqueue(call, queue, priority, skills),
        originate: (call, fields, target, timeoutMs) =>
          this.#originate(call, fields, target, timeoutMs),
        voicemail: (call, result) => this.#ivr.voicemail(call, result),
        keepPlace: this.#callbacks
          ? (call, queue, number) => this.#queues.keepPlace(call, queue, number)
          : undefined,
      },
      {
        ringTimeoutMs: options.ringTimeoutMs,
        ...(options.outboundTrunk !== undefined ? { outboundTrunk: options.outboundTrunk } : {}),
        ...(options.outboundPattern !== undefined
          ? { outboundPattern: options.outboundPattern }
          : {}),
        ...(options.logger !== undefined ? { logger: options.logger } : {}),
      },
    );
    this.#outbound = options.outboundTrunk
      ? new OutboundCalls(
          {
            execute: (command) => options.execute(command),
            originate: (call, fields, target, timeoutMs) =>
              this.#originate(call, fields, target, timeoutMs),
            connect: (call, leg) => this.#connect(call, leg),
            release: (call, cause, by) => this.#release(call, cause, by),
          },
          {
            trunk: options.outboundTrunk,
            agentRingTimeoutMs: options.ringTimeoutMs,
            customerRingTimeoutMs: options.outboundRingTimeoutMs ?? 45_000,
          },
        )
      : undefined;
    this.#remoteAnswer = new RemoteAnswer({
      execute: (command) => options.execute(command),
      record: (call, type, payload) => this.#record(call, type, payload),
    });
    this.#queues = new QueueLink(options.acd, this.#queueHost(), {
      ...(options.holdPrompt !== undefined ? { holdPrompt: options.holdPrompt } : {}),
      ...(options.holdRepeatMs !== undefined ? { holdRepeatMs: options.holdRepeatMs } : {}),
      ...(options.voicemailFlow !== undefined ? { voicemailFlow: options.voicemailFlow } : {}),
      warn: (detail, message) => options.logger?.warn(detail, message),
    });
  }

  /** What the ACD asks for (its dispatch). */
  acdCommand(command: AcdCommand): void {
    if (command.type === 'callback') return this.#callbacks?.start(command);
    if (command.type === 'cancel-offer' && !this.#calls.has(command.callId))
      return this.#callbacks?.cancel(command.callId);
    this.#queues.command(command);
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
          // A consulted agent is busy under the consultation's own id until they take the call.
          out.push(leg.role === 'consult' ? consultKey(call.id) : call.id);
          break;
        }
    return out;
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
    const call = this.#open({
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
    this.#lookUpCaller(call);
    return call.id;
  }

  /** The phone on a leg transferred the call (REFER): the same blind transfer as the API's. */
  #referred(call: Call, leg: CallLeg, number: string): void {
    const target =
      this.#options.referTarget?.(number) ??
      (/^[0-9]{2,6}$/.test(number)
        ? { kind: 'extension' as const, extension: number }
        : { kind: 'external' as const, number });
    const answer = (accepted: boolean) =>
      this.#options.execute({ type: 'leg.refer.result', legId: leg.id, accepted });
    try {
      this.#actions.transfer(call, target, { kind: 'phone', legId: leg.id }, () => answer(true));
    } catch (error) {
      if (!(error instanceof HotlineError)) throw error;
      this.#options.logger?.info(
        { callId: call.id, target: number, err: error },
        'a transfer asked for by a phone was refused',
      );
      answer(false);
    }
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
    const call = this.#byLeg.get(event.legId);
    if (!call) {
      // A phone's transfer on a leg nobody here owns: refuse it, or the phone waits forever.
      if (event.type === 'leg.refer')
        this.#options.execute({ type: 'leg.refer.result', legId: event.legId, accepted: false });
      return this.#options.fallback?.(event);
    }
    const leg = call.legs.get(event.legId)!;
    switch (event.type) {
      case 'leg.answered':
        return this.#answered(call, leg);
      case 'leg.ended':
        return this.#legEnded(call, leg, event);
      case 'leg.held':
        // Only the agent's phone holds the call; a desk hold (music playing) or a consultation
        // stays the desk's.
        if (
          leg.id !== call.connectedLegId ||
          this.#actions.heldFromDesk(call) ||
          this.#consultations.busy(call) !== undefined
        )
          return;
        if (call.move('hold')) {
          this.#record(call, 'call.held', { callId: call.id });
          this.#queues.held(call);
        }
        return;
      case 'leg.resumed':
        if (
          leg.id !== call.connectedLegId ||
          this.#actions.heldFromDesk(call) ||
          this.#consultations.busy(call) !== undefined
        )
          return;
        if (call.move('resume')) {
          this.#record(call, 'call.resumed', { callId: call.id });
          this.#queues.resumed(call);
        }
        return;
      case 'leg.play.finished':
        if (leg.role !== 'customer') return;
        this.#queues.playFinished(call, event.playId, event.reason);
        this.#ivr.forward(call, event);
        return;
      case 'leg.dtmf':
        if (leg.role === 'customer') this.#ivr.forward(call, event);
        return;
      case 'leg.refer':
        return this.#referred(call, leg, event.target);
      case 'leg.ringing':
        return this.#remoteAnswer.ringing(call, leg, event.remoteAnswer);
      case 'leg.answer.remote.failed':
        return this.#remoteAnswer.failed(call, leg, event);
      default:
        return;
    }
  }

  /** Ends every live call (shutdown): each is released as if the system hung up. */
  endAll(): void {
    for (const call of [...this.#calls.values()]) this.#release(call, 'shutdown', 'system');
    // IVR runs still finishing after their caller hung up (voicemails waiting for the file).
    this.#ivr.stopLingering();
  }

  #offered(event: Extract<TelephonyEvent, { type: 'leg.offered' }>, flow: string): void {
    const caller = normalizePhoneNumber(event.from.number);
    const call = this.#open({
      customerLegId: event.legId,
      caller: event.from.displayName ? { ...caller, displayName: event.from.displayName } : caller,
      dialed: event.to,
      source: event.source.kind,
      at: event.at,
      flow,
    });
    this.#options.execute({ type: 'leg.answer', legId: call.customer.id });
    this.#lookUpCaller(call);
  }

  /**
   * A new call around its customer leg, tracked and logged as offered: one that came in, or one
   * an agent dials (`outboundBy`), whose customer is the number dialed.
   */
  #open(init: {
    customerLegId: LegId;
    caller: CallData['caller'];
    dialed: string;
    source: CallData['source'];
    at: number;
    flow?: string;
    outboundBy?: string;
  }): Call {
    const { caller } = init;
    const customer: CallLeg = {
      id: init.customerLegId,
      role: 'customer',
      target: caller.raw,
      answered: false,
      ended: false,
    };
    const call = new Call({
      id: this.#options.newId(),
      customer,
      offeredAt: init.at,
      state: callStateMachine(),
      data: {
        caller,
        dialed: init.dialed,
        source: init.source,
        ...(init.flow !== undefined ? { flow: init.flow } : {}),
        ...(init.outboundBy !== undefined ? { direction: 'outbound' as const } : {}),
        ivrPath: [],
        vars: {},
      },
    });
    this.#calls.set(call.id, call);
    this.#byLeg.set(customer.id, call);
    const callerData: CallEvents['call.offered']['caller'] = { number: caller.raw };
    if (caller.e164) callerData.e164 = caller.e164;
    if (caller.displayName) callerData.displayName = caller.displayName;
    this.#record(
      call,
      'call.offered',
      {
        callId: call.id,
        legId: customer.id,
        caller: callerData,
        dialed: init.dialed,
        source: init.source,
        ...(init.outboundBy !== undefined
          ? { direction: 'outbound' as const, agentId: init.outboundBy }
          : {}),
      },
      init.at,
    );
    return call;
  }

  /** The CRM finds the customer behind the caller's (or the dialed) number, for the screen pop. */
  #lookUpCaller(call: Call): void {
    const lookup = this.#options.callerLookup;
    const e164 = call.data.caller.e164;
    if (!lookup || !e164) return;
    lookup(e164).then(
      ({ customers }) => this.#customerFound(call, customers),
      (error: unknown) =>
        this.#options.logger?.warn({ err: error, callId: call.id }, 'caller lookup failed'),
    );
  }

  /** The directory answered: one candidate is the call's customer; several are left to the agent. */
  #customerFound(call: Call, customers: CallerCandidate[]): void {
    if (call.ended || customers.length === 0) return;
    const [only] = customers.length === 1 ? customers : [];
    if (only) {
      call.data.customerId = only.id;
      call.data.customerTier = only.tier;
      if (only.lastAgentId !== undefined) call.data.lastAgentId = only.lastAgentId;
    }
    this.#record(call, 'call.customer-matched', {
      callId: call.id,
      customerIds: customers.map((c) => c.id),
      ...(only ? { customerId: only.id, tier: only.tier } : {}),
    });
  }

  #answered(call: Call, leg: CallLeg): void {
    if (leg.answered) return;
    leg.answered = true;
    if (this.#outbound?.dialing(call)) return this.#outbound.answered(call, leg);
    if (leg.role === 'customer') {
      if (call.state === 'offered') this.#startIvr(call);
      return;
    }
    if (leg.role === 'supervisor') return this.#actions.supervisorAnswered(call, leg);
    if (leg.role === 'consult') return this.#consultations.answered(call, leg);
    if (leg.role !== 'agent') return;
    if (leg.agentId !== undefined) this.#queues.agentAnswered(call, leg);
    else this.#connect(call, leg);
  }

  #connect(call: Call, leg: CallLeg): void {
    if (call.move('connect')) this.#joined(call, leg);
  }

  /** The leg now talks to the customer: bridged, recorded as a segment of its own, logged. */
  #joined(call: Call, leg: CallLeg): void {
    call.connectedLegId = leg.id;
    this.#actions.stopMusic(call);
    this.#options.execute({ type: 'legs.bridge', a: call.customer.id, b: leg.id });
    const segment = (this.#segments.get(call.id) ?? 0) + 1;
    this.#segments.set(call.id, segment);
    const recordingPath = this.#options.recordingPath;
    if (recordingPath) {
      // Every connected call is recorded: the customer on the left, the agent on the right; each
      // connection after a transfer in a file of its own.
      const recordingId = segment === 1 ? `call-${call.id}` : `call-${call.id}-${segment}`;
      this.#ivr.trackRecording(call, recordingId);
      this.#options.execute({
        type: 'recording.start',
        recordingId,
        path: recordingPath(call.id, segment),
        customer: call.customer.id,
        agent: leg.id,
      });
    }
    this.#record(call, 'call.connected', {
      callId: call.id,
      legId: leg.id,
      target: leg.target,
      ...(leg.agentId !== undefined ? { agentId: leg.agentId } : {}),
    });
  }

  #startIvr(call: Call): void {
    const flow = call.data.flow!;
    if (call.move('start-ivr')) this.#ivr.run(call, flow);
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

  /** A new agent-side leg of the call: tracked, logged as alerting, and placed. */
  #originate(
    call: Call,
    fields: {
      target: string;
      agentId?: string;
      role?: CallLeg['role'];
      from?: { number: string; displayName?: string };
    },
    target: OriginateTarget,
    timeoutMs: number,
  ): CallLeg {
    const leg: CallLeg = {
      id: this.#options.newId(),
      role: fields.role ?? 'agent',
      target: fields.target,
      answered: false,
      ended: false,
      ...(fields.agentId !== undefined ? { agentId: fields.agentId } : {}),
    };
    call.legs.set(leg.id, leg);
    this.#byLeg.set(leg.id, call);
    const autoAnswer =
      leg.role === 'agent' &&
      leg.agentId !== undefined &&
      this.#options.autoAnswer?.(leg.agentId) === true;
    // A supervisor's or a consulted phone ringing is told by its own event (monitor, consult):
    // `call.alerting` means the customer's call rings someone, for the CDR and the wallboard.
    if (leg.role === 'agent')
      this.#record(call, 'call.alerting', {
        callId: call.id,
        legId: leg.id,
        target: fields.target,
        ...(fields.agentId !== undefined ? { agentId: fields.agentId } : {}),
      });
    this.#options.execute({
      type: 'leg.originate',
      legId: leg.id,
      // The media of every leg of the call lives in the caller leg's worker.
      callId: call.customer.id,
      target,
      from: fields.from ?? {
        number: call.data.caller.raw,
        ...(call.data.caller.displayName ? { displayName: call.data.caller.displayName } : {}),
      },
      timeoutMs,
      ...(autoAnswer ? { autoAnswer: true } : {}),
    });
    return leg;
  }

  #legEnded(call: Call, leg: CallLeg, event: Extract<TelephonyEvent, { type: 'leg.ended' }>): void {
    const { cause } = event;
    leg.ended = true;
    this.#byLeg.delete(leg.id);
    if (this.#outbound?.dialing(call)) return this.#outbound.ended(call, leg, cause);
    if (leg.role === 'customer') {
      this.#ivr.customerGone(call, event);
      // Ended here (an answer that failed, e.g. media overloaded; no media): not the caller's doing.
      return this.#release(call, cause, event.by === 'local' ? 'system' : 'customer');
    }
    if (leg.role === 'supervisor') return this.#actions.supervisorGone(call, leg);
    if (leg.role === 'consult') return this.#consultations.gone(call, leg, cause);
    if (leg.role === 'agent') {
      if (leg.id === call.connectedLegId) {
        // Hanging up with the consulted party on the line hands the customer over to them.
        if (this.#consultations.agentGone(call, leg)) return;
        // The connected agent (or transfer target) hung up: the call is over for the customer too.
        return this.#release(call, cause, 'agent');
      }
      // An ACD offer that rang out, was busy, or was withdrawn: back in line, the ACD decides.
      if (leg.agentId !== undefined) return this.#queues.agentLegGone(call, leg, cause);
      // An IVR transfer nobody answered.
      if (call.state === 'alerting') return this.#release(call, 'transfer-failed', 'system');
    }
  }

  #actionsHost(): CallActionsHost {
    return {
      execute: (command) => this.#options.execute(command),
      record: (call, type, payload) => this.#record(call, type, payload),
      originate: (call, fields, target, timeoutMs) =>
        this.#originate(call, fields, target, timeoutMs),
      enqueue: (call, queue, priority) => this.#enqueue(call, queue, priority, []),
      release: (call, cause, by) => this.#release(call, cause, by),
      drop: (_call, leg) => {
        leg.ended = true;
        leg.dropped = true;
        this.#byLeg.delete(leg.id);
        this.#options.execute({ type: 'leg.hangup', legId: leg.id });
      },
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
        this.#originate(call, fields, target, timeoutMs),
      connect: (call, leg) => this.#connect(call, leg),
      release: (call, cause, by) => this.#release(call, cause, by),
      runIvr: (call, flow) => this.#ivr.run(call, flow),
    };
  }

  /** The one place a call ends: every resource, timer, recording and leg is released here. */
  #release(call: Call, cause: EndCause, by: EndedBy): void {
    if (call.ended) return;
    const from = call.state;
    call.move('end');
    for (const resource of call.resources) resource.release();
    call.resources.clear();
    this.#ivr.released(call);
    this.#actions.released(call);
    this.#consultations.released(call);
    this.#segments.delete(call.id);
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
    if (call.data.queue !== undefined) this.#queues.ended(call);
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
