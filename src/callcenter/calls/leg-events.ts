// What a leg's event does to its call: an answer connects (or starts the IVR, or tells the part
// that placed the leg), an end releases the call or hands it on, a phone's hold and resume, keys
// and playback ends reach the IVR and the queue, a phone's REFER is a blind transfer, and a
// ringing phone may offer remote answer. The parts act; this only says which one hears what.
import { HotlineError, type Logger } from '../../platform/index.ts';
import type { TelephonyCommand, TelephonyEvent } from '../../telephony/index.ts';
import type { CallActions, BlindTransferTarget } from './call-actions.ts';
import type { Call, CallLeg } from './call.ts';
import type { CallEvents } from './call-events.ts';
import type { Consultations } from './consultations.ts';
import type { IvrLink } from './ivr-link.ts';
import type { OutboundCalls } from './outbound-calls.ts';
import type { QueueLink } from './queue-link.ts';
import type { RemoteAnswer } from './remote-answer.ts';

type LegEvent = Exclude<TelephonyEvent, { type: 'leg.offered' | 'recording.finished' }>;

export interface LegEventsHost {
  execute(command: TelephonyCommand): void;
  record<K extends keyof CallEvents>(call: Call, type: K, payload: CallEvents[K]): void;
  release(
    call: Call,
    cause: CallEvents['call.ended']['cause'],
    by: CallEvents['call.ended']['by'],
  ): void;
  /** The call's first connection to an agent-side leg (bridge, state, event). */
  connect(call: Call, leg: CallLeg): void;
  /** The leg ended on its side: no more of its events reach the call. */
  legEnded(leg: CallLeg): void;
}

/** The parts of the call that hear its legs' events. */
export interface LegEventsParts {
  outbound: Pick<OutboundCalls, 'dialing' | 'answered' | 'ended'> | undefined;
  ivr: Pick<IvrLink, 'run' | 'customerGone' | 'forward'>;
  actions: Pick<CallActions, 'supervisorAnswered' | 'supervisorGone' | 'heldFromDesk' | 'transfer'>;
  consultations: Pick<Consultations, 'answered' | 'gone' | 'agentGone' | 'busy'>;
  queues: Pick<QueueLink, 'agentAnswered' | 'agentLegGone' | 'held' | 'resumed' | 'playFinished'>;
  remoteAnswer: Pick<RemoteAnswer, 'ringing' | 'failed'>;
}

export interface LegEventsOptions {
  /** What a number a phone transfers to (SIP REFER) is; default: 2-6 digits are an extension. */
  referTarget?: (target: string) => BlindTransferTarget;
  logger?: Logger;
}

export class LegEvents {
  readonly #host: LegEventsHost;
  readonly #parts: LegEventsParts;
  readonly #options: LegEventsOptions;

  constructor(host: LegEventsHost, parts: LegEventsParts, options: LegEventsOptions) {
    this.#host = host;
    this.#parts = parts;
    this.#options = options;
  }

