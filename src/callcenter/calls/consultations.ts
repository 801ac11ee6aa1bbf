// Attended transfer and three-way conference: the agent puts the customer on
// hold (music), rings a colleague or a number outside (the consultation), and
// talks to them alone; then completes the transfer (the agent leaves, the
// customer and the colleague talk), cancels it (the customer is back with the
// agent), or joins all three in a conference. One consultation per call.
import type { LegEndCause } from '../../telephony/index.ts';
import type { Call, CallLeg } from './call.ts';
import {
  actorLabel,
  illegal,
  mixerId,
  type CallActions,
  type CallActionsHost,
  type CallActor,
  type ConsultTarget,
} from './call-actions.ts';
import type { CallEvents } from './call-events.ts';

export interface ConsultationsHost extends CallActionsHost {
  /** The leg now talks to the customer: bridged, recorded as a new segment, logged as connected. */
  joined(call: Call, leg: CallLeg): void;
  /** The logged-in agent whose desk phone the extension is, if any. */
  agentOnExtension(extension: string): string | undefined;
  /** The ACD holds the consulted agent busy under `key`; false when they are not free for it. */
  consultedBusy(agentId: string, key: string): boolean;
  /** The consultation is over without a transfer: the consulted agent is free again. */
  consultedFree(key: string): void;
  /** The consulted agent now has the call itself (the ACD renames their call, no gap). */
  takeOver(call: Call, key: string): void;
}

interface Consultation {
  legId: string;
  to: ConsultTarget;
  by: string;
  answered: boolean;
  conference: boolean;
  /** The consulted agent's ACD call id while the ACD holds them busy for it. */
  acdKey?: string;
  /** The agent's phone hung up while this rang: it is now the transfer, answered or failed. */
  handedOver?: boolean;
}

/** The id the ACD knows a consulted agent's part by, until they take the call. */
export function consultKey(callId: string): string {
  return `${callId}~consult`;
}

type ConsultEndReason = CallEvents['call.consult-ended']['reason'];

export class Consultations {
  readonly #host: ConsultationsHost;
  readonly #actions: CallActions;
  readonly #ringTimeoutMs: number;
  readonly #byCall = new Map<string, Consultation>();

  constructor(host: ConsultationsHost, actions: CallActions, options: { ringTimeoutMs: number }) {
    this.#host = host;
    this.#actions = actions;
    this.#ringTimeoutMs = options.ringTimeoutMs;
  }

  /** Consultations under way, for the bookkeeping tests. */
  get size(): number {
    return this.#byCall.size;
  }

  /** Why hold, blind transfer or monitoring must wait, while a consultation is under way. */
  busy(call: Call): string | undefined {
    const consultation = this.#byCall.get(call.id);
    if (!consultation) return undefined;
    return consultation.conference
      ? 'a conference is under way; the agent leaves it (complete) or drops the third party (cancel) first'
      : 'a consultation is under way; complete or cancel it first';
  }

  /** The customer goes on hold (music) and the consulted phone rings; the agent stays on the line. */
  consult(call: Call, target: ConsultTarget, actor: CallActor): void {
    const agentLeg = this.#actions.connectedLeg(call, actor);
    if (this.#byCall.has(call.id))
      throw illegal(call, 'consult on', 'a consultation is already under way');
    if (this.#actions.monitored(call))
      throw illegal(call, 'consult on', 'a supervisor is on the call; they hang up first');
    if (call.state !== 'connected' && call.state !== 'held')
      throw illegal(call, 'consult on', 'only a connected or held call can be transferred');
    if (call.state === 'held' && !this.#actions.heldFromDesk(call))
      throw illegal(call, 'consult on', 'the phone holds it; resume it on the phone first');
    const to = this.#actions.destination(target);
    const by = actorLabel(actor);
    // A colleague's desk phone: the agent behind it is busy while consulted, and owns the call
    // after a transfer (their desk controls it, the CDR and the wallboard name them).
    const consultedAgent =
      target.kind === 'extension' ? this.#host.agentOnExtension(target.extension) : undefined;
    if (call.state === 'connected') {
      // The hold of a consultation is hold time like any other (CDR, ACD, wallboard).
      this.#host.execute({ type: 'legs.unbridge', a: call.customer.id, b: agentLeg.id });
      this.#actions.startMusic(call);
      this.#host.record(call, 'call.held', { callId: call.id, by });
      this.#host.agentHeld(call);
    }
    call.move('transfer');
    const placed = this.#host.originate(
      call,
      {
        target: to.label,
        role: 'consult',
        ...(consultedAgent !== undefined ? { agentId: consultedAgent } : {}),
        // The colleague (or the outside party, through a trunk) sees the agent calling, not the
        // customer's number: a carrier may refuse a third party's number as ours.
        from: { number: agentLeg.target, displayName: 'Consult 咨询' },
      },
      to.originate!,
      this.#ringTimeoutMs,
    );
    const consultation: Consultation = {
      legId: placed.id,
      to: target,
      by,
      answered: false,
      conference: false,
    };
    if (
      consultedAgent !== undefined &&
      this.#host.consultedBusy(consultedAgent, consultKey(call.id))
    )
      consultation.acdKey = consultKey(call.id);
    this.#byCall.set(call.id, consultation);
    this.#host.record(call, 'call.consult-started', {
      callId: call.id,
      legId: placed.id,
      to: target,
      by,
      ...(consultedAgent !== undefined ? { agentId: consultedAgent } : {}),
    });
  }

