// What an INVITE session tells its owner: the typed event catalogue, end causes, and the request objects the owner answers.
import type { NameAddr, SipHeader, SipRequest } from '../message/index.ts';
import type { RemoteHold } from '../sdp/index.ts';
import type { DtmfInfo } from './dtmf-info.ts';
import type { Replaces } from './refer-to.ts';
import type { SessionEvent, SessionState } from './session-state.ts';

/** Headers a caller adds to a message. */
export type HeaderList = Iterable<SipHeader | readonly [string, string]>;

export const endCauses = [
  /** The remote side hung up (BYE) after answer. */
  'normal',
  /** We hung up. */
  'local',
  /** CANCEL before answer: the caller gave up (UAS), or our cancel() (UAC). */
  'cancelled',
  /** A final response other than busy, unreachable, or a 5xx: 403, 404, 603, ... (`status` says which). */
  'rejected',
  /** 486 Busy Here or 600 Busy Everywhere. */
  'busy',
  /** Nobody answered in time: the ring timeout. */
  'no-answer',
  /** 408, 480, Timer B, a transport error, or no next hop. */
  'unreachable',
  /** Anything else: a 5xx, an offer/answer breach, a strict router. */
  'failed',
  /** RFC 3261 §13.3.1.4: no ACK for our 2xx within 64*T1; we sent BYE. */
  'ack-timeout',
  /** RFC 4028 §10: the session was not refreshed in time; we sent BYE. */
  'session-timeout',
] as const;
export type EndCause = (typeof endCauses)[number];

export interface SessionEnded {
  readonly cause: EndCause;
  /** The SIP status behind the cause, when there is one (a final response sent or received). */
  readonly status?: number;
  readonly reason?: string;
  /** Which side ended it. */
  readonly by: 'local' | 'remote';
}

/** The cause a final non-2xx response to the INVITE stands for. */
export function causeOfStatus(status: number): EndCause {
  if (status === 486 || status === 600) return 'busy';
  if (status === 408 || status === 480) return 'unreachable';
  if (status === 487) return 'cancelled';
  if (status >= 500 && status < 600) return 'failed';
  return 'rejected';
}

/**
 * An offer from the peer in a re-INVITE or UPDATE (or a re-INVITE without SDP, asking us to
 * offer: RFC 3261 §14.2). The owner answers exactly once: accept() with our SDP, or reject()
 * (488 by default) which keeps the session as it was. Unanswered, it is refused with 500 after
 * the layer's offer timeout, so the peer's transaction never hangs.
 */
export interface RemoteOffer {
  readonly method: 'INVITE' | 'UPDATE';
  readonly request: SipRequest;
  /** The peer's SDP; undefined for a re-INVITE that asks for our offer. */
  readonly sdp: string | undefined;
  /** Hold as the offer asks it (RFC 3264 §8.4); undefined without SDP or when it does not parse. */
  readonly hold: RemoteHold | undefined;
  /** Whether accept() or reject() was called (or the offer timed out). */
  readonly settled: boolean;
  /** 200 with our answer (or our offer, when `sdp` is undefined; its answer comes as an `answer` event). */
  accept(sdp: string, headers?: HeaderList): void;
  reject(status?: number, reason?: string): void;
}

export interface InfoReceived {
  readonly request: SipRequest;
  /** "type/subtype", lower case; undefined without a body. */
  readonly contentType: string | undefined;
  readonly body: string;
  /** The key, when the body is application/dtmf-relay or application/dtmf. */
  readonly dtmf: DtmfInfo | undefined;
}

/** Sends the progress of a transfer we accepted as NOTIFY with a message/sipfrag body (RFC 3515 §2.4.5). */
export interface ReferNotifier {
  /** False once a final status was sent, the subscription timed out, or the session ended. */
  readonly active: boolean;
  /** The status of the transfer: 1xx while it runs, a final one (2xx-6xx) ends the subscription. */
  notify(status: number, reason?: string): void;
}

/** A REFER from the peer (RFC 3515): accept() answers 202 and sends the first NOTIFY; reject() answers 603 by default. */
export interface ReferReceived {
  readonly request: SipRequest;
  readonly referTo: NameAddr;
  /** RFC 3891 in the Refer-To URI: an attended transfer names the dialog to replace. */
  readonly replaces: Replaces | undefined;
  /** The Referred-By value as written (RFC 3892), if any. */
  readonly referredBy: string | undefined;
  readonly settled: boolean;
  accept(): ReferNotifier;
  reject(status?: number, reason?: string): void;
}

export interface InviteSessionEvents {
  /** Every move of the session's state machine. */
  state: { readonly from: SessionState; readonly event: SessionEvent; readonly to: SessionState };
  /** UAC: a 1xx (above 100) arrived, maybe with early media SDP. */
  ringing: { readonly status: number; readonly reason: string; readonly sdp: string | undefined };
  /** UAC: the 2xx arrived (the ACK goes at once). */
  answered: { readonly sdp: string | undefined };
  /** The dialog is confirmed: UAS when the ACK arrives (with its SDP, if any), UAC when it is sent. */
  confirmed: { readonly sdp: string | undefined };
  /** The peer's answer, in an ACK, to the offer we put in a 2xx. */
  answer: { readonly sdp: string };
  reinvite: RemoteOffer;
  update: RemoteOffer;
  info: InfoReceived;
  refer: ReferReceived;
  /** RFC 4028: the session was refreshed (by either side). */
  refreshed: { readonly interval: number; readonly refresher: 'local' | 'remote' };
  ended: SessionEnded;
}
