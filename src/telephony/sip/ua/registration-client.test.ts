// Outbound registration on a fake clock against a carrier played by the real digest verifier: challenge, refresh, 423, back-off, unregister.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DigestClient, DigestVerifier, ha1 } from '../auth/index.ts';
import type { SipRequest } from '../message/index.ts';
import { PEER_UDP, flush, kit, responseTo } from '../transaction/transaction-test-kit.ts';
import {
  RegistrationClient,
  refreshDelayMs,
  registrationEvents,
  registrationStates,
  registrationTransitions,
  type RegistrationState,
} from './registration-client.ts';

const REALM = 'carrier.example';

function setup(password = 'trunk-secret') {
  const k = kit();
  const verifier = new DigestVerifier({
    clock: k.clock,
    secrets: ['carrier-nonce-key'],
    algorithms: ['MD5'],
    lookupHa1: async (username, realm, hash) =>
      username === 'acct' ? ha1('acct', realm, 'trunk-secret', hash) : undefined,
  });
  const client = new RegistrationClient({
    transactions: k.layer,
    transport: k.transport,
    clock: k.clock,
    registrar: PEER_UDP,
    registrarUri: 'sip:192.0.2.10',
    aor: `sip:acct@${REALM}`,
    contactUser: 'acct',
    auth: new DigestClient({ credentials: { username: 'acct', password } }),
    expires: 600,
  });
  const states: RegistrationState[] = [];
  client.on('state', (e) => states.push(e.to));
  let served = 0;
  /** Answers the REGISTERs sent since the last call, as the carrier would; returns them. */
  const serve = async (
    decide: (request: SipRequest) => Promise<number> | number = () => 200,
    headers: (request: SipRequest) => [string, string][] = () => [],
  ): Promise<SipRequest[]> => {
    await flush();
    const requests = k.transport.requests('REGISTER').slice(served);
    served += requests.length;
    for (const request of requests) {
      const status = await decide(request);
      const response = responseTo(request, status);
      for (const [name, value] of headers(request)) response.add(name, value);
      k.deliver(response);
      await flush();
    }
    return requests;
  };
  /** The carrier's digest check: 401 with a challenge, 403, or 200. */
  const authenticate = async (request: SipRequest): Promise<number> => {
    const outcome = await verifier.verify({
      realm: REALM,
      method: 'REGISTER',
      requestUri: 'sip:192.0.2.10',
      authorization: request.getAll('Authorization'),
      source: PEER_UDP.address,
    });
    if (outcome.kind === 'challenge') {
      challenges = outcome.challenges;
      return 401;
    }
    return outcome.kind === 'ok' ? 200 : 403;
  };
  let challenges: readonly string[] = [];
  const challengeHeaders = (): [string, string][] =>
    challenges.map((c) => ['WWW-Authenticate', c] as [string, string]);
  return { k, client, states, serve, authenticate, challengeHeaders };
}

