// One SIP dialog (RFC 3261 §12): its ID, CSeq counters, route set and remote target, and the state it is in.
import { randomInt } from 'node:crypto';
import { type SipMessage, type SipRequest, type SipResponse, type Uri } from '../message/index.ts';
import type { Peer } from '../transport/index.ts';
import { type DialogId, dialogKey } from './dialog-id.ts';
import { type DialogEvent, type DialogState, dialogTransitions } from './dialog-state.ts';
import {
  type InDialogRequestOptions,
  createAck,
  createInDialogRequest,
} from './in-dialog-request.ts';
import type { NextHop } from './next-hop.ts';
import { type RouteEntry, routeSetOf } from './route-set.ts';
import { StateMachine } from '../../../platform/index.ts';

export interface DialogInit {
  readonly id: DialogId;
  /** Our role in the transaction that formed the dialog. */
  readonly role: 'uac' | 'uas';
  readonly state: 'early' | 'confirmed';
  readonly localAddress: string;
  readonly remoteAddress: string;
  readonly remoteTarget: Uri;
  readonly routeSet: readonly RouteEntry[];
  readonly localSeq: number | undefined;
  readonly remoteSeq: number | undefined;
  /** RFC 3261 §12.1.1: a sips Request-URI makes the dialog secure. */
  readonly secure: boolean;
}

/** The first Contact URI of a message, if it has one (never the REGISTER "*"). */
export function contactUri(message: SipMessage): Uri | undefined {
  const contact = message.contact;
  return contact === undefined || contact === '*' ? undefined : contact[0]?.uri;
}

export class Dialog {
  readonly id: DialogId;
  readonly key: string;
  readonly role: 'uac' | 'uas';
  readonly secure: boolean;
  readonly localAddress: string;
  #remoteAddress: string;
  #remoteTarget: Uri;
  #routeSet: readonly RouteEntry[];
  #localSeq: number | undefined;
  #remoteSeq: number | undefined;
  readonly #machine: StateMachine<DialogState, DialogEvent>;

  constructor(init: DialogInit) {
    this.id = init.id;
    this.key = dialogKey(init.id);
    this.role = init.role;
    this.secure = init.secure;
    this.localAddress = init.localAddress;
    this.#remoteAddress = init.remoteAddress;
    this.#remoteTarget = init.remoteTarget;
    this.#routeSet = init.routeSet;
    this.#localSeq = init.localSeq;
    this.#remoteSeq = init.remoteSeq;
    this.#machine = new StateMachine(dialogTransitions, init.state);
  }

  /**
   * RFC 3261 §12.1.2: the UAC's dialog from a 1xx with a To tag (early) or a 2xx (confirmed) to
   * `invite`: route set from Record-Route reversed, remote target from Contact, local CSeq the
   * INVITE's, remote CSeq empty. A response without Contact (a broken UAS) leaves the target at
   * the Request-URI, where the INVITE went.
   */
  static asUac(invite: SipRequest, response: SipResponse): Dialog {
    const remoteTag = response.toTag;
    const localTag = invite.fromTag;
    if (remoteTag === undefined || localTag === undefined) {
      throw new Error(
        'a UAC dialog needs the From tag of the INVITE and the To tag of the response',
      );
    }
    return new Dialog({
      id: { callId: invite.callId, localTag, remoteTag },
      role: 'uac',
      state: response.status >= 200 ? 'confirmed' : 'early',
      localAddress: required(invite.get('from'), 'From'),
      remoteAddress: required(response.get('to'), 'To'),
      remoteTarget: contactUri(response) ?? invite.uri,
      routeSet: routeSetOf(response, 'uac'),
      localSeq: invite.cseq.seq,
      remoteSeq: undefined,
      secure: invite.uri.scheme === 'sips',
    });
  }

  /**
   * RFC 3261 §12.1.1: the UAS's dialog when it sends a 1xx or 2xx with `localTag` to `invite`:
   * route set from Record-Route as it is, remote target from Contact, remote CSeq the
   * INVITE's, local CSeq empty.
   */
  static asUas(invite: SipRequest, localTag: string, state: 'early' | 'confirmed'): Dialog {
    const remoteTag = invite.fromTag;
    const target = contactUri(invite);
    if (remoteTag === undefined || target === undefined) {
      throw new Error('a UAS dialog needs the From tag and the Contact of the INVITE');
    }
    return new Dialog({
      id: { callId: invite.callId, localTag, remoteTag },
      role: 'uas',
      state,
      localAddress: `${required(invite.get('to'), 'To')};tag=${localTag}`,
      remoteAddress: required(invite.get('from'), 'From'),
      remoteTarget: target,
      routeSet: routeSetOf(invite, 'uas'),
      localSeq: undefined,
      remoteSeq: invite.cseq.seq,
      secure: invite.uri.scheme === 'sips',
    });
  }

