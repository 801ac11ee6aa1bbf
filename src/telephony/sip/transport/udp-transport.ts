// SIP over UDP (RFC 3261 §18): one socket per listening address, IPv4 or
// IPv6; every datagram is one message.
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { TransportError, type Peer } from './transport-types.ts';

const SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

export interface DatagramSink {
  (data: Buffer, source: Peer, local: { address: string; port: number }): void;
}

export class UdpTransport {
  readonly #sockets: Socket[] = [];
  readonly #v4: Socket[] = [];
  readonly #v6: Socket[] = [];
  readonly #sink: DatagramSink;

  constructor(sink: DatagramSink) {
    this.#sink = sink;
  }

  /** Binds a socket; returns the port it got (useful with port 0). */
  async listen(host: string, port: number): Promise<number> {
    const socket = createSocket({
      type: isIPv6(host) ? 'udp6' : 'udp4',
      ipv6Only: isIPv6(host),
      reuseAddr: false,
      // A burst of calls arrives while the event loop is busy; the kernel's default 208 KiB
      // receive buffer then overflows and every lost packet costs a retransmission (500 ms+).
      // The kernel caps these at net.core.rmem_max / wmem_max.
      recvBufferSize: SOCKET_BUFFER_BYTES,
      sendBufferSize: SOCKET_BUFFER_BYTES,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const local = socket.address();
    socket.on('message', (data, rinfo) => {
      this.#sink(
        data,
        { protocol: 'udp', address: rinfo.address, port: rinfo.port },
        {
          address: local.address,
          port: local.port,
        },
      );
    });
    // An ICMP "port unreachable" from one peer surfaces as a socket error on
    // some systems; it must not take the listener down.
    socket.on('error', () => undefined);
    this.#sockets.push(socket);
    (local.family === 'IPv6' ? this.#v6 : this.#v4).push(socket);
    return local.port;
  }

  send(data: Buffer, destination: Peer): Promise<void> {
    const v6 = isIPv6(destination.address);
    // The family is kept beside the socket: socket.address() is a getsockname() syscall.
    const socket = (v6 ? this.#v6 : this.#v4)[0];
    if (!socket) {
      return Promise.reject(
        new TransportError(`no UDP socket for ${v6 ? 'IPv6' : 'IPv4'} destinations`, destination),
      );
    }
    return new Promise((resolve, reject) => {
      socket.send(data, destination.port, destination.address, (error) =>
        error
          ? reject(
              new TransportError(`UDP send failed: ${error.message}`, destination, {
                cause: error,
              }),
            )
          : resolve(),
      );
    });
  }

  async close(): Promise<void> {
    this.#v4.length = 0;
    this.#v6.length = 0;
    await Promise.all(
      this.#sockets.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
    );
  }
}
