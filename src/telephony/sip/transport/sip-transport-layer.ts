// The transport layer (RFC 3261 §18): owns the UDP, TCP, TLS and WebSocket
// listeners, parses what arrives, stamps received/rport on requests, checks
// the sent-by of responses, rate-limits sources, and sends messages out.
import { networkInterfaces } from 'node:os';
import { type Clock, type Scheduler, TypedEmitter } from '../../../platform/index.ts';
import {
  parseMessage,
  serializeMessage,
  type ParseError,
  type ParseOptions,
  type SipMessage,
} from '../message/index.ts';
import { SourceRateLimiter, type RateLimit } from './rate-limiter.ts';
import type { StreamOptions, StreamSink } from './stream-transport.ts';
import { TcpTransport } from './tcp-transport.ts';
import { TlsTransport, type TlsCredentials } from './tls-transport.ts';
import {
  TransportError,
  type InboundMessage,
  type Peer,
  type SipTransport,
  type TransportProtocol,
} from './transport-types.ts';
import { UdpTransport } from './udp-transport.ts';
import { stampTopVia } from './via-stamp.ts';
import { WsTransport } from './ws-transport.ts';

export interface ListenAddress {
  protocol: 'udp' | 'tcp' | 'tls' | 'ws';
  host: string;
  port: number;
}

export interface TransportLayerOptions {
  listen: ListenAddress[];
  /** Host put in Via sent-by and Contact; by default the first listening address that is not a wildcard. */
  advertisedHost?: string;
  clock: Clock & Scheduler;
  /** Largest message accepted, octets. */
  maxMessageSize?: number;
  rateLimit?: RateLimit;
  /** Addresses never rate-limited (trunk peers, load balancers). */
  rateLimitExempt?: string[];
  tcpIdleMs?: number;
  maxConnections?: number;
  maxConnectionsPerAddress?: number;
  /** Our certificate and key: needed to listen on TLS, not to connect out over it. */
  tls?: TlsCredentials;
  parseOptions?: Omit<ParseOptions, 'transport' | 'maxMessageSize'>;
}

export interface TransportLayerEvents {
  message: InboundMessage;
  /** A message that did not parse; requests among them deserve a stateless 400 (or 505/513). */
  malformed: { error: ParseError; source: Peer; local: { address: string; port: number } };
  /** Something arrived and was thrown away without answer: why, for metrics and logs. */
  dropped: {
    reason: 'rate-limit' | 'sent-by-mismatch' | 'keep-alive' | 'broken-stream';
    source: Peer;
  };
}

export interface BoundAddress {
  protocol: TransportProtocol;
  host: string;
  port: number;
}

export class SipTransportLayer extends TypedEmitter<TransportLayerEvents> implements SipTransport {
  readonly #options: TransportLayerOptions;
  readonly #udp: UdpTransport;
  readonly #tcp: TcpTransport;
  readonly #tls: TlsTransport;
  readonly #ws: WsTransport;
  readonly #limiter: SourceRateLimiter;
  readonly #maxMessageSize: number;
  #bound: BoundAddress[] = [];
  #advertised: string | undefined;
  #wildcard = false;
  #ourHosts = new Set<string>();

