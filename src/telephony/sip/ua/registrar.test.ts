// The registrar's rules with a fake clock: challenge, accept, 423, wildcard,
// out-of-order CSeq, unregister, refusals that reveal nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../platform/index.ts';
import { DigestClient, DigestVerifier, ha1 } from '../auth/index.ts';
import { parseMessage, type SipRequest, type SipResponse } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import type { InboundMessage } from '../transport/index.ts';
import { LocationService } from './location-service.ts';
import { Registrar } from './registrar.ts';

const realm = 'hotline';
const passwords: Record<string, string> = { '1001': 'secret-1001-pw' };

function setup() {
  const clock = new FakeClock(Date.UTC(2026, 10, 28));
  const location = new LocationService(clock);
  const failures: string[] = [];
  const verifier = new DigestVerifier({
    clock,
    secrets: ['a-test-secret-of-32-characters!!'],
    algorithms: ['MD5', 'SHA-256'],
    lookupHa1: async (user, r, hash) =>
      passwords[user] && r === realm
        ? ha1(user, realm, passwords[user], hash === 'MD5' ? 'MD5' : 'SHA-256')
        : undefined,
  });
  const registrar = new Registrar({
    verifier,
    location,
    clock,
    policy: { realm, minExpires: 60, maxExpires: 3600, defaultExpires: 3600, maxContacts: 3 },
    events: { authFailed: (d) => failures.push(d.reason) },
  });
  let cseq = 0;
  const send = async (
    user: string,
    extra: string[],
    auth?: { password: string; challenge: SipResponse },
  ) => {
    cseq += 1;
    const lines = [
      'REGISTER sip:127.0.0.1 SIP/2.0',
      `Via: SIP/2.0/UDP 192.0.2.5:5060;branch=z9hG4bKreg${cseq};rport`,
      'Max-Forwards: 70',
      `From: <sip:${user}@127.0.0.1>;tag=f1`,
      `To: <sip:${user}@127.0.0.1>`,
      'Call-ID: reg-call-1',
      `CSeq: ${cseq} REGISTER`,
      ...extra,
    ];
    if (auth) {
      const client = new DigestClient({ credentials: { username: user, password: auth.password } });
      const result = client.authorize({
        challenges: auth.challenge.getAll('WWW-Authenticate'),
        method: 'REGISTER',
        requestUri: 'sip:127.0.0.1',
      });
      assert.ok(result.ok);
      lines.push(`Authorization: ${result.authorizations[0]!.value}`);
    }
    const parsed = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.reason);
    const request = parsed.message as SipRequest;
    let response: SipResponse | undefined;
    const transaction = {
      respond: (r: SipResponse) => (response = r),
    } as unknown as ServerTransaction;
    const inbound = {
      message: request,
      source: { protocol: 'udp', address: '192.0.2.5', port: 5060 },
      local: { address: '127.0.0.1', port: 5060 },
      receivedAt: clock.now(),
    } as InboundMessage;
    await registrar.handle(request, transaction, inbound);
    return response!;
  };
  /** Challenge, then answer it. */
  const register = async (user: string, extra: string[], password = passwords[user] ?? 'x') => {
    const challenge = await send(user, extra);
    assert.equal(challenge.status, 401);
    return send(user, extra, { password, challenge });
  };
  return { clock, location, failures, send, register };
}

