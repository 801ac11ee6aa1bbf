// Where a leg's SDP offer/answer exchange stands at the signalling level (RFC 3261 §13.2.1, §14; RFC 3311 §5; RFC 6337 §3).
import { StateMachine, type TransitionTable } from '../../../platform/index.ts';

/**
 * - idle: no offer outstanding; either side may offer (after the first exchange, or before it).
 * - local-offer: our offer awaits its answer (INVITE, re-INVITE, UPDATE, or a 2xx to an
 *   offerless INVITE, whose answer comes in the ACK).
 * - remote-offer: the peer's offer awaits our answer.
 * Codecs are not decided here: the owner of the leg reads and writes the SDP (sdp/ module).
 */
export const offerAnswerPhases = ['idle', 'local-offer', 'remote-offer'] as const;
export type OfferAnswerPhaseState = (typeof offerAnswerPhases)[number];

export const offerAnswerPhaseEvents = [
  'send-offer',
  'receive-offer',
  'send-answer',
  'receive-answer',
  /** The offer will get no answer: a non-2xx to the request that carried it, or an ACK without one. */
  'offer-failed',
] as const;
export type OfferAnswerPhaseEvent = (typeof offerAnswerPhaseEvents)[number];

export const offerAnswerPhaseTransitions: TransitionTable<
  OfferAnswerPhaseState,
  OfferAnswerPhaseEvent
> = {
  idle: { 'send-offer': 'local-offer', 'receive-offer': 'remote-offer' },
  'local-offer': { 'receive-answer': 'idle', 'offer-failed': 'idle' },
  'remote-offer': { 'send-answer': 'idle', 'offer-failed': 'idle' },
};

/** The phase, and the last SDP each way that took effect, as bodies. */
export class OfferAnswerPhase {
  readonly #machine = new StateMachine(offerAnswerPhaseTransitions, 'idle');
  #localSdp: string | undefined;
  #remoteSdp: string | undefined;
  #pendingLocal: string | undefined;
  #pendingRemote: string | undefined;

  get state(): OfferAnswerPhaseState {
    return this.#machine.state;
  }

  /** The last SDP we sent that took effect (an answered offer, or our answer). */
  get localSdp(): string | undefined {
    return this.#localSdp;
  }

  /** The last SDP the peer sent that took effect. */
  get remoteSdp(): string | undefined {
    return this.#remoteSdp;
  }

  can(event: OfferAnswerPhaseEvent): boolean {
    return this.#machine.can(event);
  }

  sendOffer(sdp: string): boolean {
    if (this.#machine.transition('send-offer') === undefined) return false;
    this.#pendingLocal = sdp;
    return true;
  }

  receiveOffer(sdp: string): boolean {
    if (this.#machine.transition('receive-offer') === undefined) return false;
    this.#pendingRemote = sdp;
    return true;
  }

  sendAnswer(sdp: string): boolean {
    if (this.#machine.transition('send-answer') === undefined) return false;
    this.#remoteSdp = this.#pendingRemote;
    this.#localSdp = sdp;
    this.#pendingRemote = undefined;
    return true;
  }

  receiveAnswer(sdp: string): boolean {
    if (this.#machine.transition('receive-answer') === undefined) return false;
    this.#localSdp = this.#pendingLocal;
    this.#remoteSdp = sdp;
    this.#pendingLocal = undefined;
    return true;
  }

  /** The outstanding offer is dropped; the session in force stays. Idempotent. */
  offerFailed(): void {
    if (this.#machine.transition('offer-failed') === undefined) return;
    this.#pendingLocal = undefined;
    this.#pendingRemote = undefined;
  }
}