  constructor(options: TransportLayerOptions) {
    super();
    this.#options = options;
    this.#maxMessageSize = options.maxMessageSize ?? 65535;
    this.#limiter = new SourceRateLimiter(
      options.clock,
      options.rateLimit ?? { perSecond: 500, burst: 1000 },
      options.rateLimitExempt ?? [],
    );
    const datagram = (data: Buffer, source: Peer, local: { address: string; port: number }) =>
      this.receive(data, source, local, 'datagram');
    this.#udp = new UdpTransport(datagram);
    const stream: StreamSink = {
      message: (data, source, local) => this.receive(data, source, local, 'stream'),
      broken: (_reason, source) => this.emit('dropped', { reason: 'broken-stream', source }),
    };
    // TCP and TLS each count their own connections against these limits.
    const streamOptions: StreamOptions = {
      scheduler: options.clock,
      now: () => options.clock.now(),
      maxMessageSize: this.#maxMessageSize,
      idleMs: options.tcpIdleMs ?? 600_000,
      maxConnections: options.maxConnections ?? 10_000,
      maxPerAddress: options.maxConnectionsPerAddress ?? 100,
      connectTimeoutMs: 5_000,
    };
    this.#tcp = new TcpTransport(stream, streamOptions);
    this.#tls = new TlsTransport(stream, {
      ...streamOptions,
      ...(options.tls ? { credentials: options.tls } : {}),
    });
    // RFC 7118 §5: each WebSocket message is one whole SIP message; Content-Length may be absent.
    this.#ws = new WsTransport(
      { message: datagram },
      {
        maxMessageSize: this.#maxMessageSize,
        maxConnections: options.maxConnections ?? 10_000,
        maxPerAddress: options.maxConnectionsPerAddress ?? 100,
      },
    );
  }

  /** Opens every listener; returns the addresses actually bound (ports filled in when 0 was asked). */
  async start(): Promise<BoundAddress[]> {
    // The port UDP got for 0 may be another process's TCP port: then every listener picks again.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#listenAll();
        break;
      } catch (error) {
        await this.stop();
        if (!(error instanceof SharedPortTaken)) throw error;
        if (attempt === 5) throw error.cause;
      }
    }
    this.#learnHosts();
    return [...this.#bound];
  }

  async #listenAll(): Promise<void> {
    for (const spec of this.#options.listen) {
      const transport = this.#listener(spec.protocol);
      // UDP and TCP on port 0 share the port UDP got, as SIP on one port conventionally does.
      const samePort =
        spec.port === 0 && spec.protocol === 'tcp'
          ? this.#bound.find((b) => b.protocol === 'udp' && b.host === spec.host)?.port
          : undefined;
      let port: number;
      try {
        port = await transport.listen(spec.host, samePort ?? spec.port);
      } catch (error) {
        if (samePort !== undefined && (error as NodeJS.ErrnoException).code === 'EADDRINUSE')
          throw new SharedPortTaken(error);
        throw error;
      }
      this.#bound.push({ protocol: spec.protocol, host: spec.host, port });
    }
  }

  get bound(): readonly BoundAddress[] {
    return this.#bound;
  }

  async stop(): Promise<void> {
    await Promise.all([this.#udp.close(), this.#tcp.close(), this.#tls.close(), this.#ws.close()]);
    this.#bound = [];
  }

  async send(message: SipMessage, destination: Peer): Promise<void> {
    const data = serializeMessage(message);
    switch (destination.protocol) {
      case 'udp':
        // RFC 3261 §18.1.1: a request over 1300 octets should go over a congestion-controlled transport;
        // we leave that choice to the caller, which knows whether the peer speaks TCP.
        return this.#udp.send(data, destination);
      case 'tcp':
        return this.#tcp.send(data, destination);
      case 'tls':
        return this.#tls.send(data, destination);
      case 'ws':
      case 'wss':
        return this.#ws.send(data, destination);
      default:
        throw new TransportError(
          `transport ${String(destination.protocol)} is not enabled`,
          destination,
        );
    }
  }

  sentBy(protocol: TransportProtocol): { host: string; port: number } {
    const bound =
      this.#bound.find((b) => b.protocol === protocol) ??
      this.#bound.find((b) => b.protocol === 'udp') ??
      this.#bound[0];
    const host = this.#advertisedHost();
    // RFC 3261 §25.1: an IPv6 address in sent-by is written as an IPv6reference, in brackets.
    return { host: host.includes(':') ? `[${host}]` : host, port: bound?.port ?? 5060 };
  }

  /**
   * The entry point for every message that arrives: parse, check, stamp,
   * deliver. Public so fuzz tests can drive it without sockets. Never throws.
   */
  receive(
    data: Buffer,
    source: Peer,
    local: { address: string; port: number },
    framing: 'datagram' | 'stream',
  ): void {
    if (!this.#limiter.allow(source.address)) {
      this.emit('dropped', { reason: 'rate-limit', source });
      return;
    }
    let result;
    try {
      result = parseMessage(data, {
        ...this.#options.parseOptions,
        transport: framing,
        maxMessageSize: this.#maxMessageSize,
      });
    } catch {
      return; // the parser promises not to throw; if it ever does, the datagram is dropped, not the process
    }
    if (!result.ok) {
      if (result.error.code === 'empty') this.emit('dropped', { reason: 'keep-alive', source });
      else this.emit('malformed', { error: result.error, source, local });
      return;
    }
    const message = result.message;
    if (message.kind === 'request') {
      stampTopVia(message, source);
    } else if (!this.#isOurs(message)) {
      // RFC 3261 §18.1.2: a response whose top Via is not ours is discarded.
      this.emit('dropped', { reason: 'sent-by-mismatch', source });
      return;
    }
    this.emit('message', { message, source, local, receivedAt: this.#options.clock.now() });
  }

  #listener(protocol: ListenAddress['protocol']): {
    listen(host: string, port: number): Promise<number>;
  } {
    switch (protocol) {
      case 'udp':
        return this.#udp;
      case 'tcp':
        return this.#tcp;
      case 'tls':
        if (!this.#options.tls) throw new Error('listening on TLS needs a certificate and key');
        return this.#tls;
      case 'ws':
        return this.#ws;
    }
  }

  #isOurs(response: SipMessage): boolean {
    const top = response.topVia;
    if (!top) return false;
    if (top.port !== undefined && !this.#bound.some((b) => b.port === top.port)) return false;
    if (this.#wildcard) return true;
    const host = (top.host.startsWith('[') ? top.host.slice(1, -1) : top.host).toLowerCase();
    return this.#ourHosts.has(host);
  }

  /** Works out, once per start, the host we advertise and the hosts that are ours. */
  #learnHosts(): void {
    this.#advertised = this.#findAdvertisedHost();
    this.#wildcard = this.#bound.some((b) => isWildcard(b.host));
    this.#ourHosts = new Set([
      this.#advertised.toLowerCase(),
      ...this.#bound.map((b) => b.host.toLowerCase()),
    ]);
  }

  #advertisedHost(): string {
    // sentBy() runs for every request we send: the interfaces are looked up once, at start.
    return (this.#advertised ??= this.#findAdvertisedHost());
  }

  #findAdvertisedHost(): string {
    if (this.#options.advertisedHost) return this.#options.advertisedHost;
    const concrete = this.#bound.find((b) => !isWildcard(b.host));
    if (concrete) return concrete.host;
    for (const addresses of Object.values(networkInterfaces())) {
      const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
      if (found) return found.address;
    }
    return '127.0.0.1';
  }
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** The TCP side of a port UDP picked for 0 was in use elsewhere. */
class SharedPortTaken extends Error {
  constructor(cause: unknown) {
    super('the port UDP got is taken for TCP', { cause });
  }
}
