// Tests of name-addr / addr-spec values, header parameters, quoted strings and list splitting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quote, splitList, unquote } from './header-params.ts';
import {
  parseContact,
  parseNameAddr,
  parseNameAddrList,
  serializeNameAddr,
  tagOf,
} from './name-addr.ts';
import { SipSyntaxError } from './sip-syntax-error.ts';
import type { SipUri } from './sip-uri.ts';
import { serializeUri } from './sip-uri.ts';

describe('parseNameAddr', () => {
  it('reads a quoted display name with quoted-pairs', () => {
    const v = parseNameAddr('"Alice \\"Al\\" Smith\\\\" <sip:alice@example.com>;tag=1234');
    assert.equal(v.displayName, 'Alice "Al" Smith\\');
    assert.equal(serializeUri(v.uri), 'sip:alice@example.com');
    assert.equal(tagOf(v), '1234');
  });

  it('reads a display name of tokens, with or without LWS before "<"', () => {
    assert.equal(parseNameAddr('Alice  Smith <sip:a@example.com>').displayName, 'Alice  Smith');
    assert.equal(parseNameAddr('caller<sip:caller@example.com>').displayName, 'caller');
    assert.equal(parseNameAddr('Jörg <sip:j@example.com>').displayName, 'Jörg');
  });

  it('reads "<uri>" alone and an addr-spec, whose ";" starts header parameters', () => {
    const a = parseNameAddr('<sip:bob@example.com;transport=tcp>;expires=60');
    assert.equal(a.displayName, undefined);
    assert.equal((a.uri as SipUri).params.get('transport'), 'tcp');
    assert.equal(a.params.get('expires'), '60');
    const b = parseNameAddr('sip:bob@example.com;transport=tcp');
    assert.equal((b.uri as SipUri).params.size, 0);
    assert.equal(b.params.get('transport'), 'tcp');
    const c = parseNameAddr('  sip:vivekg@example.com ;   tag    = 1918181833n  ');
    assert.equal(tagOf(c), '1918181833n');
  });

  it('keeps parameter values as written: quoted strings keep their quotes', () => {
    const v = parseNameAddr(
      '<sip:a@b>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>";q=0.5;lr',
    );
    assert.equal(
      v.params.get('+sip.instance'),
      '"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>"',
    );
    assert.equal(
      unquote(v.params.get('+sip.instance') ?? ''),
      '<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>',
    );
    assert.equal(v.params.get('q'), '0.5');
    assert.equal(v.params.get('lr'), null);
  });

  it('refuses malformed values, naming the header', () => {
    for (const bad of [
      '',
      '"unterminated <sip:a@b>',
      '"name" sip:a@b',
      'Bell, Alexander <sip:a@b>',
      '< sip:a@b >',
      '<sip:a@b',
      '<sip:a@b>;;tag=1',
      '<sip:a@b>;tag=1;tag=2',
      '<sip:a@b>;tag=',
      'sip:a@b?Route=x',
      '<sip:a@b> junk',
      '<sip:a@b>, <sip:c@d>',
      '"ctl\x01" <sip:a@b>',
    ]) {
      assert.throws(
        () => parseNameAddr(bad, 'From'),
        (e: unknown) => e instanceof SipSyntaxError && e.header === 'From',
        JSON.stringify(bad),
      );
    }
  });
});

describe('lists and Contact', () => {
  it('splits on commas outside quotes and <>', () => {
    const list = parseNameAddrList(
      '"Doe, John" <sip:j,k@example.com;x=a>;q=1, <sip:k@example.com> , sip:l@example.com',
    );
    assert.deepEqual(
      list.map((v) => [v.displayName, serializeUri(v.uri)]),
      [
        ['Doe, John', 'sip:j,k@example.com;x=a'],
        [undefined, 'sip:k@example.com'],
        [undefined, 'sip:l@example.com'],
      ],
    );
    assert.throws(() => parseNameAddrList('<sip:a@b>,,<sip:c@d>'), SipSyntaxError);
    assert.throws(() => parseNameAddrList('<sip:a@b>,'), SipSyntaxError);
  });

  it('reads the Contact wildcard', () => {
    assert.equal(parseContact(' * '), '*');
    const list = parseContact('<sip:a@b>;expires=3600, <sip:c@d>;q=0.7');
    assert.ok(list !== '*');
    assert.deepEqual(
      list.map((c) => c.params.get('expires') ?? c.params.get('q')),
      ['3600', '0.7'],
    );
    assert.throws(() => parseContact('*, <sip:a@b>'), SipSyntaxError);
  });

  it('splitList keeps quoted commas and drops empty elements', () => {
    assert.deepEqual(splitList('a, "b,c" , <d,e>,,f'), ['a', '"b,c"', '<d,e>', 'f']);
    assert.deepEqual(splitList('  '), []);
    assert.deepEqual(splitList('one'), ['one']);
  });
});

describe('serialization', () => {
  it('always writes the name-addr form with a quoted display name', () => {
    const v = parseNameAddr('Alice <sip:alice@example.com>;tag=9');
    assert.equal(serializeNameAddr(v), '"Alice" <sip:alice@example.com>;tag=9');
    const w = parseNameAddr('sip:bob@example.com;tag=1');
    assert.equal(serializeNameAddr(w), '<sip:bob@example.com>;tag=1');
    assert.deepEqual(parseNameAddr(serializeNameAddr(v)), v);
  });

  it('quotes with quoted-pairs and refuses CR and LF', () => {
    assert.equal(quote('a "b" \\c\x07'), '"a \\"b\\" \\\\c\\\x07"');
    assert.equal(unquote(quote('a "b" \\c')), 'a "b" \\c');
    assert.equal(unquote('plain'), 'plain');
    assert.throws(() => quote('line\r\nbreak'), SipSyntaxError);
  });
});
