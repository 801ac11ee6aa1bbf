// SIP over TCP (RFC 3261 §18.3): messages framed by Content-Length, one
// connection reused in both directions, CRLF keep-alives answered
// (RFC 5626 §3.5.1), idle and abusive connections closed.
import { createConnection, createServer, isIPv6, type Server, type Socket } from 'node:net';
import type { Scheduler, TimerHandle } from '../../../platform/index.ts';
import { SipStreamFramer } from '../message/index.ts';
import { TransportError, type Peer } from './transport-types.ts';

export interface StreamSink {
  /** One whole message, cut out of the stream. */
  message(data: Buffer, source: Peer, local: { address: string; port: number }): void;
  /** The stream could not be framed; the connection is being closed. */
  broken(reason: string, source: Peer): void;
}

export interface TcpOptions {
  scheduler: Scheduler;
  now: () => number;
  maxMessageSize: number;
  /** Connections without traffic for this long are closed. */
  idleMs: number;
  /** Most connections from one address. */
  maxPerAddress: number;
  /** Most connections in all. */
  maxConnections: number;
  connectTimeoutMs: number;
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

export class TcpTransport {
  readonly #sink: StreamSink;
  readonly #options: TcpOptions;
  readonly #servers: Server[] = [];
  readonly #byId = new Map<string, Connection>();
  readonly #byRemote = new Map<string, Connection>();
  #nextId = 1;
  #sweeper: TimerHandle | undefined;

  constructor(sink: StreamSink, options: TcpOptions) {
    this.#sink = sink;
    this.#options = options;
  }

  get connectionCount(): number {
    return this.#byId.size;
  }

  async listen(host: string, port: number): Promise<number> {
    const server = createServer({ noDelay: true }, (socket) => this.#accept(socket));
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
              new TransportError(`TCP write failed: ${error.message}`, destination, {
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
    const socket = createConnection({
      host: destination.address,
      port: destination.port,
      noDelay: true,
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TransportError('TCP connect timed out', destination));
      }, this.#options.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        connection.local = { address: socket.localAddress ?? '', port: socket.localPort ?? 0 };
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(
          new TransportError(`TCP connect failed: ${error.message}`, destination, { cause: error }),
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
      id: `tcp-${this.#nextId++}`,
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
      protocol: 'tcp',
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
