// 100,000 mutated and random messages through the transport entry point
// (rate limit, parser, Via stamping, dispatch): nothing throws, nothing hangs,
// memory stays bounded, and every input ends as exactly one outcome.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FakeClock } from '../../../platform/index.ts';
import { SipTransportLayer } from './sip-transport-layer.ts';
import type { Peer } from './transport-types.ts';

const sdp =
  'v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n' +
  'm=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n';

const seeds = [
  'INVITE sip:4008001000@hotline.example;user=phone SIP/2.0\r\n' +
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport\r\n' +
    'Max-Forwards: 70\r\nTo: "热线" <sip:4008001000@hotline.example>\r\n' +
    'From: "Alice" <sip:+8613800138000@carrier.example>;tag=1928301774\r\n' +
    'Call-ID: a84b4c76e66710@pc33.example\r\nCSeq: 314159 INVITE\r\n' +
    'Contact: <sip:alice@192.0.2.10:5060;transport=udp>\r\nContent-Type: application/sdp\r\n' +
    `Content-Length: ${Buffer.byteLength(sdp)}\r\n\r\n${sdp}`,
  'REGISTER sip:hotline.example SIP/2.0\r\nv: SIP/2.0/TCP [2001:db8::9]:5061;branch=z9hG4bKreg1\r\n' +
    'Max-Forwards: 70\r\nt: <sip:1001@hotline.example>\r\nf: <sip:1001@hotline.example>;tag=r1\r\n' +
    'i: reg-1@2001:db8::9\r\nCSeq: 2 REGISTER\r\nm: <sip:1001@[2001:db8::9]:5061;transport=tcp>;expires=3600, *\r\n' +
    'Authorization: Digest username="1001", realm="hotline", nonce="abc", uri="sip:hotline.example", response="00"\r\nl: 0\r\n\r\n',
  'SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKr1\r\nFrom: <sip:a@b>;tag=1\r\n' +
    'To: <sip:c@d>;tag=2\r\nCall-ID: r1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n',
  'OPTIONS sip:hotline SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKo\r\nMax-Forwards: 0\r\n' +
    'From: <sip:x@y>;tag=f\r\nTo: <sip:hotline>\r\nCall-ID: o\r\nCSeq: 9 OPTIONS\r\n\r\n',
].map((s) => Buffer.from(s));

const specials = [
  '\r\n',
  '\r',
  '\n',
  ':',
  ';',
  ',',
  '<',
  '>',
  '"',
  '\\',
  '%',
  '@',
  '[',
  ']',
  ' ',
  '\t',
  '\0',
  '=',
  '\u00ff',
];

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(...specials),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('huge-number' as const), at: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(input: Buffer, mutations: Mutation[]): Buffer {
  let buf = input;
  for (const m of mutations) {
    const at = buf.length === 0 ? 0 : m.at % buf.length;
    switch (m.kind) {
      case 'flip':
        buf = Buffer.from(buf);
        if (buf.length > 0) buf[at] = m.byte;
        break;
      case 'insert':
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from(m.text, 'latin1'), buf.subarray(at)]);
        break;
      case 'delete':
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + m.length)]);
        break;
      case 'truncate':
        buf = buf.subarray(0, at);
        break;
      case 'duplicate-line': {
        const lines = buf.toString('latin1').split('\r\n');
        const i = m.at % lines.length;
        lines.splice(i, 0, lines[i] ?? '');
        buf = Buffer.from(lines.join('\r\n'), 'latin1');
        break;
      }
      case 'huge-number':
        buf = Buffer.concat([
          buf.subarray(0, at),
          Buffer.from('99999999999999999999'),
          buf.subarray(at),
        ]);
        break;
    }
  }
  return buf;
}

describe('transport entry point fuzz', () => {
  it('survives 100,000 mutated and random messages with bounded memory', () => {
    const clock = new FakeClock();
    const layer = new SipTransportLayer({ clock, listen: [], rateLimitExempt: ['192.0.2.1'] });
    let outcomes = 0;
    layer.on('message', () => outcomes++);
    layer.on('malformed', () => outcomes++);
    layer.on('dropped', () => outcomes++);
    const source: Peer = { protocol: 'udp', address: '192.0.2.1', port: 5060 };
    const local = { address: '127.0.0.1', port: 5060 };
    let inputs = 0;
    const feed = (data: Buffer, framing: 'datagram' | 'stream') => {
      inputs++;
      const before = outcomes;
      layer.receive(data, source, local, framing);
      assert.equal(outcomes - before, 1, 'every input ends as exactly one outcome');
    };

    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    fc.assert(
      fc.property(
        fc.nat({ max: seeds.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (seed, mutations, stream) =>
          feed(mutate(seeds[seed]!, mutations), stream ? 'stream' : 'datagram'),
      ),
      { numRuns: 80_000, seed: 4475 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), (bytes, stream) =>
        feed(Buffer.from(bytes), stream ? 'stream' : 'datagram'),
      ),
      { numRuns: 15_000, seed: 3261 },
    );
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...specials, 'a', 'SIP/2.0', 'Via', 'INVITE ', 'Content-Length: 5'),
        }),
        (text) => feed(Buffer.from(text), 'datagram'),
      ),
      { numRuns: 5_000, seed: 7118 },
    );
    // Oversized input is refused, not buffered.
    feed(Buffer.concat([seeds[0]!, Buffer.alloc(200_000, 0x61)]), 'datagram');
    assert.ok(inputs >= 100_000, `${inputs} inputs`);
    global.gc?.();
    const growth = process.memoryUsage().heapUsed - heapBefore;
    assert.ok(growth < 64 * 1024 * 1024, `heap grew by ${(growth / 2 ** 20).toFixed(1)} MiB`);
  });
});