describe('Registrar', () => {
  it('challenges first (MD5 then SHA-256 challenges), then binds the contact and lists it', async () => {
    const { send, register, location } = setup();
    const challenge = await send('1001', ['Contact: <sip:1001@192.0.2.5:5060>', 'Expires: 600']);
    assert.equal(challenge.status, 401);
    const offered = challenge.getAll('WWW-Authenticate');
    assert.equal(offered.length, 2);
    assert.match(offered[0]!, /algorithm=MD5/);
    assert.match(offered[1]!, /algorithm=SHA-256/);
    assert.ok(challenge.toTag);
    const ok = await register('1001', ['Contact: <sip:1001@192.0.2.5:5060>', 'Expires: 600']);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.getAll('Contact'), ['<sip:1001@192.0.2.5:5060>;expires=600']);
    assert.ok(ok.get('Date'));
    assert.equal(location.lookup('1001')[0]!.source.address, '192.0.2.5');
  });

  it('answers 423 with Min-Expires to a too-brief interval and shortens a too-long one', async () => {
    const { register } = setup();
    const brief = await register('1001', ['Contact: <sip:1001@192.0.2.5>;expires=30']);
    assert.equal(brief.status, 423);
    assert.equal(brief.get('Min-Expires'), '60');
    const long = await register('1001', ['Contact: <sip:1001@192.0.2.5>', 'Expires: 999999']);
    assert.equal(long.status, 200);
    assert.deepEqual(long.getAll('Contact'), ['<sip:1001@192.0.2.5>;expires=3600']);
  });

  it('applies a REGISTER whole or not at all: one bad contact binds none', async () => {
    const { register, location } = setup();
    const res = await register('1001', [
      'Contact: <sip:1001@192.0.2.5>;expires=600, <sip:1001@192.0.2.6>;expires=30',
    ]);
    assert.equal(res.status, 423);
    assert.equal(location.all().length, 0);
  });

  it('removes a contact with expires=0 and all with Contact: * and Expires: 0 only', async () => {
    const { register, location } = setup();
    await register('1001', ['Contact: <sip:1001@192.0.2.5>, <sip:1001@192.0.2.6>', 'Expires: 600']);
    assert.equal(location.lookup('1001').length, 2);
    const one = await register('1001', ['Contact: <sip:1001@192.0.2.5>;expires=0']);
    assert.deepEqual(one.getAll('Contact'), ['<sip:1001@192.0.2.6>;expires=600']);
    const badWildcard = await register('1001', ['Contact: *', 'Expires: 60']);
    assert.equal(badWildcard.status, 400);
    const all = await register('1001', ['Contact: *', 'Expires: 0']);
    assert.equal(all.status, 200);
    assert.equal(all.getAll('Contact').length, 0);
    assert.equal(location.all().length, 0);
  });

  it("keeps each contact's q (none is 1.0) and lists the most preferred first, for sequential forking", async () => {
    const { register, location } = setup();
    const ok = await register('1001', [
      'Contact: <sip:1001@192.0.2.5>;q=0.5, <sip:1001@192.0.2.6>, <sip:1001@192.0.2.7>;q=0.75',
      'Expires: 600',
    ]);
    assert.equal(ok.status, 200);
    assert.deepEqual(
      location.lookup('1001').map((b) => `${b.contact} ${b.q}`),
      ['sip:1001@192.0.2.6 1', 'sip:1001@192.0.2.7 0.75', 'sip:1001@192.0.2.5 0.5'],
    );
    // A refresh may change the preference.
    await register('1001', ['Contact: <sip:1001@192.0.2.5>;q=1.0', 'Expires: 600']);
    assert.equal(location.lookup('1001').find((b) => b.contact.endsWith('.5'))?.q, 1);
  });

  it('refuses a q that is not a qvalue (0 to 1, three decimals) with 400, changing nothing', async () => {
    const { register, location } = setup();
    for (const q of ['1.5', '-0.1', '0.1234', 'high', '2', '1.001', '']) {
      const refused = await register('1001', [
        `Contact: <sip:1001@192.0.2.5>, <sip:1001@192.0.2.6>;q=${q}`,
        'Expires: 600',
      ]);
      assert.equal(refused.status, 400, `q=${q}`);
      assert.match(refused.reason, /^Bad Contact/);
    }
    assert.equal(location.all().length, 0, 'a REGISTER is applied whole or not at all');
    for (const q of ['0', '0.', '0.5', '0.125', '1', '1.000']) {
      const ok = await register('1001', [`Contact: <sip:1001@192.0.2.5>;q=${q}`, 'Expires: 600']);
      assert.equal(ok.status, 200, `q=${q}`);
    }
  });

  it('lets a binding expire on time', async () => {
    const { register, location, clock } = setup();
    await register('1001', ['Contact: <sip:1001@192.0.2.5>', 'Expires: 120']);
    clock.advance(119_000);
    assert.equal(location.lookup('1001').length, 1);
    clock.advance(1_000);
    assert.equal(location.lookup('1001').length, 0);
  });

  it('refuses wrong passwords and unknown extensions with the same 403', async () => {
    const { register, failures, location } = setup();
    const wrong = await register('1001', ['Contact: <sip:1001@192.0.2.5>'], 'not-the-password');
    const unknown = await register('1999', ['Contact: <sip:1999@192.0.2.5>'], 'whatever-pw');
    assert.equal(wrong.status, 403);
    assert.equal(unknown.status, 403);
    assert.equal(wrong.reason, unknown.reason);
    assert.deepEqual(
      [...wrong.headers.map((h) => h.name)].sort(),
      [...unknown.headers.map((h) => h.name)].sort(),
    );
    assert.deepEqual(failures, ['wrong-password', 'unknown-user']);
    assert.equal(location.all().length, 0);
  });

  it('locks an address after repeated failures: even a fresh REGISTER then gets 403, not a challenge', async () => {
    const { register, send, failures } = setup();
    // 30 failures from one address, spread over many usernames so no username lock hides them
    for (let i = 0; i < 30; i++) {
      const user = `9${String(i).padStart(3, '0')}`;
      assert.equal(
        (await register(user, [`Contact: <sip:${user}@192.0.2.5>`], `wrong-${i}`)).status,
        403,
        `attempt ${i}`,
      );
    }
    const locked = await send('1001', ['Contact: <sip:1001@192.0.2.5>']);
    assert.equal(locked.status, 403);
    assert.equal(failures.at(-1), 'locked');
  });
});
