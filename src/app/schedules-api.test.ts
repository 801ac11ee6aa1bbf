// Schedules through the API on both engines: the demo's business-hours schedule is seeded once
// and the demo flow names it; a schedule is validated with the IVR's rules (400 naming the
// field), versioned, logged and audited; administrators write, supervisors read; a schedule a
// published flow names cannot be deleted (409 naming the flow), and a flow naming one that does
// not exist is refused on the node.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enginesUnderTest } from '../../test/support/test-databases.ts';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';
import { Hotline } from './hotline.ts';
import { silentLogger } from '../platform/index.ts';
import type { ScheduleView } from '../api/index.ts';

interface ErrorAnswer {
  error: {
    code: string;
    message: string;
    field?: string;
    problems?: { field: string; message: string; node?: string }[];
  };
}

const allDay = [{ from: '00:00', to: '24:00' }];
const support = {
  description: 'Second-line support',
  timeZone: 'Europe/London',
  hours: {
    mon: [
      { from: '09:00', to: '12:30' },
      { from: '13:30', to: '17:00' },
    ],
    sat: allDay,
  },
  exceptions: [{ date: '2026-12-25', name: 'Christmas Day' }],
};
const supportLine = {
  schemaVersion: 1,
  name: 'support-line',
  start: 'hours',
  nodes: {
    hours: { type: 'schedule', schedule: 'support', open: 'q', closed: 'bye' },
    q: { type: 'queue', queue: 'general' },
    bye: { type: 'hangup' },
  },
};

