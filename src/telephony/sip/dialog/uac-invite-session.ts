// The UAC leg: an INVITE we send, its provisional and final responses, the ACK of its 2xx, CANCEL (RFC 3261 §13.2, §9.1).
import { HotlineError, type TimerHandle } from '../../../platform/index.ts';
import type { DigestClient } from '../auth/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import type {
  ClientTransaction,
  ClientTransactionUser,
  InviteClientTransaction,
} from '../transaction/index.ts';
import type { Peer } from '../transport/index.ts';
import { authorizedRetry } from './auth-retry.ts';
import { Dialog } from './dialog.ts';
import { InviteSession } from './invite-session.ts';
import { sdpOf } from './message-body.ts';
import { routeSetOf, startsWithStrictRouter } from './route-set.ts';
import type { SessionContext } from './session-context.ts';
import { type HeaderList, type SessionEnded, causeOfStatus } from './session-events.ts';
import { parseMinSE } from './session-expires.ts';
import { uacSessionTransitions } from './session-state.ts';
import { type TalkOutcome, offersTalk, sendTalk } from './talk-event.ts';

export interface UacSessionInit {
  readonly invite: SipRequest;
  readonly destination: Peer;
  readonly ringTimeoutMs: number;
  readonly auth?: DigestClient;
  /** For an INVITE without SDP: our answer to the offer in the 2xx, for the ACK (RFC 3261 §13.2.1). */
  readonly answerOffer?: (offer: string) => string | undefined;
}

/** RFC 3261 §22.3, RFC 4028 §7.3: each retry of the INVITE (credentials, a larger Min-SE) at most twice. */
const MAX_RETRIES = 2;

export class UacInviteSession extends InviteSession {
  readonly #destination: Peer;
  readonly #answerOffer: ((offer: string) => string | undefined) | undefined;
  readonly #auth: DigestClient | undefined;
  readonly #ringTimeoutMs: number;
  #invite: SipRequest;
  #transaction: InviteClientTransaction | undefined;
  #retries = 0;
  #ringTimer: TimerHandle | undefined;
  #cancelEnding: SessionEnded | undefined;
  /** The To tag of the 2xx that confirmed the session, its ACK, and where the ACK goes. */
  #confirmed: { tag: string; ack: SipRequest; to: Peer } | undefined;
  /** The early dialog's 1xx listed `talk` in Allow-Events: the phone takes remote answer. */
  #talk = false;

  constructor(ctx: SessionContext, init: UacSessionInit) {
    super(ctx, 'uac', uacSessionTransitions, 'calling', {
      callId: init.invite.callId,
      flow: init.destination,
      protocol: init.destination.protocol,
      secure: init.invite.uri.scheme === 'sips',
      ...(init.auth === undefined ? {} : { auth: init.auth }),
    });
    this.#invite = init.invite;
    this.#destination = init.destination;
    this.#answerOffer = init.answerOffer;
    this.#auth = init.auth;
    this.#ringTimeoutMs = init.ringTimeoutMs;
    const sdp = sdpOf(init.invite);
    if (sdp.ok && sdp.sdp !== undefined) this.phase.sendOffer(sdp.sdp);
  }

  /** The INVITE as last sent (after a retry with credentials, the retry). */
  get request(): SipRequest {
    return this.#invite;
  }

  /** Whether the phone rings in an early dialog that takes remote answer (talk-event.ts). */
  get remoteAnswer(): boolean {
    return this.#talk && this.state === 'early';
  }

  /**
   * Asks the ringing phone to answer (NOTIFY `Event: talk` in the early dialog). Resolves with
   * how the phone took the NOTIFY; its answer, if any, is the INVITE's 2xx as usual.
   */
  answerRemotely(): Promise<TalkOutcome> {
    if (!this.remoteAnswer)
      throw new HotlineError(
        'illegal-state',
        this.state === 'early'
          ? 'The ringing phone did not offer remote answer (no "talk" in its Allow-Events).'
          : `Cannot answer remotely: the call is ${this.state}, not ringing.`,
      );
    return sendTalk(this.host);
  }

