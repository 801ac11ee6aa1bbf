// The dialog layer of a SIP stack (RFC 3261 §12-15): new INVITEs become UAS sessions, in-dialog requests find their session, and outbound legs start here.
import {
  type Clock,
  HotlineError,
  type Logger,
  type Scheduler,
  TypedEmitter,
  silentLogger,
} from '../../../platform/index.ts';
import type { SipRequest } from '../message/index.ts';
import {
  type InviteServerTransaction,
  type ServerTransaction,
  type TransactionLayer,
  newTag,
} from '../transaction/index.ts';
import type { InboundMessage, SipTransport } from '../transport/index.ts';
import { contactUri } from './dialog.ts';
import { type DialogId, dialogIdOfRequest, dialogKey } from './dialog-id.ts';
import type { InviteSession } from './invite-session.ts';
import { sdpOf } from './message-body.ts';
import { type NextHopResolver, flowFirstResolver } from './next-hop.ts';
import { routeSetOf, startsWithStrictRouter } from './route-set.ts';
import type { DialogSettings, SessionContext } from './session-context.ts';
import {
  type SessionTimerSettings,
  defaultSessionTimerSettings,
  negotiateAsUas,
} from './session-expires.ts';
import { sessionResponse } from './session-messages.ts';
import { UacInviteSession } from './uac-invite-session.ts';
import { type OutboundInvite, buildInvite } from './outbound-invite.ts';
import { UasInviteSession } from './uas-invite-session.ts';

/** What the layer needs of a SIP stack; SipStack (sip-stack.ts) is one. */
export interface DialogStack {
  readonly transactions: TransactionLayer;
  readonly transport: SipTransport;
  handle(
    method: string,
    handler: (request: SipRequest, transaction: ServerTransaction, inbound: InboundMessage) => void,
  ): void;
  onCancel(handler: (cancel: SipRequest, target: InviteServerTransaction) => void): void;
  onAck(handler: (ack: SipRequest, inbound: InboundMessage) => void): void;
}

export interface DialogLayerOptions {
  readonly stack: DialogStack;
  readonly clock: Clock & Scheduler;
  readonly logger?: Logger;
  /** Where in-dialog requests go; flow-first (NAT-friendly) by default, see next-hop.ts. */
  readonly resolveNextHop?: NextHopResolver;
  readonly sessionTimer?: Partial<SessionTimerSettings>;
  /** Unanswered INVITEs (either way) end after this long: 'no-answer'. Default 180 s. */
  readonly ringTimeoutMs?: number;
  /** The owner's time to answer a re-INVITE, UPDATE or REFER. Default 30 s (within Timer B). */
  readonly offerTimeoutMs?: number;
  /** How long a REFER subscription waits for its final NOTIFY. Default 180 s. */
  readonly referTimeoutMs?: number;
  /** Retries of a re-INVITE or UPDATE after 491. Default 3. */
  readonly maxGlareRetries?: number;
  /** Option tags the owner handles on top of timer and norefersub (e.g. "replaces"). */
  readonly extraSupported?: readonly string[];
  /**
   * Methods the stack handles elsewhere, for Allow (e.g. REGISTER when it runs the registrar):
   * the layer answers OPTIONS outside dialogs for the whole stack.
   */
  readonly extraAllow?: readonly string[];
  /** A user part for our Contact. */
  readonly contactUser?: string;
  /** Sent as User-Agent and Server. */
  readonly productToken?: string;
  /** In [0, 1); Math.random by default. */
  readonly random?: () => number;
}

export interface DialogLayerEvents {
  /**
   * A new INVITE: the session is in 'offered'; the owner rings, answers or rejects it. Nobody
   * listening means 480 Temporarily Unavailable.
   */
  invite: UasInviteSession;
}

export const ALLOWED_METHODS = [
  'INVITE',
  'ACK',
  'CANCEL',
  'BYE',
  'OPTIONS',
  'INFO',
  'REFER',
  'UPDATE',
  'NOTIFY',
];
const HANDLED = ['INVITE', 'BYE', 'UPDATE', 'INFO', 'REFER', 'NOTIFY', 'OPTIONS'];

