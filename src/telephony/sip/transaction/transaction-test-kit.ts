// Test doubles for the transaction layer: an in-memory SipTransport that records what is sent, a recording TU, and message builders.
import assert from 'node:assert/strict';
import { FakeClock } from '../../../platform/index.ts';
import {
  type SipMessage,
  SipRequest,
  type SipResponse,
  createResponse,
  parseMessage,
  parseUri,
} from '../message/index.ts';
import {
  type InboundMessage,
  type Peer,
  type SipTransport,
  type TransportProtocol,
  TransportError,
} from '../transport/index.ts';
import type { InviteServerTransaction } from './invite-server-transaction.ts';
import type { NonInviteServerTransaction } from './non-invite-server-transaction.ts';
import { TransactionLayer, type TransactionLayerOptions } from './transaction-layer.ts';
import type {
  ClientTransaction,
  ClientTransactionUser,
  ServerTransaction,
  TransactionUser,
} from './transaction-user.ts';

export interface SentMessage {
  readonly message: SipMessage;
  readonly destination: Peer;
  /** Milliseconds since the kit's clock started. */
  readonly at: number;
}

/** Records every send; `fail` makes sends reject with a TransportError. */
export class FakeSipTransport implements SipTransport {
  readonly sent: SentMessage[] = [];
  fail: ((message: SipMessage) => boolean) | undefined;
  readonly #clock: FakeClock;
  readonly #start: number;

  constructor(clock: FakeClock) {
    this.#clock = clock;
    this.#start = clock.now();
  }

  send(message: SipMessage, destination: Peer): Promise<void> {
    if (this.fail?.(message) === true) {
      return Promise.reject(new TransportError('unreachable', destination));
    }
    this.sent.push({ message, destination, at: this.#clock.now() - this.#start });
    return Promise.resolve();
  }

  sentBy(_protocol: TransportProtocol): { host: string; port: number } {
    return { host: '198.51.100.1', port: 5060 };
  }

  /** When each message matching `filter` was sent, in ms since the start. */
  times(filter: (message: SipMessage) => boolean = () => true): number[] {
    return this.sent.filter((s) => filter(s.message)).map((s) => s.at);
  }

  requests(method?: string): SipRequest[] {
    const out: SipRequest[] = [];
    for (const { message } of this.sent) {
      if (message.kind === 'request' && (method === undefined || message.method === method)) {
        out.push(message);
      }
    }
    return out;
  }

  responses(status?: number): SipResponse[] {
    const out: SipResponse[] = [];
    for (const { message } of this.sent) {
      if (message.kind === 'response' && (status === undefined || message.status === status)) {
        out.push(message);
      }
    }
    return out;
  }
}

export type UserEvent =
  | { type: 'request'; request: SipRequest; transaction: ServerTransaction }
  | {
      type: 'cancel';
      cancel: SipRequest;
      transaction: NonInviteServerTransaction;
      target: InviteServerTransaction | undefined;
    }
  | { type: 'ack'; ack: SipRequest; transaction: InviteServerTransaction | undefined }
  | { type: 'stray'; response: SipResponse }
  | { type: 'overload'; request: SipRequest }
  | { type: 'server-timeout'; transaction: InviteServerTransaction }
  | { type: 'server-transport-error'; transaction: ServerTransaction }
  | { type: 'server-terminated'; transaction: ServerTransaction };

/** A TU that records everything; `answer` may respond from inside onRequest. */
export class RecordingUser implements TransactionUser {
  readonly events: UserEvent[] = [];
  answer: ((request: SipRequest, transaction: ServerTransaction) => void) | undefined;

  onRequest(request: SipRequest, transaction: ServerTransaction): void {
    this.events.push({ type: 'request', request, transaction });
    this.answer?.(request, transaction);
  }
  onCancel(
    cancel: SipRequest,
    transaction: NonInviteServerTransaction,
    target: InviteServerTransaction | undefined,
  ): void {
    this.events.push({ type: 'cancel', cancel, transaction, target });
  }
  onAck(ack: SipRequest, _inbound: InboundMessage, transaction?: InviteServerTransaction): void {
    this.events.push({ type: 'ack', ack, transaction });
  }
  onStrayResponse(response: SipResponse): void {
    this.events.push({ type: 'stray', response });
  }
  onOverload(request: SipRequest): void {
    this.events.push({ type: 'overload', request });
  }
  onServerTimeout(transaction: InviteServerTransaction): void {
    this.events.push({ type: 'server-timeout', transaction });
  }
  onServerTransportError(_error: TransportError, transaction: ServerTransaction): void {
    this.events.push({ type: 'server-transport-error', transaction });
  }
  onServerTerminated(transaction: ServerTransaction): void {
    this.events.push({ type: 'server-terminated', transaction });
  }

  of<T extends UserEvent['type']>(type: T): Extract<UserEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<UserEvent, { type: T }> => e.type === type);
  }
}

export type ClientEvent =
  | { type: 'response'; status: number; response: SipResponse; at: number }
  | { type: 'timeout'; at: number }
  | { type: 'transport-error'; at: number }
  | { type: 'terminated'; at: number };

