// SIP over WebSocket (RFC 7118): the "sip" subprotocol, one SIP message per
// WebSocket message, requests to a browser only over the connection it opened.
import { createServer, type Server } from 'node:http';
import { isIPv6 } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { TransportError, type Peer } from './transport-types.ts';

export interface WsSink {
  message(data: Buffer, source: Peer, local: { address: string; port: number }): void;
}

export interface WsOptions {
  maxMessageSize: number;
  maxConnections: number;
  maxPerAddress: number;
}

interface WsConnection {
  id: string;
  socket: WebSocket;
  remote: { address: string; port: number };
}

export class WsTransport {
  readonly #sink: WsSink;
  readonly #options: WsOptions;
  readonly #servers: { http: Server; wss: WebSocketServer }[] = [];
  readonly #connections = new Map<string, WsConnection>();
  #nextId = 1;

  constructor(sink: WsSink, options: WsOptions) {
    this.#sink = sink;
    this.#options = options;
  }

  async listen(host: string, port: number): Promise<number> {
    const http = createServer((_req, res) => {
      res
        .writeHead(426, { 'content-type': 'text/plain' })
        .end('SIP over WebSocket: upgrade with Sec-WebSocket-Protocol: sip\n');
    });
    const wss = new WebSocketServer({
      server: http,
      maxPayload: this.#options.maxMessageSize,
      // RFC 7118 §4.1: the client asks for the "sip" subprotocol; anything else is refused.
      handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
      verifyClient: ({ req }, done) => {
        const address = req.socket.remoteAddress ?? '';
        const same = [...this.#connections.values()].filter(
          (c) => c.remote.address === address,
        ).length;
        const allowed =
          this.#connections.size < this.#options.maxConnections &&
          same < this.#options.maxPerAddress;
        done(
          allowed &&
            (req.headers['sec-websocket-protocol'] ?? '')
              .split(',')
              .some((p) => p.trim() === 'sip'),
          400,
        );
      },
    });
    wss.on('connection', (socket, req) =>
      this.#accept(socket, req.socket.remoteAddress ?? '', req.socket.remotePort ?? 0, port),
    );
    wss.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen({ host, port, ipv6Only: isIPv6(host) }, () => {
        http.off('error', reject);
        resolve();
      });
    });
    this.#servers.push({ http, wss });
    const address = http.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  send(data: Buffer, destination: Peer): Promise<void> {
    const connection =
      destination.connectionId !== undefined
        ? this.#connections.get(destination.connectionId)
        : [...this.#connections.values()].find(
            (c) => c.remote.address === destination.address && c.remote.port === destination.port,
          );
    if (!connection || connection.socket.readyState !== connection.socket.OPEN) {
      // RFC 7118 §5: a server cannot open a WebSocket to a browser.
      return Promise.reject(new TransportError('the WebSocket connection is gone', destination));
    }
    return new Promise((resolve, reject) => {
      connection.socket.send(data.toString('utf8'), (error) =>
        error
          ? reject(
              new TransportError(`WebSocket send failed: ${error.message}`, destination, {
                cause: error,
              }),
            )
          : resolve(),
      );
    });
  }

  async close(): Promise<void> {
    for (const connection of this.#connections.values()) connection.socket.terminate();
    await Promise.all(
      this.#servers.splice(0).map(
        ({ http, wss }) =>
          new Promise<void>((resolve) => {
            wss.close();
            http.close(() => resolve());
          }),
      ),
    );
  }

  #accept(socket: WebSocket, address: string, port: number, localPort: number): void {
    const connection: WsConnection = {
      id: `ws-${this.#nextId++}`,
      socket,
      remote: { address, port },
    };
    this.#connections.set(connection.id, connection);
    const source: Peer = { protocol: 'ws', address, port, connectionId: connection.id };
    const local = { address: '', port: localPort };
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const buffer = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(new Uint8Array(data));
      this.#sink.message(buffer, source, local);
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', () => this.#connections.delete(connection.id));
  }
}
