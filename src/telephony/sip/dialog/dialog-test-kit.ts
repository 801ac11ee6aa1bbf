// Test doubles for the dialog layer: a SipStack-like dispatcher, a lossy in-memory UDP pipe between two stacks, a recording transport, SDP bodies.
import assert from 'node:assert/strict';
import { FakeClock } from '../../../platform/index.ts';
import {
  type SipMessage,
  type SipRequest,
  type SipResponse,
  createResponse,
  parseMessage,
  serializeMessage,
} from '../message/index.ts';
import {
  type InviteServerTransaction,
  type ServerTransaction,
  TransactionLayer,
  type TransactionUser,
  newTag,
} from '../transaction/index.ts';
import type { InboundMessage, Peer, SipTransport, TransportProtocol } from '../transport/index.ts';
import { DialogLayer, type DialogLayerOptions, type DialogStack } from './dialog-layer.ts';
import type { OutboundInvite } from './outbound-invite.ts';
import type { UasInviteSession } from './uas-invite-session.ts';

type Handler = (
  request: SipRequest,
  transaction: ServerTransaction,
  inbound: InboundMessage,
) => void;

/**
 * Dispatches as SipStack does: one handler per method (405 without one), CANCEL answered 200 or
 * 481 before its handler hears of it, ACKs for 2xx to the ACK handler.
 */
export class TestStack implements DialogStack {
  readonly transactions: TransactionLayer;
  readonly transport: SipTransport;
  readonly #handlers = new Map<string, Handler>();
  #cancel: ((cancel: SipRequest, target: InviteServerTransaction) => void) | undefined;
  #ack: ((ack: SipRequest, inbound: InboundMessage) => void) | undefined;

  constructor(transport: SipTransport, clock: FakeClock) {
    this.transport = transport;
    const reply = (request: SipRequest, status: number) =>
      createResponse(request, status, undefined, { toTag: request.toTag ?? newTag() });
    const user: TransactionUser = {
      onRequest: (request, transaction, inbound) => {
        const handler = this.#handlers.get(request.method);
        if (handler === undefined) transaction.respond(reply(request, 405));
        else handler(request, transaction, inbound);
      },
      onCancel: (cancel, transaction, target) => {
        transaction.respond(reply(cancel, target === undefined ? 481 : 200));
        if (target !== undefined) this.#cancel?.(cancel, target);
      },
      onAck: (ack, inbound) => this.#ack?.(ack, inbound),
      onStrayResponse: () => undefined,
      onOverload: () => undefined,
    };
    this.transactions = new TransactionLayer({ transport, clock, user });
  }

  handle(method: string, handler: Handler): void {
    this.#handlers.set(method.toUpperCase(), handler);
  }

  onCancel(handler: (cancel: SipRequest, target: InviteServerTransaction) => void): void {
    this.#cancel = handler;
  }

  onAck(handler: (ack: SipRequest, inbound: InboundMessage) => void): void {
    this.#ack = handler;
  }
}

export const LATENCY = 10;

/** One end of a UDP pipe: what it sends reaches the far stack LATENCY ms later, as octets re-parsed. */
export class PipeEnd implements SipTransport {
  far: TransactionLayer | undefined;
  /** With more than two stacks: the far stack by destination address (instead of `far`). */
  route: ((destination: Peer) => TransactionLayer | undefined) | undefined;
  /** Decides, per message in send order, whether it is lost. */
  lose: (message: SipMessage) => boolean = () => false;
  readonly log: string[] = [];
  readonly sent: SipMessage[] = [];

  constructor(
    readonly clock: FakeClock,
    readonly self: Peer,
  ) {}

  send(message: SipMessage, destination: Peer): Promise<void> {
    const far = this.route?.(destination) ?? this.far;
    const label = message.kind === 'request' ? message.method : `${message.status}`;
    const lost = this.lose(message);
    this.log.push(`${label}${lost ? ' (lost)' : ''}`);
    this.sent.push(message);
    if (!lost) {
      const octets = serializeMessage(message);
      this.clock.after(LATENCY, () => {
        const parsed = parseMessage(octets);
        assert.ok(parsed.ok, 'every message on the pipe parses');
        far?.receive({
          message: parsed.message,
          source: this.self,
          local: { address: '0.0.0.0', port: 5060 },
          receivedAt: this.clock.now(),
        });
      });
    }
    return Promise.resolve();
  }

  sentBy(_protocol: TransportProtocol): { host: string; port: number } {
    return { host: this.self.address, port: this.self.port };
  }

