// The transaction layer of one SIP stack (RFC 3261 §17): creates client transactions, matches what arrives, feeds the TU.
import {
  type Clock,
  HotlineError,
  type Logger,
  type Scheduler,
  silentLogger,
} from '../../../platform/index.ts';
import {
  type SipHeader,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  createResponse,
} from '../message/index.ts';
import type { InboundMessage, Peer, SipTransport } from '../transport/index.ts';
import { createBadRequest } from './bad-request.ts';
import { createCancel } from './client-requests.ts';
import { prepareClientVia } from './client-via.ts';
import { InviteClientTransaction } from './invite-client-transaction.ts';
import { InviteServerTransaction } from './invite-server-transaction.ts';
import { NonInviteClientTransaction } from './non-invite-client-transaction.ts';
import { NonInviteServerTransaction } from './non-invite-server-transaction.ts';
import { Retransmit2xx } from './retransmit-2xx.ts';
import { requestProblem } from './request-problem.ts';
import { ServerTransactionTable } from './server-transaction-table.ts';
import type { TransactionContext } from './transaction-base.ts';
import { TransactionOverloadError } from './transaction-errors.ts';
import { newTag } from './transaction-ids.ts';
import { clientKey, responseKey, serverKey } from './transaction-keys.ts';
import { type TimerSettings, timerDurations, timerSettings } from './transaction-timers.ts';
import type {
  ClientTransaction,
  ClientTransactionUser,
  ServerTransaction,
  Transaction,
  TransactionUser,
} from './transaction-user.ts';

export interface TransactionLayerOptions {
  readonly transport: SipTransport;
  /** Every timer runs on this scheduler; FakeClock in tests. */
  readonly clock: Clock & Scheduler;
  readonly user: TransactionUser;
  /** T1, T2, T4 and the 100 Trying delay; RFC 3261's values by default. */
  readonly timers?: Partial<TimerSettings>;
  /** Live transactions (client and server) allowed at once; beyond it new ones are refused. Default 50,000. */
  readonly maxTransactions?: number;
  readonly logger?: Logger;
  /** Told of each TU callback that threw; by default it is logged as an error. */
  readonly onUserError?: (error: unknown, callback: string) => void;
}

export interface SendRequestOptions {
  /** The top Via branch to use (it must begin with z9hG4bK); a random one by default. */
  readonly branch?: string;
}

/** What became of a CANCEL request (RFC 3261 §9.1). */
export type CancelOutcome =
  /** Sent now: the INVITE had a provisional response. */
  | 'sent'
  /** Will be sent when the first provisional response arrives, unless a final one comes first. */
  | 'deferred'
  /** The INVITE already has a final response (or ended): there is nothing to cancel. */
  | 'too-late';

export class TransactionLayer {
  readonly settings: TimerSettings;
  readonly maxTransactions: number;
  readonly #transport: SipTransport;
  readonly #clock: Clock & Scheduler;
  readonly #user: TransactionUser;
  readonly #logger: Logger;
  readonly #ctx: TransactionContext;
  readonly #onUserError: ((error: unknown, callback: string) => void) | undefined;
  readonly #clients = new Map<string, ClientTransaction>();
  readonly #servers = new ServerTransactionTable();
  /** INVITE server transactions still in Proceeding (no final response sent). */
  readonly #pendingInvites = new Set<InviteServerTransaction>();
  /** How far past maxTransactions a BYE or CANCEL that ends work may go. */
  readonly #endsWorkReserve: number;
  #closed = false;