for (const engine of await enginesUnderTest()) {
  describe(`schedules API on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestHotline;
    const cookies: Record<string, string> = {};
    const call = (
      who: string,
      method: 'GET' | 'PUT' | 'DELETE' | 'POST',
      url: string,
      body?: unknown,
    ) => t.request({ method, url, cookie: cookies[who]!, ...(body !== undefined ? { body } : {}) });
    const errorOf = (res: { json<T>(): T }) => res.json<ErrorAnswer>().error;

    before(async () => {
      t = await startTestHotline({ engine: engine.engine, demo: true });
      const password = (u: string) => t.credentials.find((c) => c.username === u)!.password;
      cookies.admin = await t.login('admin', t.admin.password);
      for (const user of ['supervisor', 'agent1001', 'qa01'])
        cookies[user] = await t.login(user, password(user));
    });
    after(() => t.dispose());

    it('seeds the demo business hours, which the published demo flow names', async () => {
      const list = await call('supervisor', 'GET', '/api/v1/schedules');
      assert.equal(list.statusCode, 200, list.body);
      const schedules = list.json<{ schedules: ScheduleView[] }>().schedules;
      assert.deepEqual(
        schedules.map((s) => s.name),
        ['business-hours'],
      );
      const hours = schedules[0]!;
      assert.equal(hours.version, 1);
      assert.equal(hours.updatedBy, 'starter-config');
      assert.equal(hours.timeZone, 'Asia/Shanghai');
      assert.deepEqual(hours.document.hours.mon, [{ from: '08:00', to: '20:00' }]);
      assert.ok(hours.document.exceptions?.some((e) => e.date === '2026-10-01' && !e.hours));
      const flow = await call('admin', 'GET', '/api/v1/ivr/flows/demo-hotline');
      assert.equal(flow.statusCode, 200, flow.body);
      const node = flow.json<{ document: { nodes: { hours: Record<string, unknown> } } }>().document
        .nodes.hours;
      assert.equal(node.schedule, 'business-hours');
      assert.equal(node.hours, undefined, 'the flow keeps no table of its own');
    });

    it('creates and replaces a schedule, versioned, logged and audited', async () => {
      const created = await call('admin', 'PUT', '/api/v1/schedules/support', support);
      assert.equal(created.statusCode, 201, created.body);
      const view = created.json<ScheduleView>();
      assert.deepEqual(
        [view.name, view.version, view.timeZone, view.updatedBy],
        ['support', 1, 'Europe/London', 'admin'],
      );
      assert.deepEqual(view.document, support);
      // Without a zone, the center's (HOTLINE_TIMEZONE, Asia/Shanghai by default) applies.
      const { timeZone: _, ...local } = support;
      const replaced = await call('admin', 'PUT', '/api/v1/schedules/support', local);
      assert.equal(replaced.statusCode, 200, replaced.body);
      const one = await call('supervisor', 'GET', '/api/v1/schedules/support');
      assert.equal(one.statusCode, 200);
      const after = one.json<ScheduleView>();
      assert.deepEqual(
        [after.version, after.timeZone, after.document.timeZone],
        [2, 'Asia/Shanghai', undefined],
      );

      const events = await t.hotline.services.events.read({ stream: 'config:schedules' });
      assert.deepEqual(
        events
          .filter((e) => (e.payload as { schedule?: string }).schedule === 'support')
          .map((e) => [e.type, (e.payload as { version: number }).version]),
        [
          ['config.schedule-saved', 1],
          ['config.schedule-saved', 2],
        ],
      );
      const audit = await call(
        'admin',
        'GET',
        '/api/v1/audit?resource=schedules&resourceId=support',
      );
      assert.equal(audit.statusCode, 200, audit.body);
      assert.deepEqual(
        audit
          .json<{ entries: { action: string; actorName: string }[] }>()
          .entries.map((e) => `${e.action} by ${e.actorName}`)
          .sort(),
        ['schedule.create by admin', 'schedule.replace by admin'],
      );
    });

    it('refuses invalid schedules with 400 naming the field, and saves nothing', async () => {
      const cases: [string, unknown, string][] = [
        ['support', { hours: { mon: [{ from: '18:00', to: '09:00' }] } }, 'body.hours.mon.0.to'],
        [
          'support',
          {
            hours: {
              tue: [
                { from: '09:00', to: '13:00' },
                { from: '12:00', to: '18:00' },
              ],
            },
          },
          'body.hours.tue.1.from',
        ],
        ['support', { hours: { wed: [{ from: '09:00', to: '25:00' }] } }, 'body.hours.wed.0.to'],
        ['support', { hours: {}, timeZone: 'Asia/Beijing' }, 'body.timeZone'],
        ['support', { hours: {}, exceptions: [{ date: '2026-02-30' }] }, 'body.exceptions.0.date'],
        [
          'support',
          { hours: {}, exceptions: [{ date: '2026-10-01' }, { date: '2026-10-01' }] },
          'body.exceptions.1.date',
        ],
        [
          'support',
          { hours: {}, exceptions: [{ date: '2026-10-02', hours: [{ from: '12:00' }] }] },
          'body.exceptions.0.hours.0.to',
        ],
        ['support', { hours: { funday: [] } }, 'body.hours.funday'],
        ['support', {}, 'body.hours'],
        ['bad name', { hours: {} }, 'params.name'],
      ];
      for (const [name, doc, field] of cases) {
        const res = await call(
          'admin',
          'PUT',
          `/api/v1/schedules/${encodeURIComponent(name)}`,
          doc,
        );
        assert.equal(res.statusCode, 400, `${JSON.stringify(doc)}: ${res.body}`);
        assert.equal(errorOf(res).code, 'invalid-input');
        assert.equal(errorOf(res).field, field, res.body);
        assert.ok(errorOf(res).message.includes(field), res.body);
      }
      const unchanged = await call('admin', 'GET', '/api/v1/schedules/support');
      assert.equal(unchanged.json<ScheduleView>().version, 2, 'nothing refused was saved');
    });

    it('lets administrators write and supervisors read; others are refused (403)', async () => {
      for (const who of ['supervisor', 'agent1001', 'qa01']) {
        const put = await call(who, 'PUT', '/api/v1/schedules/support', { hours: {} });
        assert.equal(put.statusCode, 403, `${who}: ${put.body}`);
        const del = await call(who, 'DELETE', '/api/v1/schedules/support');
        assert.equal(del.statusCode, 403, `${who}: ${del.body}`);
      }
      for (const who of ['agent1001', 'qa01']) {
        assert.equal((await call(who, 'GET', '/api/v1/schedules')).statusCode, 403);
        assert.equal((await call(who, 'GET', '/api/v1/schedules/support')).statusCode, 403);
      }
      const anonymous = await t.request({ method: 'GET', url: '/api/v1/schedules' });
      assert.equal(anonymous.statusCode, 401);
      const missing = await call('supervisor', 'GET', '/api/v1/schedules/night-shift');
      assert.equal(missing.statusCode, 404);
      assert.equal(errorOf(missing).field, 'params.name');
    });

    it('refuses flows naming a schedule that does not exist, on the node', async () => {
      const res = await call('admin', 'POST', '/api/v1/ivr/flows/support-line/validate', {
        document: {
          ...supportLine,
          nodes: {
            ...supportLine.nodes,
            hours: { ...supportLine.nodes.hours, schedule: 'night-shift' },
          },
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json<{ ok: boolean; problems: unknown[] }>(), {
        ok: false,
        problems: [
          {
            node: 'hours',
            field: 'nodes.hours.schedule',
            message:
              'unknown schedule "night-shift"; create it under Schedules first, or name another',
          },
        ],
      });
      const saved = await call('admin', 'PUT', '/api/v1/ivr/flows/support-line', {
        document: supportLine,
        publish: true,
      });
      assert.equal(saved.statusCode, 201, saved.body);
    });

    it('keeps a schedule a published flow names (409 naming it), and deletes it once free', async () => {
      const used = await call('admin', 'DELETE', '/api/v1/schedules/support');
      assert.equal(used.statusCode, 409, used.body);
      assert.equal(errorOf(used).code, 'conflict');
      assert.equal(errorOf(used).field, 'params.name');
      assert.match(errorOf(used).message, /published IVR flow "support-line"/);
      const demo = await call('admin', 'DELETE', '/api/v1/schedules/business-hours');
      assert.equal(demo.statusCode, 409);
      assert.match(errorOf(demo).message, /"demo-hotline"/);

      // Publish the flow with a table of its own: the schedule is free.
      const own = {
        ...supportLine,
        nodes: {
          ...supportLine.nodes,
          hours: { type: 'schedule', hours: { mon: allDay }, open: 'q', closed: 'bye' },
        },
      };
      const republished = await call('admin', 'PUT', '/api/v1/ivr/flows/support-line', {
        document: own,
        publish: true,
      });
      assert.equal(republished.statusCode, 201, republished.body);
      assert.equal((await call('admin', 'DELETE', '/api/v1/schedules/support')).statusCode, 204);
      assert.equal((await call('admin', 'GET', '/api/v1/schedules/support')).statusCode, 404);
      const gone = await call('admin', 'DELETE', '/api/v1/schedules/support');
      assert.equal(gone.statusCode, 404);
      const audit = await call(
        'admin',
        'GET',
        '/api/v1/audit?resource=schedules&resourceId=support',
      );
      assert.ok(
        audit
          .json<{ entries: { action: string }[] }>()
          .entries.some((e) => e.action === 'schedule.delete'),
      );
    });

    it('does not seed again when restarted on the same database', async () => {
      const changed = await call('admin', 'PUT', '/api/v1/schedules/business-hours', {
        hours: { mon: allDay },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      const restarted = await Hotline.create({
        config: t.hotline.config,
        clock: t.clock,
        logger: silentLogger(),
      });
      try {
        const schedules = restarted.services.config!.schedules;
        assert.equal(schedules.view('business-hours').version, 2);
        assert.deepEqual(schedules.view('business-hours').document, { hours: { mon: allDay } });
      } finally {
        await restarted.stop();
      }
    });
  });
}
