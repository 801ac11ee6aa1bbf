// Customers through the API: the demo directory, caller lookup for the screen pop, search,
// create (also from a call) and edit, 400s naming fields, merge, erase, the timeline, CSV import
// with a dry run and the audited export — and the roles that may not.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  customerChange,
  DEMO_CUSTOMER_COUNT,
  seedDemoCustomers,
} from '../../business/crm/index.ts';
import { systemActor } from '../auth/index.ts';
import { enginesUnderTest } from '../../../test/support/test-databases.ts';
import { startTestHotline, T0, type TestHotline } from '../../../test/support/test-hotline.ts';

interface ApiError {
  error: { field?: string; message: string; problems: { line?: number; field: string }[] };
}
interface CustomerBody {
  id: number;
  name: string;
  tier: string;
  email: string | null;
  phones: { e164: string }[];
}

for (const engine of await enginesUnderTest()) {
  describe(`customer API on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestHotline;
    let admin: string;
    let supervisor: string;
    let agent: string;
    let qa: string;

    before(async () => {
      t = await startTestHotline({ engine: engine.engine, demo: true });
      const password = (username: string) =>
        t.credentials.find((c) => c.username === username)!.password;
      admin = await t.login('admin', t.admin.password);
      supervisor = await t.login('supervisor', password('supervisor'));
      agent = await t.login('agent1001', password('agent1001'));
      qa = await t.login('qa01', password('qa01'));
    });
    after(() => t?.dispose());

    it('seeds the demo directory once, and an agent finds the caller for the screen pop', async () => {
      const customers = t.hotline.services.customers!;
      assert.equal(await customers.count(), DEMO_CUSTOMER_COUNT);
      assert.equal(
        await seedDemoCustomers(
          customers,
          customerChange(systemActor('seed-demo'), t.hotline.services.audit),
        ),
        0,
        'seeding again adds nothing',
      );
      const res = await t.request({
        method: 'GET',
        url: '/api/v1/customers/lookup?number=013800138000',
        cookie: agent,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), {
        e164: '+8613800138000',
        customers: [{ id: 1, name: '王小明', tier: 'gold' }],
      });
      const none = await t.request({
        method: 'GET',
        url: '/api/v1/customers/lookup?number=1001',
        cookie: agent,
      });
      assert.deepEqual(none.json(), { e164: null, customers: [] });
    });

    it('searches with documents masked', async () => {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/customers?q=${encodeURIComponent('李华')}`,
        cookie: agent,
      });
      assert.equal(res.statusCode, 200, res.body);
      const [li] = res.json<{
        customers: { name: string; phones: string[]; document: string | null }[];
      }>().customers;
      assert.equal(li?.name, '李华');
      assert.deepEqual(li?.phones, ['+8613812345678', '+861062345678']);
      assert.match(li.document!, /^\*{14}[0-9X]{4}$/);
      const bad = await t.request({
        method: 'GET',
        url: '/api/v1/customers?tier=diamond',
        cookie: agent,
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json<ApiError>().error.field, 'querystring.tier');
    });

    it('answers 400 naming the field for bad customers', async () => {
      const post = (body: unknown) =>
        t.request({ method: 'POST', url: '/api/v1/customers', cookie: agent, body });
      const cases: [unknown, string][] = [
        [{ phones: ['13812345678'] }, 'body.name'],
        [{ name: '张三', tier: 'diamond' }, 'body.tier'],
        [{ name: '张三', colour: 'red' }, 'body.colour'],
        [{ name: '张三', phones: ['13812345678', '12345'] }, 'body.phones.1'],
        [{ name: '张三', birthday: '2030-01-01' }, 'body.birthday'],
        [{ name: '张三', consent: { calls: 'yes' } }, 'body.consent.calls'],
      ];
      for (const [body, field] of cases) {
        const res = await post(body);
        assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
        assert.equal(res.json<ApiError>().error.field, field, JSON.stringify(body));
        assert.ok(res.json<ApiError>().error.message.includes(field), res.body);
      }
      const patch = await t.request({
        method: 'PATCH',
        url: '/api/v1/customers/1',
        cookie: agent,
        body: {},
      });
      assert.equal(patch.statusCode, 400);
      const missing = await t.request({
        method: 'GET',
        url: '/api/v1/customers/999999',
        cookie: agent,
      });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json<ApiError>().error.field, 'params.id');
    });

    it('lets an agent create a customer from a call and see it on the timeline', async () => {
      const events = t.hotline.services.events;
      await events.write((w) =>
        w.appendAll([
          {
            type: 'call.offered',
            stream: 'call:k1',
            time: T0,
            payload: {
              callId: 'k1',
              legId: 'k1-a',
              caller: { number: '02087654321', e164: '+862087654321' },
              dialed: '4008001000',
              source: 'trunk',
            },
          },
          {
            type: 'call.queued',
            stream: 'call:k1',
            time: T0 + 5000,
            payload: { callId: 'k1', queue: 'hotels', priority: 0, skills: [] },
          },
          {
            type: 'call.connected',
            stream: 'call:k1',
            time: T0 + 9000,
            payload: { callId: 'k1', legId: 'k1-b', target: '1001', agentId: 'agent1001' },
          },
        ]),
      );
      // agent1001 is on call k1 (the ACD's word; telephony does not run in this test).
      t.hotline.services.callControl = {
        currentCallOf: (agentId: string) => (agentId === 'agent1001' ? 'k1' : undefined),
      } as unknown as NonNullable<typeof t.hotline.services.callControl>;
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/customers',
        cookie: agent,
        body: { name: 'Grace Lee', phones: ['020-87654321'], language: 'en', fromCallId: 'k1' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const id = res.json<{ id: number }>().id;
      await t.hotline.customerInteractions!.catchUp();
      const timeline = await t.request({
        method: 'GET',
        url: `/api/v1/customers/${id}/interactions`,
        cookie: agent,
      });
      assert.equal(timeline.statusCode, 200, timeline.body);
      const [call] = timeline.json<{
        interactions: { ref: string; details: { queue: string; agentId: string } }[];
      }>().interactions;
      assert.deepEqual(
        [call?.ref, call?.details.queue, call?.details.agentId],
        ['k1', 'hotels', 'agent1001'],
      );
      const edited = await t.request({
        method: 'PATCH',
        url: `/api/v1/customers/${id}`,
        cookie: agent,
        body: { tier: 'silver' },
      });
      assert.equal(edited.json<CustomerBody>().tier, 'silver');
      // An agent links only their own call: another call's caller and notes are not theirs to see.
      const notTheirs = await t.request({
        method: 'POST',
        url: `/api/v1/customers/${id}/calls`,
        cookie: agent,
        body: { callId: 'someone-elses-call' },
      });
      assert.equal(notTheirs.statusCode, 403);
      const noCall = await t.request({
        method: 'POST',
        url: '/api/v1/customers',
        cookie: supervisor,
        body: { name: 'Nobody', fromCallId: 'no-such-call' },
      });
      assert.equal(noCall.statusCode, 404);
      assert.equal(noCall.json<ApiError>().error.field, 'body.fromCallId');
    });

    it('keeps merge, erase, document reveal, import and export from the roles that may not', async () => {
      const forbidden: [
        string,
        {
          method: 'GET' | 'POST';
          url: string;
          body?: unknown;
          payload?: string;
          headers?: Record<string, string>;
        },
      ][] = [
        [agent, { method: 'POST', url: '/api/v1/customers/1/merge', body: { duplicateId: 2 } }],
        [agent, { method: 'POST', url: '/api/v1/customers/1/erase', body: {} }],
        [supervisor, { method: 'POST', url: '/api/v1/customers/1/erase', body: {} }],
        [agent, { method: 'GET', url: '/api/v1/customers/1/document' }],
        [agent, { method: 'GET', url: '/api/v1/customers/export' }],
        [supervisor, { method: 'GET', url: '/api/v1/customers/export' }],
        [
          supervisor,
          {
            method: 'POST',
            url: '/api/v1/customers/import',
            payload: 'name\nX\n',
            headers: { 'content-type': 'text/csv' },
          },
        ],
        [qa, { method: 'GET', url: '/api/v1/customers?q=王' }],
        [qa, { method: 'GET', url: '/api/v1/customers/lookup?number=13800138000' }],
      ];
      for (const [cookie, request] of forbidden) {
        const res = await t.request({ ...request, cookie });
        assert.equal(res.statusCode, 403, `${request.method} ${request.url}: ${res.body}`);
      }
      const anonymous = await t.request({ method: 'GET', url: '/api/v1/customers' });
      assert.equal(anonymous.statusCode, 401);
    });

    it('merges as a supervisor and erases as an admin', async () => {
      const create = async (body: unknown) =>
        (await t.request({ method: 'POST', url: '/api/v1/customers', cookie: agent, body })).json<{
          id: number;
        }>();
      const a = await create({
        name: '周婷',
        phones: ['15900001111'],
        document: '440106199001011234',
      });
      const b = await create({ name: '周婷', phones: ['0755-88889999'], email: 'zt@example.cn' });
      const merged = await t.request({
        method: 'POST',
        url: `/api/v1/customers/${a.id}/merge`,
        cookie: supervisor,
        body: { duplicateId: b.id },
      });
      assert.equal(merged.statusCode, 200, merged.body);
      assert.equal(merged.json<CustomerBody>().email, 'zt@example.cn');
      const viaOld = await t.request({
        method: 'GET',
        url: `/api/v1/customers/${b.id}`,
        cookie: agent,
      });
      assert.equal(viaOld.json<CustomerBody>().id, a.id);
      const reveal = await t.request({
        method: 'GET',
        url: `/api/v1/customers/${a.id}/document`,
        cookie: supervisor,
      });
      assert.deepEqual(reveal.json(), { document: '440106199001011234' });
      const erased = await t.request({
        method: 'POST',
        url: `/api/v1/customers/${a.id}/erase`,
        cookie: admin,
        body: { reason: 'request by phone 2026-11-28' },
      });
      assert.equal(erased.statusCode, 200, erased.body);
      assert.equal(erased.json<CustomerBody>().name, '');
      assert.deepEqual(erased.json<CustomerBody>().phones, []);
      const audit = await t.request({
        method: 'GET',
        url: '/api/v1/audit?resource=customers',
        cookie: admin,
      });
      const actions = audit.json<{ entries: { action: string }[] }>().entries.map((e) => e.action);
      for (const action of [
        'customer.erase',
        'customer.reveal-document',
        'customer.merge',
        'customer.create',
      ])
        assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
    });

    it('dry-runs a CSV import naming bad rows by line, refuses the file when not dry, imports a good one', async () => {
      const csv = 'name,phones,tier\n吴强,13600001111,gold\n,13600002222,\n黄勇,999,silver\n';
      const post = (dryRun: boolean, payload: string) =>
        t.request({
          method: 'POST',
          url: `/api/v1/customers/import?dryRun=${dryRun}`,
          cookie: admin,
          payload,
          headers: { 'content-type': 'text/csv' },
        });
      const before = await t.hotline.services.customers!.count();
      const dry = await post(true, csv);
      assert.equal(dry.statusCode, 200, dry.body);
      assert.deepEqual(
        dry
          .json<{ problems: { line: number; field: string }[] }>()
          .problems.map((p) => [p.line, p.field]),
        [
          [3, 'name'],
          [4, 'phones.0'],
        ],
      );
      const refused = await post(false, csv);
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json<ApiError>().error.problems.length, 2);
      assert.equal(refused.json<ApiError>().error.problems[0]?.line, 3);
      assert.equal(await t.hotline.services.customers!.count(), before, 'nothing imported');
      const good = await post(false, 'name,phones,tier\n吴强,13600001111,gold\n');
      assert.deepEqual(good.json(), { dryRun: false, rows: 1, imported: 1, problems: [] });
    });

    it('exports CSV with a BOM, unmangled +86 numbers, and an audit entry', async () => {
      const res = await t.request({
        method: 'GET',
        url: '/api/v1/customers/export?tier=platinum',
        cookie: admin,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.headers['content-type'] as string, /^text\/csv/);
      assert.ok(res.body.startsWith('\uFEFFid,name,phones,'));
      assert.ok(res.body.includes(',李华,+8613812345678;+861062345678,'));
      assert.ok(!/\d{17}[0-9X]/.test(res.body), 'documents are masked unless asked for');
      const audit = await t.request({
        method: 'GET',
        url: '/api/v1/audit?action=customers.export',
        cookie: admin,
      });
      assert.equal(audit.json<{ entries: unknown[] }>().entries.length, 1);
    });
  });
}
