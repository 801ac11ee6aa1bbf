// The transport layer on real loopback sockets: UDP (IPv4, IPv6), TCP and
// WebSocket, received/rport stamping, framing, keep-alives, limits.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect, createServer, type Socket } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { FakeClock } from '../../../platform/index.ts';
import { createResponse, type SipRequest } from '../message/index.ts';
import { SipTransportLayer, type TransportLayerEvents } from './sip-transport-layer.ts';

const options = (branch: string, via = 'SIP/2.0/UDP 10.9.8.7:5062;rport', extra = '') =>
  Buffer.from(
    `OPTIONS sip:hotline@127.0.0.1 SIP/2.0\r\n` +
      `Via: ${via};branch=z9hG4bK${branch}\r\n` +
      `Max-Forwards: 70\r\nFrom: <sip:probe@example.com>;tag=a1\r\nTo: <sip:hotline@127.0.0.1>\r\n` +
      `Call-ID: ${branch}@test\r\nCSeq: 1 OPTIONS\r\n${extra}Content-Length: 0\r\n\r\n`,
  );

function collect(layer: SipTransportLayer) {
  const seen: { [K in keyof TransportLayerEvents]: TransportLayerEvents[K][] } = {
    message: [],
    malformed: [],
    dropped: [],
  };
  layer.on('message', (m) => seen.message.push(m));
  layer.on('malformed', (m) => seen.malformed.push(m));
  layer.on('dropped', (m) => seen.dropped.push(m));
  return seen;
}