  /** For the DialogLayer: sends the INVITE. Throws what TransactionLayer.sendRequest throws. */
  start(): void {
    this.#transaction = this.ctx.transactions.sendRequest(
      this.#invite,
      this.#destination,
      this.#user(),
    ) as InviteClientTransaction;
    this.#ringTimer = this.ctx.clock.after(this.#ringTimeoutMs, () => {
      this.#ringTimer = undefined;
      this.#cancel({ cause: 'no-answer', by: 'local' });
    });
  }

  /** CANCEL before answer (RFC 3261 §9.1); the session ends 'cancelled' with the 487. */
  cancel(): void {
    if (this.state !== 'calling' && this.state !== 'early') {
      throw new HotlineError('conflict', `Cannot cancel: the call is ${this.state}.`);
    }
    this.#cancel({ cause: 'cancelled', by: 'local' });
  }

  /**
   * CANCEL before answer, BYE after. Idempotent. `cancelHeaders` go in the CANCEL only, e.g. a
   * Reason (RFC 3326) telling a losing fork the call was completed elsewhere.
   */
  hangup(cancelHeaders?: HeaderList): void {
    if (this.state === 'calling' || this.state === 'early')
      this.#cancel({ cause: 'local', by: 'local' }, cancelHeaders);
    else if (this.state === 'confirmed' && this.end('hangup', { cause: 'local', by: 'local' }))
      this.sendBye();
  }

  protected releaseResources(): void {
    this.#ringTimer?.cancel();
    this.#ringTimer = undefined;
  }

  #cancel(ending: SessionEnded, headers?: HeaderList): void {
    const transaction = this.#transaction;
    if (transaction === undefined || !this.move('cancel')) return;
    this.#cancelEnding = ending;
    this.#ringTimer?.cancel();
    this.#ringTimer = undefined;
    // The CANCEL's own responses tell nothing: the INVITE's 487 (or 2xx) does (RFC 3261 §9.1).
    const ignore: ClientTransactionUser = {
      onResponse: () => undefined,
      onTimeout: () => undefined,
      onTransportError: () => undefined,
    };
    try {
      this.ctx.transactions.cancel(transaction, ignore, headers);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not send CANCEL');
    }
  }

  #user(): ClientTransactionUser {
    return {
      onResponse: (response, transaction) => this.#response(response, transaction),
      onTimeout: (transaction) => {
        if (transaction !== this.#transaction) return;
        this.#fail({ cause: 'unreachable', status: 408, by: 'remote' });
      },
      onTransportError: (_error, transaction) => {
        if (transaction !== this.#transaction) return;
        this.#fail({ cause: 'unreachable', status: 503, by: 'local' });
      },
    };
  }

  #response(response: SipResponse, transaction: ClientTransaction): void {
    const status = response.status;
    if (status >= 200 && status < 300) {
      this.#accepted(response);
      return;
    }
    if (transaction !== this.#transaction || this.state === 'terminated') return;
    if (status < 200) this.#provisional(response);
    else this.#final(response);
  }

  /** RFC 3261 §12.1.2, §13.2.2.1: a 1xx with a To tag makes (or updates) the early dialog. */
  #provisional(response: SipResponse): void {
    if (response.status === 100) return;
    const tag = response.toTag;
    const dialog = this.dialog;
    if (tag !== undefined) {
      if (dialog !== undefined && dialog.id.remoteTag === tag) dialog.provisional(response);
      else {
        this.adoptDialog(Dialog.asUac(this.#invite, response));
        this.#talk = false;
      }
      // Any 1xx of the dialog may say it (phones repeat Allow-Events in each).
      if (offersTalk(response)) this.#talk = true;
    }
    this.learnPeer(response);
    const ringing = this.state !== 'cancelling';
    this.move('provisional');
    if (!ringing) return;
    const body = sdpOf(response);
    this.emit('ringing', {
      status: response.status,
      reason: response.reason,
      sdp: body.ok ? body.sdp : undefined,
    });
  }

  /** RFC 3261 §13.2.2.4: every 2xx is ACKed; the first confirms the session, others (forks) are ended. */
  #accepted(response: SipResponse): void {
    const tag = response.toTag;
    if (tag === undefined) {
      this.logger.warn('a 2xx to our INVITE without a To tag; it cannot be ACKed');
      return;
    }
    const confirmed = this.#confirmed;
    if (confirmed !== undefined) {
      if (confirmed.tag === tag) this.#sendAck(confirmed.ack, confirmed.to);
      else this.#ackAndBye(response);
      return;
    }
    if (this.state !== 'calling' && this.state !== 'early' && this.state !== 'cancelling') {
      this.#ackAndBye(response);
      return;
    }
    if (startsWithStrictRouter(routeSetOf(response, 'uac'))) {
      // No ACK can be routed loosely through it; the UAS gives up on its 2xx and ends its side.
      this.#fail({ cause: 'failed', reason: 'Strict routing is not supported', by: 'local' });
      return;
    }
    const current = this.dialog;
    let dialog: Dialog;
    if (current !== undefined && current.id.remoteTag === tag) {
      current.confirm(response);
      dialog = current;
    } else {
      dialog = Dialog.asUac(this.#invite, response);
      this.adoptDialog(dialog);
    }
    this.learnPeer(response);
    this.#ringTimer?.cancel();
    this.#ringTimer = undefined;
    const { sdp, answer, problem } = this.#negotiate(response);
    const ack = dialog.createAck(
      this.#invite.cseq.seq,
      answer === undefined ? undefined : { sdp: answer },
    );
    const to = this.ctx.resolve(dialog.nextHop('ACK', this.flow)) ?? this.#destination;
    this.#confirmed = { tag, ack, to };
    this.#sendAck(ack, to);
    if (this.state === 'cancelling') {
      // RFC 3261 §9.1: the 2xx crossed our CANCEL; the call is ended at once.
      this.end('accepted', this.#cancelEnding ?? { cause: 'local', by: 'local' });
      this.sendBye();
      return;
    }
    this.move('accepted');
    this.emit('answered', { sdp });
    this.emit('confirmed', { sdp: answer });
    this.host.timerAsUac(response);
    if (
      problem !== undefined &&
      this.end('hangup', { cause: 'failed', reason: problem, by: 'local' })
    ) {
      this.sendBye();
    }
  }

  /** The offer/answer of the 2xx: the answer to our offer, or an offer we answer in the ACK. */
  #negotiate(response: SipResponse): {
    sdp: string | undefined;
    answer: string | undefined;
    problem: string | undefined;
  } {
    const body = sdpOf(response);
    const sdp = body.ok ? body.sdp : undefined;
    if (this.phase.state === 'local-offer') {
      if (sdp !== undefined && this.phase.receiveAnswer(sdp))
        return { sdp, answer: undefined, problem: undefined };
      this.phase.offerFailed();
      return { sdp, answer: undefined, problem: 'The 2xx carried no SDP answer to our offer.' };
    }
    if (sdp === undefined)
      return { sdp, answer: undefined, problem: 'Neither the INVITE nor its 2xx had SDP.' };
    const answer = this.#answerOffer?.(sdp);
    if (answer === undefined)
      return { sdp, answer: undefined, problem: 'No answer to the offer in the 2xx.' };
    this.phase.receiveOffer(sdp);
    this.phase.sendAnswer(answer);
    return { sdp, answer, problem: undefined };
  }

  #final(response: SipResponse): void {
    const status = response.status;
    if ((this.state === 'calling' || this.state === 'early') && this.#retries < MAX_RETRIES) {
      const retry =
        authorizedRetry(this.#invite, response, this.#auth, () => this.#invite.cseq.seq + 1) ??
        this.#minSERetry(response);
      if (retry !== undefined) {
        this.#retries++;
        this.#invite = retry;
        this.move('retry');
        try {
          this.#transaction = this.ctx.transactions.sendRequest(
            retry,
            this.#destination,
            this.#user(),
          ) as InviteClientTransaction;
          return;
        } catch (error) {
          this.logger.warn({ err: error }, 'could not send the INVITE again');
          this.#transaction = undefined;
        }
      }
    }
    this.#fail({
      cause: causeOfStatus(status),
      status,
      reason: response.reason,
      by: 'remote',
    });
  }

  /** RFC 4028 §7.3: a 422 says the smallest interval the UAS takes; ask again with it. */
  #minSERetry(response: SipResponse): SipRequest | undefined {
    const minSE = parseMinSE(response);
    if (response.status !== 422 || minSE === undefined) return undefined;
    const retry = this.#invite.clone();
    retry.remove('Via');
    retry.set('CSeq', `${this.#invite.cseq.seq + 1} INVITE`);
    retry.set('Session-Expires', String(minSE));
    retry.set('Min-SE', String(minSE));
    return retry;
  }

  /** The INVITE failed; after our CANCEL, the cancel's cause stands, with the final status. */
  #fail(ended: SessionEnded): void {
    this.phase.offerFailed();
    const cancelled = this.state === 'cancelling' ? this.#cancelEnding : undefined;
    const status = ended.status === undefined ? {} : { status: ended.status };
    this.end('failed', cancelled === undefined ? ended : { ...cancelled, ...status });
  }

  #sendAck(ack: SipRequest, to: Peer): void {
    this.ctx.transactions.sendStateless(ack, to).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not send the ACK');
    });
  }

  /** A 2xx we do not want (another fork, or after the end): ACK it, then BYE it (RFC 3261 §13.2.2.4). */
  #ackAndBye(response: SipResponse): void {
    const ignore: ClientTransactionUser = {
      onResponse: () => undefined,
      onTimeout: () => undefined,
      onTransportError: () => undefined,
    };
    try {
      const dialog = Dialog.asUac(this.#invite, response);
      const to = this.ctx.resolve(dialog.nextHop('ACK', this.flow)) ?? this.#destination;
      this.#sendAck(dialog.createAck(response.cseq.seq), to);
      this.ctx.transactions.sendRequest(dialog.createRequest('BYE'), to, ignore);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not end an unwanted 2xx with ACK and BYE');
    }
  }
}
