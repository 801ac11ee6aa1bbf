// The shared auth header grammar: quoting, escapes, whitespace, list elements and garbage.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isToken, parseAuthHeader, quoteString } from './auth-params.ts';

function one(value: string): Map<string, string> {
  const result = parseAuthHeader(value);
  assert.ok(result.ok, result.ok ? '' : result.error.reason);
  assert.equal(result.value.length, 1);
  return new Map(result.value[0]!.params);
}

function code(value: string): string | undefined {
  const result = parseAuthHeader(value);
  return result.ok ? undefined : result.error.code;
}

describe('parseAuthHeader', () => {
  it('reads the RFC 2617 §3.5 challenge, comma inside quotes included', () => {
    const result = parseAuthHeader(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", ' +
        'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    assert.ok(result.ok);
    assert.equal(result.value[0]!.scheme, 'Digest');
    assert.deepEqual(Object.fromEntries(result.value[0]!.params), {
      realm: 'testrealm@host.com',
      qop: 'auth,auth-int',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    });
  });

  it('lower-cases parameter names but keeps values and the scheme as sent', () => {
    const result = parseAuthHeader('DIGEST REALM="Mixed.Case", Algorithm=Md5');
    assert.ok(result.ok);
    assert.equal(result.value[0]!.scheme, 'DIGEST');
    assert.deepEqual(Object.fromEntries(result.value[0]!.params), {
      realm: 'Mixed.Case',
      algorithm: 'Md5',
    });
  });

  it('unescapes quoted-pairs', () => {
    const params = one('Digest realm="say \\"hi\\" \\\\ \\x", nonce="a,b=c"');
    assert.equal(params.get('realm'), 'say "hi" \\ x');
    assert.equal(params.get('nonce'), 'a,b=c');
  });

  it('keeps UTF-8 inside quotes (RFC 3261 qdtext allows UTF8-NONASCII)', () => {
    assert.equal(one('Digest username="J\u00e4s\u00f8n"').get('username'), 'J\u00e4s\u00f8n');
  });

  it('accepts odd whitespace: tabs, spaces around = and commas, folding, empty elements', () => {
    const params = one(
      'Digest\trealm = "r" ,nonce=\t"n",\r\n  qop="auth" , , stale = TRUE,\n\talgorithm=MD5 ,',
    );
    assert.deepEqual(Object.fromEntries(params), {
      realm: 'r',
      nonce: 'n',
      qop: 'auth',
      stale: 'TRUE',
      algorithm: 'MD5',
    });
  });

  it('keeps the whitespace of a folded line inside quotes, dropping the line break', () => {
    assert.equal(one('Digest realm="a\r\n b"').get('realm'), 'a b');
  });

  it('accepts a trailing line break', () => {
    assert.equal(one('Digest realm="r"\r\n').get('realm'), 'r');
  });

  it('takes token and quoted values alike', () => {
    const params = one('Digest qop="auth", nc=00000001, algorithm="SHA-256"');
    assert.equal(params.get('qop'), 'auth');
    assert.equal(params.get('nc'), '00000001');
    assert.equal(params.get('algorithm'), 'SHA-256');
  });

  it('splits several challenges in one value (RFC 7235 §4.1)', () => {
    const result = parseAuthHeader('Digest realm="a", nonce="1", Basic realm="b", Bearer');
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.map((i) => [i.scheme, Object.fromEntries(i.params)]),
      [
        ['Digest', { realm: 'a', nonce: '1' }],
        ['Basic', { realm: 'b' }],
        ['Bearer', {}],
      ],
    );
  });

  it('reads a lone name after a comma as a new scheme, and "name=" as a token68 (RFC 7235 §2.1)', () => {
    const split = parseAuthHeader('Digest realm="r", nonce');
    assert.ok(split.ok);
    assert.deepEqual(
      split.value.map((i) => i.scheme),
      ['Digest', 'nonce'],
    );
    const token68 = parseAuthHeader('Digest realm=');
    assert.ok(token68.ok);
    assert.equal(token68.value[0]!.token68, 'realm=');
  });

  it('reads token68 credentials of other schemes', () => {
    const result = parseAuthHeader('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    assert.ok(result.ok);
    assert.equal(result.value[0]!.token68, 'QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });

  it('refuses a parameter given twice, whatever its case', () => {
    assert.equal(code('Digest realm="a", REALM="b"'), 'duplicate-param');
    const result = parseAuthHeader('Digest nonce="1", realm="a", nonce="1"');
    assert.ok(!result.ok);
    assert.equal(result.error.param, 'nonce');
  });

  it('refuses garbage with a syntax error and never throws', () => {
    const garbage = [
      '',
      '   ',
      ',,',
      '"',
      '=',
      'Digest =x',
      'Digest realm=,nonce="n"',
      'Digest realm="unterminated',
      'Digest realm="bad escape\\',
      'Digest realm="r" nonce="n"',
      'Digest realm="r"nonce="n"',
      'realm="r"',
      'Digest realm="a\u0000b"',
      'Digest realm="a\rb"',
      'Digest realm="r",\nnonce="n"',
      'Digest realm=a"b"',
      'Digest realm=@host',
      'Digest realm="r" ; nonce="n"',
      'Basic abc=, realm="x"',
      `Digest realm="${'x'.repeat(20_000)}"`,
      '\u00e9 realm="r"',
    ];
    for (const value of garbage) {
      assert.equal(code(value), 'syntax', JSON.stringify(value.slice(0, 40)));
    }
  });
});

describe('quoteString and isToken', () => {
  it('escapes quotes and backslashes so the value parses back the same', () => {
    const nasty = 'a "b" \\c, d=e';
    assert.equal(quoteString(nasty), '"a \\"b\\" \\\\c, d=e"');
    assert.equal(one(`Digest realm=${quoteString(nasty)}`).get('realm'), nasty);
  });

  it('recognises tokens', () => {
    assert.ok(isToken('SHA-256'));
    assert.ok(!isToken('a b'));
    assert.ok(!isToken(''));
  });
});
