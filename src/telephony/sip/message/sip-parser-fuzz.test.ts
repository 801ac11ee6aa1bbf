// Fuzz tests: parseMessage, the accessors, the serializer and the stream framer never throw on hostile input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidMessages } from './fixtures/rfc4475-invalid.ts';
import { semanticMessages } from './fixtures/rfc4475-semantic.ts';
import { validMessages } from './fixtures/rfc4475-valid.ts';
import type { ParseOptions, ParseResult } from './parse-result.ts';
import type { SipMessage } from './sip-message.ts';
import { parseMessage } from './sip-parser.ts';
import { createErrorResponse, createResponse, serializeMessage } from './sip-serializer.ts';
import { SipStreamFramer } from './sip-stream-framer.ts';
import { SipSyntaxError } from './sip-syntax-error.ts';

/** mulberry32: a small seeded generator, so a failure replays. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const corpus: Buffer[] = [
  ...Object.values(validMessages),
  ...Object.values(invalidMessages),
  ...Object.values(semanticMessages),
].map((m) => m.bytes);

const SPECIAL = [
  ...'\r\n:;,"<>\\% @?=&[]\t/*',
  '\0',
  '\xff',
  '\x7f',
  '\r\n ',
  '\r\n\r\n',
  'SIP/2.0',
  'sip:',
  ';tag=',
  '%00',
  '\u00e9',
];

function mutate(buf: Buffer, rnd: () => number): Buffer {
  const pick = (n: number): number => Math.floor(rnd() * n);
  let out = Buffer.from(buf);
  const edits = 1 + pick(4);
  for (let e = 0; e < edits && out.length > 0; e++) {
    const at = pick(out.length);
    switch (pick(6)) {
      case 0: // flip an octet
        out[at] = pick(256);
        break;
      case 1: {
        const s = Buffer.from(SPECIAL[pick(SPECIAL.length)] ?? '', 'latin1');
        out = Buffer.concat([out.subarray(0, at), s, out.subarray(at)]);
        break;
      }
      case 2: // delete a range
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + pick(20))]);
        break;
      case 3: {
        const len = 1 + pick(40);
        out = Buffer.concat([
          out.subarray(0, at + len),
          out.subarray(at, at + len),
          out.subarray(at + len),
        ]);
        break;
      }
      case 4: {
        const other = corpus[pick(corpus.length)] ?? out;
        out = Buffer.concat([out.subarray(0, at), other.subarray(pick(other.length))]);
        break;
      }
      default: // truncate
        out = out.subarray(0, at);
    }
  }
  return out;
}

/** Parses and then uses the result the way the layers above will; fails on anything but SipSyntaxError. */
function exercise(input: Buffer, options?: ParseOptions): ParseResult {
  const result = parseMessage(input, options);
  assert.equal(typeof result.ok, 'boolean');
  if (!result.ok) {
    assert.notEqual(
      result.error.code,
      'internal',
      `parser bug on ${JSON.stringify(input.toString('latin1'))}`,
    );
    assert.ok([400, 416, 505, 513].includes(result.error.status));
    assert.equal(typeof result.error.reason, 'string');
    const partial = result.error.partial;
    if (partial !== undefined) {
      const response = createErrorResponse(partial, result.error.status, result.error.reason);
      // The response echoes the request's headers, malformed or not; it must still serialize.
      if (response !== undefined)
        assert.ok(serializeMessage(response).toString('latin1').startsWith('SIP/2.0 '));
    }
    return result;
  }
  const m = result.message;
  touch(m);
  const again = parseMessage(serializeMessage(m), { ...options, transport: 'stream' });
  assert.ok(again.ok, `reserialized message must parse: ${again.ok ? '' : again.error.reason}`);
  if (m.kind === 'request') {
    const response = createResponse(m, 200, 'OK', { toTag: 'x', recordRoute: true });
    assert.ok(parseMessage(serializeMessage(response)).ok);
  }
  return result;
}

function touch(m: SipMessage): void {
  const reads: (() => unknown)[] = [
    () => m.via,
    () => m.topVia,
    () => m.from,
    () => m.to,
    () => m.callId,
    () => m.cseq,
    () => m.maxForwards,
    () => m.contact,
    () => m.route,
    () => m.recordRoute,
    () => m.contentType,
    () => m.expires,
    () => m.values('Accept'),
    () => m.tokens('Supported'),
  ];
  for (const read of reads) {
    try {
      read();
    } catch (error) {
      assert.ok(error instanceof SipSyntaxError, `accessor threw ${String(error)}`);
    }
  }
}

describe('fuzzing parseMessage', () => {
  it('survives 2,000 buffers of random octets', () => {
    const rnd = random(1);
    for (let i = 0; i < 2000; i++) {
      const buf = Buffer.alloc(Math.floor(rnd() * 600));
      for (let j = 0; j < buf.length; j++) buf[j] = Math.floor(rnd() * 256);
      exercise(buf);
    }
  });

  it('survives 2,000 random ASCII messages built from SIP tokens', () => {
    const rnd = random(2);
    const parts = [
      'INVITE ',
      'SIP/2.0',
      ' ',
      'sip:a@b',
      '\r\n',
      'Via: ',
      'SIP/2.0/UDP h;branch=z9hG4bK',
      'To: ',
      'From: ',
      'Call-ID: x',
      'CSeq: 1 INVITE',
      'Max-Forwards: 70',
      'l: 0',
      ';tag=1',
      '<sip:c@d>',
      '"q"',
      ', ',
      ':',
    ];
    for (let i = 0; i < 2000; i++) {
      let text = '';
      const n = Math.floor(rnd() * 40);
      for (let j = 0; j < n; j++) text += parts[Math.floor(rnd() * parts.length)];
      exercise(Buffer.from(text));
    }
  });

  it('survives every truncation of every RFC 4475 message', () => {
    let count = 0;
    for (const buf of corpus) {
      for (let end = 0; end <= buf.length; end += 1 + (end % 7)) {
        exercise(buf.subarray(0, end));
        count++;
      }
    }
    assert.ok(count > 3000, `${count} truncations`);
  });

  it('survives 5,000 mutations of valid messages, as datagrams and as stream messages', () => {
    const rnd = random(3);
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const base = corpus[Math.floor(rnd() * corpus.length)] ?? Buffer.alloc(0);
      const buf = mutate(base, rnd);
      if (exercise(buf).ok) accepted++;
      exercise(buf, { transport: 'stream', maxHeaderCount: 20, maxHeaderLineLength: 256 });
    }
    assert.ok(accepted > 100, `some mutations stay valid (${accepted})`);
  });
});

describe('fuzzing SipStreamFramer', () => {
  it('frames mutated streams in random chunks without throwing, within its bound', () => {
    const rnd = random(4);
    for (let i = 0; i < 300; i++) {
      const stream = Buffer.concat(
        Array.from({ length: 1 + Math.floor(rnd() * 4) }, () =>
          mutate(corpus[Math.floor(rnd() * corpus.length)] ?? Buffer.alloc(0), rnd),
        ),
      );
      const framer = new SipStreamFramer({ maxMessageSize: 4096 });
      for (let pos = 0; pos < stream.length;) {
        const size = 1 + Math.floor(rnd() * 300);
        for (const event of framer.push(stream.subarray(pos, pos + size))) {
          if (event.type === 'message') exercise(event.data, { transport: 'stream' });
        }
        assert.ok(framer.buffered <= 4096 + 300);
        pos += size;
      }
    }
  });
});
