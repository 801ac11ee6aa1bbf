// Tests of the message model: ordered headers, case-insensitive and compact lookups, edits and cached accessors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipRequest, SipResponse } from './sip-message.ts';
import { SipSyntaxError } from './sip-syntax-error.ts';
import { parseUri } from './sip-uri.ts';

function invite(): SipRequest {
  return new SipRequest({
    method: 'INVITE',
    uri: parseUri('sip:bob@example.com'),
    headers: [
      ['v', 'SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP b.example.com;branch=z9hG4bK2'],
      ['Via', 'SIP/2.0/UDP c.example.com;branch=z9hG4bK3'],
      ['Max-Forwards', '70'],
      ['f', 'Alice <sip:alice@example.com>;tag=a1'],
      ['To', 'Bob <sip:bob@example.com>'],
      ['i', 'call-1@example.com'],
      ['CSeq', '1 INVITE'],
      ['m', '<sip:alice@192.0.2.1>;expires=60'],
      ['Contact', '<sip:alice@192.0.2.2>'],
      ['Record-Route', '<sip:p2.example.com;lr>, <sip:p1.example.com;lr>'],
      ['Supported', 'replaces, timer'],
      ['k', '100rel'],
      ['X-Custom', 'one'],
    ],
    body: 'v=0\r\n',
  });
}

describe('header lookup', () => {
  it('finds headers by any case and by compact form, in order', () => {
    const m = invite();
    assert.equal(m.get('from'), 'Alice <sip:alice@example.com>;tag=a1');
    assert.equal(m.get('F'), m.get('From'));
    assert.equal(m.get('CALL-ID'), 'call-1@example.com');
    assert.deepEqual(m.getAll('VIA').length, 2);
    assert.deepEqual(m.values('Supported'), ['replaces', 'timer', '100rel']);
    assert.deepEqual(m.tokens('k'), ['replaces', 'timer', '100rel']);
    assert.equal(m.has('x-custom'), true);
    assert.equal(m.get('Subject'), undefined);
    assert.deepEqual(
      m.headers.slice(0, 2).map((h) => h.name),
      ['v', 'Via'],
      'names are kept as given',
    );
  });

  it('parses the common headers on first use', () => {
    const m = invite();
    assert.deepEqual(
      m.via.map((v) => v.host),
      ['a.example.com', 'b.example.com', 'c.example.com'],
    );
    assert.equal(m.topVia?.branch, 'z9hG4bK1');
    assert.equal(m.from.displayName, 'Alice');
    assert.equal(m.fromTag, 'a1');
    assert.equal(m.toTag, undefined);
    assert.equal(m.callId, 'call-1@example.com');
    assert.deepEqual(m.cseq, { seq: 1, method: 'INVITE' });
    assert.equal(m.maxForwards, 70);
    const contact = m.contact;
    assert.ok(contact !== undefined && contact !== '*');
    assert.equal(contact.length, 2);
    assert.equal(contact[0]?.params.get('expires'), '60');
    assert.equal(m.recordRoute.length, 2);
    assert.equal(m.route.length, 0);
    assert.equal(m.contentType, undefined);
    assert.equal(m.expires, undefined);
    assert.equal(m.from, m.from, 'cached');
  });

  it('reports missing and malformed headers as SipSyntaxError naming the header', () => {
    const m = new SipResponse({ status: 200, reason: 'OK', headers: [['To', '<sip:a@b']] });
    assert.throws(
      () => m.to,
      (e: unknown) => e instanceof SipSyntaxError && e.header === 'To',
    );
    assert.throws(
      () => m.from,
      (e: unknown) => e instanceof SipSyntaxError && e.header === 'From',
    );
    assert.equal(m.topVia, undefined);
    assert.deepEqual(m.via, []);
    assert.equal(m.contact, undefined);
  });
});

describe('editing', () => {
  it('set replaces every line in place and drops the cached value', () => {
    const m = invite();
    assert.equal(m.contact !== '*' && m.contact?.length, 2);
    m.set('Contact', '*');
    assert.equal(m.contact, '*');
    assert.deepEqual(m.getAll('m'), ['*']);
    const names = m.headers.map((h) => h.name);
    assert.equal(names.indexOf('Contact'), 7, 'where the first Contact was');
    m.set('Subject', 'new');
    assert.equal(m.headers.at(-1)?.name, 'Subject');
  });

  it('prepend puts a Via on top; remove drops every line', () => {
    const m = invite();
    assert.equal(m.topVia?.host, 'a.example.com');
    m.prepend('Via', 'SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp');
    assert.equal(m.topVia?.host, 'proxy.example.com');
    assert.equal(m.via.length, 4);
    assert.equal(m.remove('via'), 3);
    assert.equal(m.topVia, undefined);
    m.add('Via', 'SIP/2.0/TCP d.example.com');
    assert.equal(m.via[0]?.transport, 'TCP');
  });

  it('refuses header names that are not tokens and values with CR or LF', () => {
    const m = invite();
    assert.throws(() => m.set('Bad Name', 'x'), SipSyntaxError);
    assert.throws(() => m.add('X-Inject', 'a\r\nVia: evil'), SipSyntaxError);
    assert.throws(() => m.set('X-Inject', 'a\nb'), SipSyntaxError);
    assert.throws(
      () =>
        new SipRequest({ method: 'INVITE', uri: parseUri('sip:a@b'), headers: [['To', 'x\ry']] }),
      SipSyntaxError,
    );
  });

  it('validates the start line parts', () => {
    assert.throws(
      () => new SipRequest({ method: 'IN VITE', uri: parseUri('sip:a@b') }),
      SipSyntaxError,
    );
    assert.throws(() => new SipResponse({ status: 99, reason: 'x' }), SipSyntaxError);
    assert.throws(() => new SipResponse({ status: 700, reason: 'x' }), SipSyntaxError);
    assert.throws(() => new SipResponse({ status: 200, reason: 'OK\r\nX: y' }), SipSyntaxError);
  });

  it('clone copies headers and body', () => {
    const m = invite();
    const c = m.clone();
    c.set('Max-Forwards', '69');
    c.body[0] = 0x78;
    assert.equal(m.maxForwards, 70);
    assert.equal(c.maxForwards, 69);
    assert.equal(m.body.toString(), 'v=0\r\n');
    assert.equal(c.uri, m.uri);
  });
});
