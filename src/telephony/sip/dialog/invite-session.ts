// One INVITE session, a leg of the B2BUA: its state machine and dialog, and what both roles do inside the dialog (BYE, INFO, re-INVITE, UPDATE, REFER, timers).
import {
  type Logger,
  TypedEmitter,
  StateMachine,
  type TransitionTable,
} from '../../../platform/index.ts';
import type { DigestClient } from '../auth/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import type { InboundMessage, Peer, TransportProtocol } from '../transport/index.ts';
import type { Dialog } from './dialog.ts';
import type { DialogId } from './dialog-id.ts';
import { DTMF_RELAY, dtmfRelayBody } from './dtmf-info.ts';
import { sendInDialog, statusOf } from './in-dialog-client.ts';
import { receiveInfo, sendInfo } from './info-exchange.ts';
import { localContact } from './local-contact.ts';
import { type LocalSdp, LocalOffers, type OfferOutcome } from './local-offers.ts';
import { OfferAnswerPhase } from './offer-answer-phase.ts';
import { ReferClient, type ReferOptions } from './refer-client.ts';
import { ReferServer } from './refer-server.ts';
import type { ReferSubscription } from './refer-subscription.ts';
import { RemoteOffers } from './remote-offers.ts';
import type { SessionContext } from './session-context.ts';
import type { HeaderList, InviteSessionEvents, SessionEnded } from './session-events.ts';
import { supportsTimer, timerFromResponse } from './session-expires.ts';
import type { SessionHost } from './session-host.ts';
import { type ResponseParts, requestHeaders, sessionResponse } from './session-messages.ts';
import type { SessionEvent, SessionState } from './session-state.ts';
import { SessionTimer } from './session-timer.ts';

export interface SessionInit {
  readonly callId: string;
  /** The peer the dialog is formed with (see NextHop.flow). */
  readonly flow: Peer | undefined;
  /** The transport of the leg: our Contact is on it. */
  readonly protocol: TransportProtocol;
  readonly secure: boolean;
  readonly auth?: DigestClient;
}

export abstract class InviteSession extends TypedEmitter<InviteSessionEvents> {
  readonly role: 'uac' | 'uas';
  readonly callId: string;
  protected readonly ctx: SessionContext;
  protected readonly phase = new OfferAnswerPhase();
  protected readonly timer: SessionTimer;
  protected readonly host: SessionHost;
  protected readonly logger: Logger;
  readonly #machine: StateMachine<SessionState, SessionEvent>;
  readonly #protocol: TransportProtocol;
  readonly #secure: boolean;
  readonly #auth: DigestClient | undefined;
  readonly #owed = new Set<ServerTransaction>();
  readonly #bound = new Set<string>();
  readonly #remoteOffers: RemoteOffers;
  readonly #localOffers: LocalOffers;
  readonly #referServer: ReferServer;
  readonly #referClient: ReferClient;
  #dialog: Dialog | undefined;
  #flow: Peer | undefined;
  #peerAllow: ReadonlySet<string> | undefined;
  #peerSupportsTimer = false;
  #ending: SessionEnded | undefined;
  #ended: SessionEnded | undefined;

  protected constructor(
    ctx: SessionContext,
    role: 'uac' | 'uas',
    table: TransitionTable<SessionState, SessionEvent>,
    initial: SessionState,
    init: SessionInit,
  ) {
    super((error, event) =>
      ctx.logger.error({ err: error, event: String(event) }, 'an INVITE session listener threw'),
    );
    this.ctx = ctx;
    this.role = role;
    this.callId = init.callId;
    this.logger = ctx.logger;
    this.#machine = new StateMachine(table, initial);
    this.#flow = init.flow;
    this.#protocol = init.protocol;
    this.#secure = init.secure;
    this.#auth = init.auth;
    this.timer = new SessionTimer(ctx.clock, {
      refresh: () => this.#localOffers.refresh(),
      expire: () => {
        if (this.end('session-expired', { cause: 'session-timeout', by: 'local' })) {
          this.sendBye('SIP;cause=408;text="Session timer expired"');
        }
      },
      refreshed: (interval, refresher) => this.emit('refreshed', { interval, refresher }),
    });
    this.host = this.#makeHost();
    this.#remoteOffers = new RemoteOffers(this.host);
    this.#localOffers = new LocalOffers(this.host, this.#remoteOffers);
    this.#referServer = new ReferServer(this.host);
    this.#referClient = new ReferClient(this.host);
  }

