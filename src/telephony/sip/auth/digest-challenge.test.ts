// Digest challenges: the RFC examples, defaults, unknown algorithms and qops, and writing them back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseDigestChallenge,
  parseDigestChallenges,
  serializeDigestChallenge,
} from './digest-challenge.ts';

const RFC7616 = (algorithm: string): string =>
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, ` +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
  'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';

function errorCode(value: string): string | undefined {
  const result = parseDigestChallenge(value);
  return result.ok ? undefined : result.error.code;
}

describe('parseDigestChallenge', () => {
  it('reads the RFC 7616 §3.9.1 SHA-256 challenge', () => {
    const result = parseDigestChallenge(RFC7616('SHA-256'));
    assert.ok(result.ok);
    const c = result.value;
    assert.equal(c.realm, 'http-auth@example.org');
    assert.equal(c.nonce, '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v');
    assert.equal(c.opaque, 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS');
    assert.equal(c.algorithm, 'SHA-256');
    assert.deepEqual(c.qop, ['auth', 'auth-int']);
    assert.equal(c.stale, false);
  });

  it('reads the RFC 3261 §20.44 example (stale=FALSE, empty opaque, domain)', () => {
    const result = parseDigestChallenge(
      'Digest realm="atlanta.com", domain="sip:boxesbybob.com", qop="auth", ' +
        'nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5',
    );
    assert.ok(result.ok);
    assert.equal(result.value.domain, 'sip:boxesbybob.com');
    assert.equal(result.value.opaque, '');
    assert.equal(result.value.stale, false);
  });

  it('defaults to MD5 and legacy mode when algorithm and qop are absent', () => {
    const result = parseDigestChallenge('Digest realm="r", nonce="n"');
    assert.ok(result.ok);
    assert.equal(result.value.algorithm, 'MD5');
    assert.equal(result.value.algorithmGiven, false);
    assert.deepEqual(result.value.qop, []);
  });

  it('reads stale case-insensitively; anything but true is false', () => {
    const stale = (v: string): boolean | undefined => {
      const r = parseDigestChallenge(`Digest realm="r", nonce="n", stale=${v}`);
      return r.ok ? r.value.stale : undefined;
    };
    assert.equal(stale('TRUE'), true);
    assert.equal(stale('"true"'), true);
    assert.equal(stale('false'), false);
    assert.equal(stale('yes'), false);
  });

  it('ignores unknown qop values but refuses a list with none it knows', () => {
    const result = parseDigestChallenge('Digest realm="r", nonce="n", qop="auth-conf, auth"');
    assert.ok(result.ok);
    assert.deepEqual(result.value.qop, ['auth']);
    assert.equal(errorCode('Digest realm="r", nonce="n", qop="auth-conf"'), 'unsupported-qop');
  });

  it('refuses unknown algorithms, other schemes and missing realm or nonce', () => {
    assert.equal(
      errorCode('Digest realm="r", nonce="n", algorithm=SHA-1'),
      'unsupported-algorithm',
    );
    assert.equal(errorCode('Basic realm="r"'), 'not-digest');
    assert.equal(errorCode('Digest nonce="n"'), 'missing-param');
    assert.equal(errorCode('Digest realm="r"'), 'missing-param');
    assert.equal(errorCode('Digest realm="r", nonce=""'), 'invalid-param');
    assert.equal(errorCode('Digest realm='), 'missing-param');
    assert.equal(errorCode('Digest realm="r", nonce="n", realm="r"'), 'duplicate-param');
    assert.equal(errorCode('Digest realm="r", nonce'), 'syntax');
    assert.equal(errorCode('garbage "'), 'syntax');
  });
});

describe('parseDigestChallenges', () => {
  it('keeps message order and reports unusable challenges in place', () => {
    const results = parseDigestChallenges([
      RFC7616('SHA-256'),
      RFC7616('MD5'),
      'Digest realm="r", nonce="n", algorithm=SHA-1',
      'Basic realm="r"',
      '"',
    ]);
    assert.deepEqual(
      results.map((r) => (r.ok ? r.value.algorithm : r.error.code)),
      ['SHA-256', 'MD5', 'unsupported-algorithm', 'not-digest', 'syntax'],
    );
  });
});

describe('serializeDigestChallenge', () => {
  it('writes tokens and quoted strings as RFC 7616 §3.4 wants, and parses back', () => {
    const value = serializeDigestChallenge({
      realm: 'pbx "main"',
      nonce: 'abc',
      opaque: 'xyz',
      algorithm: 'SHA-256',
      qop: ['auth', 'auth-int'],
      stale: true,
    });
    assert.equal(
      value,
      'Digest realm="pbx \\"main\\"", nonce="abc", opaque="xyz", stale=true, ' +
        'algorithm=SHA-256, qop="auth,auth-int"',
    );
    const back = parseDigestChallenge(value);
    assert.ok(back.ok);
    assert.equal(back.value.realm, 'pbx "main"');
    assert.equal(back.value.stale, true);
    assert.deepEqual(back.value.qop, ['auth', 'auth-int']);
  });

  it('leaves stale and qop out when they do not apply', () => {
    assert.equal(
      serializeDigestChallenge({ realm: 'r', nonce: 'n', algorithm: 'MD5', qop: [] }),
      'Digest realm="r", nonce="n", algorithm=MD5',
    );
  });
});
