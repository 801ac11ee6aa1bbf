// What an INVITE session lends the parts that handle one concern each (remote offers, local offers, REFER): a narrow view of itself.
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import type { Dialog } from './dialog.ts';
import type { InDialogRequestOptions } from './in-dialog-request.ts';
import type { RequestOutcome } from './in-dialog-client.ts';
import type { OfferAnswerPhase } from './offer-answer-phase.ts';
import type { SessionContext } from './session-context.ts';
import type { InviteSessionEvents } from './session-events.ts';
import type { UasTimerDecision } from './session-expires.ts';
import type { ResponseParts } from './session-messages.ts';
import type { SessionState } from './session-state.ts';
import type { SessionTimer } from './session-timer.ts';

export interface SessionHost {
  readonly ctx: SessionContext;
  readonly phase: OfferAnswerPhase;
  readonly timer: SessionTimer;
  state(): SessionState;
  dialog(): Dialog | undefined;
  /** RFC 3261 §14.1: whether we generated the dialog's Call-ID (we sent the INVITE). */
  ownsCallId(): boolean;
  /** Whether the peer listed `method` in its Allow. */
  peerAllows(method: string): boolean;
  emit<K extends keyof InviteSessionEvents>(event: K, payload: InviteSessionEvents[K]): void;
  listens(event: keyof InviteSessionEvents): boolean;
  /** Our response to an in-dialog request, with Allow/Supported/Server as the method needs. */
  response(request: SipRequest, status: number, parts?: ResponseParts): SipResponse;
  /** Sends a response unless the transaction can no longer take it. */
  respond(transaction: ServerTransaction, response: SipResponse): void;
  /** Our Contact for this leg. */
  contact(): string;
  /** Allow, Supported, User-Agent for a request we send. */
  requestHeaders(): [string, string][];
  /** Sends a request in the dialog; `onFinal` once. Undefined when no dialog can carry it. */
  send(
    method: string,
    options: InDialogRequestOptions,
    onFinal: (outcome: RequestOutcome, sent: SipRequest) => void,
  ): SipRequest | undefined;
  /** A server transaction the session owes a final response: answered 487 if the session ends first. */
  owe(transaction: ServerTransaction): void;
  paid(transaction: ServerTransaction): void;
  /** The session timer decided by our 2xx to the peer's INVITE or UPDATE. */
  timerAsUas(decision: UasTimerDecision): void;
  /** The session timer decided by the 2xx to our INVITE or UPDATE. */
  timerAsUac(response: SipResponse): void;
  /** RFC 3261 §12.2.1.2: a 481 or 408 (or no route) to an in-dialog request: the dialog is gone. */
  lost(outcome: RequestOutcome): void;
  /** RFC 3261 §13.3.1.4: no ACK for our 2xx to a re-INVITE. */
  ackTimedOut(): void;
}
