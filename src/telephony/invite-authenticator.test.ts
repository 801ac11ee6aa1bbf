// Who an INVITE is from, on a hand-driven dialog layer and a real verifier on the fake clock:
// trunks by address, by digest or by both, extensions by digest, and the shared lockout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../platform/index.ts';
import {
  DigestClient,
  DigestVerifier,
  storedHa1s,
  type DigestAlgorithm,
  type FailurePolicy,
} from './sip/auth/index.ts';
import type { UasInviteSession } from './sip/dialog/index.ts';
import { phoneRequest, single } from './sip/dialog/dialog-test-kit.ts';
import type { Peer } from './sip/transport/index.ts';
import { InviteAuthenticator, type TrunkPeer } from './invite-authenticator.ts';

const REALM = 'hotline.example';
const REQUEST_URI = 'sip:4008001000@198.51.100.1';
const EXTENSIONS = new Map([['1001', storedHa1s('1001', REALM, 'phone-password-1')]]);

const peer = (address: string): Peer => ({ protocol: 'udp', address, port: 5060 });
const CARRIER = peer('203.0.113.50');
const ELSEWHERE = peer('198.51.100.77');

const byAddress: TrunkPeer = { name: 'by-address', addresses: [CARRIER.address] };
const byDigest: TrunkPeer = {
  name: 'by-digest',
  addresses: [],
  digest: { username: 'carrier-acct', password: 'carrier-password-1' },
};
const byBoth: TrunkPeer = {
  name: 'by-both',
  addresses: [CARRIER.address],
  digest: { username: 'both-acct', password: 'both-password-22' },
};

function setup(trunks: TrunkPeer[], addressFailures?: FailurePolicy) {
  const t = single();
  const verifier = new DigestVerifier({
    clock: t.clock,
    secrets: ['a nonce secret for the tests, 32 bytes'],
    lookupHa1: async (username, realm, hash) =>
      realm === REALM ? EXTENSIONS.get(username)?.[hash] : undefined,
    ...(addressFailures === undefined ? {} : { addressFailures }),
  });
  const authenticator = new InviteAuthenticator({
    stack: { verifier },
    realm: REALM,
    logger: silentLogger(),
    trunks,
  });
  const sessions: UasInviteSession[] = [];
  t.layer.on('invite', (session) => sessions.push(session));
  let calls = 0;

  /**
   * Sends a new INVITE from `source` and authenticates it: "trunk:<name>" or "extension:<number>"
   * for a leg's source, else the status of the final response it got.
   */
  const invite = async (
    source: Peer,
    authorization?: string,
    from = '13800138000',
  ): Promise<string> => {
    calls += 1;
    t.deliver(
      phoneRequest({
        callId: `call-${calls}@test`,
        fromTag: `tag${calls}`,
        headers: authorization === undefined ? [] : [`Authorization: ${authorization}`],
      }),
      source,
    );
    const session = sessions[calls - 1];
    assert.ok(session, 'the INVITE reached the dialog layer');
    const result = await authenticator.authenticate(session, from);
    if (result?.kind === 'trunk') return `trunk:${result.trunk}`;
    if (result?.kind === 'extension') return `extension:${result.extension}`;
    assert.equal(result, undefined, 'an INVITE is never a local leg');
    const last = t.transport.responses().at(-1);
    return String(last?.status);
  };

  /** The Authorization a peer answers the last 401 with. */
  const answer = (username: string, password: string, algorithm?: DigestAlgorithm): string => {
    const challenge = t.transport.responses(401).at(-1);
    assert.ok(challenge, 'a 401 was sent');
    const client = new DigestClient({
      credentials: { username, password },
      ...(algorithm === undefined ? {} : { algorithms: [algorithm] }),
    });
    const result = client.authorize({
      challenges: challenge.getAll('WWW-Authenticate'),
      method: 'INVITE',
      requestUri: REQUEST_URI,
    });
    assert.ok(result.ok, result.ok ? '' : result.error.reason);
    return result.authorizations[0]!.value;
  };

  /** Challenged, then answers with these credentials: the outcome of the second INVITE. */
  const challenged = async (
    source: Peer,
    username: string,
    password: string,
    options: { from?: string; algorithm?: DigestAlgorithm } = {},
  ): Promise<string> => {
    assert.equal(await invite(source, undefined, options.from), '401');
    return invite(source, answer(username, password, options.algorithm), options.from);
  };

  const setTrunks = (peers: readonly TrunkPeer[]) => authenticator.setTrunks(peers);
  return { t, verifier, invite, answer, challenged, setTrunks };
}

