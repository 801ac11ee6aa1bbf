// The UAS leg: an INVITE that arrived, rung, answered (2xx retransmitted until the ACK) or rejected (RFC 3261 §13.3).
import { HotlineError, type TimerHandle } from '../../../platform/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { type InviteServerTransaction, type Retransmit2xx, newTag } from '../transaction/index.ts';
import type { InboundMessage, Peer } from '../transport/index.ts';
import { Dialog } from './dialog.ts';
import { InviteSession } from './invite-session.ts';
import { sdpOf } from './message-body.ts';
import type { SessionContext } from './session-context.ts';
import { type HeaderList, type SessionEnded, causeOfStatus } from './session-events.ts';
import { type UasTimerDecision, uasTimerHeaders } from './session-expires.ts';
import type { ResponseParts } from './session-messages.ts';
import { uasSessionTransitions } from './session-state.ts';

export interface UasSessionInit {
  /** The SDP of the INVITE (an offer), or undefined for a delayed offer. */
  readonly offer: string | undefined;
  /** The RFC 4028 decision for the INVITE (the layer already answered 422 when it was too small). */
  readonly timer: UasTimerDecision;
}

export class UasInviteSession extends InviteSession {
  /** The INVITE, as received. */
  readonly request: SipRequest;
  /** Where it came from (the flow for in-dialog requests; a TCP/WS connection is reused). */
  readonly source: Peer;
  /** The peer's offer; undefined when the INVITE had no SDP and answer() must carry our offer. */
  readonly offer: string | undefined;
  readonly #transaction: InviteServerTransaction;
  readonly #localTag = newTag();
  readonly #timerDecision: UasTimerDecision;
  #retransmitter: Retransmit2xx | undefined;
  #ringTimer: TimerHandle | undefined;