  /** The consulted phone answered: it talks to the agent while the customer hears music. */
  answered(call: Call, leg: CallLeg): void {
    const consultation = this.#byCall.get(call.id);
    if (consultation?.legId === leg.id && consultation.handedOver) {
      // The transfer the agent's hang-up left ringing was answered.
      this.#byCall.delete(call.id);
      this.#host.record(call, 'call.consult-ended', {
        callId: call.id,
        legId: leg.id,
        reason: 'completed',
      });
      this.#takeCall(call, consultation, leg);
      return;
    }
    const agent = call.connectedLegId;
    if (consultation?.legId !== leg.id || agent === undefined) {
      this.#host.drop(call, leg);
      return;
    }
    consultation.answered = true;
    this.#host.execute({ type: 'legs.bridge', a: agent, b: leg.id });
    this.#host.record(call, 'call.consult-connected', { callId: call.id, legId: leg.id });
  }

  /**
   * The agent leaves; the consulted party talks to the customer. From a consultation the
   * consulted party must have answered; from a conference the other two go on without the agent.
   */
  complete(call: Call, actor: CallActor): void {
    const agentLeg = this.#actions.connectedLeg(call, actor);
    const consultation = this.#answeredConsultation(call, 'complete the transfer of');
    this.#handOver(call, consultation, agentLeg, actorLabel(actor), false);
  }

  /**
   * The agent hangs up from the desk during a consultation: as their phone's hang-up, the
   * answered colleague (or the conference's other two) take over; while it still rings, refused.
   */
  hangup(call: Call, actor: CallActor): void {
    const agentLeg = this.#actions.connectedLeg(call, actor);
    const consultation = this.#answeredConsultation(call, 'hang up');
    this.#handOver(call, consultation, agentLeg, actorLabel(actor), false);
  }

  /** The consulted party is hung up; the customer is back with the agent (off hold). */
  cancel(call: Call, actor: CallActor): void {
    const agentLeg = this.#actions.connectedLeg(call, actor);
    const consultation = this.#byCall.get(call.id);
    if (!consultation) throw illegal(call, 'cancel a consultation on', 'none is under way');
    const leg = call.legs.get(consultation.legId);
    if (leg && !leg.ended) this.#host.drop(call, leg);
    this.#end(call, consultation, 'cancelled');
    this.#reconnect(call, consultation, agentLeg, actorLabel(actor));
  }

  /** Customer, agent and consulted party all hear each other (the call's mixer). */
  conference(call: Call, actor: CallActor): void {
    const agentLeg = this.#actions.connectedLeg(call, actor);
    const consultation = this.#answeredConsultation(call, 'start a conference on');
    if (consultation.conference) throw illegal(call, 'start a conference on', 'it already is one');
    consultation.conference = true;
    this.#actions.stopMusic(call);
    for (const legId of [call.customer.id, agentLeg.id, consultation.legId])
      this.#host.execute({ type: 'leg.mix', mixerId: mixerId(call), legId, mode: 'full' });
    call.move('transfer-done');
    const by = actorLabel(actor);
    this.#host.record(call, 'call.resumed', { callId: call.id, by });
    this.#host.agentResumed(call);
    this.#host.record(call, 'call.conference-started', {
      callId: call.id,
      legId: consultation.legId,
      by,
    });
  }

  /** The consulted phone hung up, was busy or rang out. */
  gone(call: Call, leg: CallLeg, cause: LegEndCause): void {
    const consultation = this.#byCall.get(call.id);
    if (consultation?.legId !== leg.id) return;
    this.#end(call, consultation, consultation.answered ? 'hung-up' : reasonOf(cause));
    // Nobody took the transfer the agent left ringing: as a blind transfer nobody answers.
    if (consultation.handedOver) return this.#host.release(call, 'transfer-failed', 'system');
    const agent =
      call.connectedLegId === undefined ? undefined : call.legs.get(call.connectedLegId);
    if (!agent || agent.ended) return;
    if (consultation.conference) {
      // The third party left the conference: the customer and the agent talk on as before.
      this.#host.execute({ type: 'mixer.close', mixerId: mixerId(call) });
      this.#host.execute({ type: 'legs.bridge', a: call.customer.id, b: agent.id });
      return;
    }
    // The customer stays on hold; the desk shows the consultation ended and the agent resumes.
    this.#host.execute({ type: 'legs.unbridge', a: agent.id, b: leg.id });
    call.move('hold');
  }

  /**
   * The agent's phone hung up. With an answered consultation (or a conference) that completes the
   * transfer, as a PBX does; true when it did, false when the call ends with the agent.
   */
  agentGone(call: Call, agentLeg: CallLeg): boolean {
    const consultation = this.#byCall.get(call.id);
    const consulted = consultation && call.legs.get(consultation.legId);
    if (!consultation || !consulted || consulted.ended) return false;
    if (consultation.answered) {
      this.#handOver(call, consultation, agentLeg, `phone:${agentLeg.id}`, true);
      return true;
    }
    // Still ringing: the customer keeps their music and the ringing phone becomes the transfer
    // (a PBX's "transfer on ring"); its answer connects them, its failure ends the call.
    consultation.handedOver = true;
    this.#leave(call, consultation, agentLeg, `phone:${agentLeg.id}`, true);
    return true;
  }

  /** The call ended: the consultation ends with it, a conference's mixer is closed. */
  released(call: Call): void {
    const consultation = this.#byCall.get(call.id);
    if (!consultation) return;
    this.#end(call, consultation, 'hung-up');
    if (consultation.conference)
      this.#host.execute({ type: 'mixer.close', mixerId: mixerId(call) });
  }

  #answeredConsultation(call: Call, action: string): Consultation {
    const consultation = this.#byCall.get(call.id);
    if (!consultation) throw illegal(call, action, 'no consultation is under way');
    if (!consultation.answered)
      throw illegal(call, action, 'the consulted party has not answered yet; wait or cancel');
    return consultation;
  }

  #handOver(
    call: Call,
    consultation: Consultation,
    agentLeg: CallLeg,
    by: string,
    agentAlreadyGone: boolean,
  ): void {
    const consulted = call.legs.get(consultation.legId)!;
    this.#byCall.delete(call.id);
    if (consultation.conference)
      this.#host.execute({ type: 'mixer.close', mixerId: mixerId(call) });
    else if (!agentAlreadyGone)
      this.#host.execute({ type: 'legs.unbridge', a: agentLeg.id, b: consulted.id });
    // Before the transfer event, while the call is still the agent's: the agent's desk hears it.
    this.#host.record(call, 'call.consult-ended', {
      callId: call.id,
      legId: consulted.id,
      reason: 'completed',
    });
    this.#leave(call, consultation, agentLeg, by, agentAlreadyGone);
    this.#takeCall(call, consultation, consulted);
  }

  /** The agent leaves the call to the consulted party: their segment and recording end. */
  #leave(
    call: Call,
    consultation: Consultation,
    agentLeg: CallLeg,
    by: string,
    agentAlreadyGone: boolean,
  ): void {
    if (call.state === 'connected') call.move('transfer');
    this.#host.record(call, 'call.transferred', {
      callId: call.id,
      legId: agentLeg.id,
      ...(agentLeg.agentId !== undefined ? { agentId: agentLeg.agentId } : {}),
      to: consultation.to,
      by,
      attended: true,
    });
    for (const recordingId of call.recordings)
      this.#host.execute({ type: 'recording.stop', recordingId });
    call.connectedLegId = undefined;
    if (agentAlreadyGone) agentLeg.ended = true;
    else this.#host.drop(call, agentLeg);
    this.#host.agentLeft(call);
  }

  /** The consulted party talks to the customer: the call is theirs (and their agent's, if one). */
  #takeCall(call: Call, consultation: Consultation, consulted: CallLeg): void {
    if (consultation.acdKey !== undefined) this.#host.takeOver(call, consultation.acdKey);
    consulted.role = 'agent';
    call.move('transfer-done');
    this.#host.joined(call, consulted);
  }

  #reconnect(call: Call, consultation: Consultation, agentLeg: CallLeg, by: string): void {
    if (consultation.conference) {
      this.#host.execute({ type: 'mixer.close', mixerId: mixerId(call) });
      this.#host.execute({ type: 'legs.bridge', a: call.customer.id, b: agentLeg.id });
      return;
    }
    this.#actions.stopMusic(call);
    this.#host.execute({ type: 'legs.bridge', a: call.customer.id, b: agentLeg.id });
    call.move('transfer-done');
    this.#host.record(call, 'call.resumed', { callId: call.id, by });
    this.#host.agentResumed(call);
  }

  #end(call: Call, consultation: Consultation, reason: ConsultEndReason): void {
    this.#byCall.delete(call.id);
    if (consultation.acdKey !== undefined) this.#host.consultedFree(consultation.acdKey);
    this.#host.record(call, 'call.consult-ended', {
      callId: call.id,
      legId: consultation.legId,
      reason,
    });
  }
}

function reasonOf(cause: LegEndCause): ConsultEndReason {
  if (cause === 'busy' || cause === 'rejected') return 'busy';
  if (cause === 'no-answer') return 'no-answer';
  return 'failed';
}
