// The registrar's side on the fake clock: challenges, expiry, replay, uri, lockout and what a peer can tell.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../platform/index.ts';
import { DigestClient } from './digest-client.ts';
import { parseDigestChallenge } from './digest-challenge.ts';
import { storedHa1s } from './digest-math.ts';
import type { DigestOutcome, DigestRequest } from './digest-outcome.ts';
import type { DigestVerifierOptions } from './digest-verifier.ts';
import { DigestVerifier } from './digest-verifier.ts';
import { NonceCountTracker } from './nonce-count-tracker.ts';

const REALM = 'pbx.example.com';
const URI = 'sip:pbx.example.com';
const SECRET = 'cluster secret, sixteen bytes or more';
const USERS = new Map([['alice', storedHa1s('alice', REALM, 'correct horse')]]);
const STRICT = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };

function setup(
  options: Partial<DigestVerifierOptions> = {},
  clock = new FakeClock(Date.UTC(2026, 0, 1)),
) {
  const lookups: string[] = [];
  const verifier = new DigestVerifier({
    clock,
    secrets: [SECRET],
    lookupHa1: async (username, realm, hash) => {
      lookups.push(username);
      return realm === REALM ? USERS.get(username)?.[hash] : undefined;
    },
    ...options,
  });
  return { clock, verifier, lookups };
}

function client(username = 'alice', password = 'correct horse'): DigestClient {
  return new DigestClient({ credentials: { username, password } });
}

/** The Authorization a phone sends back for `challenges`. */
function answer(
  challenges: readonly string[],
  who = client(),
  extra: { requestUri?: string; body?: string } = {},
): string {
  const result = who.authorize({
    challenges,
    method: 'REGISTER',
    requestUri: extra.requestUri ?? URI,
    ...(extra.body === undefined ? {} : { body: extra.body }),
  });
  assert.ok(result.ok, result.ok ? '' : result.error.reason);
  return result.authorizations[0]!.value;
}

function req(
  authorization: string | readonly string[],
  extra: Partial<DigestRequest> = {},
): DigestRequest {
  return {
    realm: REALM,
    method: 'REGISTER',
    requestUri: URI,
    authorization: typeof authorization === 'string' ? [authorization] : authorization,
    source: '198.51.100.7',
    ...extra,
  };
}

function kindOf(outcome: DigestOutcome): string {
  if (outcome.kind === 'refused') return `refused:${outcome.reason}`;
  if (outcome.kind === 'challenge')
    return `challenge:${outcome.cause}${outcome.stale ? ':stale' : ''}`;
  return `ok:${outcome.username}`;
}

describe('DigestVerifier challenges', () => {
  it('answers a request without credentials with SHA-256 then MD5, each with nonce and opaque', async () => {
    const { verifier } = setup();
    const outcome = await verifier.verify(req([]));
    assert.equal(outcome.kind, 'challenge');
    assert.equal(outcome.stale, false);
    const parsed = outcome.challenges.map((c) => parseDigestChallenge(c));
    assert.deepEqual(
      parsed.map((p) =>
        p.ok ? [p.value.algorithm, p.value.realm, p.value.qop, p.value.stale] : p,
      ),
      [
        ['SHA-256', REALM, ['auth'], false],
        ['MD5', REALM, ['auth'], false],
      ],
    );
    const [a, b] = parsed.map((p) => (p.ok ? p.value : undefined));
    assert.ok(a?.opaque && b?.opaque);
    assert.notEqual(a.nonce, b.nonce);
  });

  it('accepts a correct answer with the strongest algorithm', async () => {
    const { verifier } = setup();
    const outcome = await verifier.verify(req(answer(verifier.challenge(REALM))));
    assert.deepEqual(outcome, {
      kind: 'ok',
      username: 'alice',
      realm: REALM,
      algorithm: 'SHA-256',
      qop: 'auth',
    });
  });

  it('ignores other schemes and other realms, using the credentials for its own', async () => {
    const { verifier } = setup();
    assert.equal(
      kindOf(await verifier.verify(req('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='))),
      'challenge:no-credentials',
    );
    const foreign = answer(['Digest realm="carrier.example.net", nonce="abc", qop="auth"']);
    assert.equal(kindOf(await verifier.verify(req(foreign))), 'challenge:no-credentials');
    const ours = answer(verifier.challenge(REALM));
    assert.equal(kindOf(await verifier.verify(req([foreign, ours]))), 'ok:alice');
  });
});

