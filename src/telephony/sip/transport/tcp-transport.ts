// SIP over plain TCP (RFC 3261 §18.3): the stream transport with node:net sockets.
import { createConnection, createServer } from 'node:net';
import {
  StreamTransport,
  type StreamOptions,
  type StreamSink,
  type StreamSockets,
} from './stream-transport.ts';

const tcpSockets: StreamSockets = {
  protocol: 'tcp',
  established: 'connect',
  createServer: (accept) => createServer({ noDelay: true }, accept),
  connect: (destination) =>
    createConnection({ host: destination.address, port: destination.port, noDelay: true }),
};

export class TcpTransport extends StreamTransport {
  constructor(sink: StreamSink, options: StreamOptions) {
    super(sink, options, tcpSockets);
  }
}