  requests(method: string): SipRequest[] {
    return this.sent.filter((m): m is SipRequest => m.kind === 'request' && m.method === method);
  }
}

export interface Endpoint {
  readonly peer: Peer;
  readonly pipe: PipeEnd;
  readonly stack: TestStack;
  readonly layer: DialogLayer;
}

export interface Pair {
  readonly clock: FakeClock;
  /** Places calls in most tests (UAC). */
  readonly a: Endpoint;
  /** Takes them (UAS). */
  readonly b: Endpoint;
}

export function endpoint(
  clock: FakeClock,
  address: string,
  options: Partial<DialogLayerOptions>,
): Endpoint {
  const peer: Peer = { protocol: 'udp', address, port: 5060 };
  const pipe = new PipeEnd(clock, peer);
  const stack = new TestStack(pipe, clock);
  const layer = new DialogLayer({ stack, clock, random: () => 0.5, ...options });
  return { peer, pipe, stack, layer };
}

/** Two dialog layers on one fake clock, joined by a UDP pipe that loses what `lose` picks. */
export function pair(
  options: { a?: Partial<DialogLayerOptions>; b?: Partial<DialogLayerOptions> } = {},
): Pair {
  const clock = new FakeClock(0);
  const a = endpoint(clock, '192.0.2.1', options.a ?? {});
  const b = endpoint(clock, '192.0.2.2', options.b ?? {});
  a.pipe.far = b.stack.transactions;
  b.pipe.far = a.stack.transactions;
  return { clock, a, b };
}

/** Loses the n-th message (from 1) that `match` selects. */
export function loseNth(n: number, match: (m: SipMessage) => boolean): (m: SipMessage) => boolean {
  let seen = 0;
  return (m) => match(m) && ++seen === n;
}

export const isRequest =
  (method: string) =>
  (m: SipMessage): boolean =>
    m.kind === 'request' && m.method === method;

export const isResponse =
  (status: number, method?: string) =>
  (m: SipMessage): boolean =>
    m.kind === 'response' &&
    m.status === status &&
    (method === undefined || m.cseq.method === method);

/** A small audio SDP, as a softphone would send it. */
export function sdp(address: string, port: number, direction = 'sendrecv', version = 1): string {
  return [
    'v=0',
    `o=- 1000 ${version} IN IP4 ${address}`,
    's=-',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    `a=${direction}`,
    '',
  ].join('\r\n');
}

export const OFFER = sdp('192.0.2.1', 40000);
export const ANSWER = sdp('192.0.2.2', 50000);

/** Lets promise callbacks run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Lets every timer of every transaction run out, then checks that nothing is left anywhere. */
export function assertClean(p: Pair): void {
  p.clock.advance(300_000);
  for (const end of [p.a, p.b]) {
    assert.deepEqual(end.layer.size, { sessions: 0, dialogs: 0, pending: 0 });
    assert.deepEqual(end.stack.transactions.size, { client: 0, server: 0 });
  }
  assert.equal(p.clock.pendingTimers, 0);
}

/** A recording transport for one stack driven by hand-written messages. */
export class RecordingTransport implements SipTransport {
  readonly sent: { message: SipMessage; destination: Peer }[] = [];

  send(message: SipMessage, destination: Peer): Promise<void> {
    this.sent.push({ message, destination });
    return Promise.resolve();
  }

  sentBy(_protocol: TransportProtocol): { host: string; port: number } {
    return { host: '198.51.100.1', port: 5060 };
  }

  responses(status?: number): SipResponse[] {
    const out: SipResponse[] = [];
    for (const { message } of this.sent) {
      if (message.kind === 'response' && (status === undefined || message.status === status))
        out.push(message);
    }
    return out;
  }

  requests(method?: string): SipRequest[] {
    const out: SipRequest[] = [];
    for (const { message } of this.sent) {
      if (message.kind === 'request' && (method === undefined || message.method === method))
        out.push(message);
    }
    return out;
  }
}

export const PHONE: Peer = { protocol: 'udp', address: '203.0.113.5', port: 5062 };

