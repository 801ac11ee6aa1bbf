// Agent profiles and SIP extensions through the API on both engines: the demo agents' skills
// are seeded once as profiles and are what agents log in with; profiles are validated (400 or
// 409 naming the field), versioned, logged and audited; extensions are created with a password
// shown once (only digests stored), renamed, given new passwords, listed with their
// registration and never a secret, and kept while a profile names them. Only administrators
// write; supervisors read profiles.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enginesUnderTest } from '../../test/support/test-databases.ts';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';
import { Hotline } from './hotline.ts';
import { demoAgentSkills } from './demo-center.ts';
import { silentLogger } from '../platform/index.ts';
import { sipExtensionRepository } from '../store/index.ts';
import { ha1 } from '../telephony/index.ts';
import type { AgentProfile, ExtensionView } from '../api/index.ts';

interface ErrorAnswer {
  error: { code: string; message: string; field?: string };
}

for (const engine of await enginesUnderTest()) {
  describe(`agent profiles and extensions API on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestHotline;
    const cookies: Record<string, string> = {};
    const call = (
      who: string,
      method: 'GET' | 'PUT' | 'POST' | 'DELETE',
      url: string,
      body?: unknown,
    ) => t.request({ method, url, cookie: cookies[who]!, ...(body !== undefined ? { body } : {}) });
    const errorOf = (res: { json<T>(): T }) => res.json<ErrorAnswer>().error;
    const profiles = () => t.hotline.services.config!.agentProfiles;
    const register = (extension: string) =>
      t.hotline.telephony.stack.location.upsert(
        {
          aor: extension,
          contact: `sip:${extension}@127.0.0.1:5099`,
          source: { protocol: 'udp', address: '127.0.0.1', port: 5099 },
          callId: `reg-${extension}`,
          cseq: 1,
          expiresAt: t.clock.now() + 300_000,
          userAgent: 'agent-config-test',
          q: 1,
        },
        3,
      );
    const auditActions = async (resource: string, resourceId: string) => {
      const res = await call(
        'admin',
        'GET',
        `/api/v1/audit?resource=${resource}&resourceId=${resourceId}`,
      );
      assert.equal(res.statusCode, 200, res.body);
      return res
        .json<{ entries: { action: string; actorName: string }[] }>()
        .entries.map((e) => `${e.action} by ${e.actorName}`)
        .sort();
    };

    before(async () => {
      t = await startTestHotline({ engine: engine.engine, demo: true });
      const password = (u: string) => t.credentials.find((c) => c.username === u)!.password;
      cookies.admin = await t.login('admin', t.admin.password);
      for (const user of ['supervisor', 'agent1001', 'qa01'])
        cookies[user] = await t.login(user, password(user));
    });
    after(() => t.dispose());

    it('seeds the demo agents’ skills as their profiles once, and agents log in with them', async () => {
      const res = await call('supervisor', 'GET', '/api/v1/agent-profiles');
      assert.equal(res.statusCode, 200, res.body);
      const list = res.json<{ profiles: AgentProfile[] }>().profiles;
      assert.deepEqual(
        list.map((p) => p.agentId),
        Object.keys(demoAgentSkills).sort(),
      );
      const first = list[0]!;
      assert.deepEqual(first.skills, demoAgentSkills.agent1001);
      assert.deepEqual(
        [first.extension, first.outboundCalls, first.team, first.version, first.updatedBy],
        ['1001', false, null, 1, 'seed-demo'],
      );
      // What the agents port logs agent1001 in with (it reads the stored profiles).
      assert.deepEqual(profiles().skillsOf('agent1001'), demoAgentSkills.agent1001);
      assert.deepEqual(profiles().skillsOf('nobody'), {});
      const one = await call('supervisor', 'GET', '/api/v1/agent-profiles/agent1006');
      assert.equal(one.json<AgentProfile>().skills.complaints, 5);
    });

    it('creates and replaces profiles, versioned, logged and audited; dial-out follows', async () => {
      assert.equal(profiles().mayDialOut('agent1002'), false, 'nobody dials out by default');
      const replaced = await call('admin', 'PUT', '/api/v1/agent-profiles/agent1002', {
        skills: { flights: 4, vip: 3 },
        extension: '1002',
        outboundCalls: true,
        team: 'flights-a',
      });
      assert.equal(replaced.statusCode, 200, replaced.body);
      const body = replaced.json<{ profile: AgentProfile; applied: unknown }>();
      assert.equal(body.applied, null, 'no ACD running to apply it to');
      assert.deepEqual(
        [body.profile.version, body.profile.team, body.profile.outboundCalls],
        [2, 'flights-a', true],
      );
      assert.equal(profiles().mayDialOut('agent1002'), true);
      assert.equal(profiles().mayDialOut('agent1003'), false);
      assert.equal(profiles().mayDialOut('nobody'), false);
      assert.deepEqual(profiles().skillsOf('agent1002'), { flights: 4, vip: 3 });

      // A new agent, and a supervisor who takes calls too.
      const user = await call('admin', 'POST', '/api/v1/users', {
        username: 'agent2001',
        role: 'agent',
      });
      assert.equal(user.statusCode, 201, user.body);
      const created = await call('admin', 'PUT', '/api/v1/agent-profiles/agent2001', {
        skills: { hotels: 2 },
      });
      assert.equal(created.statusCode, 201, created.body);
      const fresh = created.json<{ profile: AgentProfile }>().profile;
      assert.deepEqual(
        [fresh.version, fresh.extension, fresh.outboundCalls, fresh.team, fresh.updatedBy],
        [1, null, false, null, 'admin'],
      );
      const supervisor = await call('admin', 'PUT', '/api/v1/agent-profiles/supervisor', {
        skills: { complaints: 5 },
      });
      assert.equal(supervisor.statusCode, 201, supervisor.body);

      const events = await t.hotline.services.events.read({ stream: 'config:agent-profiles' });
      const mine = events
        .filter((e) => (e.payload as { agentId?: string }).agentId === 'agent1002')
        .map((e) => [e.type, (e.payload as { version: number }).version]);
      assert.deepEqual(mine, [
        ['config.agent-profile-saved', 1],
        ['config.agent-profile-saved', 2],
      ]);
      assert.deepEqual(await auditActions('agent-profiles', 'agent1002'), [
        'agent-profile.create by seed-demo',
        'agent-profile.replace by admin',
      ]);
    });

    it('stores auto-answer, off unless the profile says so', async () => {
      assert.equal(profiles().autoAnswer('agent1004'), false, 'nobody auto-answers by default');
      const before = await call('admin', 'GET', '/api/v1/agent-profiles/agent1004');
      assert.equal(before.json<AgentProfile>().autoAnswer, false);
      const saved = await call('admin', 'PUT', '/api/v1/agent-profiles/agent1004', {
        skills: { hotels: 3 },
        autoAnswer: true,
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json<{ profile: AgentProfile }>().profile.autoAnswer, true);
      assert.equal(profiles().autoAnswer('agent1004'), true);
      // Read back from the database, as after a restart.
      await profiles().load();
      assert.equal(profiles().autoAnswer('agent1004'), true);
      const off = await call('admin', 'PUT', '/api/v1/agent-profiles/agent1004', {
        skills: { hotels: 3 },
      });
      assert.equal(off.json<{ profile: AgentProfile }>().profile.autoAnswer, false);
      const bad = await call('admin', 'PUT', '/api/v1/agent-profiles/agent1004', {
        skills: {},
        autoAnswer: 'yes',
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(errorOf(bad).field, 'body.autoAnswer');
    });

    it('refuses invalid profiles with 400 (or 409) naming the field, saving nothing', async () => {
      const cases: [string, unknown, number, string][] = [
        ['agent1002', { skills: { flights: 6 } }, 400, 'body.skills.flights'],
        ['agent1002', { skills: { flights: 0 } }, 400, 'body.skills.flights'],
        ['agent1002', { skills: { flights: 2.5 } }, 400, 'body.skills.flights'],
        ['agent1002', { skills: { 'two words': 2 } }, 400, 'body.skills.two words'],
        ['agent1002', {}, 400, 'body.skills'],
        ['agent1002', { skills: {}, extension: '9999' }, 400, 'body.extension'],
        ['agent1002', { skills: {}, extension: '1001' }, 409, 'body.extension'],
        ['agent1002', { skills: {}, team: 'flights a!' }, 400, 'body.team'],
        ['agent1002', { skills: {}, outboundCalls: 'yes' }, 400, 'body.outboundCalls'],
        ['agent1002', { skills: {}, colour: 'red' }, 400, 'body.colour'],
        ['Bad%20Name', { skills: {} }, 400, 'params.agentId'],
        ['agent9999', { skills: {} }, 404, 'params.agentId'],
        ['qa01', { skills: {} }, 400, 'params.agentId'],
      ];
      for (const [agentId, body, status, field] of cases) {
        const res = await call('admin', 'PUT', `/api/v1/agent-profiles/${agentId}`, body);
        assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
        assert.equal(errorOf(res).field, field, res.body);
        assert.ok(errorOf(res).message.includes(field), res.body);
      }
      const unchanged = await call('admin', 'GET', '/api/v1/agent-profiles/agent1002');
      assert.equal(unchanged.json<AgentProfile>().version, 2, 'nothing refused was saved');
      const missing = await call('admin', 'GET', '/api/v1/agent-profiles/agent1999');
      assert.equal(missing.statusCode, 404);
      assert.equal(errorOf(missing).field, 'params.agentId');
    });

    it('keeps writes with administrators (403) and extensions away from other roles', async () => {
      for (const who of ['supervisor', 'agent1001', 'qa01']) {
        const put = await call(who, 'PUT', '/api/v1/agent-profiles/agent1001', { skills: {} });
        assert.equal(put.statusCode, 403, `${who}: ${put.body}`);
        const del = await call(who, 'DELETE', '/api/v1/agent-profiles/agent1001');
        assert.equal(del.statusCode, 403);
        for (const [method, url, body] of [
          ['GET', '/api/v1/extensions', undefined],
          ['PUT', '/api/v1/extensions/3001', { displayName: 'x' }],
          ['POST', '/api/v1/extensions/1001/password', {}],
          ['DELETE', '/api/v1/extensions/1010', undefined],
        ] as const) {
          const res = await call(who, method, url, body);
          assert.equal(res.statusCode, 403, `${who} ${method} ${url}: ${res.body}`);
        }
      }
      for (const who of ['agent1001', 'qa01'])
        assert.equal((await call(who, 'GET', '/api/v1/agent-profiles')).statusCode, 403);
      assert.equal(profiles().skillsOf('agent1001').flights, 5, 'unchanged');
    });

    it('creates an extension with a password shown once, renames it and resets its password', async () => {
      const created = await call('admin', 'PUT', '/api/v1/extensions/2001', {
        displayName: 'Desk 2001',
      });
      assert.equal(created.statusCode, 201, created.body);
      const { extension, generatedPassword } = created.json<{
        extension: ExtensionView;
        generatedPassword: string;
      }>();
      assert.ok(generatedPassword.length >= 12, generatedPassword);
      assert.deepEqual(
        [extension.extension, extension.displayName, extension.registered, extension.agentId],
        ['2001', 'Desk 2001', false, null],
      );
      const db = t.hotline.database.db;
      const realm = t.hotline.config.sip.realm;
      const stored = (await sipExtensionRepository.byExtension(db, '2001'))!;
      assert.equal(stored.ha1_md5, ha1('2001', realm, generatedPassword, 'MD5'));
      assert.equal(t.hotline.telephony.isExtension('2001'), false, 'telephony is not started');

      // Registered phones show; no secret is ever listed.
      register('2001');
      const listed = await call('admin', 'GET', '/api/v1/extensions');
      assert.equal(listed.statusCode, 200, listed.body);
      const all = listed.json<{ extensions: ExtensionView[] }>().extensions;
      assert.deepEqual(
        all.map((e) => e.extension),
        ['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009', '1010', '2001'],
      );
      assert.deepEqual(all.find((e) => e.extension === '2001')!.contacts, 1);
      assert.equal(all.find((e) => e.extension === '1001')!.agentId, 'agent1001');
      assert.doesNotMatch(listed.body, /ha1|password|realm/i);

      const renamed = await call('admin', 'PUT', '/api/v1/extensions/2001', {
        displayName: '前台 Front desk',
      });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json<{ extension: ExtensionView }>().extension.registered, true);
      assert.doesNotMatch(renamed.body, /generatedPassword/, 'a rename keeps the password');
      const afterRename = (await sipExtensionRepository.byExtension(db, '2001'))!;
      assert.deepEqual(
        [afterRename.display_name, afterRename.ha1_md5],
        ['前台 Front desk', stored.ha1_md5],
      );

      const reset = await call('admin', 'POST', '/api/v1/extensions/2001/password', {});
      assert.equal(reset.statusCode, 200, reset.body);
      const newPassword = reset.json<{ generatedPassword: string }>().generatedPassword;
      assert.notEqual(newPassword, generatedPassword);
      const afterReset = (await sipExtensionRepository.byExtension(db, '2001'))!;
      assert.equal(afterReset.ha1_sha256, ha1('2001', realm, newPassword, 'SHA-256'));
      const chosen = await call('admin', 'POST', '/api/v1/extensions/2001/password', {
        password: 'a-chosen-sip-password',
      });
      assert.deepEqual(chosen.json(), {}, 'a chosen password is not echoed');

      const bad: [string, unknown, string][] = [
        ['2001', { displayName: 'x', password: 'short' }, 'body.password'],
        ['2001', { displayName: '' }, 'body.displayName'],
        ['2001', { displayName: '   ' }, 'body.displayName'],
        ['2001', {}, 'body.displayName'],
        ['two%20words', { displayName: 'x' }, 'params.extension'],
      ];
      for (const [ext, body, field] of bad) {
        const res = await call('admin', 'PUT', `/api/v1/extensions/${ext}`, body);
        assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
        assert.equal(errorOf(res).field, field, res.body);
      }
      const none = await call('admin', 'POST', '/api/v1/extensions/2999/password', {});
      assert.equal(none.statusCode, 404);
      assert.equal(errorOf(none).field, 'params.extension');

      assert.deepEqual(await auditActions('extensions', '2001'), [
        'extension.create by admin',
        'extension.rename by admin',
        'extension.set-password by admin',
        'extension.set-password by admin',
      ]);
    });

    it('keeps an extension a profile names (409), deletes others and lets their phones go', async () => {
      const named = await call('admin', 'DELETE', '/api/v1/extensions/1001');
      assert.equal(named.statusCode, 409, named.body);
      assert.equal(errorOf(named).field, 'params.extension');
      assert.match(errorOf(named).message, /usual extension of "agent1001"/);

      // A profile may name the new extension, and then it too is kept.
      const moved = await call('admin', 'PUT', '/api/v1/agent-profiles/agent2001', {
        skills: { hotels: 2 },
        extension: '2001',
      });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal((await call('admin', 'DELETE', '/api/v1/extensions/2001')).statusCode, 409);
      const cleared = await call('admin', 'PUT', '/api/v1/agent-profiles/agent2001', {
        skills: { hotels: 2 },
        extension: null,
      });
      assert.equal(cleared.statusCode, 200, cleared.body);

      const deleted = await call('admin', 'DELETE', '/api/v1/extensions/2001');
      assert.equal(deleted.statusCode, 204, deleted.body);
      assert.equal(t.hotline.telephony.stack.location.lookup('2001').length, 0, 'phone let go');
      assert.equal((await call('admin', 'GET', '/api/v1/extensions/2001')).statusCode, 404);
      assert.equal((await call('admin', 'DELETE', '/api/v1/extensions/2001')).statusCode, 404);
      const events = await t.hotline.services.events.read({ stream: 'extension:2001' });
      assert.ok(events.some((e) => e.type === 'sip.extension-deleted'));
      assert.ok((await auditActions('extensions', '2001')).includes('extension.delete by admin'));
    });

    it('deletes a profile: no skills, no dial-out', async () => {
      const deleted = await call('admin', 'DELETE', '/api/v1/agent-profiles/agent1002');
      assert.equal(deleted.statusCode, 204, deleted.body);
      assert.deepEqual(profiles().skillsOf('agent1002'), {});
      assert.equal(profiles().mayDialOut('agent1002'), false);
      const gone = await call('admin', 'DELETE', '/api/v1/agent-profiles/agent1002');
      assert.equal(gone.statusCode, 404);
      assert.equal(errorOf(gone).field, 'params.agentId');
      // Its extension is free for another agent now.
      const taken = await call('admin', 'PUT', '/api/v1/agent-profiles/agent2001', {
        skills: {},
        extension: '1002',
      });
      assert.equal(taken.statusCode, 200, taken.body);
    });

    it('does not seed again when restarted on the same database', async () => {
      const restarted = await Hotline.create({
        config: t.hotline.config,
        clock: t.clock,
        logger: silentLogger(),
      });
      try {
        const again = restarted.services.config!.agentProfiles;
        assert.deepEqual(again.skillsOf('agent1002'), {}, 'a deleted profile stays deleted');
        assert.equal(again.get('agent2001').extension, '1002');
        assert.deepEqual(again.skillsOf('supervisor'), { complaints: 5 });
      } finally {
        await restarted.stop();
      }
    });
  });
}