  constructor(
    ctx: SessionContext,
    request: SipRequest,
    transaction: InviteServerTransaction,
    inbound: InboundMessage,
    init: UasSessionInit,
  ) {
    super(ctx, 'uas', uasSessionTransitions, 'offered', {
      callId: request.callId,
      flow: inbound.source,
      protocol: inbound.source.protocol,
      secure: request.uri.scheme === 'sips',
    });
    this.request = request;
    this.source = inbound.source;
    this.offer = init.offer;
    this.#transaction = transaction;
    this.#timerDecision = init.timer;
    this.learnPeer(request);
    if (init.offer !== undefined) this.phase.receiveOffer(init.offer);
    // Ringing is bounded, so no provisional needs repeating every minute (RFC 3261 §13.3.1.1).
    this.#ringTimer = ctx.clock.after(ctx.settings.ringTimeoutMs, () => {
      this.#ringTimer = undefined;
      this.#refuse(480, undefined, undefined, { cause: 'no-answer', status: 480, by: 'local' });
    });
  }

  /** The server transaction of the INVITE: the DialogLayer matches a CANCEL to it. */
  get transaction(): InviteServerTransaction {
    return this.#transaction;
  }

  /**
   * 180 Ringing, or 183 Session Progress with early media SDP (RFC 3261 §13.3.1.1; the same
   * answer must then go in the 2xx, §13.2.1). Unreliable: we never require 100rel.
   */
  ring(
    sdp?: string,
    options: { readonly status?: number; readonly headers?: HeaderList } = {},
  ): void {
    this.#assertUnanswered('ring');
    const status = options.status ?? (sdp === undefined ? 180 : 183);
    if (!Number.isInteger(status) || status <= 100 || status > 199) {
      throw new RangeError(`ring() sends a 101-199 response, not ${status}`);
    }
    if (this.dialog === undefined)
      this.adoptDialog(Dialog.asUas(this.request, this.#localTag, 'early'));
    this.#send(status, {
      ...(sdp === undefined ? {} : { sdp }),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    this.move('ring');
  }

  /**
   * 200 OK with our SDP: the answer to the INVITE's offer, or our offer when it had none (the
   * answer then comes in the ACK, §13.2.1). Retransmitted until the ACK (§13.3.1.4).
   */
  answer(sdp: string, headers?: HeaderList): void {
    this.#assertUnanswered('answer');
    if (this.phase.state === 'remote-offer') this.phase.sendAnswer(sdp);
    else this.phase.sendOffer(sdp);
    const dialog = this.dialog;
    if (dialog === undefined)
      this.adoptDialog(Dialog.asUas(this.request, this.#localTag, 'confirmed'));
    else dialog.confirm();
    this.#cancelRing();
    const response = this.#send(200, {
      sdp,
      headers: [...uasTimerHeaders(this.#timerDecision), ...(headers ?? [])],
    });
    this.#retransmitter = this.ctx.transactions.retransmit2xx(this.#transaction, response, () =>
      this.#ackTimeout(),
    );
    this.move('answer');
    this.host.timerAsUas(this.#timerDecision);
  }

  /** A final refusal (486 Busy Here by default; 3xx-6xx). */
  reject(status = 486, reason?: string, headers?: HeaderList): void {
    if (!Number.isInteger(status) || status < 300 || status > 699) {
      throw new RangeError(`reject() sends a 300-699 response, not ${status}`);
    }
    this.#assertUnanswered('reject');
    this.#refuse(status, reason, headers, {
      cause: causeOfStatus(status),
      status,
      ...(reason === undefined ? {} : { reason }),
      by: 'local',
    });
  }

  /** Before answer: 480 Temporarily Unavailable; after: BYE (once the ACK is in, RFC 3261 §15). */
  hangup(): void {
    switch (this.state) {
      case 'offered':
      case 'early':
        this.#refuse(480, undefined, undefined, { cause: 'local', status: 480, by: 'local' });
        return;
      case 'answered':
        // The BYE goes when the ACK arrives or the 2xx retransmissions give up.
        this.end('hangup', { cause: 'local', by: 'local' });
        return;
      case 'confirmed':
        if (this.end('hangup', { cause: 'local', by: 'local' })) this.sendBye();
        return;
      default:
        return;
    }
  }

  /** For the DialogLayer: a CANCEL matched this INVITE (RFC 3261 §9.2): 487 unless already answered. */
  receiveCancel(): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    this.#refuse(487, undefined, undefined, { cause: 'cancelled', by: 'remote' }, 'remote-cancel');
  }

  protected override acknowledge(ack: SipRequest): boolean {
    const retransmitter = this.#retransmitter;
    if (retransmitter === undefined || !retransmitter.matchesAck(ack)) return false;
    if (!retransmitter.acknowledge()) return true;
    this.#retransmitter = undefined;
    const body = sdpOf(ack);
    const sdp = body.ok ? body.sdp : undefined;
    let failed = false;
    if (this.phase.state === 'local-offer') {
      if (sdp !== undefined && this.phase.receiveAnswer(sdp)) this.emit('answer', { sdp });
      else {
        // RFC 3261 §13.2.1: the 2xx carried our offer, so the ACK had to carry the answer.
        this.phase.offerFailed();
        failed = true;
      }
    }
    if (this.state === 'terminating') {
      this.move('ack');
      this.sendBye();
      return true;
    }
    if (!this.move('ack')) return true;
    this.emit('confirmed', { sdp });
    if (
      failed &&
      this.end('hangup', { cause: 'failed', by: 'local', reason: 'ACK without SDP answer' })
    ) {
      this.sendBye();
    }
    return true;
  }

  protected releaseResources(): void {
    this.#cancelRing();
    this.#retransmitter?.stop();
    this.#retransmitter = undefined;
    // RFC 3261 §15.1.2: an INVITE still unanswered when the session ends gets 487.
    if (this.#transaction.canRespond(487)) {
      this.host.respond(this.#transaction, this.#response(487));
    }
  }

  /** RFC 3261 §13.3.1.4: 64*T1 without an ACK: the dialog is confirmed, but the session ends with BYE. */
  #ackTimeout(): void {
    this.#retransmitter = undefined;
    if (this.state === 'terminating') this.sendBye();
    else if (this.end('ack-timeout', { cause: 'ack-timeout', by: 'local' })) this.sendBye();
  }

  #refuse(
    status: number,
    reason: string | undefined,
    headers: HeaderList | undefined,
    ended: SessionEnded,
    event: 'reject' | 'remote-cancel' = 'reject',
  ): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    this.#cancelRing();
    this.phase.offerFailed();
    this.host.respond(
      this.#transaction,
      this.#response(status, {
        ...(reason === undefined ? {} : { reason }),
        ...(headers ? { headers } : {}),
      }),
    );
    this.end(event, ended);
  }

  #send(status: number, parts: ResponseParts): SipResponse {
    const response = this.#response(status, { ...parts, contact: true, recordRoute: true });
    this.host.respond(this.#transaction, response);
    return response;
  }

  #response(status: number, parts: ResponseParts = {}): SipResponse {
    return this.host.response(this.request, status, { ...parts, toTag: this.#localTag });
  }

  #cancelRing(): void {
    this.#ringTimer?.cancel();
    this.#ringTimer = undefined;
  }

  #assertUnanswered(what: string): void {
    if (this.state !== 'offered' && this.state !== 'early') {
      throw new HotlineError('conflict', `Cannot ${what}: the call is already ${this.state}.`);
    }
  }
}
