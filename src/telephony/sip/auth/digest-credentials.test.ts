// Digest credentials: the RFC examples, mandatory parameters, nc and response formats, writing them back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDigestCredentials, serializeDigestCredentials } from './digest-credentials.ts';

const RFC2617 =
  'Digest username="Mufasa", realm="testrealm@host.com", ' +
  'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, ' +
  'nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", ' +
  'opaque="5ccc069c403ebaf9f0171e9517f40e41"';

function errorOf(value: string): [string, string | undefined] | undefined {
  const result = parseDigestCredentials(value);
  return result.ok ? undefined : [result.error.code, result.error.param];
}

const MD5 = '0123456789abcdef0123456789abcdef';

describe('parseDigestCredentials', () => {
  it('reads the RFC 2617 §3.5 Authorization', () => {
    const result = parseDigestCredentials(RFC2617);
    assert.ok(result.ok);
    const c = result.value;
    assert.equal(c.username, 'Mufasa');
    assert.equal(c.realm, 'testrealm@host.com');
    assert.equal(c.uri, '/dir/index.html');
    assert.equal(c.algorithm, 'MD5');
    assert.equal(c.qop, 'auth');
    assert.equal(c.nc, '00000001');
    assert.equal(c.nonceCount, 1);
    assert.equal(c.cnonce, '0a4f113b');
    assert.equal(c.response, '6629fae49393a05397450978507c4ef1');
    assert.equal(c.opaque, '5ccc069c403ebaf9f0171e9517f40e41');
  });

  it('reads the RFC 7616 §3.9.1 SHA-256 Authorization, quoted qop tolerated', () => {
    const result = parseDigestCredentials(
      'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", ' +
        'algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
        'nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop="auth", ' +
        'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", ' +
        'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
    assert.ok(result.ok);
    assert.equal(result.value.algorithm, 'SHA-256');
    assert.equal(result.value.qop, 'auth');
  });

  it('reads legacy RFC 2069 credentials, ignoring nc and cnonce without qop', () => {
    const result = parseDigestCredentials(
      `Digest username="u", realm="r", nonce="n", uri="sip:r", response="${MD5}", nc=zz`,
    );
    assert.ok(result.ok);
    assert.equal(result.value.qop, undefined);
    assert.equal(result.value.nc, undefined);
  });

  it('lower-cases an upper-case response and takes nc in either case', () => {
    const result = parseDigestCredentials(
      `Digest username="u", realm="r", nonce="n", uri="sip:r", qop=AUTH, nc=0000000A, ` +
        `cnonce="c", response="${MD5.toUpperCase()}"`,
    );
    assert.ok(result.ok);
    assert.equal(result.value.response, MD5);
    assert.equal(result.value.nonceCount, 10);
    assert.equal(result.value.nc, '0000000A');
  });

  it('names the missing or bad parameter', () => {
    const base = 'Digest username="u", realm="r", nonce="n", uri="sip:r"';
    assert.deepEqual(errorOf(base), ['missing-param', 'response']);
    assert.deepEqual(errorOf(`${base}, response="${MD5}", qop=auth, nc=00000001`), [
      'missing-param',
      'cnonce',
    ]);
    assert.deepEqual(errorOf(`${base}, response="${MD5}", qop=auth, cnonce="c"`), [
      'missing-param',
      'nc',
    ]);
    for (const nc of ['1', '000000001', '0000000g', '00000000']) {
      assert.deepEqual(
        errorOf(`${base}, response="${MD5}", qop=auth, cnonce="c", nc=${nc}`),
        ['invalid-param', 'nc'],
        nc,
      );
    }
    assert.deepEqual(errorOf(`${base}, response="abc"`), ['invalid-param', 'response']);
    assert.deepEqual(errorOf(`${base}, response="${MD5}", algorithm=SHA-256`), [
      'invalid-param',
      'response',
    ]);
    assert.deepEqual(errorOf(`${base}, response="${'z'.repeat(32)}"`), [
      'invalid-param',
      'response',
    ]);
    assert.deepEqual(errorOf(`${base}, response="${MD5}", algorithm=SHA-1`), [
      'unsupported-algorithm',
      'algorithm',
    ]);
    assert.deepEqual(errorOf(`${base}, response="${MD5}", qop=auth-conf`), [
      'unsupported-qop',
      'qop',
    ]);
    assert.deepEqual(errorOf(`${base}, response="${MD5}", userhash=true`), [
      'unsupported-param',
      'userhash',
    ]);
    assert.deepEqual(errorOf(`${base}, response="${MD5}", uri="x"`), ['duplicate-param', 'uri']);
    assert.deepEqual(
      errorOf(`Digest username="", realm="r", nonce="n", uri="u", response="${MD5}"`),
      ['invalid-param', 'username'],
    );
    assert.deepEqual(errorOf('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='), ['not-digest', undefined]);
    assert.deepEqual(errorOf(`${RFC2617}, Digest realm="x"`), ['syntax', undefined]);
  });
});

describe('serializeDigestCredentials', () => {
  it('writes what parses back, escaping the username', () => {
    const value = serializeDigestCredentials({
      username: 'ag"ent\\7',
      realm: 'pbx.example.com',
      nonce: 'n',
      uri: 'sip:pbx.example.com',
      response: MD5,
      algorithm: 'MD5',
      qop: 'auth',
      nc: '00000002',
      cnonce: 'c',
      opaque: 'o',
    });
    assert.equal(
      value,
      'Digest username="ag\\"ent\\\\7", realm="pbx.example.com", nonce="n", ' +
        `uri="sip:pbx.example.com", response="${MD5}", algorithm=MD5, cnonce="c", ` +
        'opaque="o", qop=auth, nc=00000002',
    );
    const back = parseDigestCredentials(value);
    assert.ok(back.ok);
    assert.equal(back.value.username, 'ag"ent\\7');
    assert.equal(back.value.nonceCount, 2);
  });
});