export class DialogLayer extends TypedEmitter<DialogLayerEvents> {
  readonly settings: DialogSettings;
  readonly #ctx: SessionContext;
  readonly #sessions = new Set<InviteSession>();
  readonly #dialogs = new Map<string, InviteSession>();
  /** UAS sessions by INVITE transaction (CANCEL), and their Call-ID/From tag/CSeq (RFC 3261 §8.2.2.2). */
  readonly #byTransaction = new Map<InviteServerTransaction, UasInviteSession>();
  readonly #requests = new Set<string>();
  readonly #requestOf = new Map<UasInviteSession, string>();

  constructor(options: DialogLayerOptions) {
    super((error) => options.logger?.error({ err: error }, 'a dialog layer listener threw'));
    const stack = options.stack;
    this.settings = {
      sessionTimer: { ...defaultSessionTimerSettings, ...options.sessionTimer },
      ringTimeoutMs: options.ringTimeoutMs ?? 180_000,
      offerTimeoutMs: options.offerTimeoutMs ?? 30_000,
      referTimeoutMs: options.referTimeoutMs ?? 180_000,
      maxGlareRetries: options.maxGlareRetries ?? 3,
      allow: [...ALLOWED_METHODS, ...(options.extraAllow ?? [])],
      supported: ['timer', 'norefersub', ...(options.extraSupported ?? [])],
      contactUser: options.contactUser,
      productToken: options.productToken,
    };
    if (this.settings.sessionTimer.minSE < 90) {
      throw new Error(
        `RFC 4028 §5: Min-SE is at least 90 s, not ${this.settings.sessionTimer.minSE}`,
      );
    }
    this.#ctx = {
      transactions: stack.transactions,
      transport: stack.transport,
      clock: options.clock,
      logger: options.logger ?? silentLogger(),
      settings: this.settings,
      resolve: options.resolveNextHop ?? flowFirstResolver,
      random: options.random ?? Math.random,
      bind: (key, session) => this.#dialogs.set(key, session as InviteSession),
      unbind: (key, session) => {
        if (this.#dialogs.get(key) === session) this.#dialogs.delete(key);
      },
      released: (session) => this.#released(session as InviteSession),
    };
    for (const method of HANDLED) {
      stack.handle(method, (request, transaction, inbound) =>
        this.#request(request, transaction, inbound),
      );
    }
    stack.onCancel((_cancel, target) => this.#byTransaction.get(target)?.receiveCancel());
    stack.onAck((ack) => {
      // RFC 3261 §17.2.3: an ACK for a 2xx goes to the dialog; one for no dialog is dropped.
      const id = dialogIdOfRequest(ack);
      if (id !== undefined) this.#dialogs.get(dialogKey(id))?.receiveAck(ack);
    });
  }

  /** Live sessions, filed dialogs, and UAS sessions filed by INVITE transaction: all zero once every call has ended. */
  get size(): { sessions: number; dialogs: number; pending: number } {
    return {
      sessions: this.#sessions.size,
      dialogs: this.#dialogs.size,
      pending: this.#byTransaction.size,
    };
  }

  /** The clock the layer's timers run on (the owner's own timers for its sessions run on it too). */
  get clock(): Clock & Scheduler {
    return this.#ctx.clock;
  }

  get sessions(): readonly InviteSession[] {
    return [...this.#sessions];
  }

  /** The session of a dialog (e.g. the one a Replaces header names, RFC 3891). */
  find(id: DialogId): InviteSession | undefined {
    return this.#dialogs.get(dialogKey(id));
  }

  /**
   * Starts an outbound leg: builds and sends the INVITE. Throws HotlineError 'invalid-input'
   * for a bad target or no way to reach it, 'unavailable' when the transaction layer is full or
   * closed.
   */
  invite(options: OutboundInvite): UacInviteSession {
    const built = buildInvite(this.#ctx, options);
    const session = new UacInviteSession(this.#ctx, {
      invite: built.invite,
      destination: built.destination,
      ringTimeoutMs: options.ringTimeoutMs ?? this.settings.ringTimeoutMs,
      ...(options.auth === undefined ? {} : { auth: options.auth }),
      ...(options.answerOffer === undefined ? {} : { answerOffer: options.answerOffer }),
    });
    try {
      session.start();
    } catch (error) {
      throw new HotlineError('unavailable', 'The INVITE could not be sent; try again shortly.', {
        cause: error,
      });
    }
    this.#sessions.add(session);
    return session;
  }

  /** Stops every session without signalling (shutdown). Idempotent. */
  close(): void {
    for (const session of [...this.#sessions]) session.abandon();
    this.#sessions.clear();
    this.#dialogs.clear();
    this.#byTransaction.clear();
    this.#requests.clear();
    this.#requestOf.clear();
  }

  #request(request: SipRequest, transaction: ServerTransaction, inbound: InboundMessage): void {
    const refuse = (status: number, reason?: string, headers: [string, string][] = []): void =>
      this.#respond(transaction, request, status, reason, headers);
    // RFC 3261 §8.2.2.3: an extension we do not support in Require is refused with 420.
    let unsupported: string[];
    try {
      const supported = new Set(this.settings.supported.map((t) => t.toLowerCase()));
      unsupported = request.tokens('require').filter((t) => !supported.has(t.toLowerCase()));
    } catch {
      return refuse(400, 'Bad Require');
    }
    if (unsupported.length > 0)
      return refuse(420, undefined, [['Unsupported', unsupported.join(', ')]]);
    const id = dialogIdOfRequest(request);
    if (request.toTag !== undefined) {
      const session = id === undefined ? undefined : this.#dialogs.get(dialogKey(id));
      // RFC 3261 §12.2.2: a request for a dialog we do not have.
      if (session === undefined) return refuse(481);
      session.receiveRequest(request, transaction, inbound);
      return;
    }
    if (request.method === 'INVITE' && transaction.kind === 'invite-server') {
      this.#invite(request, transaction, inbound);
      return;
    }
    if (request.method === 'OPTIONS') {
      this.#respond(transaction, request, 200, undefined, [], newTag());
      return;
    }
    if (request.method === 'REFER') return refuse(403, 'Out-Of-Dialog REFER Not Supported');
    refuse(481);
  }

  #invite(
    request: SipRequest,
    transaction: InviteServerTransaction,
    inbound: InboundMessage,
  ): void {
    const refuse = (status: number, reason?: string, headers: [string, string][] = []): void =>
      this.#respond(transaction, request, status, reason, headers);
    const fromTag = request.fromTag;
    if (fromTag === undefined) return refuse(400, 'Missing From Tag');
    // RFC 3261 §8.2.2.2: the same request arriving by another path (a new branch) is a merge.
    const mergeKey = `${request.callId}\n${fromTag}\n${request.cseq.seq}`;
    if (this.#requests.has(mergeKey)) return refuse(482);
    if (contactUri(request) === undefined) return refuse(400, 'Missing Contact');
    let strict: boolean;
    try {
      strict = startsWithStrictRouter(routeSetOf(request, 'uas'));
    } catch {
      return refuse(400, 'Bad Record-Route');
    }
    if (strict) return refuse(400, 'Strict Routing Not Supported');
    const body = sdpOf(request);
    if (!body.ok) return refuse(415, undefined, [['Accept', 'application/sdp']]);
    const timer = negotiateAsUas(request, this.settings.sessionTimer);
    if (timer.kind === 'too-small')
      return refuse(422, undefined, [['Min-SE', String(timer.minSE)]]);
    if (this.listenerCount('invite') === 0) return refuse(480);
    const session = new UasInviteSession(this.#ctx, request, transaction, inbound, {
      offer: body.sdp,
      timer,
    });
    this.#sessions.add(session);
    this.#byTransaction.set(transaction, session);
    this.#requests.add(mergeKey);
    this.#requestOf.set(session, mergeKey);
    this.emit('invite', session);
  }

  #respond(
    transaction: ServerTransaction,
    request: SipRequest,
    status: number,
    reason: string | undefined,
    headers: [string, string][],
    toTag: string | undefined = request.toTag === undefined ? newTag() : undefined,
  ): void {
    if (!transaction.canRespond(status)) return;
    const response = sessionResponse(this.settings, () => '', request, status, {
      ...(reason === undefined ? {} : { reason }),
      headers,
      ...(toTag === undefined ? {} : { toTag }),
    });
    try {
      transaction.respond(response);
    } catch (error) {
      this.#ctx.logger.warn({ err: error, status }, 'could not answer a request');
    }
  }

  #released(session: InviteSession): void {
    this.#sessions.delete(session);
    if (session instanceof UasInviteSession) {
      this.#byTransaction.delete(session.transaction);
      const key = this.#requestOf.get(session);
      if (key !== undefined) this.#requests.delete(key);
      this.#requestOf.delete(session);
    }
  }
}
