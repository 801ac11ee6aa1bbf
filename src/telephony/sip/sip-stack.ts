// One SIP stack: transports, the transaction layer and the user-agent core
// that dispatches requests by method (registrar, OPTIONS, and the handlers
// the layers above plug in for calls).
import {
  TypedEmitter,
  silentLogger,
  type Clock,
  type Logger,
  type Scheduler,
} from '../../platform/index.ts';
import { DigestVerifier, type DigestAlgorithm, type Ha1Lookup } from './auth/index.ts';
import {
  createErrorResponse,
  createResponse,
  type SipRequest,
  type SipResponse,
} from './message/index.ts';
import {
  TransactionLayer,
  newTag,
  type InviteServerTransaction,
  type NonInviteServerTransaction,
  type ServerTransaction,
  type TransactionUser,
} from './transaction/index.ts';
import {
  SipTransportLayer,
  type BoundAddress,
  type InboundMessage,
  type ListenAddress,
  type RateLimit,
  type TlsCredentials,
} from './transport/index.ts';
import { LocationService } from './ua/location-service.ts';
import {
  OverloadGuard,
  type OverloadGuardOptions,
  type OverloadReason,
} from './ua/overload-guard.ts';
import { Registrar, type RegistrarPolicy } from './ua/registrar.ts';

/** Handles one method's new requests; answers through the server transaction. */
export type RequestHandler = (
  request: SipRequest,
  transaction: ServerTransaction,
  inbound: InboundMessage,
) => void | Promise<void>;

export interface SipStackOptions {
  clock: Clock & Scheduler;
  logger?: Logger;
  listen: ListenAddress[];
  /** Our certificate and key, for a TLS listener. */
  tls?: TlsCredentials;
  advertisedHost?: string;
  rateLimit?: RateLimit;
  rateLimitExempt?: string[];
  registrar: RegistrarPolicy;
  /** Stored HA1s of extensions. */
  lookupHa1: Ha1Lookup;
  /** HMAC keys for digest nonces, newest first. */
  nonceSecrets: string[];
  /** Digest algorithms offered, one challenge each, in order (RFC 8760). */
  digestAlgorithms?: DigestAlgorithm[];
  /** Sent as User-Agent/Server; none by default, so responses give nothing away. */
  productToken?: string;
  /** When new calls are refused with 503 (pending INVITEs, the media's admission) and Retry-After. */
  overload?: OverloadGuardOptions;
}

export interface SipStackEvents {
  /** A request or response that could not be parsed. */
  malformed: { source: string; reason: string };
  authFailed: { aor: string; source: string; reason: string };
  /** A request refused with 503 for overload (RFC 3261 §21.5.4). */
  overload: { method: string; source: string; reason: OverloadReason };
}

const ALLOW = [
  'INVITE',
  'ACK',
  'CANCEL',
  'BYE',
  'OPTIONS',
  'REGISTER',
  'INFO',
  'REFER',
  'UPDATE',
  'NOTIFY',
];

export class SipStack extends TypedEmitter<SipStackEvents> {
  readonly transport: SipTransportLayer;
  readonly transactions: TransactionLayer;
  readonly location: LocationService;
  readonly verifier: DigestVerifier;
  readonly registrar: Registrar;
  readonly overload: OverloadGuard;
  readonly #logger: Logger;
  readonly #options: SipStackOptions;
  readonly #handlers = new Map<string, RequestHandler>();
  #cancelHandler: ((cancel: SipRequest, target: InviteServerTransaction) => void) | undefined;
  #ackHandler: ((ack: SipRequest, inbound: InboundMessage) => void) | undefined;

  constructor(options: SipStackOptions) {
    super();
    this.#options = options;
    this.#logger = options.logger ?? silentLogger();
    this.overload = new OverloadGuard(options.overload);
    this.transport = new SipTransportLayer({
      listen: options.listen,
      clock: options.clock,
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.advertisedHost ? { advertisedHost: options.advertisedHost } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      ...(options.rateLimitExempt ? { rateLimitExempt: options.rateLimitExempt } : {}),
    });
    this.transactions = new TransactionLayer({
      transport: this.transport,
      clock: options.clock,
      user: this.#transactionUser(),
      logger: this.#logger,
    });
    this.location = new LocationService(options.clock);
    this.verifier = new DigestVerifier({
      clock: options.clock,
      secrets: options.nonceSecrets,
      lookupHa1: options.lookupHa1,
      ...(options.digestAlgorithms ? { algorithms: options.digestAlgorithms } : {}),
    });
    this.registrar = new Registrar({
      verifier: this.verifier,
      location: this.location,
      clock: options.clock,
      policy: options.registrar,
      events: { authFailed: (detail) => this.emit('authFailed', detail) },
    });
    this.#handlers.set('REGISTER', (request, transaction, inbound) =>
      this.registrar.handle(request, transaction, inbound),
    );
    this.#handlers.set('OPTIONS', (request, transaction) =>
      transaction.respond(this.#optionsResponse(request)),
    );

