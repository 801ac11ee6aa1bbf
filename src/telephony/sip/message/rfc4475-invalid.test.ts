// RFC 4475 §3.1.2-§3.4 torture tests: each invalid or semantically odd message is handled as the RFC asks; decisions noted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidMessages } from './fixtures/rfc4475-invalid.ts';
import { semanticMessages } from './fixtures/rfc4475-semantic.ts';
import type { ParseError } from './parse-result.ts';
import { createErrorResponse } from './sip-serializer.ts';
import type { SipResponse } from './sip-message.ts';
import { parseMessage } from './sip-parser.ts';
import { contacts, fixture, request, response, sip } from './fixtures/torture-helpers.ts';
import { SipSyntaxError } from './sip-syntax-error.ts';

function rejected(bytes: Buffer): ParseError {
  const result = parseMessage(bytes);
  if (result.ok) assert.fail('expected the message to be rejected');
  assert.notEqual(result.error.code, 'internal');
  return result.error;
}

describe('RFC 4475 §3.1.2 invalid messages', () => {
  const x = (name: string): Buffer => fixture(invalidMessages, name);
  const expect = (name: string, status: number, code: string, header?: string): ParseError => {
    const error = rejected(x(name));
    assert.equal(error.status, status, `${name}: ${error.reason}`);
    assert.equal(error.code, code, `${name}: ${error.reason}`);
    if (header !== undefined) assert.equal(error.header, header, `${name}: ${error.reason}`);
    return error;
  };
  const answerable = (error: ParseError): SipResponse => {
    assert.ok(error.partial);
    const response = createErrorResponse(error.partial, error.status, error.reason);
    assert.ok(response, 'a stateless response can be built');
    return response;
  };

  it('3.1.2.1 badinv01: empty Via and Contact parameters are a 400', () => {
    const error = expect('badinv01', 400, 'malformed-header', 'Via');
    assert.ok(error.partial);
    assert.equal(error.partial.callId, 'badinv01.0ha0isndaksdjasdf3234nas');
    // The only Via is the malformed one, so there is nowhere to send a response: drop.
    assert.equal(createErrorResponse(error.partial, 400), undefined);
  });

  it('3.1.2.2 clerr: Content-Length larger than the datagram is a 400', () => {
    answerable(expect('clerr', 400, 'content-length', 'Content-Length'));
  });

  it('3.1.2.3 ncl: a negative Content-Length is a 400', () => {
    answerable(expect('ncl', 400, 'malformed-header', 'Content-Length'));
  });

  it('3.1.2.4 scalar02: a CSeq over 2**32-1 is a 400 (the RFC names CSeq as the reason)', () => {
    answerable(expect('scalar02', 400, 'malformed-header', 'CSeq'));
  });

  it('3.1.2.5 scalarlg: a response with overlarge scalars is rejected (and dropped)', () => {
    const error = expect('scalarlg', 400, 'malformed-header', 'CSeq');
    assert.equal(createErrorResponse(error.partial!, 400), undefined, 'responses are not answered');
  });

  it('3.1.2.6 quotbal: an unterminated quote in To is a 400; no quote is inferred', () => {
    const response = answerable(expect('quotbal', 400, 'malformed-header', 'To'));
    assert.equal(response.get('To'), '"Mr. J. User <sip:j.user@example.com>');
  });

  it('3.1.2.7 ltgtruri: <> around the Request-URI is a 400; brackets are not ignored', () => {
    answerable(expect('ltgtruri', 400, 'malformed-start-line'));
  });

  it('3.1.2.8 lwsruri: LWS inside the Request-URI is a 400', () => {
    answerable(expect('lwsruri', 400, 'malformed-start-line'));
  });

  it('3.1.2.9 lwsstart: several SP between Request-Line elements is a 400 (strict choice)', () => {
    answerable(expect('lwsstart', 400, 'malformed-start-line'));
  });

  it('3.1.2.10 trws: SP after SIP-Version is a 400 (strict choice)', () => {
    answerable(expect('trws', 400, 'malformed-start-line'));
  });

  it('3.1.2.11 escruri: URI headers in the Request-URI are a 400', () => {
    answerable(expect('escruri', 400, 'malformed-start-line'));
  });

  it('3.1.2.12 baddate: accepted; Date is kept verbatim and never parsed by this layer', () => {
    // RFC 4475: an element "shouldn't" reject unless the Date matters to its processing; it
    // does not matter to a contact center, so the message is taken in.
    const m = request(x('baddate'));
    assert.equal(m.get('Date'), 'Fri, 01 Jan 2010 16:00:00 EST');
  });

  it('3.1.2.13 regbadct: the message parses; its Contact is refused where it is used', () => {
    // Contact is parsed lazily: a registrar reading it gets a SipSyntaxError naming Contact
    // and answers 400, as the RFC suggests. No angle brackets are inferred.
    const m = request(x('regbadct'));
    assert.throws(
      () => m.contact,
      (e: unknown) => e instanceof SipSyntaxError && e.header === 'Contact',
    );
  });

  it('3.1.2.14 badaspec: spaces inside <> are a 400; they are not ignored', () => {
    answerable(expect('badaspec', 400, 'malformed-header', 'To'));
  });

  it('3.1.2.15 baddn: an unquoted display name with a comma is a 400', () => {
    answerable(expect('baddn', 400, 'malformed-header', 'From'));
  });

  it('3.1.2.16 badvers: SIP/7.0 gets a 505', () => {
    const response = answerable(expect('badvers', 505, 'unsupported-version'));
    assert.equal(response.status, 505);
  });

  it('3.1.2.17 mismatch01: CSeq method differs from the request method: 400', () => {
    answerable(expect('mismatch01', 400, 'cseq-mismatch', 'CSeq'));
  });

  it('3.1.2.18 mismatch02: unknown method with a mismatched CSeq: 400 (the RFC also allows it)', () => {
    // RFC 4475 prefers 501 but accepts 400; the parser cannot know which methods the element
    // implements, so it gives the 400 every element may send.
    answerable(expect('mismatch02', 400, 'cseq-mismatch', 'CSeq'));
  });

  it('3.1.2.19 bigcode: a status code over 699 is rejected and dropped', () => {
    const error = expect('bigcode', 400, 'malformed-start-line');
    assert.equal(error.partial, undefined);
  });
});