  constructor(options: TransactionLayerOptions) {
    this.settings = timerSettings(options.timers);
    this.maxTransactions = options.maxTransactions ?? 50_000;
    this.#endsWorkReserve = Math.max(16, Math.ceil(this.maxTransactions / 10));
    if (!Number.isInteger(this.maxTransactions) || this.maxTransactions < 1) {
      throw new Error(`maxTransactions must be a positive integer, got ${this.maxTransactions}`);
    }
    this.#transport = options.transport;
    this.#clock = options.clock;
    this.#user = options.user;
    this.#logger = options.logger ?? silentLogger();
    this.#onUserError = options.onUserError;
    this.#ctx = {
      transport: this.#transport,
      clock: this.#clock,
      settings: this.settings,
      durations: {
        reliable: timerDurations(this.settings, true),
        unreliable: timerDurations(this.settings, false),
      },
      user: this.#user,
      logger: this.#logger,
      callUser: (callback, fn) => {
        try {
          fn();
          return true;
        } catch (error) {
          this.#reportUserError(error, callback);
          return false;
        }
      },
      terminated: (transaction) => this.#forget(transaction),
      alias: (transaction, key) => {
        if (transaction.kind === 'invite-server') this.#servers.alias(transaction, key);
      },
      finalSent: (transaction) => {
        if (transaction.kind === 'invite-server') this.#pendingInvites.delete(transaction);
      },
    };
  }

  /** Live transactions, by side. After every exchange has run its course both are zero. */
  get size(): { client: number; server: number } {
    return { client: this.#clients.size, server: this.#servers.size };
  }

  /** INVITEs outside a dialog (new calls) in progress: received, no final response sent yet. */
  get pendingInvites(): number {
    return this.#pendingInvites.size;
  }

  /**
   * Sends `request` in a new client transaction: INVITE client for INVITE, non-INVITE client
   * otherwise. Sets the top Via branch (see prepareClientVia); the transaction keeps `request`
   * and retransmits it as it is, so it must not be changed afterwards. Throws TransactionOverloadError
   * at the limit of live transactions, and Error for an ACK (never a transaction, RFC 3261 §17:
   * use sendStateless) or a branch already in use.
   */
  sendRequest(
    request: SipRequest,
    destination: Peer,
    user: ClientTransactionUser,
    options: SendRequestOptions = {},
  ): ClientTransaction {
    this.#assertOpen();
    if (request.method === 'ACK') {
      throw new Error('ACK is not sent in a transaction (RFC 3261 17); use sendStateless');
    }
    // A CANCEL ends work, so it may exceed the limit.
    if (request.method !== 'CANCEL' && this.#live() >= this.maxTransactions) {
      throw new TransactionOverloadError(this.maxTransactions);
    }
    const branch = prepareClientVia(request, destination.protocol, this.#transport, options.branch);
    const problem = requestProblem(request);
    if (problem !== undefined) throw new Error(`cannot send the ${request.method}: ${problem}`);
    return this.#startClient(request, destination, branch, user);
  }

  /**
   * Cancels an INVITE (RFC 3261 §9.1): builds the CANCEL (same Request-URI, Call-ID, From, To,
   * CSeq number, top Via and Route) and sends it in its own non-INVITE client transaction,
   * whose responses go to `user`. Waits for a provisional response if none has come; after
   * sending, gives the INVITE 64*T1 to end before reporting it timed out. `headers` adds e.g.
   * a Reason (RFC 3326).
   */
  cancel(
    invite: InviteClientTransaction,
    user: ClientTransactionUser,
    headers?: Iterable<SipHeader | readonly [string, string]>,
  ): CancelOutcome {
    this.#assertOpen();
    const send = (): void => {
      try {
        if (this.#closed || this.#clients.has(clientKey(invite.branch, 'CANCEL'))) return;
        const cancel = createCancel(invite.request, headers);
        this.#startClient(cancel, invite.destination, invite.branch, user);
        invite.cancelSent();
      } catch (error) {
        this.#logger.error({ err: error, transaction: invite.id }, 'could not send CANCEL');
      }
    };
    const before = invite.state;
    if (!invite.whenProceeding(send)) return 'too-late';
    return before === 'Calling' ? 'deferred' : 'sent';
  }

  /**
   * Sends a message outside any transaction: the ACK for a 2xx (RFC 3261 §13.2.2.4), a
   * stateless response such as a 503 under overload. A request gets our Via with a new branch
   * when it has none. Rejects with the transport's TransportError.
   */
  sendStateless(message: SipMessage, destination: Peer): Promise<void> {
    if (message.kind === 'request' && message.topVia === undefined) {
      prepareClientVia(message, destination.protocol, this.#transport);
    }
    return this.#transport.send(message, destination);
  }

  /**
   * Starts a 2xx retransmitter for the UAS core (RFC 3261 §13.3.1.4) after it has sent `response`
   * through `transaction`. Retransmissions pass through the transaction while it is in Accepted
   * (RFC 6026 §8.5), straight to the transport after that. The UAS core calls acknowledge() when
   * TransactionUser.onAck brings an ACK for which matchesAck() holds.
   */
  retransmit2xx(
    transaction: InviteServerTransaction,
    response: SipResponse,
    onGiveUp: () => void,
  ): Retransmit2xx {
    return new Retransmit2xx(response, {
      scheduler: this.#clock,
      settings: this.settings,
      onGiveUp,
      send: (again) => {
        if (transaction.canRespond(again.status)) transaction.respond(again);
        else {
          this.#transport.send(again, transaction.source).catch((error: unknown) => {
            this.#logger.warn({ err: error }, 'could not retransmit a 2xx');
          });
        }
      },
      onError: (error) => this.#reportUserError(error, 'retransmit2xx'),
    }).start();
  }

  /** Everything the transport hears comes in here. Never throws. */
  receive(inbound: InboundMessage): void {
    if (this.#closed) return;
    try {
      const message = inbound.message;
      if (message.kind === 'response') this.#receiveResponse(message, inbound);
      else this.#receiveRequest(message, inbound);
    } catch (error) {
      this.#logger.error({ err: error }, 'SIP transaction layer failed on an inbound message');
    }
  }

  /** Stops every timer and forgets every transaction, telling no one. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const transaction of this.#clients.values()) transaction.abandon();
    for (const transaction of this.#servers.transactions()) transaction.abandon();
    this.#clients.clear();
    this.#servers.clear();
    this.#pendingInvites.clear();
  }

  #startClient(
    request: SipRequest,
    destination: Peer,
    branch: string,
    user: ClientTransactionUser,
  ): ClientTransaction {
    const key = clientKey(branch, request.method);
    if (this.#clients.has(key)) {
      throw new Error(`branch ${branch} is already in use for a ${request.method} transaction`);
    }
    const transaction =
      request.method === 'INVITE'
        ? new InviteClientTransaction(this.#ctx, key, request, destination, branch, user)
        : new NonInviteClientTransaction(this.#ctx, key, request, destination, branch, user);
    this.#clients.set(key, transaction);
    transaction.start();
    return transaction;
  }

  /** RFC 3261 17.1.3: by top Via branch and CSeq method; no match is a stray for the TU. */
  #receiveResponse(response: SipResponse, inbound: InboundMessage): void {
    let key: string | undefined;
    try {
      key = responseKey(response);
    } catch (error) {
      // RFC 3261 18.1.2: a malformed response is discarded.
      this.#logger.warn({ err: error }, 'discarding a SIP response with a malformed Via or CSeq');
      return;
    }
    const transaction = key === undefined ? undefined : this.#clients.get(key);
    if (transaction !== undefined) transaction.receiveResponse(response);
    else this.#ctx.callUser('onStrayResponse', () => this.#user.onStrayResponse(response, inbound));
  }

  #receiveRequest(request: SipRequest, inbound: InboundMessage): void {
    const problem = requestProblem(request);
    if (problem !== undefined) {
      this.#reject(request, inbound, problem);
      return;
    }
    const key = serverKey(request);
    if (request.method === 'ACK') {
      this.#receiveAck(request, inbound, key);
      return;
    }
    const existing = this.#servers.get(key);
    if (existing !== undefined) {
      // RFC 3261 17.2.1, 17.2.2: a retransmission, absorbed by its transaction.
      existing.receiveRequest(request);
      return;
    }
    // A BYE in a dialog and a CANCEL of a live INVITE end work, so they may go past the limit,
    // into a reserve of a tenth of it (16 at least): a flood of them from an address the rate
    // limit trusts still stops there, and a BYE or CANCEL that matches nothing gets no exception.
    const endsWork =
      (request.method === 'BYE' && request.toTag !== undefined) ||
      (request.method === 'CANCEL' && this.#cancelTarget(request) !== undefined);
    const limit = endsWork ? this.maxTransactions + this.#endsWorkReserve : this.maxTransactions;
    if (this.#live() >= limit) {
      this.#ctx.callUser('onOverload', () => this.#user.onOverload(request, inbound));
      return;
    }
    const transaction = this.#startServer(request, inbound, key);
    const answered =
      request.method === 'CANCEL'
        ? this.#ctx.callUser('onCancel', () =>
            this.#user.onCancel(
              request,
              transaction as NonInviteServerTransaction,
              this.#cancelTarget(request),
              inbound,
            ),
          )
        : this.#ctx.callUser('onRequest', () =>
            this.#user.onRequest(request, transaction, inbound),
          );
    if (!answered) this.#answerForFailedUser(transaction);
  }

  /**
   * RFC 3261 17.2.3: an ACK with the INVITE's branch belongs to its server transaction (the ACK
   * for a non-2xx); any other (the ACK for a 2xx, a new transaction of its own) goes to the TU.
   */
  #receiveAck(ack: SipRequest, inbound: InboundMessage, key: string): void {
    const transaction = this.#servers.get(key);
    if (transaction?.kind === 'invite-server') {
      transaction.receiveAck(ack, inbound);
      return;
    }
    this.#ctx.callUser('onAck', () => this.#user.onAck(ack, inbound, undefined));
  }

  /** RFC 3261 9.2: the INVITE server transaction a CANCEL targets: same match, method INVITE. */
  #cancelTarget(cancel: SipRequest): InviteServerTransaction | undefined {
    const target = this.#servers.get(serverKey(cancel, 'INVITE'));
    return target?.kind === 'invite-server' ? target : undefined;
  }

  /**
   * A request the layer found malformed gets a 400 through a server transaction, so its
   * retransmissions are absorbed, when the top Via allows a key; statelessly otherwise. An ACK
   * gets no response (RFC 3261 17.1.1.3) and is dropped.
   */
  #reject(request: SipRequest, inbound: InboundMessage, problem: string): void {
    this.#logger.info({ problem, method: request.method }, 'rejecting a malformed SIP request');
    if (request.method === 'ACK') return;
    const response = createBadRequest(request, problem);
    let key: string | undefined;
    try {
      key = serverKey(request);
    } catch {
      key = undefined;
    }
    const existing = key === undefined ? undefined : this.#servers.get(key);
    if (existing !== undefined) {
      existing.receiveRequest(request);
    } else if (key !== undefined && this.#live() < this.maxTransactions) {
      this.#startServer(request, inbound, key).respond(response);
    } else {
      this.#transport.send(response, inbound.source).catch((error: unknown) => {
        this.#logger.warn({ err: error }, 'could not send a stateless 400');
      });
    }
  }

  #startServer(request: SipRequest, inbound: InboundMessage, key: string): ServerTransaction {
    const transaction =
      request.method === 'INVITE'
        ? new InviteServerTransaction(this.#ctx, key, request, inbound)
        : new NonInviteServerTransaction(this.#ctx, key, request, inbound);
    this.#servers.add(transaction);
    // A new call waiting for its answer; a re-INVITE (hold, resume) in a dialog is not one.
    if (transaction.kind === 'invite-server' && request.toTag === undefined)
      this.#pendingInvites.add(transaction);
    transaction.start();
    return transaction;
  }

  /** The TU threw before answering: a 500 lets the transaction run its course instead of leaking. */
  #answerForFailedUser(transaction: ServerTransaction): void {
    const last = transaction.lastResponse;
    if ((last !== undefined && last.status >= 200) || !transaction.canRespond(500)) return;
    try {
      transaction.respond(createResponse(transaction.request, 500, undefined, { toTag: newTag() }));
    } catch (error) {
      this.#logger.error({ err: error }, 'could not answer 500 for a failed transaction user');
    }
  }

  #forget(transaction: Transaction): void {
    if (transaction.kind === 'invite-client' || transaction.kind === 'non-invite-client') {
      if (this.#clients.get(transaction.id) === transaction) this.#clients.delete(transaction.id);
    } else {
      this.#servers.remove(transaction);
      if (transaction.kind === 'invite-server') this.#pendingInvites.delete(transaction);
    }
  }

  #reportUserError(error: unknown, callback: string): void {
    try {
      if (this.#onUserError !== undefined) this.#onUserError(error, callback);
      else this.#logger.error({ err: error, callback }, 'SIP transaction user callback threw');
    } catch {
      // The error reporter failing must not break the layer either.
    }
  }

  #live(): number {
    return this.#clients.size + this.#servers.size;
  }

  #assertOpen(): void {
    if (this.#closed) throw new HotlineError('unavailable', 'The SIP transaction layer is closed.');
  }
}
