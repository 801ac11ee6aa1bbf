// The stream transport on real loopback sockets, one suite run over TCP and over TLS: framing
// of split and joined messages, CRLF keep-alives, replies on the connection a request came on,
// broken streams, IPv6; then TLS's own part, the check of a server's certificate.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect as netConnect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { connect as tlsConnect, createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { FakeClock } from '../../../platform/index.ts';
import type { StreamOptions, StreamSink, StreamTransport } from './stream-transport.ts';
import { TcpTransport } from './tcp-transport.ts';
import { TlsTransport } from './tls-transport.ts';
import {
  hasIpv6Loopback,
  selfSignedCertificate,
  type TestCertificate,
} from '../../../../test/support/tls-certificate.ts';
import { TransportError, type Peer } from './transport-types.ts';

const request = (branch: string, protocol: string, body = '') =>
  Buffer.from(
    `OPTIONS sip:hotline@127.0.0.1 SIP/2.0\r\n` +
      `Via: SIP/2.0/${protocol} 10.0.0.1:5060;branch=z9hG4bK${branch}\r\n` +
      `Max-Forwards: 70\r\nFrom: <sip:probe@example.com>;tag=a1\r\nTo: <sip:hotline@127.0.0.1>\r\n` +
      `Call-ID: ${branch}@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );

class Collector {
  readonly messages: { data: Buffer; source: Peer }[] = [];
  readonly broken: { reason: string; source: Peer }[] = [];
  readonly sink: StreamSink = {
    message: (data, source) => void this.messages.push({ data, source }),
    broken: (reason, source) => void this.broken.push({ reason, source }),
  };
}

async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function streamOptions(): StreamOptions {
  const clock = new FakeClock();
  return {
    scheduler: clock,
    now: () => clock.now(),
    maxMessageSize: 65535,
    idleMs: 600_000,
    maxPerAddress: 100,
    maxConnections: 1000,
    connectTimeoutMs: 5000,
  };
}

/** What differs between the two runs of the suite: the transport and how a client dials it. */
interface Flavour {
  name: 'TCP' | 'TLS';
  make(sink: StreamSink): StreamTransport;
  dial(host: string, port: number): Promise<Socket>;
}

let certificate: TestCertificate;

const flavours: Flavour[] = [
  {
    name: 'TCP',
    make: (sink) => new TcpTransport(sink, streamOptions()),
    dial: async (host, port) => {
      const socket = netConnect(port, host);
      await once(socket, 'connect');
      return socket;
    },
  },
  {
    name: 'TLS',
    make: (sink) =>
      new TlsTransport(sink, {
        ...streamOptions(),
        credentials: { cert: certificate.cert, key: certificate.key },
      }),
    dial: async (host, port) => {
      // The client trusts exactly our throwaway certificate, so the handshake is verified.
      const socket = tlsConnect({ host, port, ca: certificate.cert });
      await once(socket, 'secureConnect');
      return socket;
    },
  },
];

before(() => {
  certificate = selfSignedCertificate();
});
after(() => certificate.dispose());

for (const flavour of flavours) {
  const protocol = flavour.name.toLowerCase();

  describe(`SIP over ${flavour.name}`, () => {
    let seen: Collector;
    let transport: StreamTransport;
    let port: number;

    before(async () => {
      seen = new Collector();
      transport = flavour.make(seen.sink);
      port = await transport.listen('127.0.0.1', 0);
    });
    after(() => transport.close());

    it('cuts messages joined in one chunk and split across several by Content-Length', async () => {
      seen.messages.length = 0;
      const client = await flavour.dial('127.0.0.1', port);
      const a = request('join1', flavour.name);
      const b = request('join2', flavour.name, 'v=0\r\n');
      const c = request('split3', flavour.name);
      // a and the head of b in one write; the rest of b and c a few octets at a time.
      client.write(Buffer.concat([a, b.subarray(0, 40)]));
      await until(() => seen.messages.length === 1, 'the first message');
      const rest = Buffer.concat([b.subarray(40), c]);
      for (let at = 0; at < rest.length; at += 57) {
        client.write(rest.subarray(at, at + 57));
        await new Promise((r) => setImmediate(r));
      }
      await until(() => seen.messages.length === 3, 'three messages');
      assert.deepEqual(
        seen.messages.map((m) => m.data.toString()),
        [a, b, c].map((m) => m.toString()),
      );
      const ids = new Set(seen.messages.map((m) => m.source.connectionId));
      assert.equal(ids.size, 1, 'one connection');
      assert.equal(seen.messages[0]!.source.protocol, protocol);
      assert.match(seen.messages[0]!.source.connectionId!, new RegExp(`^${protocol}-`));
      assert.equal(seen.messages[0]!.source.port, client.localPort);
      client.destroy();
    });

    it('answers a double-CRLF ping with a CRLF and replies on the connection the request came on', async () => {
      seen.messages.length = 0;
      const client = await flavour.dial('127.0.0.1', port);
      let received = '';
      client.on('data', (d: Buffer) => (received += d.toString()));
      client.write('\r\n\r\n');
      await until(() => received === '\r\n', 'the pong');
      client.write(request('reply1', flavour.name));
      await until(() => seen.messages.length === 1, 'the request');
      await transport.send(Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n'), {
        ...seen.messages[0]!.source,
      });
      await until(() => received.includes('200 OK'), 'the reply on the same connection');
      assert.equal(transport.connectionCount, 1, 'no second connection was opened');
      client.destroy();
    });

    it('closes a stream it cannot frame and reports it broken', async () => {
      seen.broken.length = 0;
      const client = await flavour.dial('127.0.0.1', port);
      const closed = once(client, 'close');
      client.write('INVITE sip:x SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\n');
      await closed;
      assert.equal(seen.broken.length, 1);
      assert.equal(seen.broken[0]!.source.protocol, protocol);
    });

    it('listens on :: for IPv6 clients', async (t) => {
      if (!(await hasIpv6Loopback())) return t.skip('no IPv6 loopback here');
      const v6seen = new Collector();
      const v6 = flavour.make(v6seen.sink);
      try {
        const v6port = await v6.listen('::', 0);
        const client = await flavour.dial('::1', v6port);
        client.write(request('v6', flavour.name));
        await until(() => v6seen.messages.length === 1, 'the IPv6 request');
        assert.equal(v6seen.messages[0]!.source.address, '::1');
        client.destroy();
      } finally {
        await v6.close();
      }
    });
  });
}

describe('SIP over TLS to a server (a trunk)', () => {
  let carrier: TestCertificate;
  let server: ReturnType<typeof createTlsServer>;
  let serverPort: number;
  const accepted: TLSSocket[] = [];
  let received = '';

  before(async () => {
    // A carrier whose certificate is self-signed and names it by host name only.
    carrier = selfSignedCertificate('carrier.test', ['DNS:carrier.test']);
    server = createTlsServer({ cert: carrier.cert, key: carrier.key }, (socket) => {
      accepted.push(socket);
      socket.on('data', (d: Buffer) => (received += d.toString()));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    serverPort = (server.address() as { port: number }).port;
  });
  after(async () => {
    accepted.forEach((s) => s.destroy());
    await new Promise((r) => server.close(r));
    carrier.dispose();
  });

  const to = (tls?: Peer['tls']): Peer => ({
    protocol: 'tls',
    address: '127.0.0.1',
    port: serverPort,
    ...(tls ? { tls } : {}),
  });

  it('verifies the certificate by default: a self-signed one is refused', async () => {
    const transport = new TlsTransport(new Collector().sink, streamOptions());
    try {
      await assert.rejects(
        transport.send(request('verify', 'TLS'), to({ serverName: 'carrier.test' })),
        (error) => error instanceof TransportError && /self[- ]signed/i.test(error.message),
      );
    } finally {
      await transport.close();
    }
  });

  it('accepts a self-signed certificate when told to, if it names the server, and hears replies', async () => {
    const seen = new Collector();
    const transport = new TlsTransport(seen.sink, streamOptions());
    try {
      await transport.send(
        request('selfsigned', 'TLS'),
        to({ serverName: 'carrier.test', acceptSelfSigned: true }),
      );
      await until(() => received.includes('z9hG4bKselfsigned'), 'the request at the carrier');
      assert.equal(accepted.at(-1)!.servername, 'carrier.test', 'SNI names the carrier');
      accepted.at(-1)!.write('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n');
      await until(() => seen.messages.length === 1, 'the reply over our connection');
      assert.equal(seen.messages[0]!.source.protocol, 'tls');
    } finally {
      await transport.close();
    }
  });

  it('still refuses a self-signed certificate that names another server', async () => {
    const transport = new TlsTransport(new Collector().sink, streamOptions());
    try {
      for (const check of [
        { serverName: 'other.test', acceptSelfSigned: true },
        { acceptSelfSigned: true }, // the address, 127.0.0.1, is not in the certificate either
      ]) {
        await assert.rejects(
          transport.send(request('wrongname', 'TLS'), to(check)),
          (error) => error instanceof TransportError && /is not for it/.test(error.message),
        );
      }
    } finally {
      await transport.close();
    }
  });
});