/** A client TU that records what it hears, with times relative to `clock`'s start. */
export function recordingClient(
  clock: FakeClock,
): ClientTransactionUser & { events: ClientEvent[] } {
  const start = clock.now();
  const events: ClientEvent[] = [];
  const at = (): number => clock.now() - start;
  return {
    events,
    onResponse(response: SipResponse) {
      events.push({ type: 'response', status: response.status, response, at: at() });
    },
    onTimeout() {
      events.push({ type: 'timeout', at: at() });
    },
    onTransportError() {
      events.push({ type: 'transport-error', at: at() });
    },
    onTerminated(_transaction: ClientTransaction) {
      events.push({ type: 'terminated', at: at() });
    },
  };
}

export interface Kit {
  clock: FakeClock;
  transport: FakeSipTransport;
  user: RecordingUser;
  layer: TransactionLayer;
  /** Delivers a message as if the transport had received it from `peer`. */
  deliver(message: SipMessage, peer?: Peer): void;
}

export const PEER_UDP: Peer = { protocol: 'udp', address: '192.0.2.10', port: 5060 };
export const PEER_TCP: Peer = {
  protocol: 'tcp',
  address: '192.0.2.10',
  port: 5060,
  connectionId: 'c1',
};

export function kit(options: Partial<TransactionLayerOptions> = {}): Kit {
  const clock = new FakeClock(0);
  const transport = new FakeSipTransport(clock);
  const user = new RecordingUser();
  const layer = new TransactionLayer({ transport, clock, user, ...options });
  return {
    clock,
    transport,
    user,
    layer,
    deliver(message, peer = PEER_UDP) {
      layer.receive({
        message,
        source: peer,
        local: { address: '198.51.100.1', port: 5060 },
        receivedAt: clock.now(),
      });
    },
  };
}

export interface RequestSpec {
  method?: string;
  uri?: string;
  /** Omit for no branch parameter; null for no Via at all. */
  branch?: string | null;
  sentBy?: string;
  transport?: string;
  callId?: string;
  cseq?: number;
  cseqMethod?: string;
  fromTag?: string;
  toTag?: string;
  headers?: string[];
}

/** A request as it would come off the wire (through parseMessage). */
export function request(spec: RequestSpec = {}): SipRequest {
  const method = spec.method ?? 'INVITE';
  const lines = [`${method} ${spec.uri ?? 'sip:bob@example.com'} SIP/2.0`];
  if (spec.branch !== null) {
    const branch = spec.branch === undefined ? '' : `;branch=${spec.branch}`;
    lines.push(
      `Via: SIP/2.0/${spec.transport ?? 'UDP'} ${spec.sentBy ?? '192.0.2.10:5060'}${branch}`,
    );
  }
  lines.push(
    'Max-Forwards: 70',
    `From: <sip:alice@example.com>;tag=${spec.fromTag ?? 'a1'}`,
    `To: <sip:bob@example.com>${spec.toTag === undefined ? '' : `;tag=${spec.toTag}`}`,
    `Call-ID: ${spec.callId ?? 'call-1@example.com'}`,
    `CSeq: ${spec.cseq ?? 1} ${spec.cseqMethod ?? method}`,
    ...(spec.headers ?? []),
  );
  const text = lines.join('\r\n') + '\r\nContent-Length: 0\r\n\r\n';
  const parsed = parseMessage(text, { requireMaxForwards: false });
  if (!parsed.ok) throw new Error(`test request does not parse: ${parsed.error.reason}`);
  if (parsed.message.kind !== 'request') throw new Error('not a request');
  return parsed.message;
}

/** A response to `req` as the far end would send it. */
export function responseTo(req: SipRequest, status: number, toTag = 'b1'): SipResponse {
  return createResponse(req, status, undefined, status === 100 ? {} : { toTag });
}

/** Lets rejected sends reach their handlers. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A request the TU would hand to sendRequest: no Via yet, a Route set. */
export function outgoing(method = 'INVITE', headers: [string, string][] = []): SipRequest {
  return new SipRequest({
    method,
    uri: parseUri('sip:bob@example.com'),
    headers: [
      ['Route', '<sip:proxy1.example.com;lr>'],
      ['Route', '<sip:proxy2.example.com;lr>'],
      ['Max-Forwards', '70'],
      ['From', '<sip:alice@example.com>;tag=a1'],
      ['To', '<sip:bob@example.com>'],
      ['Call-ID', 'out-1@example.com'],
      ['CSeq', `7 ${method}`],
      ...headers,
    ],
  });
}

/** Every transaction has ended and left the layer, and no timer is pending. */
export function assertGone(k: Kit): void {
  assert.deepEqual(k.layer.size, { client: 0, server: 0 });
  assert.equal(k.clock.pendingTimers, 0);
}

/** Answers every request and CANCEL the TU heard, then lets every timer run out. */
export function finishAll(k: Kit): void {
  for (const { transaction } of k.user.of('request')) {
    if (transaction.canRespond(500)) transaction.respond(responseTo(transaction.request, 500, 'x'));
  }
  for (const { transaction } of k.user.of('cancel')) {
    if (transaction.canRespond(200)) transaction.respond(responseTo(transaction.request, 200, 'x'));
  }
  k.clock.advance(64_000);
}
