// RFC 4475 §3.1.1 torture tests: every valid message parses, with the values the RFC gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validMessages } from './fixtures/rfc4475-valid.ts';
import { unquote } from './header-params.ts';
import { serializeMessage } from './sip-serializer.ts';
import { parseMessage } from './sip-parser.ts';
import { contacts, fixture, request, response, sip } from './fixtures/torture-helpers.ts';
import { uriEquals } from './uri-equals.ts';
import { unescapeUri } from './uri-escape.ts';
import { parseUri } from './sip-uri.ts';

describe('RFC 4475 §3.1.1 valid messages', () => {
  const v = (name: string): Buffer => fixture(validMessages, name);

  it('every one parses, serializes and parses again to the same start line and headers', () => {
    for (const [name, m] of Object.entries(validMessages)) {
      const first = parseMessage(m.bytes);
      assert.ok(first.ok, `${name}: ${first.ok ? '' : first.error.reason}`);
      const again = parseMessage(serializeMessage(first.message));
      assert.ok(again.ok, `${name} round trip: ${again.ok ? '' : again.error.reason}`);
      assert.deepEqual(again.message.body, first.message.body, name);
      assert.equal(again.message.callId, first.message.callId, name);
    }
  });

  it('3.1.1.1 wsinv: folding, escaped quotes, LWS everywhere, compact and long forms', () => {
    const m = request(v('wsinv'));
    assert.equal(m.method, 'INVITE');
    const ruri = sip(m.uri);
    assert.equal(ruri.user, 'vivekg');
    assert.equal(ruri.host, 'chair-dnrc.example.com');
    assert.deepEqual([...ruri.params], [['unknownparam', null]]);
    assert.equal(m.callId, 'wsinv.ndaksdj@192.0.2.1');
    assert.equal(m.to.displayName, undefined);
    assert.equal(sip(m.to.uri).user, 'vivekg');
    assert.equal(m.toTag, '1918181833n');
    // "J Rosenberg \\\"" is the quoted-string; its value is: J Rosenberg \"
    assert.equal(m.from.displayName, 'J Rosenberg \\"');
    assert.equal(m.fromTag, '98asjd8');
    assert.equal(m.maxForwards, 68);
    assert.deepEqual(m.cseq, { seq: 9, method: 'INVITE' });
    assert.equal(m.get('Subject'), '');
    assert.equal(m.get('s'), '');
    assert.equal(m.get('NewFangledHeader'), 'newfangled value continued newfangled value');
    assert.equal(m.get('UnknownHeaderWithUnusualValue'), ';;,,;;,;');
    assert.deepEqual(
      m.via.map((x) => [x.transport, x.host, x.branch]),
      [
        ['UDP', '192.0.2.2', '390skdjuw'],
        ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
        ['UDP', '192.168.255.111', 'z9hG4bK30239'],
      ],
    );
    const route = m.route[0];
    assert.ok(route);
    assert.deepEqual([...sip(route.uri).params.keys()], ['lr', 'unknownwith', 'unknown-no-value']);
    const [contact] = contacts(m);
    assert.ok(contact);
    assert.equal(contact.displayName, 'Quoted string ""');
    assert.deepEqual(
      [...contact.params],
      [
        ['newparam', 'newvalue'],
        ['secondparam', null],
        ['q', '0.33'],
      ],
    );
    assert.equal(m.contentType?.subtype, 'sdp');
    assert.equal(m.body.length, 150);
  });

  it('3.1.1.2 intmeth: unusual method, URI, quoted NUL, token display name, UTF-8', () => {
    const m = request(v('intmeth'));
    assert.equal(m.method, "!interesting-Method0123456789_*+`.%indeed'~");
    const ruri = sip(m.uri);
    assert.equal(ruri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    assert.equal(ruri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    assert.equal(ruri.host, 'example.com');
    assert.equal(m.topVia?.branch, "z9hG4bK-.!%66*_+`'~");
    assert.equal(m.to.displayName, 'BEL:\x07 NUL:\x00 DEL:\x7f');
    assert.equal(m.from.displayName, "token1~` token2'+_ token3*%!.-");
    assert.equal(unquote(m.from.params.get("fromparam''~+*_!.-%") ?? ''), 'работающий');
    assert.equal(m.fromTag, "_token~1'+`*%!-.");
    assert.equal(m.callId, 'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    assert.equal(m.cseq.seq, 139122385);
    assert.equal(m.maxForwards, 255);
    assert.equal(m.get("extensionHeader-!.%*+_`'~"), '\uFEFF大停電');
  });

  it('3.1.1.3 esc01: escapes in user parts and URI parameters are decoded once', () => {
    const m = request(v('esc01'));
    assert.equal(unescapeUri(sip(m.uri).user ?? ''), 'sips:user@example.com');
    assert.equal(unescapeUri(sip(m.to.uri).user ?? ''), 'user');
    assert.equal(unescapeUri(sip(m.from.uri).user ?? ''), 'I have spaces');
    assert.ok(uriEquals(m.to.uri, parseUri('sip:user@example.com')));
    const [contact] = contacts(m);
    assert.ok(contact);
    const uri = sip(contact.uri);
    assert.equal(unescapeUri(uri.user ?? ''), 'caller');
    assert.equal(unescapeUri(uri.params.get('n%61me') ?? ''), 'value%41'); // not "valueA"
    assert.ok(uriEquals(uri, parseUri('sip:caller@host5.example.net;lr;name=value%2541')));
    assert.equal(m.callId, 'esc01.239409asdfakjkn23onasd0-3234');
  });

  it('3.1.1.4 escnull: escaped NULs do not shorten the user part', () => {
    const m = request(v('escnull'));
    assert.equal(unescapeUri(sip(m.to.uri).user ?? ''), 'null-\x00-null');
    assert.equal(unescapeUri(sip(m.from.uri).user ?? ''), 'null-\x00-null');
    const [a, b] = contacts(m);
    assert.ok(a && b);
    assert.equal(unescapeUri(sip(a.uri).user ?? ''), '\x00');
    assert.equal(unescapeUri(sip(b.uri).user ?? ''), '\x00\x00');
    assert.equal(uriEquals(a.uri, b.uri), false, 'two distinct bindings');
  });

  it('3.1.1.5 esc02: % is no escape in methods, display names or header names', () => {
    const m = request(v('esc02'));
    assert.equal(m.method, 'RE%47IST%45R');
    assert.equal(m.to.displayName, '%Z%45');
    assert.equal(m.from.displayName, '%Z%45');
    assert.equal(contacts(m).length, 2);
    assert.equal(m.get('C%6Fntact'), '<sip:alias2@host2.example.com>');
    assert.equal(m.topVia?.branch, 'z9hG4bK209%fzsnel234');
  });

  it('3.1.1.6 lwsdisp: no LWS between display name and <', () => {
    const m = request(v('lwsdisp'));
    assert.equal(m.from.displayName, 'caller');
    assert.equal(sip(m.from.uri).user, 'caller');
  });

  it('3.1.1.7 longreq: long values and 34 Via values', () => {
    const m = request(v('longreq'));
    assert.equal(m.to.displayName, `I have a user name of ${'extreme'.repeat(10)} proportion`);
    assert.equal(sip(m.to.uri).port, 6000);
    assert.equal(sip(m.to.uri).params.size, 3);
    assert.match(m.fromTag ?? '', /^1(298)+2424$/);
    assert.equal(m.fromTag?.length, 155);
    assert.equal(m.via.length, 34);
    assert.equal(m.via[0]?.host, 'sip33.example.com');
    assert.equal(m.via[33]?.received, '192.0.2.5');
    assert.ok(m.callId.startsWith('longreq.onereally'));
  });

  it('3.1.1.8 dblreq: octets past Content-Length in a datagram are ignored', () => {
    const m = request(v('dblreq'));
    assert.equal(m.method, 'REGISTER');
    assert.equal(m.body.length, 0);
    assert.equal(m.callId, 'dblreq.0ha0isndaksdj99sdfafnl3lk233412');
  });

  it('3.1.1.9 semiuri: a ";" in the user part is user, not a parameter', () => {
    const m = request(v('semiuri'));
    const ruri = sip(m.uri);
    assert.equal(unescapeUri(ruri.user ?? ''), 'user;par=u@example.net');
    assert.equal(ruri.params.size, 0);
    assert.deepEqual(m.values('Accept'), [
      'application/sdp',
      'application/pkcs7-mime',
      'multipart/mixed',
      'multipart/signed',
      'message/sip',
      'message/sipfrag',
    ]);
  });

  it('3.1.1.10 transports: known and unknown transports', () => {
    const m = request(v('transports'));
    assert.deepEqual(
      m.via.map((x) => x.transport),
      ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP'],
    );
    assert.equal(m.callId, 'transports.kijh4akdnaqjkwendsasfdj');
  });

  it('3.1.1.11 mpart01: a binary body with NULs is framed by Content-Length', () => {
    const m = request(v('mpart01'));
    assert.equal(m.body.length, 553);
    assert.ok(m.body.includes(0));
    assert.equal(m.contentType?.type, 'multipart');
    assert.equal(m.contentType?.params.get('boundary'), '7a9cbec02ceef655');
    assert.equal(m.topVia?.hasRport, true);
    assert.equal(m.topVia?.rport, undefined);
    assert.equal(m.topVia?.port, 5070);
  });

  it('3.1.1.12 unreason: a UTF-8 Reason-Phrase', () => {
    const m = response(v('unreason'));
    assert.equal(m.status, 200);
    assert.equal(m.reason, '= 2**3 * 5**2 но сто девяносто девять - простое');
    assert.equal(m.body.length, 154);
  });

  it('3.1.1.13 noreason: an empty Reason-Phrase', () => {
    const m = response(v('noreason'));
    assert.equal(m.status, 100);
    assert.equal(m.reason, '');
  });
});
