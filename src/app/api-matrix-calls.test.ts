// The agent and call-control rows of docs/api-test-matrix.md that no other test
// filled: an agent's own states and a supervisor's forced ones, and the 409s of
// call actions that do not fit where the call stands — through the real HTTP
// API over the real ACD and call model on simulated telephony (as
// call-control-api.test.ts does).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setup } from '../callcenter/calls/call-test-kit.ts';
import { agentsPort } from './agents-port.ts';
import { callControlPort } from './call-control-port.ts';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';

interface Answer {
  state?: string;
  reason?: string | null;
  agents?: { agentId: string; state: string }[];
  entries?: { action: string; resourceId: string; actorName: string; details: unknown }[];
  error: { code: string; message: string; field?: string };
}
const json = (res: { json<T>(): T }): Answer => res.json<Answer>();

describe('API matrix: agents and call control', () => {
  let t: TestHotline;
  let kit: ReturnType<typeof setup>;
  let callId: string;
  const cookies: Record<string, string> = {};
  const extensions = ['1001', '1002', '2000'];

  const send = (who: string, method: 'GET' | 'POST', url: string, body?: unknown) =>
    t.request({ method, url, cookie: cookies[who]!, ...(body !== undefined ? { body } : {}) });

  before(async () => {
    t = await startTestHotline({ demo: true });
    const password = (u: string) => t.credentials.find((c) => c.username === u)!.password;
    cookies.admin = await t.login('admin', t.admin.password);
    for (const user of ['supervisor', 'agent1001', 'agent1002'])
      cookies[user] = await t.login(user, password(user));
  });
  after(() => t.dispose());

  beforeEach(() => {
    // agent1001 talks to a caller queued in flights; agent1002 is not logged in.
    kit = setup({}, [
      {
        name: 'complaints',
        ringTimeoutSeconds: 15,
        wrapUpSeconds: 30,
        announcements: { atJoin: false, everySeconds: 0 },
      },
    ]);
    kit.login('agent1001', '1001');
    kit.queueCall();
    kit.emit({ type: 'leg.answered', legId: kit.originates()[0]!.legId, at: kit.clock.now() });
    callId = kit.cdr().callId;
    t.hotline.services.callControl = callControlPort({
      calls: () => kit.controller,
      acd: () => kit.acd,
      isExtension: (extension) => extensions.includes(extension),
      dispositionCodes: ['resolved'],
    });
    // The agent routes hold the port they were built with: give it the kit's ACD in place.
    Object.assign(
      t.hotline.services.agents!,
      agentsPort({
        acd: () => kit.acd,
        isExtension: (extension) => extensions.includes(extension),
        skillsOf: () => ({ flights: 3 }),
      }),
    );
  });

  it('logs an agent in, ready, not ready with a reason and out, naming the field of bad input', async () => {
    const badExtension = await send('agent1002', 'POST', '/api/v1/agents/me/login', {
      extension: 'desk',
    });
    assert.equal(badExtension.statusCode, 400);
    assert.equal(json(badExtension).error.field, 'body.extension');
    const login = await send('agent1002', 'POST', '/api/v1/agents/me/login', { extension: '1002' });
    assert.equal(login.statusCode, 200, login.body);
    assert.deepEqual([json(login).state, json(login).reason], ['not-ready', 'login']);
    const me = await send('agent1002', 'GET', '/api/v1/agents/me');
    assert.equal(json(me).state, 'not-ready');
    assert.equal((await send('agent1002', 'POST', '/api/v1/agents/me/ready')).statusCode, 200);
    assert.equal(kit.agentState('agent1002'), 'ready');

    const noReason = await send('agent1002', 'POST', '/api/v1/agents/me/not-ready', {});
    assert.equal(noReason.statusCode, 400);
    assert.equal(json(noReason).error.field, 'body.reason');
    const unknownReason = await send('agent1002', 'POST', '/api/v1/agents/me/not-ready', {
      reason: 'nap',
    });
    assert.equal(unknownReason.statusCode, 400);
    assert.equal(json(unknownReason).error.field, 'body.reason');
    assert.match(json(unknownReason).error.message, /^body\.reason: expected one of break, lunch/);
    const lunch = await send('agent1002', 'POST', '/api/v1/agents/me/not-ready', {
      reason: 'lunch',
    });
    assert.deepEqual([json(lunch).state, json(lunch).reason], ['not-ready', 'lunch']);

    const out = await send('agent1002', 'POST', '/api/v1/agents/me/logout');
    assert.equal(out.statusCode, 200, out.body);
    assert.equal(json(out).state, 'logged-out');
    const again = await send('agent1002', 'POST', '/api/v1/agents/me/logout');
    assert.equal(again.statusCode, 404, 'not logged in');
  });

  it('refuses what the agent state does not allow (409): ready twice, logout during a call, a second login, a taken extension', async () => {
    kit.login('agent1002', '1002');
    const ready = await send('agent1002', 'POST', '/api/v1/agents/me/ready');
    assert.equal(ready.statusCode, 409, ready.body);
    assert.match(json(ready).error.message, /cannot ready while ready/);

    const logout = await send('agent1001', 'POST', '/api/v1/agents/me/logout');
    assert.equal(logout.statusCode, 409, logout.body);
    assert.equal(json(logout).error.code, 'conflict');
    assert.match(json(logout).error.message, /on a call/);
    assert.equal(kit.agentState('agent1001'), 'on-call', 'still on the call');

    const twice = await send('agent1001', 'POST', '/api/v1/agents/me/login', { extension: '1001' });
    assert.equal(twice.statusCode, 409);
    assert.match(json(twice).error.message, /already logged in/);
    await send('agent1002', 'POST', '/api/v1/agents/me/logout');
    const taken = await send('agent1002', 'POST', '/api/v1/agents/me/login', { extension: '1001' });
    assert.equal(taken.statusCode, 409, taken.body);
    assert.equal(json(taken).error.field, 'body.extension');
    assert.match(
      json(taken).error.message,
      /^body\.extension: 1001 is in use by agent "agent1001"/,
    );
  });

  it('lets a supervisor list agents and force a state, audited; names the field; 404 and 409 when it does not fit', async () => {
    kit.login('agent1002', '1002');
    const list = await send('supervisor', 'GET', '/api/v1/agents');
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(
      json(list).agents!.map((a) => [a.agentId, a.state]),
      [
        ['agent1001', 'on-call'],
        ['agent1002', 'ready'],
      ],
    );
    const url = '/api/v1/agents/agent1002/state';
    const bad = await send('supervisor', 'POST', url, { state: 'asleep' });
    assert.equal(bad.statusCode, 400);
    assert.equal(json(bad).error.field, 'body.state');
    const forced = await send('supervisor', 'POST', url, { state: 'not-ready' });
    assert.equal(forced.statusCode, 200, forced.body);
    assert.deepEqual([json(forced).state, json(forced).reason], ['not-ready', 'forced']);
    const back = await send('supervisor', 'POST', url, { state: 'ready' });
    assert.equal(json(back).state, 'ready');
    const readyAgain = await send('supervisor', 'POST', url, { state: 'ready' });
    assert.equal(readyAgain.statusCode, 409, readyAgain.body);
    const busy = await send('supervisor', 'POST', '/api/v1/agents/agent1001/state', {
      state: 'ready',
    });
    assert.equal(busy.statusCode, 409, 'an agent on a call is not made ready');
    const out = await send('admin', 'POST', url, { state: 'logged-out' });
    assert.equal(json(out).state, 'logged-out');
    const absent = await send('supervisor', 'POST', '/api/v1/agents/agent1009/state', {
      state: 'ready',
    });
    assert.equal(absent.statusCode, 404);

    const audit = await send('admin', 'GET', '/api/v1/audit?action=agent.force-state');
    assert.deepEqual(
      json(audit)
        .entries!.filter((e) => e.resourceId === 'agent1002')
        .map((e) => [e.actorName, e.details])
        .reverse(),
      [
        ['supervisor', { state: 'not-ready' }],
        ['supervisor', { state: 'ready' }],
        ['admin', { state: 'logged-out' }],
      ],
    );
  });

  it('refuses DTMF to a held call and a supervisor joining it (409), with the reason', async () => {
    assert.equal((await send('agent1001', 'POST', `/api/v1/calls/${callId}/hold`)).statusCode, 200);
    const digits = await send('agent1001', 'POST', `/api/v1/calls/${callId}/dtmf`, {
      digits: '1',
    });
    assert.equal(digits.statusCode, 409);
    assert.equal(json(digits).error.code, 'illegal-state');
    assert.match(json(digits).error.message, /held.*only to a connected call/);
    const listen = await send('supervisor', 'POST', `/api/v1/calls/${callId}/monitor`, {
      mode: 'listen',
      extension: '2000',
    });
    assert.equal(listen.statusCode, 409);
    assert.match(json(listen).error.message, /supervisor joins only a connected call/);
    assert.equal(
      kit.commands.filter((c) => c.type === 'leg.dtmf.send').length,
      0,
      'no digit was sent',
    );
  });

  it('refuses a second consultation and a blind transfer while one is under way (409)', async () => {
    const url = (action: string) => `/api/v1/calls/${callId}/${action}`;
    const first = await send('agent1001', 'POST', url('consult'), {
      target: { kind: 'extension', extension: '2000' },
    });
    assert.equal(first.statusCode, 200, first.body);
    const second = await send('agent1001', 'POST', url('consult'), {
      target: { kind: 'extension', extension: '1002' },
    });
    assert.equal(second.statusCode, 409);
    assert.match(json(second).error.message, /already under way/);
    const transfer = await send('agent1001', 'POST', url('transfer'), {
      target: { kind: 'queue', queue: 'complaints' },
    });
    assert.equal(transfer.statusCode, 409);
    assert.equal(json(transfer).error.code, 'illegal-state');
    assert.equal(kit.originates().length, 2, 'only the first colleague rang');
  });

  it('names the call in the address of every call action (400 params.callId) before acting', async () => {
    const long = 'c'.repeat(65);
    const actions: [string, unknown][] = [
      ['hold', undefined],
      ['resume', undefined],
      ['hangup', undefined],
      ['dtmf', { digits: '1' }],
      ['transfer', { target: { kind: 'queue', queue: 'complaints' } }],
      ['consult', { target: { kind: 'extension', extension: '2000' } }],
      ['consult/complete', undefined],
      ['consult/cancel', undefined],
      ['conference', undefined],
      ['monitor', { mode: 'listen', extension: '2000' }],
      ['disposition', { code: 'resolved' }],
    ];
    for (const [action, body] of actions) {
      const who = action === 'monitor' ? 'supervisor' : 'agent1001';
      const res = await send(who, 'POST', `/api/v1/calls/${long}/${action}`, body);
      assert.equal(res.statusCode, 400, `${action}: ${res.body}`);
      assert.equal(json(res).error.field, 'params.callId', action);
    }
    assert.equal(kit.controller.call(callId)?.state, 'connected', 'nothing moved');
  });
});