describe('InviteAuthenticator: a trunk known by its address only', () => {
  it('takes an INVITE from a listed address as the trunk’s, without a challenge', async () => {
    const s = setup([byAddress]);
    assert.equal(await s.invite(CARRIER), 'trunk:by-address');
    assert.equal(s.t.transport.responses(401).length, 0);
  });

  it('challenges the same INVITE from any other address, and refuses it unproven', async () => {
    const s = setup([byAddress]);
    assert.equal(await s.invite(ELSEWHERE), '401');
    assert.equal(await s.challenged(ELSEWHERE, 'by-address', 'anything-at-all'), '403');
  });
});

describe('InviteAuthenticator: a trunk known by digest only', () => {
  it('challenges first, then takes the trunk’s credentials from any address (SHA-256 and MD5)', async () => {
    const s = setup([byDigest]);
    for (const [source, algorithm] of [
      [CARRIER, 'SHA-256'],
      [ELSEWHERE, 'MD5'],
    ] as const) {
      assert.equal(
        await s.challenged(source, 'carrier-acct', 'carrier-password-1', { algorithm }),
        'trunk:by-digest',
        algorithm,
      );
    }
  });

  it('refuses a wrong password with 403 after the challenge', async () => {
    const s = setup([byDigest]);
    assert.equal(await s.challenged(CARRIER, 'carrier-acct', 'not-the-password'), '403');
  });

  it('refuses the same credentials replayed on another INVITE (same nonce and count)', async () => {
    const s = setup([byDigest]);
    assert.equal(await s.invite(CARRIER), '401');
    const authorization = s.answer('carrier-acct', 'carrier-password-1');
    assert.equal(await s.invite(CARRIER, authorization), 'trunk:by-digest');
    assert.equal(await s.invite(CARRIER, authorization), '403');
  });

  it('never takes the trunk’s credentials as an extension, nor an extension’s as the trunk', async () => {
    const s = setup([byDigest]);
    // The carrier's caller is no extension: its From is the caller's number, not its account.
    assert.equal(
      await s.challenged(ELSEWHERE, 'carrier-acct', 'carrier-password-1', { from: 'carrier-acct' }),
      'trunk:by-digest',
    );
    // An extension's password under the trunk's username.
    assert.equal(await s.challenged(ELSEWHERE, 'carrier-acct', 'phone-password-1'), '403');
    // An extension proving itself stays an extension: it never becomes a carrier's call.
    assert.equal(
      await s.challenged(ELSEWHERE, '1001', 'phone-password-1', { from: '1001' }),
      'extension:1001',
    );
  });
});

