// The trunk side: answering 401/407 challenges, choosing an algorithm, counting nc, and the RFC examples verbatim.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DigestClientOptions } from './digest-client.ts';
import { DigestClient } from './digest-client.ts';
import { parseDigestCredentials } from './digest-credentials.ts';
import { ha1 } from './digest-math.ts';

const NONCE = '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v';
const OPAQUE = 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS';
const RFC7616 = (algorithm: string): string =>
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, ` +
  `nonce="${NONCE}", opaque="${OPAQUE}"`;

function mufasa(options: Partial<DigestClientOptions> = {}): DigestClient {
  return new DigestClient({
    credentials: { username: 'Mufasa', password: 'Circle of Life' },
    cnonce: () => 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    ...options,
  });
}

function sole(client: DigestClient, challenges: readonly string[], body?: string) {
  const result = client.authorize({
    challenges,
    method: 'GET',
    requestUri: '/dir/index.html',
    ...(body === undefined ? {} : { body }),
  });
  assert.ok(result.ok, result.ok ? '' : result.error.reason);
  assert.equal(result.authorizations.length, 1);
  return result.authorizations[0]!;
}

const ALGORITHM = (c: string): string | undefined => /algorithm=([^,]+)/.exec(c)?.[1];

describe('DigestClient and the RFC examples', () => {
  it('answers RFC 7616 §3.9.1 with its SHA-256 Authorization', () => {
    const auth = sole(mufasa(), [RFC7616('SHA-256'), RFC7616('MD5')]);
    assert.equal(
      auth.value,
      'Digest username="Mufasa", realm="http-auth@example.org", ' +
        `nonce="${NONCE}", uri="/dir/index.html", ` +
        'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", ' +
        'algorithm=SHA-256, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", ' +
        `opaque="${OPAQUE}", qop=auth, nc=00000001`,
    );
  });

  it('answers RFC 7616 §3.9.1 with its MD5 Authorization when only MD5 is enabled', () => {
    const auth = sole(mufasa({ algorithms: ['MD5'] }), [RFC7616('SHA-256'), RFC7616('MD5')]);
    assert.match(auth.value, /response="8ca523f5e9506fed4657c9700eebdbec"/);
    assert.equal(auth.algorithm, 'MD5');
  });

  it('answers the RFC 2617 §3.5 challenge with its response', () => {
    const client = new DigestClient({
      credentials: { username: 'Mufasa', password: 'Circle Of Life' },
      cnonce: () => '0a4f113b',
    });
    const auth = sole(client, [
      'Digest realm="testrealm@host.com", qop="auth,auth-int", ' +
        'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    ]);
    const parsed = parseDigestCredentials(auth.value);
    assert.ok(parsed.ok);
    assert.equal(parsed.value.response, '6629fae49393a05397450978507c4ef1');
    assert.equal(parsed.value.opaque, '5ccc069c403ebaf9f0171e9517f40e41');
  });
});

describe('DigestClient choosing a challenge', () => {
  const challenge = (algorithm: string, nonce = 'n'): string =>
    `Digest realm="carrier.example.net", nonce="${nonce}", qop="auth", algorithm=${algorithm}`;

  it('takes the strongest algorithm wherever it is listed (RFC 8760 §3 downgrade)', () => {
    const client = mufasa();
    const auth = sole(client, [challenge('MD5'), challenge('SHA-256'), challenge('SHA-512-256')]);
    assert.equal(auth.algorithm, 'SHA-512-256');
  });

  it('keeps the server order between equally strong challenges', () => {
    const auth = sole(mufasa(), [challenge('SHA-256-sess', 'a'), challenge('SHA-256', 'b')]);
    assert.equal(auth.algorithm, 'SHA-256-sess');
  });

  it('skips challenges it cannot use and says why when none is left', () => {
    const auth = sole(mufasa(), [
      'Basic realm="x"',
      challenge('SHA-1'),
      'Digest realm="r" garbage',
      challenge('MD5'),
    ]);
    assert.equal(auth.algorithm, 'MD5');
    const none = mufasa().authorize({
      challenges: ['Basic realm="x"', challenge('SHA-1')],
      method: 'INVITE',
      requestUri: 'sip:+15551234@carrier.example.net',
    });
    assert.ok(!none.ok);
    assert.equal(none.error.code, 'no-usable-challenge');
    assert.match(none.error.reason, /Basic/);
    assert.match(none.error.reason, /SHA-1/);
    const empty = mufasa().authorize({ challenges: [], method: 'INVITE', requestUri: 'sip:x' });
    assert.ok(!empty.ok);
  });

  it('answers each realm challenged, or only its own when it has one', () => {
    const two = [challenge('MD5'), 'Digest realm="proxy.example.org", nonce="p", qop="auth"'];
    const all = mufasa().authorize({ challenges: two, method: 'INVITE', requestUri: 'sip:x' });
    assert.ok(all.ok);
    assert.deepEqual(
      all.authorizations.map((a) => a.realm),
      ['carrier.example.net', 'proxy.example.org'],
    );
    const own = new DigestClient({
      credentials: { username: 'trunk', password: 'pw', realm: 'proxy.example.org' },
    }).authorize({ challenges: two, method: 'INVITE', requestUri: 'sip:x' });
    assert.ok(own.ok);
    assert.deepEqual(
      own.authorizations.map((a) => a.realm),
      ['proxy.example.org'],
    );
  });

  it('works from stored HA1s, using only the hashes it has', () => {
    const client = new DigestClient({
      credentials: {
        username: 'Mufasa',
        realm: 'http-auth@example.org',
        ha1: { MD5: ha1('Mufasa', 'http-auth@example.org', 'Circle of Life', 'MD5') },
      },
      cnonce: () => 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    });
    const auth = sole(client, [RFC7616('SHA-256'), RFC7616('MD5')]);
    assert.match(auth.value, /response="8ca523f5e9506fed4657c9700eebdbec"/);
  });

  it('refuses to be built without a secret, or with HA1s but no realm', () => {
    assert.throws(() => new DigestClient({ credentials: { username: 'u' } }));
    assert.throws(() => new DigestClient({ credentials: { username: 'u', ha1: { MD5: 'x' } } }));
  });
});

describe('DigestClient nonce-counts and qop', () => {
  const c = (qop: string, algorithm = 'MD5', nonce = 'n'): string =>
    `Digest realm="r", nonce="${nonce}", algorithm=${algorithm}${qop}`;

  it('counts nc per nonce and reuses the last challenge on request', () => {
    const client = mufasa();
    assert.equal(sole(client, [c(', qop="auth"')]).nonceCount, 1);
    const second = sole(client, [c(', qop="auth"')]);
    assert.equal(second.nonceCount, 2);
    assert.match(second.value, /nc=00000002/);
    assert.equal(sole(client, [c(', qop="auth"', 'MD5', 'other')]).nonceCount, 1);
    const [next] = client.reauthorize({ method: 'INVITE', requestUri: 'sip:x' });
    assert.equal(next?.nonceCount, 2);
    client.reset();
    assert.deepEqual(client.reauthorize({ method: 'INVITE', requestUri: 'sip:x' }), []);
  });

  it('uses a fresh cnonce for every request by default', () => {
    const client = new DigestClient({ credentials: { username: 'u', password: 'p' } });
    const cnonce = (v: string) => /cnonce="([^"]+)"/.exec(v)?.[1];
    const a = sole(client, [c(', qop="auth"')]);
    const b = sole(client, [c(', qop="auth"')]);
    assert.ok(cnonce(a.value) && cnonce(a.value) !== cnonce(b.value));
  });

  it('prefers auth, and answers auth-int only when the body is given', () => {
    assert.equal(sole(mufasa(), [c(', qop="auth-int,auth"')]).qop, 'auth');
    const noBody = mufasa().authorize({
      challenges: [c(', qop="auth-int"')],
      method: 'INVITE',
      requestUri: 'sip:x',
    });
    assert.ok(!noBody.ok);
    assert.equal(sole(mufasa(), [c(', qop="auth-int"')], 'v=0\r\n').qop, 'auth-int');
  });

  it('answers a challenge without qop the RFC 2069 way, unless told not to', () => {
    const legacy = sole(mufasa(), [c('')]);
    assert.equal(legacy.qop, undefined);
    assert.doesNotMatch(legacy.value, /qop=|nc=|cnonce=/);
    const refusing = mufasa({ allowLegacyNoQop: false }).authorize({
      challenges: [c('')],
      method: 'INVITE',
      requestUri: 'sip:x',
    });
    assert.ok(!refusing.ok);
    // -sess needs a cnonce, which only a qop answer carries.
    const sess = mufasa().authorize({
      challenges: [c('', 'MD5-sess')],
      method: 'INVITE',
      requestUri: 'sip:x',
    });
    assert.ok(!sess.ok);
  });

  it('reports stale=true so the caller knows the credentials were fine', () => {
    assert.equal(sole(mufasa(), [c(', qop="auth", stale=true')]).stale, true);
    assert.equal(sole(mufasa(), [c(', qop="auth"')]).stale, false);
    assert.equal(ALGORITHM(sole(mufasa(), [c(', qop="auth"')]).value), 'MD5');
  });
});
