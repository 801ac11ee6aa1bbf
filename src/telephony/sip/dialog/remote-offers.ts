// The peer's re-INVITEs and UPDATEs (RFC 3261 §14.2, RFC 3311 §5.2, RFC 4028 §9): glare, target refresh, session timer, the owner's answer.
import { HotlineError, type TimerHandle } from '../../../platform/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import type {
  InviteServerTransaction,
  Retransmit2xx,
  ServerTransaction,
} from '../transaction/index.ts';
import { sdpOf } from './message-body.ts';
import { remoteHoldOf } from './remote-hold.ts';
import type { HeaderList, RemoteOffer } from './session-events.ts';
import { type UasTimerDecision, negotiateAsUas, uasTimerHeaders } from './session-expires.ts';
import type { SessionHost } from './session-host.ts';

/** RFC 3261 §14.2: Retry-After a random 0-10 s on the 500 for an INVITE that overlaps another. */
function retryAfter(random: () => number): [string, string] {
  return ['Retry-After', String(Math.floor(random() * 11))];
}

export class RemoteOffers {
  readonly #host: SessionHost;
  /** The peer's re-INVITE that has no final response yet. */
  #pendingInvite: ServerTransaction | undefined;
  /** Our 2xx to each re-INVITE, retransmitted until its ACK (RFC 3261 §13.3.1.4). */
  readonly #retransmitters = new Map<number, Retransmit2xx>();
  /** CSeq of the re-INVITE whose 2xx carried our offer: its ACK brings the answer. */
  #answerInAck: number | undefined;
  readonly #timeouts = new Set<TimerHandle>();

  constructor(host: SessionHost) {
    this.#host = host;
  }

  /** RFC 3261 §14.1: no re-INVITE of ours while one of the peer's is unanswered. */
  get inviteInProgress(): boolean {
    return this.#pendingInvite !== undefined;
  }

