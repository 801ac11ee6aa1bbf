// Call detail records and timelines through the API: projected from the call
// events in the log, filtered and paged, readable only by the roles allowed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enginesUnderTest } from '../../../test/support/test-databases.ts';
import { startTestHotline, T0, type TestHotline } from '../../../test/support/test-hotline.ts';

for (const engine of await enginesUnderTest()) {
  describe(`call API on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestHotline;
    let adminCookie: string;

    before(async () => {
      t = await startTestHotline({ engine: engine.engine, demo: true });
      adminCookie = await t.login('admin', t.admin.password);
      const events = t.hotline.services.events;
      // Two calls as the call model and the SIP adapter log them.
      await events.write(async (ctx) => {
        await ctx.appendAll([
          {
            type: 'call.offered',
            stream: 'call:c1',
            time: T0,
            payload: {
              callId: 'c1',
              legId: 'leg-a',
              caller: { number: '013812345678', e164: '+8613812345678' },
              dialed: '4008001000',
              source: 'trunk',
            },
          },
          {
            type: 'leg.answered',
            stream: 'leg:leg-a',
            time: T0 + 100,
            payload: { legId: 'leg-a' },
          },
          {
            type: 'call.ivr-started',
            stream: 'call:c1',
            time: T0 + 120,
            payload: { callId: 'c1', flow: 'demo-hotline' },
          },
          {
            type: 'call.ivr-node',
            stream: 'call:c1',
            time: T0 + 130,
            payload: { callId: 'c1', node: 'welcome', nodeType: 'play' },
          },
          {
            type: 'call.ivr-node',
            stream: 'call:c1',
            time: T0 + 4000,
            payload: { callId: 'c1', node: 'main-menu', nodeType: 'menu' },
          },
          {
            type: 'call.queued',
            stream: 'call:c1',
            time: T0 + 9000,
            payload: { callId: 'c1', queue: 'flights', priority: 0, skills: [] },
          },
          {
            type: 'call.connected',
            stream: 'call:c1',
            time: T0 + 21_000,
            payload: { callId: 'c1', legId: 'leg-b', target: '1003' },
          },
          {
            type: 'leg.answered',
            stream: 'leg:leg-b',
            time: T0 + 21_000,
            payload: { legId: 'leg-b' },
          },
          {
            type: 'call.ended',
            stream: 'call:c1',
            time: T0 + 81_000,
            payload: { callId: 'c1', from: 'connected', cause: 'normal', by: 'customer' },
          },
          {
            type: 'call.offered',
            stream: 'call:c2',
            time: T0 + 60_000,
            payload: {
              callId: 'c2',
              legId: 'leg-c',
              caller: { number: '+14155550100', e164: '+14155550100' },
              dialed: '4008001000',
              source: 'trunk',
            },
          },
        ]);
      });
      await t.hotline.callRecords.catchUp();
    });
    after(() => t.dispose());

    it('lists records newest first, filters by caller in either spelling and by queue', async () => {
      const all = await t.request({ method: 'GET', url: '/api/v1/calls', cookie: adminCookie });
      assert.equal(all.statusCode, 200);
      const calls = all.json<{ calls: { callId: string }[] }>().calls;
      assert.deepEqual(
        calls.map((c) => c.callId),
        ['c2', 'c1'],
      );
      for (const caller of ['013812345678', '%2B8613812345678']) {
        const res = await t.request({
          method: 'GET',
          url: `/api/v1/calls?caller=${caller}`,
          cookie: adminCookie,
        });
        assert.deepEqual(
          res.json<{ calls: { callId: string }[] }>().calls.map((c) => c.callId),
          ['c1'],
          caller,
        );
      }
      const byQueue = await t.request({
        method: 'GET',
        url: '/api/v1/calls?queue=flights',
        cookie: adminCookie,
      });
      assert.deepEqual(
        byQueue.json<{ calls: { callId: string }[] }>().calls.map((c) => c.callId),
        ['c1'],
      );
      const page = await t.request({
        method: 'GET',
        url: '/api/v1/calls?limit=1&before=c2',
        cookie: adminCookie,
      });
      assert.deepEqual(
        page.json<{ calls: { callId: string }[] }>().calls.map((c) => c.callId),
        ['c1'],
      );
    });

    it('returns one record with the IVR path, queue wait and talk time', async () => {
      const res = await t.request({ method: 'GET', url: '/api/v1/calls/c1', cookie: adminCookie });
      assert.equal(res.statusCode, 200);
      const record = res.json<Record<string, unknown>>();
      assert.deepEqual(record.ivrPath, ['welcome', 'main-menu']);
      assert.equal(record.queue, 'flights');
      assert.equal(record.waitMs, 12_000);
      assert.equal(record.talkMs, 60_000);
      assert.equal(record.connectedTo, '1003');
      assert.equal(record.endedIn, 'connected');
      const open = (
        await t.request({ method: 'GET', url: '/api/v1/calls/c2', cookie: adminCookie })
      ).json<Record<string, unknown>>();
      assert.equal(open.endedAt, null, 'a call in progress has no end yet');
    });

    it("returns the call's timeline with its legs' events, in log order", async () => {
      const res = await t.request({
        method: 'GET',
        url: '/api/v1/calls/c1/timeline',
        cookie: adminCookie,
      });
      assert.equal(res.statusCode, 200);
      const events = res.json<{ events: { type: string; time: number }[] }>().events;
      assert.deepEqual(
        events.map((e) => e.type),
        [
          'call.offered',
          'leg.answered',
          'call.ivr-started',
          'call.ivr-node',
          'call.ivr-node',
          'call.queued',
          'call.connected',
          'leg.answered',
          'call.ended',
        ],
      );
      assert.deepEqual(
        events.map((e) => e.time),
        [...events.map((e) => e.time)].sort((a, b) => a - b),
      );
    });

    it('answers unknown calls with 404 and bad queries with 400 naming the field', async () => {
      const missing = await t.request({
        method: 'GET',
        url: '/api/v1/calls/nope',
        cookie: adminCookie,
      });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json<{ error: { field: string } }>().error.field, 'params.callId');
      const timeline = await t.request({
        method: 'GET',
        url: '/api/v1/calls/nope/timeline',
        cookie: adminCookie,
      });
      assert.equal(timeline.statusCode, 404);
      const bad = await t.request({
        method: 'GET',
        url: '/api/v1/calls?limit=0',
        cookie: adminCookie,
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json<{ error: { message: string } }>().error.message, /limit/);
    });

    it('lets supervisors and QA read records, not agents or anonymous callers', async () => {
      const password = (name: string) => t.credentials.find((c) => c.username === name)!.password;
      const qa = await t.login('qa01', password('qa01'));
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/calls', cookie: qa })).statusCode,
        200,
      );
      const agent = await t.login('agent1001', password('agent1001'));
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/calls', cookie: agent })).statusCode,
        403,
      );
      assert.equal((await t.request({ method: 'GET', url: '/api/v1/calls/c1' })).statusCode, 401);
    });

    it('rebuilds the same records from the log', async () => {
      const db = t.hotline.database.db;
      const before = await db.selectFrom('call_records').selectAll().orderBy('call_id').execute();
      await db.deleteFrom('call_records').execute();
      await db.updateTable('projection_cursors').set({ last_event_id: 0 }).execute();
      await t.hotline.callRecords.catchUp();
      const rebuilt = await db.selectFrom('call_records').selectAll().orderBy('call_id').execute();
      assert.deepEqual(rebuilt, before);
    });
  });
}
