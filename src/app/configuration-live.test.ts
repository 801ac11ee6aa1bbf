// Configuration applied live to the running application (telephony started, SIP on free
// loopback ports): a queue saved through the API is in the ACD at once and IVR flows naming it
// validate; a queue with a call waiting cannot be deleted; a not-ready reason added or removed
// through the API is what agents may choose next.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';
import { systemActor, type QueueView } from '../api/index.ts';

const quiet = { announcements: { atJoin: false, everySeconds: 0 } };
const vipLine = {
  schemaVersion: 1,
  name: 'vip-line',
  start: 'q',
  nodes: { q: { type: 'queue', queue: 'vip' } },
};
const rtpBase = 40000 + (process.pid % 200) * 50;

describe('configuration applied live', () => {
  let t: TestHotline;
  let admin: string;
  let agent: string;

  const validateVipLine = async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/ivr/flows/vip-line/validate',
      cookie: admin,
      body: { document: vipLine },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ ok: boolean; problems: { field: string; message: string }[] }>();
  };

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
    const password = t.credentials.find((c) => c.username === 'agent1001')!.password;
    agent = await t.login('agent1001', password);
  });
  after(() => t.dispose());

  it('puts a new queue into the running ACD, and flows naming it validate', async () => {
    const before = await validateVipLine();
    assert.equal(before.ok, false);
    assert.match(JSON.stringify(before.problems), /vip/);

    const res = await t.request({
      method: 'PUT',
      url: '/api/v1/queues/vip',
      cookie: admin,
      body: { skills: [{ skill: 'vip' }], wrapUpSeconds: 5, ...quiet },
    });
    assert.equal(res.statusCode, 201, res.body);
    const { applied, queue } = res.json<{ applied: { added: string[] }; queue: QueueView }>();
    assert.deepEqual(applied.added, ['vip']);
    assert.equal(queue.waiting, 0);
    assert.equal(t.hotline.telephony.acd.queue('vip')?.config.wrapUpSeconds, 5);

    assert.deepEqual(await validateVipLine(), { ok: true, problems: [] });

    const changed = await t.request({
      method: 'PUT',
      url: '/api/v1/queues/vip',
      cookie: admin,
      body: { skills: [{ skill: 'vip' }], wrapUpSeconds: 25, ...quiet },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.ok(changed.json<{ applied: { changed: string[] } }>().applied.changed.includes('vip'));
    assert.equal(t.hotline.telephony.acd.queue('vip')?.config.wrapUpSeconds, 25);
  });

  it('applies concurrent changes one after the other, losing none', async () => {
    // Straight to the service, in one tick: each change must start from the set the one
    // before it left, or the last one applied would drop the others from the ACD.
    const queues = t.hotline.services.config!.queues;
    const actor = systemActor('test');
    const names = ['q-a', 'q-b', 'q-c'];
    const saved = await Promise.all(names.map((name) => queues.put(actor, name, quiet)));
    assert.deepEqual(
      saved.map((s) => s.created),
      [true, true, true],
    );
    for (const name of names) assert.ok(t.hotline.telephony.acd.queue(name), name);
    await Promise.all(names.map((name) => queues.remove(actor, name)));
    for (const name of names) assert.equal(t.hotline.telephony.acd.queue(name), undefined, name);
    assert.ok(t.hotline.telephony.acd.queue('vip'), 'the others stay');
  });

  it('refuses to delete a queue a call waits in (409), and deletes it once empty', async () => {
    const acd = t.hotline.telephony.acd;
    acd.enqueue({ callId: 'waiting-call', queue: 'vip' });
    const shown = await t.request({ method: 'GET', url: '/api/v1/queues/vip', cookie: admin });
    assert.equal(shown.json<QueueView>().waiting, 1);

    const refused = await t.request({ method: 'DELETE', url: '/api/v1/queues/vip', cookie: admin });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json<{ error: { message: string } }>().error.message, /1 call waiting/);
    assert.ok(acd.queue('vip'), 'still in the ACD');

    acd.callEnded('waiting-call');
    const deleted = await t.request({ method: 'DELETE', url: '/api/v1/queues/vip', cookie: admin });
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.equal(acd.queue('vip'), undefined, 'gone from the running ACD');
    assert.equal((await validateVipLine()).ok, false);
  });

  it('lets agents choose a not-ready reason as soon as it is added, and not after it is gone', async () => {
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/agents/me/login',
      cookie: agent,
      body: { extension: '1001' },
    });
    assert.equal(login.statusCode, 200, login.body);
    const notReady = (reason: string) =>
      t.request({
        method: 'POST',
        url: '/api/v1/agents/me/not-ready',
        cookie: agent,
        body: { reason },
      });

    const unknown = await notReady('system-down');
    assert.equal(unknown.statusCode, 400, unknown.body);

    const added = await t.request({
      method: 'PUT',
      url: '/api/v1/reason-codes/system-down',
      cookie: admin,
      body: { labels: { zh: '系统故障', en: 'System down' } },
    });
    assert.equal(added.statusCode, 201, added.body);
    const accepted = await notReady('system-down');
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(t.hotline.telephony.acd.agents.get('agent1001')?.reasonCode, 'system-down');
    const listed = await t.request({ method: 'GET', url: '/api/v1/agents', cookie: admin });
    assert.ok(listed.json<{ reasons: string[] }>().reasons.includes('system-down'));

    const removed = await t.request({
      method: 'DELETE',
      url: '/api/v1/reason-codes/system-down',
      cookie: admin,
    });
    assert.equal(removed.statusCode, 204);
    assert.equal((await notReady('system-down')).statusCode, 400);
    assert.equal((await notReady('lunch')).statusCode, 200, 'the starter reasons still work');
  });
});
