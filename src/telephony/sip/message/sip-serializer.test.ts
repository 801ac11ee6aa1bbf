// Tests of serialization (Content-Length always right) and of response building (RFC 3261 §8.2.6).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipRequest, SipResponse } from './sip-message.ts';
import { parseMessage } from './sip-parser.ts';
import { createErrorResponse, createResponse, serializeMessage } from './sip-serializer.ts';
import { parseUri } from './sip-uri.ts';

const INVITE = [
  'INVITE sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2',
  'v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;rport=5060;received=192.0.2.1',
  'Max-Forwards: 69',
  'Record-Route: <sip:proxy.example.com;lr>',
  'f: "Alice" <sip:alice@example.com>;tag=a1',
  'To: Bob <sip:bob@example.com>',
  'Call-ID: c1@example.com',
  'CSeq: 7 INVITE',
  'Timestamp: 54.3',
  'Contact: <sip:alice@192.0.2.1>',
  'Content-Type: application/sdp',
  'Content-Length: 5',
  '',
  'v=0\r\n',
].join('\r\n');

function request(text = INVITE): SipRequest {
  const r = parseMessage(text);
  assert.ok(r.ok && r.message instanceof SipRequest);
  return r.message;
}

describe('serializeMessage', () => {
  it('writes the start line, the headers in order, and a Content-Length from the body', () => {
    const m = request();
    m.body = Buffer.from('v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n');
    const text = serializeMessage(m).toString();
    const lines = text.split('\r\n');
    assert.equal(lines[0], 'INVITE sip:bob@example.com SIP/2.0');
    assert.equal(
      lines[2],
      'v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;rport=5060;received=192.0.2.1',
    );
    assert.equal(lines.filter((l) => /^content-length:/i.test(l)).length, 1);
    assert.ok(text.includes(`Content-Length: ${m.body.length}\r\n\r\nv=0`));
    const again = parseMessage(serializeMessage(m), { transport: 'stream' });
    assert.ok(again.ok);
    assert.deepEqual(again.message.body, m.body);
  });

  it('writes UTF-8 and binary bodies byte for byte', () => {
    const body = Buffer.from([0, 1, 2, 0xff, 0xfe]);
    const m = new SipResponse({
      status: 200,
      reason: 'Très bien',
      headers: [['To', '"Zoë" <sip:z@example.com>']],
      body,
    });
    const out = serializeMessage(m);
    assert.ok(out.includes(Buffer.from('SIP/2.0 200 Très bien\r\n', 'utf8')));
    assert.deepEqual(out.subarray(out.length - 5), body);
    assert.ok(out.includes(Buffer.from('Content-Length: 5\r\n')));
  });

  it('drops any Content-Length given, compact or not', () => {
    const m = new SipRequest({
      method: 'OPTIONS',
      uri: parseUri('sip:a@b'),
      headers: [
        ['l', '99'],
        ['Content-Length', '12'],
      ],
    });
    assert.equal(
      serializeMessage(m).toString(),
      'OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n',
    );
  });
});

describe('createResponse (RFC 3261 §8.2.6.2)', () => {
  it('copies every Via, From, To, Call-ID and CSeq, and tags the To', () => {
    const res = createResponse(request(), 180, undefined, { toTag: 'b7' });
    assert.equal(res.status, 180);
    assert.equal(res.reason, 'Ringing');
    assert.deepEqual(res.getAll('via'), [
      'SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2',
      'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;rport=5060;received=192.0.2.1',
    ]);
    assert.equal(res.get('From'), '"Alice" <sip:alice@example.com>;tag=a1');
    assert.equal(res.get('To'), 'Bob <sip:bob@example.com>;tag=b7');
    assert.equal(res.toTag, 'b7');
    assert.equal(res.callId, 'c1@example.com');
    assert.deepEqual(res.cseq, { seq: 7, method: 'INVITE' });
    assert.equal(res.get('Record-Route'), undefined);
    assert.equal(res.get('Timestamp'), undefined);
    assert.equal(res.get('Contact'), undefined);
  });

  it('keeps an existing To tag, and tags an addr-spec To correctly', () => {
    const tagged = request(
      INVITE.replace('To: Bob <sip:bob@example.com>', 'To: <sip:bob@example.com>;tag=old'),
    );
    assert.equal(createResponse(tagged, 200, 'OK', { toTag: 'new' }).toTag, 'old');
    const bare = request(
      INVITE.replace('To: Bob <sip:bob@example.com>', 'To: sip:bob@example.com'),
    );
    const res = createResponse(bare, 486, undefined, { toTag: 'x' });
    assert.equal(res.get('To'), 'sip:bob@example.com;tag=x');
    assert.equal(res.reason, 'Busy Here');
  });

  it('copies Record-Route when asked (RFC 3261 §12.1.1) and Timestamp into a 100 (§8.2.6.1)', () => {
    const ok = createResponse(request(), 200, 'OK', {
      toTag: 't',
      recordRoute: true,
      headers: [['Contact', '<sip:agent@192.0.2.9>']],
      body: 'v=0\r\n',
    });
    assert.equal(ok.recordRoute[0]?.uri.type, 'sip');
    assert.equal(ok.get('Contact'), '<sip:agent@192.0.2.9>');
    assert.equal(ok.body.toString(), 'v=0\r\n');
    assert.equal(createResponse(request(), 100).get('Timestamp'), '54.3');
  });

  it('serializes to a response that parses', () => {
    const r = parseMessage(
      serializeMessage(createResponse(request(), 603, 'Decline', { toTag: 'd' })),
    );
    assert.ok(r.ok && r.message instanceof SipResponse);
    assert.equal(r.message.status, 603);
  });
});

describe('createErrorResponse', () => {
  it('answers a request that failed to parse from the partial', () => {
    const bad = INVITE.replace('Max-Forwards: 69', 'Max-Forwards: 999');
    const r = parseMessage(bad);
    assert.ok(!r.ok && r.error.partial);
    const res = createErrorResponse(r.error.partial, r.error.status, r.error.reason);
    assert.ok(res);
    assert.equal(res.status, 400);
    assert.equal(res.reason, r.error.reason);
    assert.equal(res.getAll('Via').length, 2);
    assert.equal(res.get('Call-ID'), 'c1@example.com');
    const round = parseMessage(serializeMessage(res));
    assert.ok(round.ok);
  });

  it('gives nothing for responses or requests without the headers to answer', () => {
    assert.equal(createErrorResponse({ kind: 'response', via: ['SIP/2.0/UDP h'] }, 400), undefined);
    assert.equal(createErrorResponse({ kind: 'request', via: [] }, 400), undefined);
  });

  it('keeps the reason phrase on one line', () => {
    const r = parseMessage(INVITE.replace('Max-Forwards: 69', 'Max-Forwards: x'));
    assert.ok(!r.ok && r.error.partial);
    const res = createErrorResponse(r.error.partial, 400, 'bad\r\nInjected: header');
    assert.equal(res?.reason, 'bad Injected: header');
  });
});
