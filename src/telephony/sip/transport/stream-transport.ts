// SIP over a byte stream, plain TCP or TLS (RFC 3261 §18.3, §26.2): messages framed by
// Content-Length, one connection reused in both directions, CRLF keep-alives answered
// (RFC 5626 §3.5.1), idle and abusive connections closed. How sockets are made is the
// only thing TCP and TLS do differently; it comes in as StreamSockets.
import { isIPv6, type Server, type Socket } from 'node:net';
import type { Scheduler, TimerHandle } from '../../../platform/index.ts';
import { SipStreamFramer } from '../message/index.ts';
import { TransportError, type Peer } from './transport-types.ts';

export interface StreamSink {
  /** One whole message, cut out of the stream. */
  message(data: Buffer, source: Peer, local: { address: string; port: number }): void;
  /** The stream could not be framed; the connection is being closed. */
  broken(reason: string, source: Peer): void;
}

export interface StreamOptions {
  scheduler: Scheduler;
  now: () => number;
  maxMessageSize: number;
  /** Connections without traffic for this long are closed. */
  idleMs: number;
  /** Most connections from one address. */
  maxPerAddress: number;
  /** Most connections in all. */
  maxConnections: number;
  /** How long a connection we open may take to become usable (TLS: handshake included). */
  connectTimeoutMs: number;
}

/** How one stream protocol makes its sockets. */
export interface StreamSockets {
  /** The protocol of the Peers reported, and the prefix of connection ids. */
  readonly protocol: 'tcp' | 'tls';
  /** The socket event after which a connection we open can carry SIP. */
  readonly established: 'connect' | 'secureConnect';
  /** A server that hands over each accepted connection once it can carry SIP (TLS: handshake done). */
  createServer(accept: (socket: Socket) => void): Server;
  /** Starts a connection to `destination`. */
  connect(destination: Peer): Socket;
  /** Asked once a connection we opened is established: why it must not be used, or undefined. */
  refuse?(socket: Socket, destination: Peer): string | undefined;
}

interface Connection {
  id: string;
  socket: Socket;
  framer: SipStreamFramer;
  remote: { address: string; port: number };
  local: { address: string; port: number };
  lastActivity: number;
  ready: Promise<void>;
}

export class StreamTransport {
  readonly #sink: StreamSink;
  readonly #options: StreamOptions;
  readonly #sockets: StreamSockets;
  /** For error messages: "TCP", "TLS". */
  readonly #label: string;
  readonly #servers: Server[] = [];
  readonly #byId = new Map<string, Connection>();
  readonly #byRemote = new Map<string, Connection>();
  #nextId = 1;
  #sweeper: TimerHandle | undefined;

  constructor(sink: StreamSink, options: StreamOptions, sockets: StreamSockets) {
    this.#sink = sink;
    this.#options = options;
    this.#sockets = sockets;
    this.#label = sockets.protocol.toUpperCase();
  }

  get connectionCount(): number {
    return this.#byId.size;
  }

  async listen(host: string, port: number): Promise<number> {
    const server = this.#sockets.createServer((socket) => this.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, ipv6Only: isIPv6(host) }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => undefined);
    this.#servers.push(server);
    this.#sweeper ??= this.#options.scheduler.every(Math.min(30_000, this.#options.idleMs), () =>
      this.#sweep(),
    );
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  async send(data: Buffer, destination: Peer): Promise<void> {
    let connection =
      (destination.connectionId !== undefined
        ? this.#byId.get(destination.connectionId)
        : undefined) ?? this.#byRemote.get(remoteKey(destination.address, destination.port));
    if (!connection || connection.socket.destroyed) connection = this.#connect(destination);
    await connection.ready;
    const socket = connection.socket;
    connection.lastActivity = this.#options.now();
    await new Promise<void>((resolve, reject) => {
      socket.write(data, (error) =>
        error
          ? reject(
              new TransportError(`${this.#label} write failed: ${error.message}`, destination, {
                cause: error,
              }),
            )
          : resolve(),
      );
    });
  }

  async close(): Promise<void> {
    this.#sweeper?.cancel();
    for (const connection of this.#byId.values()) connection.socket.destroy();
    await Promise.all(
      this.#servers
        .splice(0)
        .map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
  }

  #accept(socket: Socket): void {
    const address = socket.remoteAddress ?? '';
    const fromSameAddress = [...this.#byId.values()].filter(
      (c) => c.remote.address === address,
    ).length;
    if (
      this.#byId.size >= this.#options.maxConnections ||
      fromSameAddress >= this.#options.maxPerAddress
    ) {
      socket.destroy();
      return;
    }
    this.#track(socket, Promise.resolve());
  }

  #connect(destination: Peer): Connection {
    const socket = this.#sockets.connect(destination);
    const label = this.#label;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TransportError(`${label} connect timed out`, destination));
      }, this.#options.connectTimeoutMs);
      socket.once(this.#sockets.established, () => {
        clearTimeout(timer);
        const refused = this.#sockets.refuse?.(socket, destination);
        if (refused !== undefined) {
          socket.destroy();
          reject(new TransportError(`${label} connection refused: ${refused}`, destination));
          return;
        }
        connection.local = { address: socket.localAddress ?? '', port: socket.localPort ?? 0 };
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(
          new TransportError(`${label} connect failed: ${error.message}`, destination, {
            cause: error,
          }),
        );
      });
    });
    ready.catch(() => undefined); // the sender awaits it; this only keeps an unawaited rejection quiet
    const connection = this.#track(socket, ready, {
      address: destination.address,
      port: destination.port,
    });
    return connection;
  }

  #track(
    socket: Socket,
    ready: Promise<void>,
    remote?: { address: string; port: number },
  ): Connection {
    const connection: Connection = {
      id: `${this.#sockets.protocol}-${this.#nextId++}`,
      socket,
      framer: new SipStreamFramer({ maxMessageSize: this.#options.maxMessageSize }),
      remote: remote ?? { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 },
      local: { address: socket.localAddress ?? '', port: socket.localPort ?? 0 },
      lastActivity: this.#options.now(),
      ready,
    };
    this.#byId.set(connection.id, connection);
    this.#byRemote.set(remoteKey(connection.remote.address, connection.remote.port), connection);
    const source: Peer = {
      protocol: this.#sockets.protocol,
      address: connection.remote.address,
      port: connection.remote.port,
      connectionId: connection.id,
    };
    socket.on('data', (chunk: Buffer) => {
      connection.lastActivity = this.#options.now();
      for (const event of connection.framer.push(chunk)) {
        if (event.type === 'message') this.#sink.message(event.data, source, connection.local);
        else if (event.type === 'ping') socket.write('\r\n');
        else if (event.type === 'error') {
          this.#sink.broken(event.reason, source);
          socket.destroy();
          return;
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.#byId.delete(connection.id);
      const key = remoteKey(connection.remote.address, connection.remote.port);
      if (this.#byRemote.get(key) === connection) this.#byRemote.delete(key);
    });
    return connection;
  }

  #sweep(): void {
    const limit = this.#options.now() - this.#options.idleMs;
    for (const connection of this.#byId.values()) {
      if (connection.lastActivity < limit) connection.socket.destroy();
    }
  }
}

function remoteKey(address: string, port: number): string {
  return `${address.toLowerCase()}|${port}`;
}
