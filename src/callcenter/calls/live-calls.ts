// The calls in progress: each opened around its customer leg (logged as offered, its caller
// looked up for the screen pop), found by its id or by any of its legs, given agent-side legs,
// joined to the leg that talks to the customer (bridged, and recorded as a segment of its own),
// and released in one place when it ends, whichever side ends it.
import type { Logger } from '../../platform/index.ts';
import type { LegId, OriginateTarget, TelephonyCommand } from '../../telephony/index.ts';
import { Call, type CallData, type CallLeg } from './call.ts';
import type { CallEvents } from './call-events.ts';
import { callStateMachine } from './call-state.ts';
import type { CallerCandidate, CallerLookup } from './caller-lookup.ts';
import { consultKey } from './consultations.ts';

type EndedBy = CallEvents['call.ended']['by'];
type EndCause = CallEvents['call.ended']['cause'];

export interface LiveCallsHost {
  execute(command: TelephonyCommand): void;
  record<K extends keyof CallEvents>(
    call: Call,
    type: K,
    payload: CallEvents[K],
    at?: number,
  ): void;
  /** Our hold music stops before the customer talks to someone. */
  stopMusic(call: Call): void;
  /** A recording of the conversation, kept with the IVR's so its file is logged when it finishes. */
  trackRecording(call: Call, recordingId: string): void;
  /** The call is ending: the parts forget it (its IVR run, music and monitors, consultation). */
  releasing(call: Call): void;
  /** The call is gone (legs hung up, recordings stopped): a queued call's end reaches the ACD. */
  released(call: Call): void;
}

export interface LiveCallsOptions {
  newId: () => string;
  /** Where a connected call's recording goes; without it calls are not recorded. */
  recordingPath?: (callId: string, segment: number) => string;
  /** Whether the agent's phone answers calls offered to them by itself. */
  autoAnswer?: (agentId: string) => boolean;
  callerLookup?: CallerLookup;
  logger?: Logger;
}

/** What opens a call: one that came in, or one an agent dials (`outboundBy`). */
export interface CallOpening {
  customerLegId: LegId;
  caller: CallData['caller'];
  dialed: string;
  source: CallData['source'];
  at: number;
  flow?: string;
  outboundBy?: string;
}

/** What a new agent-side leg is: whom it reaches, for which agent, in which role. */
export interface LegFields {
  target: string;
  agentId?: string;
  role?: CallLeg['role'];
  /** Who the rung phone sees calling; default: the customer. */
  from?: { number: string; displayName?: string };
}

export class LiveCalls {
  readonly #host: LiveCallsHost;
  readonly #options: LiveCallsOptions;
  readonly #calls = new Map<string, Call>();
  /** Every leg of a live call, to its call. */
  readonly #byLeg = new Map<LegId, Call>();
  /** How many times each live call was connected (its recording segments). */
  readonly #segments = new Map<string, number>();

  constructor(host: LiveCallsHost, options: LiveCallsOptions) {
    this.#host = host;
    this.#options = options;
  }

  get size(): number {
    return this.#calls.size;
  }

  /** What the bookkeeping holds (all 0 once every call has ended). */
  get tracked(): { calls: number; legs: number; segments: number } {
    return { calls: this.#calls.size, legs: this.#byLeg.size, segments: this.#segments.size };
  }

  get(callId: string): Call | undefined {
    return this.#calls.get(callId);
  }

  /** The live call a leg that has not ended belongs to. */
  ofLeg(legId: LegId): Call | undefined {
    return this.#byLeg.get(legId);
  }

  all(): Call[] {
    return [...this.#calls.values()];
  }

  /** The live calls an agent has a leg in (the ACD's reconciler compares its states with these). */
  ofAgent(agentId: string): string[] {
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

  /** A new call around its customer leg, tracked and logged as offered. */
  open(init: CallOpening): Call {
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
    this.#host.record(
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
  lookUpCaller(call: Call): void {
    const lookup = this.#options.callerLookup;
    const e164 = call.data.caller.e164;
    if (!lookup || !e164) return;
    lookup(e164).then(
      ({ customers }) => this.#customerFound(call, customers),
      (error: unknown) =>
        this.#options.logger?.warn({ err: error, callId: call.id }, 'caller lookup failed'),
    );
  }

  /** A new agent-side leg of the call: tracked, logged as alerting, and placed. */
  originate(call: Call, fields: LegFields, target: OriginateTarget, timeoutMs: number): CallLeg {
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
      this.#host.record(call, 'call.alerting', {
        callId: call.id,
        legId: leg.id,
        target: fields.target,
        ...(fields.agentId !== undefined ? { agentId: fields.agentId } : {}),
      });
    this.#host.execute({
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

  /** The leg ended on its side: no more of its events reach the call. */
  legEnded(leg: CallLeg): void {
    leg.ended = true;
    this.#byLeg.delete(leg.id);
  }

  /** The leg left the call on our side: no longer tracked, hung up. */
  drop(leg: CallLeg): void {
    leg.ended = true;
    leg.dropped = true;
    this.#byLeg.delete(leg.id);
    this.#host.execute({ type: 'leg.hangup', legId: leg.id });
  }

  /** The call's first connection (from ringing or the IVR's transfer). */
  connect(call: Call, leg: CallLeg): void {
    if (call.move('connect')) this.joined(call, leg);
  }

  /** The leg now talks to the customer: bridged, recorded as a segment of its own, logged. */
  joined(call: Call, leg: CallLeg): void {
    call.connectedLegId = leg.id;
    this.#host.stopMusic(call);
    this.#host.execute({ type: 'legs.bridge', a: call.customer.id, b: leg.id });
    const segment = (this.#segments.get(call.id) ?? 0) + 1;
    this.#segments.set(call.id, segment);
    const recordingPath = this.#options.recordingPath;
    if (recordingPath) {
      // Every connected call is recorded: the customer on the left, the agent on the right; each
      // connection after a transfer in a file of its own.
      const recordingId = segment === 1 ? `call-${call.id}` : `call-${call.id}-${segment}`;
      this.#host.trackRecording(call, recordingId);
      this.#host.execute({
        type: 'recording.start',
        recordingId,
        path: recordingPath(call.id, segment),
        customer: call.customer.id,
        agent: leg.id,
      });
    }
    this.#host.record(call, 'call.connected', {
      callId: call.id,
      legId: leg.id,
      target: leg.target,
      ...(leg.agentId !== undefined ? { agentId: leg.agentId } : {}),
    });
  }

  /** The one place a call ends: every resource, timer, recording and leg is released here. */
  release(call: Call, cause: EndCause, by: EndedBy): void {
    if (call.ended) return;
    const from = call.state;
    call.move('end');
    for (const resource of call.resources) resource.release();
    call.resources.clear();
    this.#host.releasing(call);
    this.#segments.delete(call.id);
    for (const timer of call.timers) timer.cancel();
    call.timers.clear();
    for (const recordingId of call.recordings)
      this.#host.execute({ type: 'recording.stop', recordingId });
    for (const leg of call.legs.values()) {
      if (leg.ended) continue;
      leg.ended = true;
      this.#byLeg.delete(leg.id);
      this.#host.execute({ type: 'leg.hangup', legId: leg.id });
    }
    this.#calls.delete(call.id);
    this.#host.released(call);
    this.#host.record(call, 'call.ended', { callId: call.id, from, cause, by });
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
    this.#host.record(call, 'call.customer-matched', {
      callId: call.id,
      customerIds: customers.map((c) => c.id),
      ...(only ? { customerId: only.id, tier: only.tier } : {}),
    });
  }
}