async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('SipTransportLayer on loopback', () => {
  const clock = new FakeClock();
  let layer: SipTransportLayer;
  let seen: ReturnType<typeof collect>;
  let udpPort: number;
  let udp6Port: number;
  let wsPort: number;

  before(async () => {
    layer = new SipTransportLayer({
      clock,
      listen: [
        { protocol: 'udp', host: '127.0.0.1', port: 0 },
        { protocol: 'tcp', host: '127.0.0.1', port: 0 },
        { protocol: 'udp', host: '::1', port: 0 },
        { protocol: 'ws', host: '127.0.0.1', port: 0 },
      ],
      rateLimit: { perSecond: 1000, burst: 1000 },
    });
    const bound = await layer.start();
    udpPort = bound[0]!.port;
    assert.equal(bound[1]!.port, udpPort, 'TCP shares the UDP port');
    udp6Port = bound[2]!.port;
    wsPort = bound[3]!.port;
    seen = collect(layer);
  });
  beforeEach(() => {
    seen.message.length = 0;
    seen.malformed.length = 0;
    seen.dropped.length = 0;
  });
  after(() => layer.stop());

  it('receives a UDP request, stamps received and rport, and answers to where it came from', async () => {
    const client = createSocket('udp4');
    await new Promise<void>((r) => client.bind(0, '127.0.0.1', () => r()));
    const replies: Buffer[] = [];
    client.on('message', (m) => replies.push(m));
    client.send(options('udp1'), udpPort, '127.0.0.1');
    await until(() => seen.message.length === 1, 'the request');
    const inbound = seen.message[0]!;
    const request = inbound.message as SipRequest;
    assert.equal(inbound.source.protocol, 'udp');
    assert.equal(inbound.source.port, client.address().port);
    assert.equal(request.topVia!.received, '127.0.0.1');
    assert.equal(request.topVia!.rport, client.address().port);
    await layer.send(createResponse(request, 200), inbound.source);
    await until(() => replies.length === 1, 'the response');
    assert.match(replies[0]!.toString(), /^SIP\/2\.0 200 OK\r\n/);
    assert.match(replies[0]!.toString(), /;received=127\.0\.0\.1/);
    assert.match(replies[0]!.toString(), new RegExp(`;rport=${client.address().port}`));
    client.close();
    seen.message.length = 0;
  });

  it('works over IPv6', async () => {
    const client = createSocket({ type: 'udp6', ipv6Only: true });
    await new Promise<void>((r) => client.bind(0, '::1', () => r()));
    client.send(options('udp6', 'SIP/2.0/UDP [::1]:5070'), udp6Port, '::1');
    await until(() => seen.message.length === 1, 'the IPv6 request');
    assert.equal(seen.message[0]!.source.address, '::1');
    // sent-by equals the source address and no rport was asked: nothing to stamp
    assert.equal(seen.message[0]!.message.topVia!.received, undefined);
    client.close();
    seen.message.length = 0;
  });

  it('reports malformed requests and drops foreign responses without crashing', async () => {
    const client = createSocket('udp4');
    client.send(
      Buffer.from('INVITE sip:x SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bKbad\r\n\r\n'),
      udpPort,
      '127.0.0.1',
    );
    client.send(
      Buffer.from(
        'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n',
      ),
      udpPort,
      '127.0.0.1',
    );
    client.send(Buffer.from('\r\n\r\n'), udpPort, '127.0.0.1');
    client.send(Buffer.from([0, 1, 2, 255, 254, 10, 13]), udpPort, '127.0.0.1');
    await until(
      () => seen.malformed.length === 2 && seen.dropped.length === 2,
      'the bad datagrams',
    );
    assert.equal(seen.malformed[0]!.error.status, 400);
    assert.deepEqual(seen.dropped.map((d) => d.reason).sort(), ['keep-alive', 'sent-by-mismatch']);
    client.close();
    seen.malformed.length = 0;
    seen.dropped.length = 0;
  });

  it('frames TCP messages split and joined across chunks, answers pings, and replies on the same connection', async () => {
    const socket = connect(udpPort, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    const a = options('tcp1', 'SIP/2.0/TCP 10.0.0.1:5060');
    const b = options('tcp2', 'SIP/2.0/TCP 10.0.0.1:5060');
    socket.write(Buffer.concat([a, b.subarray(0, 30)]));
    await new Promise((r) => setTimeout(r, 20));
    socket.write(b.subarray(30, 100));
    socket.write(b.subarray(100));
    await until(() => seen.message.length === 2, 'two TCP messages');
    assert.equal(seen.message[0]!.source.connectionId, seen.message[1]!.source.connectionId);
    socket.write('\r\n\r\n');
    await until(() => received === '\r\n', 'the pong');
    await layer.send(
      createResponse(seen.message[1]!.message as SipRequest, 486),
      seen.message[1]!.source,
    );
    await until(() => received.includes('486 Busy Here'), 'the response on the same connection');
    socket.write('INVITE sip:x SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\n'); // no Content-Length on a stream
    await until(
      () =>
        socket.destroyed ||
        socket.readyState === 'closed' ||
        seen.dropped.some((d) => d.reason === 'broken-stream'),
      'the broken stream',
    );
    seen.message.length = 0;
    seen.dropped.length = 0;
    socket.destroy();
  });

  it('opens TCP connections to send and hears responses on them', async () => {
    const peerSockets: Socket[] = [];
    let got = '';
    const peer = createServer((s) => {
      peerSockets.push(s);
      s.on('data', (d: Buffer) => (got += d.toString()));
    });
    await new Promise<void>((r) => peer.listen(0, '127.0.0.1', () => r()));
    const port = (peer.address() as { port: number }).port;
    const parsed = options('out1', `SIP/2.0/TCP 127.0.0.1:${udpPort}`);
    const request = (await import('../message/index.ts')).parseMessage(parsed);
    assert.ok(request.ok);
    await layer.send(request.message, { protocol: 'tcp', address: '127.0.0.1', port });
    await until(() => got.includes('OPTIONS sip:hotline'), 'the request at the peer');
    const { serializeMessage } = await import('../message/index.ts');
    peerSockets[0]!.write(serializeMessage(createResponse(request.message as SipRequest, 200)));
    await until(() => seen.message.length === 1, 'the response over the outbound connection');
    assert.equal(seen.message[0]!.message.kind, 'response');
    peerSockets.forEach((s) => s.destroy());
    peer.close();
    seen.message.length = 0;
  });

  it('speaks SIP over WebSocket only with the sip subprotocol', async () => {
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${wsPort}`, ['chat']);
      ws.on('unexpected-response', (_q, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('error'));
    });
    assert.notEqual(refused, 'open');
    const ws = new WebSocket(`ws://127.0.0.1:${wsPort}`, ['sip']);
    await new Promise<void>((r) => ws.once('open', () => r()));
    assert.equal(ws.protocol, 'sip');
    const replies: string[] = [];
    ws.on('message', (d: Buffer) => replies.push(d.toString()));
    ws.send(
      options('ws1', 'SIP/2.0/WS df7jal23ls0d.invalid;rport')
        .toString()
        .replace('Content-Length: 0\r\n', ''),
    );
    await until(() => seen.message.length === 1, 'the WebSocket request');
    assert.equal(seen.message[0]!.source.protocol, 'ws');
    await layer.send(
      createResponse(seen.message[0]!.message as SipRequest, 200),
      seen.message[0]!.source,
    );
    await until(() => replies.length === 1, 'the WebSocket response');
    assert.match(replies[0]!, /^SIP\/2\.0 200 OK/);
    ws.close();
    seen.message.length = 0;
  });
});

describe('SipTransportLayer limits', () => {
  it('drops what a source sends beyond its rate, and spares exempt addresses', () => {
    const clock = new FakeClock();
    const layer = new SipTransportLayer({
      clock,
      listen: [],
      rateLimit: { perSecond: 2, burst: 3 },
      rateLimitExempt: ['10.0.0.9'],
    });
    const seen = collect(layer);
    const local = { address: '127.0.0.1', port: 5060 };
    for (let i = 0; i < 5; i++)
      layer.receive(
        options(`r${i}`),
        { protocol: 'udp', address: '10.0.0.1', port: 5060 },
        local,
        'datagram',
      );
    assert.equal(seen.message.length, 3);
    assert.equal(seen.dropped.filter((d) => d.reason === 'rate-limit').length, 2);
    clock.advance(1000);
    layer.receive(
      options('r9'),
      { protocol: 'udp', address: '10.0.0.1', port: 5060 },
      local,
      'datagram',
    );
    assert.equal(seen.message.length, 4);
    for (let i = 0; i < 20; i++)
      layer.receive(
        options(`e${i}`),
        { protocol: 'udp', address: '10.0.0.9', port: 5060 },
        local,
        'datagram',
      );
    assert.equal(seen.message.length, 24);
  });
});
