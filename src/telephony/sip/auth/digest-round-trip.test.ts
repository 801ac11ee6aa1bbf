// DigestClient against DigestVerifier for every algorithm and qop, as a trunk and a phone would meet them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../platform/index.ts';
import { DigestClient } from './digest-client.ts';
import type { DigestAlgorithm } from './digest-math.ts';
import { digestAlgorithms, storedHa1s } from './digest-math.ts';
import { DigestVerifier } from './digest-verifier.ts';

const REALM = 'tenant-a.hotline.example';
const STORED = storedHa1s('1001', REALM, 'p\u00e4ss "word"');

function verifier(algorithm: DigestAlgorithm, allowAuthInt = false): DigestVerifier {
  return new DigestVerifier({
    clock: new FakeClock(Date.UTC(2026, 2, 1)),
    secrets: ['round-trip secret of 16+ bytes'],
    algorithms: [algorithm],
    allowAuthInt,
    lookupHa1: async (username, realm, hash) =>
      username === '1001' && realm === REALM ? STORED[hash] : undefined,
  });
}

describe('client/server round trip', () => {
  for (const algorithm of digestAlgorithms) {
    it(`${algorithm}, qop=auth, password and stored-HA1 clients, then nc=2`, async () => {
      const server = verifier(algorithm);
      const clients = [
        new DigestClient({ credentials: { username: '1001', password: 'p\u00e4ss "word"' } }),
        new DigestClient({ credentials: { username: '1001', realm: REALM, ha1: STORED } }),
      ];
      for (const client of clients) {
        const first = client.authorize({
          challenges: server.challenge(REALM),
          method: 'INVITE',
          requestUri: 'sip:+15551234567@tenant-a.hotline.example',
        });
        assert.ok(first.ok);
        const outcome = await server.verify({
          realm: REALM,
          method: 'INVITE',
          requestUri: 'sip:+15551234567@tenant-a.hotline.example',
          authorization: first.authorizations.map((a) => a.value),
          source: '192.0.2.10',
        });
        assert.deepEqual(outcome, {
          kind: 'ok',
          username: '1001',
          realm: REALM,
          algorithm,
          qop: 'auth',
        });
        const [again] = client.reauthorize({ method: 'BYE', requestUri: 'sip:1001@192.0.2.10' });
        const second = await server.verify({
          realm: REALM,
          method: 'BYE',
          requestUri: 'sip:1001@192.0.2.10',
          authorization: [again!.value],
          source: '192.0.2.10',
        });
        assert.equal(second.kind, 'ok');
      }
    });

    it(`${algorithm}, qop=auth-int over an SDP body`, async () => {
      const server = verifier(algorithm, true);
      const body = 'v=0\r\no=- 20518 0 IN IP4 192.0.2.10\r\ns=-\r\n';
      const client = new DigestClient({
        credentials: { username: '1001', password: 'p\u00e4ss "word"' },
      });
      const onlyInt = server
        .challenge(REALM)
        .map((c) => c.replace('qop="auth,auth-int"', 'qop="auth-int"'));
      const answer = client.authorize({
        challenges: onlyInt,
        method: 'INVITE',
        requestUri: 'sip:200@x',
        body,
      });
      assert.ok(answer.ok);
      const outcome = await server.verify({
        realm: REALM,
        method: 'INVITE',
        requestUri: 'sip:200@x',
        authorization: [answer.authorizations[0]!.value],
        source: '192.0.2.10',
        body,
      });
      assert.deepEqual(outcome, {
        kind: 'ok',
        username: '1001',
        realm: REALM,
        algorithm,
        qop: 'auth-int',
      });
    });
  }

  it('a wrong password fails for every algorithm', async () => {
    for (const algorithm of digestAlgorithms) {
      const server = verifier(algorithm);
      const client = new DigestClient({ credentials: { username: '1001', password: 'nope' } });
      const answer = client.authorize({
        challenges: server.challenge(REALM),
        method: 'REGISTER',
        requestUri: `sip:${REALM}`,
      });
      assert.ok(answer.ok);
      const outcome = await server.verify({
        realm: REALM,
        method: 'REGISTER',
        requestUri: `sip:${REALM}`,
        authorization: [answer.authorizations[0]!.value],
        source: '192.0.2.10',
      });
      assert.equal(outcome.kind === 'refused' && outcome.reason, 'wrong-password', algorithm);
    }
  });
});