  get state(): DialogState {
    return this.#machine.state;
  }

  get remoteAddress(): string {
    return this.#remoteAddress;
  }

  get remoteTarget(): Uri {
    return this.#remoteTarget;
  }

  get routeSet(): readonly RouteEntry[] {
    return this.#routeSet;
  }

  get localSeq(): number | undefined {
    return this.#localSeq;
  }

  get remoteSeq(): number | undefined {
    return this.#remoteSeq;
  }

  get callId(): string {
    return this.id.callId;
  }

  /** RFC 3261 §12.1.2: another 1xx of this early dialog may move the remote target. */
  provisional(response: SipResponse): boolean {
    if (this.#machine.transition('provisional') === undefined) return false;
    this.#remoteTarget = contactUri(response) ?? this.#remoteTarget;
    return true;
  }

  /**
   * The 2xx to the INVITE: early (or new) becomes confirmed. RFC 3261 §13.2.2.4: on the UAC the
   * route set is recomputed from the 2xx and the remote target taken from its Contact.
   */
  confirm(response?: SipResponse): boolean {
    if (this.#machine.transition('confirm') === undefined) return false;
    if (response !== undefined && this.role === 'uac') {
      this.#routeSet = routeSetOf(response, 'uac');
      this.#remoteTarget = contactUri(response) ?? this.#remoteTarget;
      this.#remoteAddress = response.get('to') ?? this.#remoteAddress;
    }
    return true;
  }

  /**
   * A target refresh succeeded (RFC 3261 §12.2, RFC 6141 §4: on the 2xx): the Contact of the
   * re-INVITE or UPDATE we accepted, or of the 2xx to ours, is the new remote target. The route
   * set never changes after the dialog is set up.
   */
  refreshTarget(message: SipMessage): boolean {
    if (this.#machine.transition('refresh') === undefined) return false;
    this.#remoteTarget = contactUri(message) ?? this.#remoteTarget;
    return true;
  }

  terminate(): boolean {
    return this.#machine.transition('terminate') !== undefined;
  }

  /**
   * RFC 3261 §12.2.2: an in-dialog request (not ACK or CANCEL, which reuse their INVITE's number)
   * whose CSeq is not above the remote sequence number is out of order: false, and the caller
   * answers 500. Otherwise the number is recorded and the answer is true.
   */
  acceptRemoteSeq(request: SipRequest): boolean {
    const seq = request.cseq.seq;
    if (this.#remoteSeq !== undefined && seq <= this.#remoteSeq) return false;
    this.#remoteSeq = seq;
    return true;
  }

  /**
   * RFC 3261 §12.2.1.1: the next local CSeq number, one more each request; an empty counter
   * starts at a random value below 2**31 (we keep it small so it cannot overflow 2**32).
   */
  nextSeq(): number {
    this.#localSeq = this.#localSeq === undefined ? randomInt(1, 10_000) : this.#localSeq + 1;
    return this.#localSeq;
  }

  /** A new request in this dialog with the next CSeq (or `seq`, for a CANCEL or retry). */
  createRequest(method: string, options: InDialogRequestOptions = {}, seq?: number): SipRequest {
    return createInDialogRequest(this.#addressing(), method, seq ?? this.nextSeq(), options);
  }

  /** The ACK for the 2xx to the INVITE with CSeq `inviteSeq` (RFC 3261 §13.2.2.4). */
  createAck(inviteSeq: number, answer?: { readonly sdp: string }): SipRequest {
    return createAck(this.#addressing(), inviteSeq, answer);
  }

  /** What the next-hop resolver is asked for a request of `method` (RFC 3261 §12.2.1.1, §8.1.2). */
  nextHop(method: string, flow: Peer | undefined): NextHop {
    const first = this.#routeSet[0];
    return first === undefined
      ? { uri: this.#remoteTarget, viaRoute: false, method, flow }
      : { uri: first.address.uri, viaRoute: true, method, flow };
  }

  #addressing() {
    return {
      callId: this.id.callId,
      localAddress: this.localAddress,
      remoteAddress: this.#remoteAddress,
      remoteTarget: this.#remoteTarget,
      routeSet: this.#routeSet,
    };
  }
}

function required(value: string | undefined, header: string): string {
  if (value === undefined) throw new Error(`no ${header} header`);
  return value;
}