describe('DigestVerifier nonces', () => {
  it('answers an expired nonce with stale=true when the digest is right, so the phone retries', async () => {
    const { verifier, clock } = setup({ nonceTtlMs: 300_000 });
    const phone = client();
    const first = answer(verifier.challenge(REALM), phone);
    clock.advance(300_001);
    const outcome = await verifier.verify(req(first));
    assert.equal(kindOf(outcome), 'challenge:stale-nonce:stale');
    assert.ok(
      outcome.kind === 'challenge' && outcome.challenges.every((c) => c.includes('stale=true')),
    );
    const retry = answer(outcome.kind === 'challenge' ? outcome.challenges : [], phone);
    assert.equal(kindOf(await verifier.verify(req(retry))), 'ok:alice');
  });

  it('refuses an expired nonce with a wrong digest instead of calling it stale', async () => {
    const { verifier, clock } = setup();
    const wrong = answer(verifier.challenge(REALM), client('alice', 'guess'));
    clock.advance(400_000);
    assert.equal(kindOf(await verifier.verify(req(wrong))), 'refused:wrong-password');
  });

  it('re-challenges a nonce it did not issue or whose opaque was altered', async () => {
    const { verifier } = setup();
    const foreign = setup({ secrets: ['another cluster secret, long enough'] }).verifier;
    const other = answer(foreign.challenge(REALM));
    assert.equal(kindOf(await verifier.verify(req(other))), 'challenge:unknown-nonce');
    const good = answer(verifier.challenge(REALM));
    const tampered = good.replace(/opaque="[^"]*"/, 'opaque="forged"');
    assert.equal(kindOf(await verifier.verify(req(tampered))), 'challenge:unknown-nonce');
  });

  it('takes a missing opaque unless told to require it', async () => {
    const lenient = setup().verifier;
    const noOpaque = answer(lenient.challenge(REALM)).replace(/, opaque="[^"]*"/, '');
    assert.equal(kindOf(await lenient.verify(req(noOpaque))), 'ok:alice');
    const strict = setup({ requireOpaque: true }).verifier;
    const stripped = answer(strict.challenge(REALM)).replace(/, opaque="[^"]*"/, '');
    assert.equal(kindOf(await strict.verify(req(stripped))), 'challenge:unknown-nonce');
  });

  it('lets any node of a cluster verify, through a secret rotation', async () => {
    const clock = new FakeClock(0);
    const nodeA = setup({}, clock).verifier;
    const nodeB = setup({ secrets: ['a new secret, sixteen bytes+', SECRET] }, clock).verifier;
    assert.equal(kindOf(await nodeB.verify(req(answer(nodeA.challenge(REALM))))), 'ok:alice');
  });
});

describe('DigestVerifier replay protection', () => {
  it('refuses the same nc twice and a lower nc after a higher one', async () => {
    const { verifier } = setup();
    const phone = client();
    const first = answer(verifier.challenge(REALM), phone);
    assert.equal(kindOf(await verifier.verify(req(first))), 'ok:alice');
    assert.equal(kindOf(await verifier.verify(req(first))), 'refused:replay');
    const [second] = phone.reauthorize({ method: 'REGISTER', requestUri: URI });
    const [third] = phone.reauthorize({ method: 'REGISTER', requestUri: URI });
    assert.equal(kindOf(await verifier.verify(req(third!.value))), 'ok:alice');
    assert.equal(kindOf(await verifier.verify(req(second!.value))), 'refused:replay');
  });

  it('does not let a forger burn a nonce: counts are recorded only for a right digest', async () => {
    const { verifier } = setup();
    const phone = client();
    const challenges = verifier.challenge(REALM);
    const forged = answer(challenges, client('alice', 'guess'));
    assert.equal(kindOf(await verifier.verify(req(forged))), 'refused:wrong-password');
    assert.equal(kindOf(await verifier.verify(req(answer(challenges, phone)))), 'ok:alice');
  });

  it('asks for a fresh nonce when the record of one was evicted', async () => {
    const { verifier } = setup({ nonceCounts: new NonceCountTracker(1) });
    const phone = client();
    assert.equal(
      kindOf(await verifier.verify(req(answer(verifier.challenge(REALM), phone)))),
      'ok:alice',
    );
    const other = client();
    assert.equal(
      kindOf(await verifier.verify(req(answer(verifier.challenge(REALM), other)))),
      'ok:alice',
    );
    const [again] = phone.reauthorize({ method: 'REGISTER', requestUri: URI });
    assert.equal(kindOf(await verifier.verify(req(again!.value))), 'challenge:stale-nonce:stale');
  });
});