    this.transport.on('message', (inbound) => this.transactions.receive(inbound));
    this.transport.on('malformed', ({ error, source }) => {
      this.emit('malformed', { source: source.address, reason: error.reason });
      // RFC 3261 §21.4.1: a request we cannot parse gets 400 when there is enough to answer it.
      const response = error.partial
        ? createErrorResponse(error.partial, error.status, error.reason)
        : undefined;
      if (response) void this.transport.send(response, source).catch(() => undefined);
    });
  }

  /** Plugs in the handler of a method's new requests (INVITE, BYE, INFO, REFER, ...). */
  handle(method: string, handler: RequestHandler): void {
    this.#handlers.set(method.toUpperCase(), handler);
  }

  onCancel(handler: (cancel: SipRequest, target: InviteServerTransaction) => void): void {
    this.#cancelHandler = handler;
  }

  onAck(handler: (ack: SipRequest, inbound: InboundMessage) => void): void {
    this.#ackHandler = handler;
  }

  async start(): Promise<BoundAddress[]> {
    return this.transport.start();
  }

  async stop(): Promise<void> {
    this.transactions.close();
    this.location.close();
    await this.transport.stop();
  }

  /** A response to `request` carrying our product token when one is configured. */
  respond(request: SipRequest, status: number, reason?: string): SipResponse {
    const response = createResponse(
      request,
      status,
      reason,
      status === 100 ? {} : { toTag: request.toTag ?? newTag() },
    );
    if (this.#options.productToken) response.set('Server', this.#options.productToken);
    return response;
  }

  /**
   * Counts a request refused for overload (the 'overload' event) and returns the seconds for the
   * Retry-After of its 503. The reason stays out of the response: it is nobody's business outside.
   */
  refuseForOverload(detail: { method: string; source: string; reason: OverloadReason }): number {
    this.emit('overload', detail);
    return this.overload.retryAfter();
  }

  #overloadResponse(request: SipRequest, source: string, reason: OverloadReason): SipResponse {
    const seconds = this.refuseForOverload({ method: request.method, source, reason });
    const response = this.respond(request, 503);
    response.set('Retry-After', String(seconds));
    return response;
  }

  /**
   * New calls refused before any work is done for them: an INVITE outside a dialog beyond the
   * pending-INVITE limit or while the media takes no call, and OPTIONS then (a carrier's keep-alive
   * marks us down and routes elsewhere). In-dialog requests (BYE, re-INVITE) always pass.
   */
  #refusedForOverload(
    request: SipRequest,
    transaction: ServerTransaction,
    source: string,
  ): boolean {
    if (request.toTag !== undefined) return false;
    // The pending count holds this INVITE already; for OPTIONS: were an INVITE to come now.
    const pending = this.transactions.pendingInvites;
    const reason =
      request.method === 'INVITE'
        ? this.overload.inviteRefusal(pending)
        : request.method === 'OPTIONS'
          ? this.overload.inviteRefusal(pending + 1)
          : undefined;
    if (reason === undefined) return false;
    transaction.respond(this.#overloadResponse(request, source, reason));
    return true;
  }

  #optionsResponse(request: SipRequest): SipResponse {
    const response = this.respond(request, 200);
    response.set('Allow', ALLOW.join(', '));
    response.set('Accept', 'application/sdp');
    response.set('Supported', 'timer');
    return response;
  }

  #transactionUser(): TransactionUser {
    return {
      onRequest: (request, transaction, inbound) => {
        if (this.#refusedForOverload(request, transaction, inbound.source.address)) return;
        const handler = this.#handlers.get(request.method);
        if (!handler) {
          const known = ALLOW.includes(request.method);
          const response = this.respond(request, known ? 501 : 405);
          if (!known) response.set('Allow', [...this.#handlers.keys(), 'ACK', 'CANCEL'].join(', '));
          transaction.respond(response);
          return;
        }
        const answerError = (error: unknown) => {
          this.#logger.error({ err: error, method: request.method }, 'SIP request handler failed');
          if (!hasFinalResponse(transaction)) transaction.respond(this.respond(request, 500));
        };
        try {
          const result = handler(request, transaction, inbound);
          if (result instanceof Promise) result.catch(answerError);
        } catch (error) {
          answerError(error);
        }
      },
      onCancel: (cancel, transaction, target) => {
        transaction.respond(this.respond(cancel, target ? 200 : 481));
        if (target) this.#cancelHandler?.(cancel, target);
      },
      onAck: (ack, inbound) => this.#ackHandler?.(ack, inbound),
      onStrayResponse: () => undefined,
      onOverload: (request, inbound) => {
        const response = this.#overloadResponse(request, inbound.source.address, 'transactions');
        void this.transactions.sendStateless(response, inbound.source).catch(() => undefined);
      },
    };
  }
}

function hasFinalResponse(transaction: ServerTransaction): boolean {
  const last = (transaction as NonInviteServerTransaction).lastResponse;
  return last !== undefined && last.status >= 200;
}