describe('RFC 4475 §3.2-§3.4 transaction and application layer messages', () => {
  const s = (name: string): Buffer => fixture(semanticMessages, name);

  it('3.2.1 badbranch: the bare magic cookie parses; the transaction layer decides', () => {
    assert.equal(request(s('badbranch')).topVia?.branch, 'z9hG4bK');
  });

  it('3.3.1 insuf: the 400 names every missing header', () => {
    const error = rejected(s('insuf'));
    assert.equal(error.code, 'missing-header');
    assert.equal(error.reason, 'Missing To, From, Call-ID, Max-Forwards headers');
  });

  it('3.3.2 unkscm and 3.3.3 novelsc: unknown Request-URI schemes get a 416', () => {
    for (const name of ['unkscm', 'novelsc']) {
      const error = rejected(s(name));
      assert.equal(error.status, 416, name);
      assert.ok(error.partial && createErrorResponse(error.partial, 416), name);
    }
    const accepted = parseMessage(s('novelsc'), { uriSchemes: ['sip', 'soap.beep'] });
    assert.ok(accepted.ok, 'a deployment may serve other schemes');
  });

  it('3.3.4 unksm2: unknown schemes in To, From and Contact parse as opaque URIs', () => {
    const m = request(s('unksm2'));
    assert.deepEqual(m.to.uri, { type: 'other', scheme: 'isbn', opaque: '2983792873' });
    assert.equal(m.from.uri.scheme, 'http');
    assert.equal(contacts(m)[0]?.uri.scheme, 'name');
  });

  it('3.3.5-3.3.7, 3.3.10-3.3.15: well-formed messages the layers above judge', () => {
    for (const name of [
      'bext01',
      'invut',
      'regaut01',
      'bcast',
      'zeromf',
      'cparam01',
      'cparam02',
      'regescrt',
      'sdp01',
    ]) {
      assert.ok(parseMessage(s(name)).ok, name);
    }
    assert.deepEqual(request(s('bext01')).tokens('Proxy-Require'), [
      'noProxiesSupportThis',
      'norDoAnyProxiesSupportThis',
    ]);
    assert.equal(request(s('zeromf')).maxForwards, 0);
    const [c1] = contacts(request(s('cparam01')));
    assert.deepEqual([...(c1?.params ?? [])], [['unknownparam', null]], 'a header parameter');
    const [c2] = contacts(request(s('cparam02')));
    assert.deepEqual([...sip(c2!.uri).params], [['unknownparam', null]], 'a URI parameter');
    const [c3] = contacts(request(s('regescrt')));
    assert.equal(sip(c3!.uri).headers.get('Route'), '%3Csip:sip.example.com%3E');
    assert.equal(response(s('bcast')).via[1]?.host, '255.255.255.255');
  });

  it('3.3.8 multi01 and 3.3.9 mcl01: repeated single-valued headers are a 400', () => {
    assert.equal(rejected(s('multi01')).code, 'duplicate-header');
    const mcl = rejected(s('mcl01'));
    assert.equal(mcl.code, 'duplicate-header');
    assert.equal(mcl.header, 'Content-Length');
  });

  it('3.4.1 inv2543: without Max-Forwards it is a 400 unless RFC 2543 peers are allowed', () => {
    const error = rejected(s('inv2543'));
    assert.equal(error.reason, 'Missing Max-Forwards header');
    const legacy = parseMessage(s('inv2543'), { requireMaxForwards: false });
    assert.ok(legacy.ok);
    assert.equal(legacy.message.maxForwards, undefined);
    assert.equal(legacy.message.body.length, 105, 'no Content-Length on UDP: the rest is body');
  });
});