describe('InviteAuthenticator: a trunk that needs its address and digest', () => {
  it('takes the trunk’s credentials from a listed address, after a challenge', async () => {
    const s = setup([byBoth]);
    assert.equal(await s.challenged(CARRIER, 'both-acct', 'both-password-22'), 'trunk:by-both');
  });

  it('refuses a wrong password from the listed address', async () => {
    const s = setup([byBoth]);
    assert.equal(await s.challenged(CARRIER, 'both-acct', 'both-password-21'), '403');
  });

  it('refuses the right credentials from an address that is not listed', async () => {
    const s = setup([byBoth]);
    assert.equal(await s.challenged(ELSEWHERE, 'both-acct', 'both-password-22'), '403');
  });

  it('refuses an extension’s own credentials presented from the trunk’s address', async () => {
    const s = setup([byBoth]);
    assert.equal(await s.challenged(CARRIER, '1001', 'phone-password-1', { from: '1001' }), '403');
  });

  it('tells two trunks behind one address apart by their usernames', async () => {
    const other: TrunkPeer = {
      name: 'by-both-2',
      addresses: [CARRIER.address],
      digest: { username: 'second-acct', password: 'second-password' },
    };
    const s = setup([byBoth, other]);
    assert.equal(await s.challenged(CARRIER, 'second-acct', 'second-password'), 'trunk:by-both-2');
    assert.equal(await s.challenged(CARRIER, 'both-acct', 'both-password-22'), 'trunk:by-both');
  });
});

describe('InviteAuthenticator: lockout', () => {
  const policy: FailurePolicy = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };

  it('counts a trunk’s wrong password with an extension’s towards one lock of the address', async () => {
    const s = setup([byDigest, byBoth], policy);
    assert.equal(
      await s.challenged(ELSEWHERE, '1001', 'wrong-password-1', { from: '1001' }),
      '403',
    );
    assert.equal(await s.challenged(ELSEWHERE, 'carrier-acct', 'wrong-password-2'), '403');
    assert.equal(s.verifier.failures.addresses.lockedUntil(ELSEWHERE.address), undefined);
    // The third failure: a trunk's right credentials from an address it does not list.
    assert.equal(await s.challenged(ELSEWHERE, 'both-acct', 'both-password-22'), '403');
    assert.ok(s.verifier.failures.addresses.lockedUntil(ELSEWHERE.address) !== undefined);

    // Locked: even the right password is refused, with no new challenge.
    assert.equal(await s.invite(ELSEWHERE, s.answer('carrier-acct', 'carrier-password-1')), '403');
    // Other addresses are not locked out.
    assert.equal(
      await s.challenged(peer('198.51.100.78'), 'carrier-acct', 'carrier-password-1'),
      'trunk:by-digest',
    );

    s.t.clock.advance(300_000);
    assert.equal(
      await s.challenged(ELSEWHERE, 'carrier-acct', 'carrier-password-1'),
      'trunk:by-digest',
    );
  });
});

describe('InviteAuthenticator: construction', () => {
  it('refuses two trunks with one username (the configuration does too)', () => {
    const t = single();
    const verifier = new DigestVerifier({
      clock: t.clock,
      secrets: ['a nonce secret for the tests, 32 bytes'],
      lookupHa1: async () => undefined,
    });
    assert.throws(
      () =>
        new InviteAuthenticator({
          stack: { verifier },
          realm: REALM,
          logger: silentLogger(),
          trunks: [byDigest, { ...byDigest, name: 'copy' }],
        }),
      /two trunks use the username "carrier-acct"/,
    );
  });
});

describe('InviteAuthenticator: trunks changed while running', () => {
  it('recognises the new set at once and forgets a removed trunk; a bad set changes nothing', async () => {
    const s = setup([byAddress]);
    assert.equal(await s.invite(CARRIER), 'trunk:by-address');
    // The address trunk removed, a digest trunk added (what the trunks API does).
    s.setTrunks([byDigest]);
    assert.equal(await s.invite(CARRIER), '401', 'the address alone no longer lets it in');
    assert.equal(
      await s.challenged(CARRIER, 'carrier-acct', 'carrier-password-1'),
      'trunk:by-digest',
    );
    assert.throws(
      () => s.setTrunks([byAddress, byDigest, { ...byDigest, name: 'copy' }]),
      /two trunks use the username "carrier-acct"/,
    );
    assert.equal(await s.invite(CARRIER), '401', 'the refused set was not applied');
  });
});
