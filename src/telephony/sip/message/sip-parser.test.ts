// Tests of parseMessage: framing, folding, limits, Content-Length, version and required-header checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParseError, ParseOptions } from './parse-result.ts';
import { SipRequest, SipResponse } from './sip-message.ts';
import { parseMessage } from './sip-parser.ts';

const HEADERS = [
  'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK74bf9;rport',
  'Max-Forwards: 70',
  'From: "Alice" <sip:alice@example.com>;tag=9fxced76sl',
  'To: <sip:bob@example.com>',
  'Call-ID: 3848276298220188511@192.0.2.1',
  'CSeq: 1 INVITE',
];

function message(start: string, headers: readonly string[], body = '', eol = '\r\n'): Buffer {
  return Buffer.from(`${start}${eol}${headers.join(eol)}${eol}${eol}${body}`);
}

function invite(headers: readonly string[] = HEADERS, body = ''): Buffer {
  const length = body === '' ? [] : [`Content-Length: ${Buffer.byteLength(body)}`];
  return message('INVITE sip:bob@example.com SIP/2.0', [...headers, ...length], body);
}

function parsed(buf: Buffer | string, options?: ParseOptions): SipRequest | SipResponse {
  const r = parseMessage(buf, options);
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.reason}`);
  return r.message;
}

function error(buf: Buffer | string, options?: ParseOptions): ParseError {
  const r = parseMessage(buf, options);
  if (r.ok) assert.fail('expected a ParseError');
  assert.notEqual(r.error.code, 'internal');
  return r.error;
}

describe('parseMessage: requests and responses', () => {
  it('parses a request and pre-parses its required headers', () => {
    const m = parsed(invite(HEADERS, 'v=0\r\n'));
    assert.ok(m instanceof SipRequest);
    assert.equal(m.method, 'INVITE');
    assert.equal(m.uri.type, 'sip');
    assert.equal(m.topVia?.branch, 'z9hG4bK74bf9');
    assert.equal(m.fromTag, '9fxced76sl');
    assert.equal(m.cseq.seq, 1);
    assert.equal(m.body.toString(), 'v=0\r\n');
  });

  it('parses a response', () => {
    const m = parsed(
      message(
        'SIP/2.0 180 Ringing',
        HEADERS.filter((h) => !h.startsWith('Max')),
      ),
    );
    assert.ok(m instanceof SipResponse);
    assert.equal(m.status, 180);
    assert.equal(m.reason, 'Ringing');
    assert.equal(
      (parsed(message('SIP/2.0 100', HEADERS)) as SipResponse).reason,
      '',
      'missing SP tolerated',
    );
  });

  it('accepts bare LF line ends and CRLFs before the start line (RFC 3261 §7.5)', () => {
    const lf = message('INVITE sip:bob@example.com SIP/2.0', HEADERS, 'body', '\n');
    assert.equal(parsed(lf).body.toString(), 'body');
    assert.equal(parsed(Buffer.concat([Buffer.from('\r\n\r\n'), invite()])).kind, 'request');
    assert.equal(parsed(invite().toString('latin1')).kind, 'request', 'string input');
  });

  it('undoes header folding (RFC 3261 §7.3.1)', () => {
    const m = parsed(
      invite([
        ...HEADERS,
        "Subject: I know you're there,",
        '   pick up the phone',
        '\t and talk to me!',
      ]),
    );
    assert.equal(m.get('Subject'), "I know you're there, pick up the phone and talk to me!");
    assert.equal(error(invite([' folded: first', ...HEADERS])).code, 'malformed-header');
  });

  it('reports a keep-alive as empty', () => {
    assert.equal(error('\r\n\r\n').code, 'empty');
    assert.equal(error('').code, 'empty');
  });

  it('reads non-UTF-8 header octets as Latin-1 instead of replacing them', () => {
    const buf = Buffer.concat([
      Buffer.from('INVITE sip:bob@example.com SIP/2.0\r\n'),
      Buffer.from(HEADERS.filter((h) => !h.startsWith('From')).join('\r\n') + '\r\n'),
      Buffer.from('From: "Jos', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from('" <sip:jose@example.com>;tag=1\r\n\r\n'),
    ]);
    assert.equal(parsed(buf).from.displayName, 'José');
  });
});

describe('parseMessage: errors', () => {
  it('refuses malformed start lines', () => {
    for (const line of [
      'INVITE',
      'INVITE sip:bob@example.com',
      'INVITE  sip:bob@example.com SIP/2.0',
      'INVITE sip:bob@example.com  SIP/2.0',
      'INVITE sip:bob@example.com SIP/2.0 ',
      'INVITE sip:bob@example.com SIP/2',
      'INV@ITE sip:bob@example.com SIP/2.0',
      'INVITE <sip:bob@example.com> SIP/2.0',
      'SIP/2.0 20 OK',
      'SIP/2.0 2000 OK',
      'SIP/2.0 099 Low',
      'SIP/2.0 700 High',
      'SIP/2.x 200 OK',
    ]) {
      assert.equal(error(message(line, HEADERS)).code, 'malformed-start-line', line);
    }
  });

  it('answers other SIP versions of requests with 505', () => {
    const e = error(message('INVITE sip:bob@example.com SIP/3.0', HEADERS));
    assert.equal(e.status, 505);
    assert.equal(e.partial?.method, 'INVITE');
    assert.equal(
      error(message('SIP/3.0 200 OK', HEADERS)).status,
      400,
      'responses: dropped anyway',
    );
    assert.equal(
      parsed(message('INVITE sip:bob@example.com sip/2.0', HEADERS)).kind,
      'request',
      'case-insensitive',
    );
  });

  it('names each missing required header', () => {
    for (const [i, name] of ['Via', 'Max-Forwards', 'From', 'To', 'Call-ID', 'CSeq'].entries()) {
      const e = error(invite(HEADERS.filter((_, j) => j !== i)));
      assert.equal(e.code, 'missing-header');
      assert.equal(e.header, name);
      assert.equal(e.reason, `Missing ${name} header`);
    }
    const response = message(
      'SIP/2.0 200 OK',
      HEADERS.filter((h) => !h.startsWith('Max')),
    );
    assert.equal(parsed(response).kind, 'response', 'responses need no Max-Forwards');
  });

  it('names the malformed header', () => {
    const cases: [string, string][] = [
      ['Via: SIP/2.0/UDP', 'Via'],
      ['From: <sip:alice@example.com', 'From'],
      ['To: "Bob <sip:bob@example.com>', 'To'],
      ['Call-ID: two words', 'Call-ID'],
      ['CSeq: INVITE 1', 'CSeq'],
      ['Max-Forwards: 300', 'Max-Forwards'],
      ['Content-Length: five', 'Content-Length'],
    ];
    for (const [line, name] of cases) {
      const key = line.slice(0, line.indexOf(':'));
      const e = error(invite([...HEADERS.filter((h) => !h.startsWith(key + ':')), line]));
      assert.equal(e.code, 'malformed-header', line);
      assert.equal(e.header, name, line);
      assert.ok(e.reason.includes(name), e.reason);
    }
  });

  it('refuses a repeated single-valued header', () => {
    for (const h of [
      'To: <sip:x@y>',
      'From: <sip:x@y>;tag=2',
      'Call-ID: other',
      'CSeq: 2 INVITE',
      'Max-Forwards: 1',
      'l: 0',
    ]) {
      assert.equal(
        error(invite([...HEADERS, 'Content-Length: 0', h].filter((x, i, a) => a.indexOf(x) === i)))
          .code,
        'duplicate-header',
        h,
      );
    }
  });

  it('refuses a CSeq method that is not the request method', () => {
    const e = error(invite([...HEADERS.slice(0, 5), 'CSeq: 1 BYE']));
    assert.equal(e.code, 'cseq-mismatch');
    assert.equal(e.reason, 'CSeq method BYE does not match INVITE');
  });

  it('refuses malformed header lines, control characters and bare CR', () => {
    assert.equal(error(invite([...HEADERS, 'No colon here'])).code, 'malformed-header');
    assert.equal(error(invite([...HEADERS, 'Bad Name: x'])).code, 'malformed-header');
    assert.equal(error(invite([...HEADERS, 'X-Nul: a\x00b'])).code, 'malformed-header');
    assert.equal(error(invite([...HEADERS, 'X-Esc: a\x1b[31mred'])).code, 'malformed-header');
    assert.equal(error(invite([...HEADERS, 'X-Cr: a\rInjected: yes'])).code, 'malformed-header');
    assert.equal(error(message('SIP/2.0 200 O\x07K', HEADERS)).code, 'malformed-start-line');
    assert.equal(
      parsed(invite([...HEADERS, 'X-Quoted: "a\\\x00b"'])).get('X-Quoted'),
      '"a\\\x00b"',
    );
  });

  it('refuses a message without the empty line after the headers', () => {
    const e = error(
      Buffer.from(`INVITE sip:bob@example.com SIP/2.0\r\n${HEADERS.join('\r\n')}\r\n`),
    );
    assert.equal(e.code, 'truncated');
    assert.equal(e.partial?.callId, '3848276298220188511@192.0.2.1');
  });
});

describe('parseMessage: Content-Length (RFC 3261 §18.3)', () => {
  it('on a datagram: shorter body is an error, longer is truncated, absent means the rest', () => {
    const short = invite([...HEADERS, 'Content-Length: 10'], '');
    assert.equal(error(Buffer.concat([short, Buffer.from('12345')])).code, 'content-length');
    const long = parsed(
      Buffer.concat([invite([...HEADERS, 'Content-Length: 3']), Buffer.from('abcdef')]),
    );
    assert.equal(long.body.toString(), 'abc');
    assert.equal(parsed(Buffer.concat([invite(), Buffer.from('rest')])).body.toString(), 'rest');
  });

  it('on a stream: Content-Length is required', () => {
    const e = error(invite(), { transport: 'stream' });
    assert.equal(e.code, 'content-length');
    assert.equal(
      parsed(invite([...HEADERS, 'Content-Length: 0']), { transport: 'stream' }).body.length,
      0,
    );
  });
});

describe('parseMessage: limits', () => {
  it('refuses messages over maxMessageSize with 513', () => {
    const e = error(invite(HEADERS, 'x'.repeat(2000)), { maxMessageSize: 1000 });
    assert.equal(e.status, 513);
    assert.equal(e.code, 'too-large');
  });

  it('refuses too many header lines and too long lines', () => {
    const many = Array.from({ length: 30 }, (_, i) => `X-H${i}: ${i}`);
    assert.equal(error(invite([...HEADERS, ...many]), { maxHeaderCount: 20 }).status, 513);
    assert.equal(
      error(invite([...HEADERS, `X-Long: ${'a'.repeat(300)}`]), { maxHeaderLineLength: 200 })
        .status,
      513,
    );
    assert.equal(
      error(Buffer.from(`INVITE sip:${'a'.repeat(300)}@b SIP/2.0\r\n\r\n`), {
        maxHeaderLineLength: 200,
      }).status,
      513,
    );
    assert.equal(parsed(invite([...HEADERS, ...many])).headers.length, 36);
  });
});

describe('parseMessage: partial', () => {
  it('keeps what a stateless 400 needs', () => {
    const e = error(invite([...HEADERS, 'Timestamp: 54', 'Content-Length: nope']));
    assert.deepEqual(e.partial && { ...e.partial, topVia: e.partial.topVia?.branch }, {
      kind: 'request',
      method: 'INVITE',
      via: ['SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK74bf9;rport'],
      topVia: 'z9hG4bK74bf9',
      from: '"Alice" <sip:alice@example.com>;tag=9fxced76sl',
      to: '<sip:bob@example.com>',
      callId: '3848276298220188511@192.0.2.1',
      cseq: '1 INVITE',
      timestamp: '54',
    });
  });

  it('has no partial when the start line is not a request', () => {
    assert.equal(error(message('SIP/2.0 99999 Huge', HEADERS)).partial, undefined);
    assert.equal(error(message('<<<', HEADERS)).partial, undefined);
  });
});