  get state(): SessionState {
    return this.#machine.state;
  }

  /** The dialog ID once a dialog exists (a tagged 1xx or the 2xx). */
  get dialogId(): DialogId | undefined {
    return this.#dialog?.id;
  }

  /** Why the session ended, once it has. */
  get ended(): SessionEnded | undefined {
    return this.#ended;
  }

  /** The last SDP each way that took effect (the owner's offer/answer keeps the media detail). */
  get localSdp(): string | undefined {
    return this.phase.localSdp;
  }

  get remoteSdp(): string | undefined {
    return this.phase.remoteSdp;
  }

  /** The RFC 4028 timer in force, if any: interval in seconds and who refreshes. */
  get sessionTimer():
    { readonly interval: number; readonly refresher: 'local' | 'remote' } | undefined {
    const refresher = this.timer.refresher;
    return refresher === undefined ? undefined : { interval: this.timer.interval, refresher };
  }

  /** Ends the call: CANCEL or reject before answer, BYE after. Idempotent. */
  abstract hangup(): void;

  /** A re-INVITE with our offer: hold (sendonly/inactive SDP), resume, a new media address. */
  reinvite(sdp: LocalSdp, headers?: HeaderList): Promise<OfferOutcome> {
    return this.#localOffers.offer('INVITE', sdp, headers);
  }

  /** An UPDATE with our offer (RFC 3311), when the peer allows UPDATE. */
  update(sdp: LocalSdp, headers?: HeaderList): Promise<OfferOutcome> {
    return this.#localOffers.offer('UPDATE', sdp, headers);
  }

  /** Sends INFO; resolves with the final status (408 on timeout, 503 when unreachable). */
  sendInfo(body: string | Buffer, contentType: string, headers?: HeaderList): Promise<number> {
    return sendInfo(this.host, body, contentType, headers);
  }

  /** One key as INFO application/dtmf-relay, for peers that take DTMF that way. */
  sendDtmf(digit: string, durationMs?: number): Promise<number> {
    const { body } = dtmfRelayBody(digit, durationMs);
    return this.sendInfo(body, DTMF_RELAY);
  }

  /** Sends REFER (blind transfer, or attended with `replaces`); the subscription reports progress. */
  refer(target: string, options?: ReferOptions): ReferSubscription {
    return this.#referClient.refer(target, options);
  }

  /** For the DialogLayer: a request of this session's dialog (not ACK or CANCEL). */
  receiveRequest(
    request: SipRequest,
    transaction: ServerTransaction,
    inbound: InboundMessage,
  ): void {
    const dialog = this.#dialog;
    const respond = (status: number, parts?: ResponseParts): void =>
      this.host.respond(transaction, this.host.response(request, status, parts));
    if (dialog === undefined || this.state === 'terminated') return respond(481);
    // RFC 3261 §12.2.2: a CSeq not above the last one is out of order.
    if (!dialog.acceptRemoteSeq(request)) return respond(500, { reason: 'Out Of Order CSeq' });
    this.#flow = inbound.source;
    const method = request.method;
    if (
      this.state === 'terminating' &&
      method !== 'BYE' &&
      method !== 'NOTIFY' &&
      method !== 'OPTIONS'
    ) {
      return respond(481);
    }
    switch (method) {
      case 'BYE':
        respond(200);
        // RFC 3261 §15.1.2: a BYE in an early dialog ends the INVITE (487) as a CANCEL would.
        this.end('remote-bye', {
          cause: this.state === 'early' ? 'cancelled' : 'normal',
          by: 'remote',
        });
        return;
      case 'INVITE':
      case 'UPDATE':
        this.learnPeer(request);
        return this.#remoteOffers.receive(request, transaction);
      case 'INFO':
        return receiveInfo(this.host, request, transaction);
      case 'OPTIONS':
        return respond(200);
      case 'REFER':
        return this.#referServer.receive(request, transaction);
      case 'NOTIFY':
        return this.#referClient.receiveNotify(request, transaction);
      default:
        return respond(405);
    }
  }