  /** An event of a leg of the live call. */
  handle(call: Call, leg: CallLeg, event: LegEvent): void {
    const { ivr, queues, remoteAnswer } = this.#parts;
    switch (event.type) {
      case 'leg.answered':
        return this.#answered(call, leg);
      case 'leg.ended':
        return this.#ended(call, leg, event);
      case 'leg.held':
        // Only the agent's phone holds the call; a desk hold (music playing) or a consultation
        // stays the desk's.
        if (!this.#phoneHolds(call, leg)) return;
        if (call.move('hold')) {
          this.#host.record(call, 'call.held', { callId: call.id });
          queues.held(call);
        }
        return;
      case 'leg.resumed':
        if (!this.#phoneHolds(call, leg)) return;
        if (call.move('resume')) {
          this.#host.record(call, 'call.resumed', { callId: call.id });
          queues.resumed(call);
        }
        return;
      case 'leg.play.finished':
        if (leg.role !== 'customer') return;
        queues.playFinished(call, event.playId, event.reason);
        ivr.forward(call, event);
        return;
      case 'leg.dtmf':
        if (leg.role === 'customer') ivr.forward(call, event);
        return;
      case 'leg.refer':
        return this.#referred(call, leg, event.target);
      case 'leg.ringing':
        return remoteAnswer.ringing(call, leg, event.remoteAnswer);
      case 'leg.answer.remote.failed':
        return remoteAnswer.failed(call, leg, event);
      default:
        return;
    }
  }

  /** Whether the leg's phone holds and resumes the call (not the desk's music, no consultation). */
  #phoneHolds(call: Call, leg: CallLeg): boolean {
    return (
      leg.id === call.connectedLegId &&
      !this.#parts.actions.heldFromDesk(call) &&
      this.#parts.consultations.busy(call) === undefined
    );
  }

  #answered(call: Call, leg: CallLeg): void {
    if (leg.answered) return;
    leg.answered = true;
    const { outbound, actions, consultations, queues } = this.#parts;
    if (outbound?.dialing(call)) return outbound.answered(call, leg);
    if (leg.role === 'customer') {
      if (call.state === 'offered') this.#startIvr(call);
      return;
    }
    if (leg.role === 'supervisor') return actions.supervisorAnswered(call, leg);
    if (leg.role === 'consult') return consultations.answered(call, leg);
    if (leg.role !== 'agent') return;
    if (leg.agentId !== undefined) queues.agentAnswered(call, leg);
    else this.#host.connect(call, leg);
  }

  #startIvr(call: Call): void {
    const flow = call.data.flow!;
    if (call.move('start-ivr')) this.#parts.ivr.run(call, flow);
  }

  #ended(call: Call, leg: CallLeg, event: Extract<LegEvent, { type: 'leg.ended' }>): void {
    const { cause } = event;
    const { outbound, ivr, actions, consultations, queues } = this.#parts;
    this.#host.legEnded(leg);
    if (outbound?.dialing(call)) return outbound.ended(call, leg, cause);
    if (leg.role === 'customer') {
      ivr.customerGone(call, event);
      // Ended here (an answer that failed, e.g. media overloaded; no media): not the caller's doing.
      return this.#host.release(call, cause, event.by === 'local' ? 'system' : 'customer');
    }
    if (leg.role === 'supervisor') return actions.supervisorGone(call, leg);
    if (leg.role === 'consult') return consultations.gone(call, leg, cause);
    if (leg.role === 'agent') {
      if (leg.id === call.connectedLegId) {
        // Hanging up with the consulted party on the line hands the customer over to them.
        if (consultations.agentGone(call, leg)) return;
        // The connected agent (or transfer target) hung up: the call is over for the customer too.
        return this.#host.release(call, cause, 'agent');
      }
      // An ACD offer that rang out, was busy, or was withdrawn: back in line, the ACD decides.
      if (leg.agentId !== undefined) return queues.agentLegGone(call, leg, cause);
      // An IVR transfer nobody answered.
      if (call.state === 'alerting') return this.#host.release(call, 'transfer-failed', 'system');
    }
  }

  /** The phone on a leg transferred the call (REFER): the same blind transfer as the API's. */
  #referred(call: Call, leg: CallLeg, number: string): void {
    const target =
      this.#options.referTarget?.(number) ??
      (/^[0-9]{2,6}$/.test(number)
        ? { kind: 'extension' as const, extension: number }
        : { kind: 'external' as const, number });
    const answer = (accepted: boolean) =>
      this.#host.execute({ type: 'leg.refer.result', legId: leg.id, accepted });
    try {
      this.#parts.actions.transfer(call, target, { kind: 'phone', legId: leg.id }, () =>
        answer(true),
      );
    } catch (error) {
      if (!(error instanceof HotlineError)) throw error;
      this.#options.logger?.info(
        { callId: call.id, target: number, err: error },
        'a transfer asked for by a phone was refused',
      );
      answer(false);
    }
  }
}