  receive(request: SipRequest, transaction: ServerTransaction): void {
    const host = this.#host;
    const isInvite = request.method === 'INVITE';
    const refuse = (status: number, headers: [string, string][] = [], reason?: string): void =>
      host.respond(
        transaction,
        host.response(request, status, { headers, ...(reason ? { reason } : {}) }),
      );
    if (isInvite && this.#pendingInvite !== undefined) {
      refuse(500, [retryAfter(host.ctx.random)], 'Previous INVITE Still Pending');
      return;
    }
    const body = sdpOf(request);
    if (!body.ok) {
      refuse(415, [['Accept', 'application/sdp']]);
      return;
    }
    const sdp = body.sdp;
    const phase = host.phase;
    const offers = sdp !== undefined || isInvite;
    if (offers && phase.state !== 'idle') {
      // RFC 3261 §14.2, RFC 3311 §5.2: glare with our offer is 491; an offer of theirs still open is 500.
      if (phase.state === 'local-offer') refuse(491);
      else refuse(500, [retryAfter(host.ctx.random)], 'Offer Pending');
      return;
    }
    const decision = negotiateAsUas(request, host.ctx.settings.sessionTimer);
    if (decision.kind === 'too-small') {
      refuse(422, [['Min-SE', String(decision.minSE)]]);
      return;
    }
    if (!offers) {
      // An UPDATE without SDP: a session refresh or a target refresh (RFC 3311 §5.2, RFC 4028 §10).
      host.dialog()?.refreshTarget(request);
      host.respond(transaction, this.#accepted(request, decision));
      host.timerAsUas(decision);
      return;
    }
    if (sdp !== undefined) phase.receiveOffer(sdp);
    if (isInvite) this.#pendingInvite = transaction;
    const offer = this.#offer(request, transaction, sdp, decision);
    // RFC 3264 §8: an offer identical to the one in force changes nothing (a session refresh by
    // re-INVITE); it is answered with our SDP in force without troubling the owner.
    if (sdp !== undefined && sdp === phase.remoteSdp && phase.localSdp !== undefined) {
      offer.accept(phase.localSdp);
      return;
    }
    const event = isInvite ? 'reinvite' : 'update';
    if (!host.listens(event)) {
      offer.reject(488, 'No Offer Handler');
      return;
    }
    host.owe(transaction);
    const timeout = host.ctx.clock.after(host.ctx.settings.offerTimeoutMs, () => {
      this.#timeouts.delete(timeout);
      if (!offer.settled) offer.reject(500, 'Offer Not Answered');
    });
    this.#timeouts.add(timeout);
    host.emit(event, offer);
  }

  /** An ACK for one of our 2xx to a re-INVITE; false when it is none of them. */
  receiveAck(ack: SipRequest): boolean {
    for (const [seq, retransmitter] of this.#retransmitters) {
      if (!retransmitter.matchesAck(ack)) continue;
      retransmitter.acknowledge();
      this.#retransmitters.delete(seq);
      if (this.#answerInAck === seq) {
        this.#answerInAck = undefined;
        const body = sdpOf(ack);
        const sdp = body.ok ? body.sdp : undefined;
        if (sdp !== undefined && this.#host.phase.receiveAnswer(sdp)) {
          this.#host.emit('answer', { sdp });
        } else {
          // RFC 3261 §13.2.1: the ACK had to carry the answer; the session in force stays.
          this.#host.phase.offerFailed();
        }
      }
      return true;
    }
    return false;
  }

  /** The session ended: retransmitters and timeouts stop. Owed responses are the session's. */
  close(): void {
    for (const retransmitter of this.#retransmitters.values()) retransmitter.stop();
    this.#retransmitters.clear();
    for (const timeout of this.#timeouts) timeout.cancel();
    this.#timeouts.clear();
    this.#pendingInvite = undefined;
  }

  #offer(
    request: SipRequest,
    transaction: ServerTransaction,
    sdp: string | undefined,
    decision: UasTimerDecision,
  ): RemoteOffer {
    const host = this.#host;
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      host.paid(transaction);
      if (this.#pendingInvite === transaction) this.#pendingInvite = undefined;
      return host.state() !== 'terminated';
    };
    return {
      method: request.method === 'INVITE' ? 'INVITE' : 'UPDATE',
      request,
      sdp,
      hold: sdp === undefined ? undefined : remoteHoldOf(sdp),
      get settled() {
        return settled;
      },
      accept: (local: string, headers?: HeaderList) => {
        if (settled) throw new HotlineError('conflict', 'This offer was already answered.');
        if (!settle()) return;
        if (sdp === undefined) {
          host.phase.sendOffer(local);
          this.#answerInAck = request.cseq.seq;
        } else {
          host.phase.sendAnswer(local);
        }
        host.dialog()?.refreshTarget(request);
        const response = this.#accepted(request, decision, local, headers);
        host.respond(transaction, response);
        if (transaction.kind === 'invite-server') this.#retransmit(transaction, response);
        host.timerAsUas(decision);
      },
      reject: (status = 488, reason?: string) => {
        if (status < 300 || status > 699) {
          throw new RangeError(`an offer is refused with a status from 300 to 699, not ${status}`);
        }
        if (!settle()) return;
        host.phase.offerFailed();
        host.respond(transaction, host.response(request, status, reason ? { reason } : {}));
      },
    };
  }

  #accepted(
    request: SipRequest,
    decision: UasTimerDecision,
    sdp?: string,
    headers?: HeaderList,
  ): SipResponse {
    return this.#host.response(request, 200, {
      contact: true,
      headers: [...uasTimerHeaders(decision), ...(headers ?? [])],
      ...(sdp === undefined ? {} : { sdp }),
    });
  }

  #retransmit(transaction: InviteServerTransaction, response: SipResponse): void {
    const seq = response.cseq.seq;
    const retransmitter = this.#host.ctx.transactions.retransmit2xx(transaction, response, () => {
      this.#retransmitters.delete(seq);
      if (this.#answerInAck === seq) {
        this.#answerInAck = undefined;
        this.#host.phase.offerFailed();
      }
      this.#host.ackTimedOut();
    });
    this.#retransmitters.set(seq, retransmitter);
  }
}