  /** For the DialogLayer: an ACK of this dialog (for a 2xx of ours). */
  receiveAck(ack: SipRequest): void {
    if (this.acknowledge(ack)) return;
    this.#remoteOffers.receiveAck(ack);
  }

  /** For the DialogLayer's close(): stop everything without signalling. */
  abandon(): void {
    this.end('abandon', { cause: 'local', by: 'local' });
  }

  /** UAS: the ACK of the initial 2xx. True when it was. */
  protected acknowledge(_ack: SipRequest): boolean {
    return false;
  }

  /** Subclass resources to free when the session ends (retransmitters, ring timers, the INVITE). */
  protected abstract releaseResources(): void;

  protected get dialog(): Dialog | undefined {
    return this.#dialog;
  }

  /** Uses `dialog` from now on and files it so in-dialog requests find this session. */
  protected adoptDialog(dialog: Dialog): void {
    if (this.#dialog !== undefined && this.#dialog !== dialog) this.#unbind(this.#dialog.key);
    this.#dialog = dialog;
    this.#bound.add(dialog.key);
    this.ctx.bind(dialog.key, this);
  }

  protected get flow(): Peer | undefined {
    return this.#flow;
  }

  /** Allow and Supported of the peer's INVITE or 2xx: UPDATE for refreshes, timer support. */
  protected learnPeer(message: SipRequest | SipResponse): void {
    try {
      if (message.has('allow'))
        this.#peerAllow = new Set(message.tokens('allow').map((t) => t.toUpperCase()));
    } catch {
      // An unreadable Allow tells nothing; keep what we knew.
    }
    if (supportsTimer(message)) this.#peerSupportsTimer = true;
  }

  /** Moves on `event` when the table allows it, telling listeners; terminal states release everything. */
  protected move(event: SessionEvent): boolean {
    const from = this.state;
    const to = this.#machine.transition(event);
    if (to === undefined) return false;
    if (this.logger.isLevelEnabled('debug')) {
      this.logger.debug(
        { callId: this.callId, role: this.role, from, event, to },
        'INVITE session state',
      );
    }
    this.emit('state', { from, event, to });
    if (to === 'terminating') this.#quiesce();
    if (to === 'terminated') this.#release();
    return true;
  }

  /** Moves on `event`, recording why the session ends (the first reason given wins). */
  protected end(event: SessionEvent, ended: SessionEnded): boolean {
    if (!this.#machine.can(event)) return false;
    this.#ending ??= ended;
    return this.move(event);
  }

  /** RFC 3261 §15.1.1: BYE; the session is over when it is answered (or times out). */
  protected sendBye(reason?: string): void {
    const headers = requestHeaders(this.ctx.settings);
    if (reason !== undefined) headers.push(['Reason', reason]);
    const sent = this.host.send('BYE', { headers }, () => this.move('bye-done'));
    if (sent === undefined) this.ctx.clock.after(0, () => this.move('bye-done'));
  }

  /** Entering terminating: nothing new starts; the dialog stays filed for the BYE's answer. */
  #quiesce(): void {
    this.timer.close();
    this.#localOffers.close();
  }

  #release(): void {
    this.timer.close();
    this.#localOffers.close();
    this.#remoteOffers.close();
    this.#referServer.close();
    this.#referClient.close();
    this.releaseResources();
    for (const transaction of this.#owed) {
      if (transaction.canRespond(487))
        this.host.respond(transaction, this.host.response(transaction.request, 487));
    }
    this.#owed.clear();
    this.#dialog?.terminate();
    for (const key of [...this.#bound]) this.#unbind(key);
    this.ctx.released(this);
    this.#ended = this.#ending ?? { cause: 'failed', by: 'local' };
    this.emit('ended', this.#ended);
    // A finished transaction keeps its user (this session) for 64*T1 (RFC 3261 17.1.1.2, RFC 6026
    // Timer M); without its listeners the session no longer holds the leg and call with it.
    this.removeAllListeners();
  }

  #unbind(key: string): void {
    this.#bound.delete(key);
    this.ctx.unbind(key, this);
  }

  #contact(): string {
    return localContact(this.ctx.transport, this.#protocol, {
      ...(this.ctx.settings.contactUser === undefined
        ? {}
        : { user: this.ctx.settings.contactUser }),
      secure: this.#secure,
    });
  }

