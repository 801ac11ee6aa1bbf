// Agent profiles and extensions applied live to the running application (telephony started,
// SIP on free loopback ports): a logged-in agent's skills changed through the API change who
// the ACD offers the next call to (and a waiting call they now qualify for is offered at once);
// an agent logs in with their stored skills; click-to-call follows the profile's permission; an
// extension an agent is logged in on cannot be deleted, and a deleted one is no longer an
// extension telephony knows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';
import type { AgentProfile } from '../api/index.ts';

const quiet = { announcements: { atJoin: false, everySeconds: 0 } };
const rtpBase = 40000 + ((process.pid + 97) % 200) * 50;

describe('agent profiles and extensions applied live', () => {
  let t: TestHotline;
  let admin: string;

  const register = (extension: string) =>
    t.hotline.telephony.stack.location.upsert(
      {
        aor: extension,
        contact: `sip:${extension}@127.0.0.1:5098`,
        source: { protocol: 'udp', address: '127.0.0.1', port: 5098 },
        callId: `reg-${extension}`,
        cseq: 1,
        expiresAt: t.clock.now() + 3_600_000,
        userAgent: 'agent-config-live-test',
        q: 1,
      },
      3,
    );
  const loginReady = async (username: string, extension: string) => {
    const password =
      username === 'admin'
        ? t.admin.password
        : t.credentials.find((c) => c.username === username)!.password;
    const cookie = await t.login(username, password);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/agents/me/login',
      cookie,
      body: { extension, ready: true },
    });
    assert.equal(res.statusCode, 200, res.body);
    return cookie;
  };
  const putProfile = async (agentId: string, body: unknown) => {
    const res = await t.request({
      method: 'PUT',
      url: `/api/v1/agent-profiles/${agentId}`,
      cookie: admin,
      body,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ profile: AgentProfile; applied: string | null }>();
  };
  const offeredTo = (callId: string) =>
    [...t.hotline.telephony.acd.registry.all()]
      .filter((a) => a.offer?.callId === callId)
      .map((a) => a.id);

  before(async () => {
    t = await startTestHotline({
      demo: true,
      config: {
        sip: { host: '127.0.0.1', port: 0, wsPort: 0, advertisedHost: '127.0.0.1' },
        rtp: { host: '127.0.0.1', ports: { min: rtpBase, max: rtpBase + 49 }, workers: 1 },
      },
    });
    await t.hotline.telephony.start();
    admin = await t.login('admin', t.admin.password);
    const queue = await t.request({
      method: 'PUT',
      url: '/api/v1/queues/vip',
      cookie: admin,
      body: { skills: [{ skill: 'vip', minLevel: 3 }], ...quiet },
    });
    assert.equal(queue.statusCode, 201, queue.body);
    register('1001');
    register('1002');
    await loginReady('agent1001', '1001');
    await loginReady('agent1002', '1002');
  });
  after(() => t.dispose());

  it('logs agents in with the skills their profiles hold', () => {
    const acd = t.hotline.telephony.acd;
    assert.deepEqual(
      Object.fromEntries(acd.agents.get('agent1001')!.skills),
      t.hotline.services.config!.agentProfiles.skillsOf('agent1001'),
    );
    assert.equal(acd.agents.get('agent1006')?.skillLevel('complaints') ?? 0, 0, 'not logged in');
  });

  it('offers the next call by the skills just saved', async () => {
    const acd = t.hotline.telephony.acd;
    // Nobody has the skill: the call waits.
    acd.enqueue({ callId: 'vip-1', queue: 'vip' });
    assert.deepEqual(offeredTo('vip-1'), []);
    assert.equal(t.hotline.telephony.waitingIn('vip'), 1);

    // agent1002 is given the skill: the waiting call is offered to them at once.
    const given = await putProfile('agent1002', {
      skills: { flights: 4, vip: 4 },
      extension: '1002',
    });
    assert.equal(given.applied, 'now');
    assert.equal(acd.agents.get('agent1002')!.skillLevel('vip'), 4);
    assert.deepEqual(offeredTo('vip-1'), ['agent1002']);
    acd.callEnded('vip-1'); // the caller gave up: agent1002 is ready again
    assert.equal(acd.agents.get('agent1002')!.state, 'ready');

    // The skill moves to agent1001: the next call goes to them, not to agent1002.
    assert.equal(
      (await putProfile('agent1001', { skills: { flights: 5, vip: 5 }, extension: '1001' }))
        .applied,
      'now',
    );
    assert.equal(
      (await putProfile('agent1002', { skills: { flights: 4 }, extension: '1002' })).applied,
      'now',
    );
    acd.enqueue({ callId: 'vip-2', queue: 'vip' });
    assert.deepEqual(offeredTo('vip-2'), ['agent1001']);
    acd.callEnded('vip-2');

    // Below the queue's lowest level does not count.
    await putProfile('agent1001', { skills: { flights: 5, vip: 2 }, extension: '1001' });
    acd.enqueue({ callId: 'vip-3', queue: 'vip' });
    assert.deepEqual(offeredTo('vip-3'), []);
    acd.callEnded('vip-3');

    await t.hotline.telephony.flushEvents();
    const changes = (
      await t.hotline.services.events.read({ types: ['agent.skills-changed'] })
    ).flatMap((e) =>
      e.type === 'agent.skills-changed' ? [[e.payload.agentId, e.payload.by]] : [],
    );
    assert.deepEqual(changes, [
      ['agent1002', 'admin'],
      ['agent1001', 'admin'],
      ['agent1002', 'admin'],
      ['agent1001', 'admin'],
    ]);
  });

  it('says when skills wait for the next login, or did not change', async () => {
    assert.equal(
      (await putProfile('agent1003', { skills: { hotels: 5, vip: 3 }, extension: '1003' })).applied,
      'at-login',
    );
    assert.equal(
      (
        await putProfile('agent1001', {
          skills: { flights: 5, vip: 2 },
          extension: '1001',
          outboundCalls: true,
        })
      ).applied,
      'unchanged',
    );
    assert.equal(t.hotline.services.config!.agentProfiles.mayDialOut('agent1001'), true);
    // Click-to-call asks the profile: agent1002 may not; agent1001 gets as far as the number
    // (no outbound trunk is set here, so the allow-list refuses it).
    const dial = async (username: string) => {
      const password = t.credentials.find((c) => c.username === username)!.password;
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/calls',
        cookie: await t.login(username, password),
        body: { number: '013812345678' },
      });
      assert.equal(res.statusCode, 403, res.body);
      return res.json<{ error: { message: string } }>().error.message;
    };
    assert.match(await dial('agent1002'), /may not place outside calls/);
    assert.match(await dial('agent1001'), /outside the outbound allow-list/);
    register('1003');
    await loginReady('agent1003', '1003');
    assert.equal(t.hotline.telephony.acd.agents.get('agent1003')!.skillLevel('vip'), 3);
  });

  it('keeps an extension an agent is logged in on, and forgets a deleted one', async () => {
    const created = await t.request({
      method: 'PUT',
      url: '/api/v1/extensions/2050',
      cookie: admin,
      body: { displayName: 'Hot desk' },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(t.hotline.telephony.isExtension('2050'), true, 'telephony knows it at once');
    register('2050');
    const cookie = await loginReady('admin', '2050');

    const refused = await t.request({
      method: 'DELETE',
      url: '/api/v1/extensions/2050',
      cookie: admin,
    });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json<{ error: { message: string } }>().error.message, /logged in/);

    const out = await t.request({ method: 'POST', url: '/api/v1/agents/me/logout', cookie });
    assert.equal(out.statusCode, 200, out.body);
    const deleted = await t.request({
      method: 'DELETE',
      url: '/api/v1/extensions/2050',
      cookie: admin,
    });
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.equal(t.hotline.telephony.isExtension('2050'), false);
    assert.equal(t.hotline.telephony.stack.location.lookup('2050').length, 0);
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/agents/me/login',
      cookie,
      body: { extension: '2050' },
    });
    assert.equal(login.statusCode, 404, login.body);
  });
});