/** One dialog layer whose peer is the test itself: `deliver` hands it wire text. */
export function single(options: Partial<DialogLayerOptions> = {}) {
  const clock = new FakeClock(0);
  const transport = new RecordingTransport();
  const stack = new TestStack(transport, clock);
  const layer = new DialogLayer({ stack, clock, random: () => 0.5, ...options });
  const deliver = (text: string, source: Peer = PHONE): void => {
    const parsed = parseMessage(text.replace(/\r?\n/g, '\r\n'));
    assert.ok(parsed.ok, `test message parses: ${parsed.ok ? '' : parsed.error.reason}`);
    stack.transactions.receive({
      message: parsed.message,
      source,
      local: { address: '198.51.100.1', port: 5060 },
      receivedAt: clock.now(),
    });
  };
  return { clock, transport, stack, layer, deliver };
}

/** A call from a to b, answered and confirmed; `prepare` sees the UAS session before it answers. */
export function established(
  p: Pair,
  prepare: (uas: UasInviteSession) => void = () => undefined,
  invite: Partial<OutboundInvite> = {},
) {
  let uas: UasInviteSession | undefined;
  p.b.layer.on('invite', (session) => {
    uas = session;
    prepare(session);
    session.answer(ANSWER);
  });
  const uac = p.a.layer.invite({
    target: 'sip:1001@192.0.2.2',
    from: 'sip:4008001000@192.0.2.1',
    localSdp: OFFER,
    destination: p.b.peer,
    ...invite,
  });
  p.clock.advance(100);
  assert.ok(uas !== undefined, 'the INVITE arrived');
  assert.equal(uac.state, 'confirmed');
  assert.equal(uas.state, 'confirmed');
  return { uac, uas };
}

/** Ends a confirmed call from a and lets it settle. */
export function hangUp(p: Pair, session: { hangup(): void }): void {
  session.hangup();
  p.clock.advance(1_000);
}

/** Wire text: a start line, headers, and a body with its Content-Length. */
export function wire(startLine: string, headers: readonly string[], body = ''): string {
  return [startLine, ...headers, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join(
    '\r\n',
  );
}

export interface PhoneRequest {
  readonly method?: string;
  readonly uri?: string;
  readonly branch?: string;
  readonly callId?: string;
  readonly fromTag?: string;
  readonly toTag?: string;
  readonly cseq?: number;
  readonly contact?: string | null;
  readonly headers?: readonly string[];
  readonly body?: string;
  readonly contentType?: string;
  readonly transport?: string;
}

let branches = 0;

/** A request as the phone at PHONE sends it (by default an INVITE with SDP to 4008001000). */
export function phoneRequest(spec: PhoneRequest = {}): string {
  const method = spec.method ?? 'INVITE';
  const body = spec.body ?? (method === 'INVITE' && spec.toTag === undefined ? OFFER : '');
  const headers = [
    `Via: SIP/2.0/${spec.transport ?? 'UDP'} 203.0.113.5:5062;branch=${spec.branch ?? `z9hG4bKphone${++branches}`};rport`,
    'Max-Forwards: 70',
    `From: "Alice" <sip:1001@hotline.example>;tag=${spec.fromTag ?? 'ph1'}`,
    `To: <sip:4008001000@hotline.example>${spec.toTag === undefined ? '' : `;tag=${spec.toTag}`}`,
    `Call-ID: ${spec.callId ?? 'call-1@203.0.113.5'}`,
    `CSeq: ${spec.cseq ?? 1} ${method}`,
  ];
  if (spec.contact !== null)
    headers.push(`Contact: ${spec.contact ?? '<sip:1001@192.168.1.20:5062>'}`);
  headers.push(...(spec.headers ?? []));
  if (body !== '') headers.push(`Content-Type: ${spec.contentType ?? 'application/sdp'}`);
  return wire(`${method} ${spec.uri ?? 'sip:4008001000@198.51.100.1'} SIP/2.0`, headers, body);
}

/** The phone's response to a request we sent, as wire text. */
export function phoneResponse(
  request: SipRequest,
  status: number,
  options: { toTag?: string; headers?: readonly string[]; body?: string; reason?: string } = {},
): string {
  const headers: string[] = [];
  for (const h of request.headers) {
    const key = h.name.toLowerCase();
    if (key === 'via' || key === 'from' || key === 'call-id' || key === 'cseq')
      headers.push(`${h.name}: ${h.value}`);
    if (key === 'to') {
      const tagged =
        options.toTag === undefined || request.toTag !== undefined
          ? h.value
          : `${h.value};tag=${options.toTag}`;
      headers.push(`To: ${tagged}`);
    }
  }
  headers.push(...(options.headers ?? []));
  const body = options.body ?? '';
  if (body !== '') headers.push('Content-Type: application/sdp');
  return wire(`SIP/2.0 ${status} ${options.reason ?? 'Reason'}`, headers, body);
}