describe('DigestVerifier request checks', () => {
  it('refuses a digest-uri that is not the Request-URI', async () => {
    const { verifier } = setup();
    const elsewhere = answer(verifier.challenge(REALM), client(), {
      requestUri: 'sip:other.example.com',
    });
    assert.equal(kindOf(await verifier.verify(req(elsewhere))), 'refused:bad-uri');
  });

  it('lets the caller define URI equivalence', async () => {
    const { verifier } = setup({ uriMatches: (a, b) => a.toLowerCase() === b.toLowerCase() });
    const upper = answer(verifier.challenge(REALM), client(), {
      requestUri: 'sip:PBX.example.com',
    });
    assert.equal(kindOf(await verifier.verify(req(upper))), 'ok:alice');
  });

  it('refuses an algorithm it did not offer', async () => {
    const md5Node = setup({ algorithms: ['MD5'] }).verifier;
    const shaOnly = setup({ algorithms: ['SHA-256'] }).verifier;
    assert.equal(
      kindOf(await shaOnly.verify(req(answer(md5Node.challenge(REALM))))),
      'refused:algorithm',
    );
  });

  it('refuses credentials for another user than the one expected', async () => {
    const { verifier } = setup();
    const outcome = await verifier.verify(
      req(answer(verifier.challenge(REALM)), { expectedUsername: 'bob' }),
    );
    assert.equal(kindOf(outcome), 'refused:username-mismatch');
  });

  it('refuses unreadable credentials as malformed and never throws', async () => {
    const { verifier } = setup();
    for (const junk of [
      'Digest',
      'Digest username="alice"',
      'Digest "',
      'Digest realm="pbx.example.com", realm="x"',
    ]) {
      assert.equal(kindOf(await verifier.verify(req(junk))), 'refused:malformed', junk);
    }
    const sha1 =
      'Digest username="a", realm="r", nonce="n", uri="u", response="x", algorithm=SHA-1';
    assert.equal(kindOf(await verifier.verify(req(sha1))), 'refused:algorithm');
  });

  it('lets a failing credential store reject: the caller answers 500', async () => {
    const { verifier } = setup({
      lookupHa1: () => Promise.reject(new Error('database down')),
    });
    await assert.rejects(verifier.verify(req(answer(verifier.challenge(REALM)))), /database down/);
  });
});

