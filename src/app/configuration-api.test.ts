// Configuration resources through the API on both engines: the starter queues and codes are
// seeded once, queues are validated with the ACD's schema (400 naming the field), versioned,
// audited and logged; a queue a published flow or another queue's escalation names cannot be
// deleted (409); codes are managed per list; only administrators write, agents read codes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enginesUnderTest } from '../../test/support/test-databases.ts';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';
import { Hotline } from './hotline.ts';
import { silentLogger } from '../platform/index.ts';
import type { QueueView, ReasonCode } from '../api/index.ts';

interface ErrorAnswer {
  error: { code: string; message: string; field?: string; problems?: { field: string }[] };
}

const quiet = { announcements: { atJoin: false, everySeconds: 0 } };
const vipLine = {
  schemaVersion: 1,
  name: 'vip-line',
  start: 'q',
  nodes: { q: { type: 'queue', queue: 'vip' } },
};

for (const engine of await enginesUnderTest()) {
  describe(`configuration API on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestHotline;
    const cookies: Record<string, string> = {};
    const call = (who: string, method: 'GET' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
      t.request({ method, url, cookie: cookies[who]!, ...(body !== undefined ? { body } : {}) });
    const errorOf = (res: { json<T>(): T }) => res.json<ErrorAnswer>().error;

    before(async () => {
      t = await startTestHotline({ engine: engine.engine, demo: true });
      const password = (u: string) => t.credentials.find((c) => c.username === u)!.password;
      cookies.admin = await t.login('admin', t.admin.password);
      for (const user of ['supervisor', 'agent1001', 'qa01'])
        cookies[user] = await t.login(user, password(user));
    });
    after(() => t.dispose());

    it('seeds the starter queues and code lists once, and reads them by role', async () => {
      const queues = await call('supervisor', 'GET', '/api/v1/queues');
      assert.equal(queues.statusCode, 200, queues.body);
      const list = queues.json<{ queues: QueueView[] }>().queues;
      assert.deepEqual(
        list.map((q) => q.name),
        ['complaints', 'flights', 'general', 'hotels', 'travel'],
      );
      const complaints = list.find((q) => q.name === 'complaints')!;
      assert.equal(complaints.version, 1);
      assert.equal(complaints.updatedBy, 'starter-config');
      assert.equal(complaints.waiting, null, 'telephony is not running in this test');
      assert.deepEqual((complaints.config as { skills: unknown }).skills, [
        { skill: 'complaints', minLevel: 2 },
      ]);
      const reasons = await call('agent1001', 'GET', '/api/v1/reason-codes');
      assert.equal(reasons.statusCode, 200);
      assert.deepEqual(
        reasons.json<{ codes: ReasonCode[] }>().codes.map((c) => c.code),
        ['break', 'lunch', 'training', 'meeting', 'coaching', 'admin'],
      );
      const dispositions = await call('qa01', 'GET', '/api/v1/disposition-codes');
      assert.equal(dispositions.statusCode, 200);
      const first = dispositions.json<{ codes: ReasonCode[] }>().codes[0]!;
      assert.deepEqual([first.code, first.labels.en, first.active], ['resolved', 'Resolved', true]);
      // The flows the demo published name these queues: they validated against the stored set.
      const flows = await call('admin', 'GET', '/api/v1/ivr/flows');
      assert.ok(flows.body.includes('demo-hotline'));
    });

    it('creates and replaces a queue, versioned, logged and audited', async () => {
      const created = await call('admin', 'PUT', '/api/v1/queues/vip', {
        skills: [{ skill: 'vip', minLevel: 3 }],
        wrapUpSeconds: 30,
        ...quiet,
      });
      assert.equal(created.statusCode, 201, created.body);
      const body = created.json<{ queue: QueueView; applied: unknown }>();
      assert.equal(body.queue.version, 1);
      assert.equal(body.applied, null, 'no ACD running to apply it to');
      assert.equal((body.queue.config as { ringTimeoutSeconds: number }).ringTimeoutSeconds, 20);
      const replaced = await call('admin', 'PUT', '/api/v1/queues/vip', {
        name: 'vip',
        wrapUpSeconds: 45,
        ...quiet,
      });
      assert.equal(replaced.statusCode, 200, replaced.body);
      const one = await call('supervisor', 'GET', '/api/v1/queues/vip');
      const view = one.json<QueueView>();
      assert.equal(view.version, 2);
      assert.deepEqual(view.document, { name: 'vip', wrapUpSeconds: 45, ...quiet });
      assert.equal(view.updatedBy, 'admin');

      const events = await t.hotline.services.events.read({ stream: 'config:queues' });
      assert.deepEqual(
        events
          .filter((e) => e.payload && (e.payload as { queue?: string }).queue === 'vip')
          .map((e) => [e.type, (e.payload as { version: number }).version]),
        [
          ['config.queue-saved', 1],
          ['config.queue-saved', 2],
        ],
      );
      const audit = await call('admin', 'GET', '/api/v1/audit?resource=queues&resourceId=vip');
      assert.equal(audit.statusCode, 200, audit.body);
      const actions = audit
        .json<{ entries: { action: string; actorName: string }[] }>()
        .entries.map((e) => `${e.action} by ${e.actorName}`)
        .sort();
      assert.deepEqual(actions, ['queue.create by admin', 'queue.replace by admin']);
    });

    it('refuses invalid queue documents with 400 naming the field', async () => {
      const cases: [string, unknown, string][] = [
        ['vip', { ringTimeoutSeconds: 1 }, 'body.ringTimeoutSeconds'],
        ['vip', { colour: 'red' }, 'body.colour'],
        ['vip', { escalation: [{ afterSeconds: 10 }] }, 'body.escalation.0'],
        ['vip', { strategy: 'coin-toss' }, 'body.strategy'],
        [
          'vip',
          { escalation: [{ afterSeconds: 10, addQueue: 'nowhere' }] },
          'body.escalation.0.addQueue',
        ],
        ['vip', { overflow: { kind: 'flow' } }, 'body.overflow.flow'],
        ['vip', { name: 'other' }, 'body.name'],
        ['bad name', {}, 'params.name'],
      ];
      for (const [name, doc, field] of cases) {
        const res = await call('admin', 'PUT', `/api/v1/queues/${encodeURIComponent(name)}`, doc);
        assert.equal(res.statusCode, 400, `${JSON.stringify(doc)}: ${res.body}`);
        assert.equal(errorOf(res).field, field, res.body);
        assert.ok(errorOf(res).message.includes(field), res.body);
      }
      const unchanged = await call('admin', 'GET', '/api/v1/queues/vip');
      assert.equal(unchanged.json<QueueView>().version, 2, 'nothing refused was saved');
    });

    it('refuses writes to other roles (403) and answers 404 for unknown queues', async () => {
      for (const who of ['supervisor', 'agent1001', 'qa01']) {
        const put = await call(who, 'PUT', '/api/v1/queues/vip', {});
        assert.equal(put.statusCode, 403, `${who}: ${put.body}`);
        const del = await call(who, 'DELETE', '/api/v1/reason-codes/lunch');
        assert.equal(del.statusCode, 403, `${who}: ${del.body}`);
        const disp = await call(who, 'PUT', '/api/v1/disposition-codes/x', {
          labels: { zh: '某', en: 'X' },
        });
        assert.equal(disp.statusCode, 403);
      }
      for (const who of ['agent1001', 'qa01'])
        assert.equal((await call(who, 'GET', '/api/v1/queues')).statusCode, 403);
      const missing = await call('admin', 'GET', '/api/v1/queues/nowhere');
      assert.equal(missing.statusCode, 404);
      assert.equal(errorOf(missing).field, 'params.name');
      assert.equal((await call('admin', 'DELETE', '/api/v1/queues/nowhere')).statusCode, 404);
    });

    it('keeps queues that flows or escalations name (409) and deletes the rest', async () => {
      const used = await call('admin', 'DELETE', '/api/v1/queues/flights');
      assert.equal(used.statusCode, 409, used.body);
      assert.equal(errorOf(used).code, 'conflict');
      assert.match(errorOf(used).message, /published IVR flow "demo-hotline"/);

      assert.equal((await call('admin', 'PUT', '/api/v1/queues/spill', quiet)).statusCode, 201);
      const escalating = await call('admin', 'PUT', '/api/v1/queues/vip', {
        ...quiet,
        escalation: [{ afterSeconds: 60, addQueue: 'spill' }],
      });
      assert.equal(escalating.statusCode, 200, escalating.body);
      const named = await call('admin', 'DELETE', '/api/v1/queues/spill');
      assert.equal(named.statusCode, 409);
      assert.match(errorOf(named).message, /escalation of "vip"/);

      assert.equal((await call('admin', 'DELETE', '/api/v1/queues/vip')).statusCode, 204);
      assert.equal((await call('admin', 'DELETE', '/api/v1/queues/spill')).statusCode, 204);
      assert.equal((await call('admin', 'GET', '/api/v1/queues/vip')).statusCode, 404);
      // A flow naming the deleted queue no longer validates.
      const check = await t.request({
        method: 'POST',
        url: '/api/v1/ivr/flows/vip-line/validate',
        cookie: cookies.admin!,
        body: { document: vipLine },
      });
      assert.equal(check.statusCode, 200, check.body);
      assert.equal(check.json<{ ok: boolean }>().ok, false);
    });

    it('manages both code lists, and the ports follow them at once', async () => {
      const created = await call('admin', 'PUT', '/api/v1/reason-codes/system-down', {
        labels: { zh: '系统故障', en: 'System down' },
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json<ReasonCode>().position, 7, 'a new code goes last');
      // The agents port (GET /api/v1/agents; it needs the running ACD for the agents themselves).
      assert.ok(t.hotline.services.agents!.reasons().includes('system-down'));

      const retired = await call('admin', 'PUT', '/api/v1/disposition-codes/wrong-number', {
        labels: { zh: '打错电话', en: 'Wrong number' },
        active: false,
      });
      assert.equal(retired.statusCode, 200, retired.body);
      assert.equal(retired.json<ReasonCode>().active, false);
      const added = await call('admin', 'PUT', '/api/v1/disposition-codes/escalated', {
        labels: { zh: '已升级', en: 'Escalated' },
      });
      assert.equal(added.statusCode, 201);
      const offered = await call('agent1001', 'GET', '/api/v1/dispositions');
      assert.equal(offered.statusCode, 200, offered.body);
      const codes = offered.json<{ codes: string[] }>().codes;
      assert.ok(codes.includes('escalated') && !codes.includes('wrong-number'), codes.join());

      assert.equal(
        (await call('admin', 'DELETE', '/api/v1/disposition-codes/escalated')).statusCode,
        204,
      );
      const gone = await call('admin', 'DELETE', '/api/v1/disposition-codes/escalated');
      assert.equal(gone.statusCode, 404);
      assert.equal(errorOf(gone).field, 'params.code');

      const system = await call('admin', 'PUT', '/api/v1/reason-codes/forced', {
        labels: { zh: '强制', en: 'Forced' },
      });
      assert.equal(system.statusCode, 400);
      assert.equal(errorOf(system).field, 'params.code');
      const noLabel = await call('admin', 'PUT', '/api/v1/reason-codes/nap', {
        labels: { zh: '睡' },
      });
      assert.equal(noLabel.statusCode, 400);
      assert.equal(errorOf(noLabel).field, 'body.labels.en');
      const badCode = await call('admin', 'PUT', '/api/v1/reason-codes/Nap%20Time', {
        labels: { zh: '睡', en: 'Nap' },
      });
      assert.equal(badCode.statusCode, 400);
      assert.equal(errorOf(badCode).field, 'params.code');

      const audit = await call('admin', 'GET', '/api/v1/audit?resource=disposition-codes');
      const actions = audit
        .json<{ entries: { action: string; resourceId: string }[] }>()
        .entries.filter((e) => e.resourceId === 'escalated')
        .map((e) => e.action)
        .sort();
      assert.deepEqual(actions, ['disposition-codes.create', 'disposition-codes.delete']);
    });

    it('does not seed again when restarted on the same database', async () => {
      const restarted = await Hotline.create({
        config: t.hotline.config,
        clock: t.clock,
        logger: silentLogger(),
      });
      try {
        const config = restarted.services.config!;
        assert.ok(!config.queues.has('vip'), 'a deleted queue stays deleted');
        assert.ok(config.reasonCodes.activeCodes().includes('system-down'));
        assert.ok(!config.dispositionCodes.activeCodes().includes('wrong-number'));
        const seeded = await restarted.services.events.read({
          stream: 'config:queues',
          types: ['config.queue-saved'],
        });
        const bySeed = seeded.filter(
          (e) => e.type === 'config.queue-saved' && e.payload.by === 'starter-config',
        );
        assert.equal(bySeed.length, 5, 'the starter queues were saved once');
      } finally {
        await restarted.stop();
      }
    });
  });
}
