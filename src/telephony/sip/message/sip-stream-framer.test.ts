// Tests of stream framing: Content-Length framing (RFC 3261 §18.3), keep-alives (RFC 5626 §3.5.1), bounds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validMessages } from './fixtures/rfc4475-valid.ts';
import { parseMessage } from './sip-parser.ts';
import { type FramerEvent, SipStreamFramer } from './sip-stream-framer.ts';

function options(id: number, body = ''): Buffer {
  return Buffer.from(
    [
      'OPTIONS sip:bob@example.com SIP/2.0',
      `Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK${id}`,
      'Max-Forwards: 70',
      'From: <sip:alice@example.com>;tag=1',
      'To: <sip:bob@example.com>',
      `Call-ID: framer-${id}`,
      `CSeq: ${id} OPTIONS`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n'),
  );
}

function messages(events: readonly FramerEvent[]): Buffer[] {
  return events.flatMap((e) => (e.type === 'message' ? [e.data] : []));
}

describe('SipStreamFramer', () => {
  it('cuts back-to-back messages out of one chunk', () => {
    const a = options(1, 'hello');
    const b = options(2);
    const events = new SipStreamFramer().push(Buffer.concat([a, b]));
    assert.deepEqual(messages(events), [a, b]);
  });

  it('reassembles messages split at every possible point', () => {
    const a = options(1, 'body with\r\n\r\nblank lines');
    const b = options(2);
    const all = Buffer.concat([a, b]);
    for (let cut = 1; cut < all.length; cut++) {
      const framer = new SipStreamFramer();
      const out = [
        ...messages(framer.push(all.subarray(0, cut))),
        ...messages(framer.push(all.subarray(cut))),
      ];
      assert.deepEqual(out, [a, b], `cut at ${cut}`);
      assert.equal(framer.buffered, 0);
    }
  });

  it('handles one octet at a time', () => {
    const framer = new SipStreamFramer();
    const all = Buffer.concat([options(1, 'x'), Buffer.from('\r\n\r\n'), options(2)]);
    const events: FramerEvent[] = [];
    for (const octet of all) events.push(...framer.push(Buffer.from([octet])));
    assert.equal(messages(events).length, 2);
    assert.ok(events.some((e) => e.type === 'ping'));
  });

  it('takes a large message one octet at a time (the buffer grows, it is not copied per octet)', () => {
    const big = options(7, 'x'.repeat(60000));
    const framer = new SipStreamFramer();
    const out: Buffer[] = [];
    for (let i = 0; i < big.length; i++) out.push(...messages(framer.push(big.subarray(i, i + 1))));
    assert.deepEqual(out, [big]);
    assert.equal(framer.buffered, 0);
  });

  it('frames every RFC 4475 valid message whose Content-Length is exact', () => {
    for (const [name, m] of Object.entries(validMessages)) {
      if (name === 'dblreq') continue; // trailing octets: a datagram-only case
      const framer = new SipStreamFramer();
      const [event] = framer.push(m.bytes);
      assert.equal(event?.type, 'message', name);
      assert.ok(
        event?.type === 'message' && parseMessage(event.data, { transport: 'stream' }).ok,
        name,
      );
    }
  });

  it('reports double-CRLF pings and single-CRLF pongs (RFC 5626 §3.5.1)', () => {
    const framer = new SipStreamFramer();
    assert.deepEqual(framer.push(Buffer.from('\r\n\r\n')), [{ type: 'ping' }]);
    assert.deepEqual(framer.push(Buffer.from('\r\n\r\n\r\n\r\n')), [
      { type: 'ping' },
      { type: 'ping' },
    ]);
    assert.deepEqual(framer.push(Buffer.from('\r\n')), [{ type: 'pong' }]);
    const mixed = framer.push(Buffer.concat([Buffer.from('\r\n\r\n'), options(1)]));
    assert.deepEqual(
      mixed.map((e) => e.type),
      ['ping', 'message'],
    );
  });

  it('joins a ping split across chunks', () => {
    const framer = new SipStreamFramer();
    assert.deepEqual(framer.push(Buffer.from('\r\n')), [{ type: 'pong' }]);
    assert.deepEqual(framer.push(Buffer.from('\r\n')), [{ type: 'ping' }]);
    assert.deepEqual(framer.push(Buffer.from('\r\n\r')), [], 'waits for the LF');
    assert.deepEqual(framer.push(Buffer.from('\n')), [{ type: 'ping' }]);
    assert.deepEqual(framer.push(Buffer.from('\r')), []);
    assert.deepEqual(framer.push(Buffer.from('\n')), [{ type: 'pong' }]);
  });

  it('fails the stream without a usable Content-Length', () => {
    const missing = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n');
    const framer = new SipStreamFramer();
    const [event] = framer.push(missing);
    assert.equal(event?.type, 'error');
    assert.equal(framer.failed, true);
    assert.deepEqual(framer.push(options(1)), [], 'nothing after a failure');
    framer.reset();
    assert.equal(messages(framer.push(options(1))).length, 1);

    for (const bad of ['l: -1', 'Content-Length: 5\r\nContent-Length: 6', 'Content-Length: x']) {
      const text = `OPTIONS sip:a@b SIP/2.0\r\n${bad}\r\n\r\n`;
      assert.equal(new SipStreamFramer().push(Buffer.from(text))[0]?.type, 'error', bad);
    }
    const folded = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length:\r\n 3\r\n\r\nabc');
    assert.equal(messages(new SipStreamFramer().push(folded)).length, 1);
  });

  it('bounds what it buffers', () => {
    const framer = new SipStreamFramer({ maxMessageSize: 1024 });
    assert.deepEqual(framer.push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nX: ')), []);
    const [event] = framer.push(Buffer.alloc(2000, 0x61));
    assert.equal(event?.type, 'error');
    assert.equal(framer.buffered, 0);
    const big = new SipStreamFramer({ maxMessageSize: 1024 });
    assert.equal(
      big.push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nl: 5000\r\n\r\n'))[0]?.type,
      'error',
    );
  });
});