  #makeHost(): SessionHost {
    const ctx = this.ctx;
    return {
      ctx,
      phase: this.phase,
      timer: this.timer,
      state: () => this.state,
      dialog: () => this.#dialog,
      ownsCallId: () => this.role === 'uac',
      peerAllows: (method) => this.#peerAllow?.has(method) ?? false,
      emit: (event, payload) => this.emit(event, payload),
      listens: (event) => this.listenerCount(event) > 0,
      response: (request, status, parts) =>
        sessionResponse(ctx.settings, () => this.#contact(), request, status, parts),
      respond: (transaction, response) => {
        if (!transaction.canRespond(response.status)) return;
        try {
          transaction.respond(response);
        } catch (error) {
          this.logger.warn({ err: error, status: response.status }, 'could not send a response');
        }
      },
      contact: () => this.#contact(),
      requestHeaders: () => requestHeaders(ctx.settings),
      send: (method, options, onFinal) => {
        const dialog = this.#dialog;
        if (dialog === undefined || dialog.state === 'terminated') return undefined;
        let request: SipRequest;
        try {
          request = dialog.createRequest(method, options);
        } catch (error) {
          this.logger.warn({ err: error, method }, 'could not build an in-dialog request');
          return undefined;
        }
        sendInDialog({ ctx, dialog, request, flow: this.#flow, auth: this.#auth, onFinal });
        return request;
      },
      owe: (transaction) => this.#owed.add(transaction),
      paid: (transaction) => this.#owed.delete(transaction),
      timerAsUas: (decision) => {
        if (decision.kind === 'timer') {
          this.timer.start(decision.interval, decision.refresher === 'uas' ? 'local' : 'remote');
        } else if (decision.kind === 'none') this.timer.stop();
      },
      timerAsUac: (response) => this.#timerAsUac(response),
      lost: (outcome) => {
        const status = statusOf(outcome);
        // RFC 3261 §12.2.1.2: the dialog is gone; no BYE can reach the peer anyway.
        this.end('dialog-gone', {
          cause: status === 481 ? 'failed' : 'unreachable',
          status,
          by: 'remote',
        });
      },
      ackTimedOut: () => {
        if (this.end('hangup', { cause: 'ack-timeout', by: 'local' })) this.sendBye();
      },
    };
  }

  /**
   * RFC 4028 §7.2: the 2xx to our INVITE or UPDATE sets the timer; without Session-Expires there
   * is none. A peer that never said it supports timers cannot echo ours, so as refresher we keep
   * our interval then, which still finds a dead peer when a refresh fails.
   */
  #timerAsUac(response: SipResponse): void {
    const negotiated = timerFromResponse(response);
    if (negotiated !== undefined) {
      this.timer.start(negotiated.interval, negotiated.refresher === 'uac' ? 'local' : 'remote');
    } else if (this.timer.refresher === 'local' && !this.#peerSupportsTimer) {
      this.timer.start(this.timer.interval, 'local');
    } else {
      this.timer.stop();
    }
  }
}