describe('RegistrationClient', () => {
  it('answers the 401 with digest the carrier accepts, and refreshes before the binding runs out', async () => {
    const { k, client, states, serve, authenticate, challengeHeaders } = setup();
    client.start();
    const granted = (r: SipRequest): [string, string][] =>
      r.has('Authorization')
        ? [['Contact', `<sip:acct@198.51.100.1:5060>;expires=120`]]
        : challengeHeaders();
    const first = await serve(authenticate, granted);
    assert.equal(first.length, 1);
    assert.equal(first[0]!.get('Expires'), '600');
    assert.equal(first[0]!.has('Authorization'), false);
    const retry = await serve(authenticate, granted);
    assert.equal(retry.length, 1, 'one retry with credentials');
    assert.match(retry[0]!.get('Authorization') ?? '', /^Digest username="acct"/);
    assert.equal(retry[0]!.callId, first[0]!.callId);
    assert.equal(retry[0]!.cseq.seq, first[0]!.cseq.seq + 1);
    assert.equal(retry[0]!.get('Contact'), '<sip:acct@198.51.100.1:5060>');
    assert.equal(client.state, 'registered');
    assert.equal(client.status.expiresAt, k.clock.now() + 120_000);
    assert.deepEqual(states, ['registering', 'registered']);

    // 120 s granted: refreshed 30 s before it runs out, with the credentials already (no 401).
    k.clock.advance(89_000);
    assert.equal((await serve()).length, 0);
    k.clock.advance(1_000);
    const refresh = await serve(authenticate, granted);
    assert.equal(refresh.length, 1);
    assert.equal(refresh[0]!.callId, first[0]!.callId);
    assert.ok(refresh[0]!.cseq.seq > retry[0]!.cseq.seq);
    assert.match(refresh[0]!.get('Authorization') ?? '', /nc=00000002/);
    assert.equal(client.state, 'registered');
    assert.equal(client.status.since, 0, 'a refresh is not a change of state');
    const stopped = client.stop();
    await serve(authenticate);
    await stopped;
    assert.equal(client.state, 'unregistered');
  });

  it('honours 423 Interval Too Brief with the Min-Expires asked for', async () => {
    const { client, serve } = setup();
    client.start();
    const first = await serve(
      () => 423,
      () => [['Min-Expires', '1800']],
    );
    assert.equal(first[0]!.get('Expires'), '600');
    const second = await serve(() => 200);
    assert.equal(second[0]!.get('Expires'), '1800');
    assert.equal(client.state, 'registered');
    // Neither Contact expires nor Expires in the 200: the binding lasts what we asked for.
    assert.equal(client.status.expiresAt, 1_800_000);
  });

  it('backs off 30 s, 60 s, 120 s after failures and starts over on success', async () => {
    const { k, client, states, serve } = setup();
    client.start();
    await serve(() => 403);
    assert.equal(client.state, 'failed');
    assert.equal(client.status.lastStatus, 403);
    assert.equal(client.status.retryAt, 30_000);
    k.clock.advance(29_999);
    assert.equal((await serve()).length, 0);
    k.clock.advance(1);
    await serve(() => 503);
    assert.equal(client.status.retryAt, k.clock.now() + 60_000);
    k.clock.advance(60_000);
    // Nobody answers: Timer F (32 s) ends the transaction as a timeout (408).
    await flush();
    k.clock.advance(32_000);
    await flush();
    assert.equal(client.status.lastStatus, 408);
    assert.equal(client.status.retryAt, k.clock.now() + 120_000);
    await serve(); // forget the unanswered one
    k.clock.advance(120_000);
    await serve(() => 200);
    assert.equal(client.state, 'registered');
    assert.deepEqual(states, [
      'registering',
      'failed',
      'registering',
      'failed',
      'registering',
      'failed',
      'registering',
      'registered',
    ]);
  });

  it('stops after one retry when the carrier refuses the credentials (no stale)', async () => {
    const { client, serve, authenticate, challengeHeaders } = setup('wrong-password');
    client.start();
    // The carrier answers 403 to wrong credentials; a 401 again without stale must not loop either.
    await serve(authenticate, challengeHeaders);
    const second = await serve(() => 401, challengeHeaders);
    assert.equal(second.length, 1);
    assert.equal((await serve()).length, 0, 'no third REGISTER');
    assert.equal(client.state, 'failed');
    assert.equal(client.status.lastStatus, 401);
  });

  it('unregisters with Expires: 0 on stop and leaves no timer behind', async () => {
    const { k, client, states, serve } = setup();
    client.start();
    await serve(() => 200);
    const stopped = client.stop();
    assert.equal(client.state, 'unregistering');
    const bye = await serve(() => 200);
    await stopped;
    assert.equal(bye[0]!.get('Expires'), '0');
    assert.equal(client.state, 'unregistered');
    assert.deepEqual(states, ['registering', 'registered', 'unregistering', 'unregistered']);
    assert.equal(client.stop(), stopped, 'idempotent');
    k.clock.advance(64_000); // Timer K
    assert.equal(k.clock.pendingTimers, 0);
  });

  it('does not unregister what was never bound, and stops a pending retry', async () => {
    const { k, client, serve } = setup();
    client.start();
    await serve(() => 500);
    assert.equal(client.state, 'failed');
    await client.stop();
    assert.equal(client.state, 'unregistered');
    k.clock.advance(3_600_000);
    assert.equal((await serve()).length, 0);
  });
});

describe('registration state table', () => {
  it('reaches every state from unregistered, and can get back to unregistered from each', () => {
    const reach = (from: RegistrationState): Set<RegistrationState> => {
      const seen = new Set<RegistrationState>([from]);
      const queue = [from];
      while (queue.length > 0) {
        const state = queue.shift()!;
        for (const event of registrationEvents) {
          const to = registrationTransitions[state][event];
          if (to !== undefined && !seen.has(to)) {
            seen.add(to);
            queue.push(to);
          }
        }
      }
      return seen;
    };
    assert.deepEqual([...reach('unregistered')].sort(), [...registrationStates].sort());
    for (const state of registrationStates) assert.ok(reach(state).has('unregistered'), state);
  });

  it('refreshes at 90 %, at least 30 s early on long bindings, halfway on short ones', () => {
    assert.equal(refreshDelayMs(3600), 3_240_000);
    assert.equal(refreshDelayMs(120), 90_000);
    assert.equal(refreshDelayMs(60), 30_000);
    assert.equal(refreshDelayMs(2), 1_000);
    assert.equal(refreshDelayMs(1), 1_000);
  });
});