describe('DigestVerifier qop modes', () => {
  const legacy = (challenges: readonly string[]): string[] =>
    challenges.map((c) => c.replace(/, qop="[^"]*"/, ''));

  it('refuses RFC 2069 answers unless the legacy mode is on', async () => {
    const strict = setup().verifier;
    assert.equal(
      kindOf(await strict.verify(req(answer(legacy(strict.challenge(REALM)))))),
      'refused:qop',
    );
    const { verifier } = setup({ allowLegacyNoQop: true, algorithms: ['MD5'] });
    const old = answer(legacy(verifier.challenge(REALM)));
    assert.ok(!old.includes('nc='));
    assert.deepEqual(await verifier.verify(req(old)), {
      kind: 'ok',
      username: 'alice',
      realm: REALM,
      algorithm: 'MD5',
      qop: undefined,
    });
    // An RFC 2069 phone reuses its nonce: it gets a fresh one rather than a 403.
    assert.equal(kindOf(await verifier.verify(req(old))), 'challenge:stale-nonce:stale');
  });

  it('checks qop=auth-int against the body when offered', async () => {
    const { verifier } = setup({ allowAuthInt: true });
    const offered = verifier.challenge(REALM);
    assert.ok(offered.every((c) => c.includes('qop="auth,auth-int"')));
    const intOnly = offered.map((c) => c.replace('qop="auth,auth-int"', 'qop="auth-int"'));
    const body = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n';
    const signed = answer(intOnly, client(), { body });
    assert.ok(signed.includes('qop=auth-int'));
    assert.equal(kindOf(await verifier.verify(req(signed, { body }))), 'ok:alice');
    const other = answer(
      verifier.challenge(REALM).map((c) => c.replace('qop="auth,auth-int"', 'qop="auth-int"')),
      client(),
      { body },
    );
    assert.equal(
      kindOf(await verifier.verify(req(other, { body: `${body}a=x\r\n` }))),
      'refused:wrong-password',
    );
    const off = setup().verifier;
    assert.equal(kindOf(await off.verify(req(signed, { body }))), 'refused:qop');
  });
});

describe('DigestVerifier lockout', () => {
  it('locks a username after N failures, refuses it without verifying, and releases it', async () => {
    const { verifier, clock, lookups } = setup({ usernameFailures: STRICT });
    for (let i = 0; i < 3; i++) {
      const wrong = answer(verifier.challenge(REALM), client('alice', `guess ${i}`));
      assert.equal(
        kindOf(await verifier.verify(req(wrong, { source: `203.0.113.${i}` }))),
        'refused:wrong-password',
      );
    }
    const before = lookups.length;
    const right = await verifier.verify(req(answer(verifier.challenge(REALM))));
    assert.deepEqual(right, {
      kind: 'refused',
      reason: 'locked',
      detail: 'username locked',
      retryAfterSeconds: 300,
    });
    assert.equal(
      lookups.length,
      before,
      'a locked key is refused before the credential store is asked',
    );
    clock.advance(300_000);
    assert.equal(kindOf(await verifier.verify(req(answer(verifier.challenge(REALM))))), 'ok:alice');
  });

  it('locks a source address that tries many usernames, even before it sends credentials', async () => {
    const { verifier, clock } = setup({ addressFailures: STRICT });
    for (const name of ['admin', 'root', '100']) {
      const guess = answer(verifier.challenge(REALM), client(name, 'x'));
      assert.equal(kindOf(await verifier.verify(req(guess))), 'refused:unknown-user');
    }
    assert.equal(kindOf(await verifier.verify(req([]))), 'refused:locked');
    assert.equal(
      kindOf(await verifier.verify(req([], { source: '192.0.2.1' }))),
      'challenge:no-credentials',
    );
    clock.advance(300_000);
    assert.equal(kindOf(await verifier.verify(req([]))), 'challenge:no-credentials');
  });

  it('counts garbage against the source address', async () => {
    const { verifier } = setup({ addressFailures: STRICT });
    for (let i = 0; i < 3; i++) await verifier.verify(req('Digest "'));
    assert.equal(kindOf(await verifier.verify(req([]))), 'refused:locked');
  });
});

describe('DigestVerifier does not leak whether a user exists', () => {
  it('answers an unknown user and a wrong password alike, with the same work and lockout', async () => {
    const run = async (username: string, password: string) => {
      const { verifier, lookups } = setup({ usernameFailures: STRICT });
      const outcomes: DigestOutcome[] = [];
      for (let i = 0; i < 4; i++) {
        outcomes.push(
          await verifier.verify(
            req(answer(verifier.challenge(REALM), client(username, password)), {
              source: `203.0.113.${i}`,
            }),
          ),
        );
      }
      return { outcomes, lookups: lookups.length };
    };
    const unknown = await run('mallory', 'x');
    const wrong = await run('alice', 'x');
    assert.deepEqual(unknown.outcomes.map(kindOf), [
      'refused:unknown-user',
      'refused:unknown-user',
      'refused:unknown-user',
      'refused:locked',
    ]);
    assert.deepEqual(wrong.outcomes.map(kindOf), [
      'refused:wrong-password',
      'refused:wrong-password',
      'refused:wrong-password',
      'refused:locked',
    ]);
    // What the caller may send (everything but the log-only reason and detail) is identical.
    const peerView = (o: DigestOutcome) =>
      o.kind === 'refused' ? { kind: o.kind, retry: o.retryAfterSeconds } : o;
    assert.deepEqual(unknown.outcomes.map(peerView), wrong.outcomes.map(peerView));
    assert.equal(unknown.lookups, wrong.lookups);
  });
});
