// Call control through the real HTTP API and the real call model and ACD, over
// simulated telephony (no SIP needed to hold or transfer): success, validation
// errors naming the field, permission denials, illegal-state answers (409),
// idempotent retries, dispositions and the audit of supervisors' actions.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setup } from '../callcenter/calls/call-test-kit.ts';
import { callControlPort } from './call-control-port.ts';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';

interface Answer {
  action?: string;
  codes?: string[];
  entries?: { resourceId: string; actorName: string }[];
  error: { code: string; message: string; field?: string };
}
const json = (res: { json<T>(): T }): Answer => res.json<Answer>();

describe('call control API', () => {
  let t: TestHotline;
  let kit: ReturnType<typeof setup>;
  let callId: string;
  const cookies: Record<string, string> = {};
  const password = (username: string) =>
    t.credentials.find((c) => c.username === username)!.password;

  const post = (who: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    t.request({
      method: 'POST',
      url: path,
      cookie: cookies[who]!,
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });

  before(async () => {
    t = await startTestHotline({ demo: true });
    for (const user of ['admin', 'supervisor', 'qa01', 'agent1001', 'agent1002'])
      cookies[user] = await t.login(user, user === 'admin' ? t.admin.password : password(user));
  });
  after(() => t.dispose());

  beforeEach(() => {
    // A call queued in flights and answered by agent1001.
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
      isExtension: (extension) => ['1001', '1002', '2000'].includes(extension),
      dispositionCodes: ['resolved', 'booking-made'],
      mayDialOut: (agentId) => agentId === 'agent1002',
    });
  });

  it('holds and resumes the agent’s own call', async () => {
    const held = await post('agent1001', `/api/v1/calls/${callId}/hold`);
    assert.equal(held.statusCode, 200, held.body);
    assert.equal(json(held).action, 'hold');
    assert.equal(kit.controller.call(callId)?.state, 'held');
    const resumed = await post('agent1001', `/api/v1/calls/${callId}/resume`);
    assert.equal(resumed.statusCode, 200);
    assert.equal(kit.controller.call(callId)?.state, 'connected');
  });

  it('answers 409 illegal-state for an action that does not fit, with the reason', async () => {
    const res = await post('agent1001', `/api/v1/calls/${callId}/resume`);
    assert.equal(res.statusCode, 409);
    assert.equal(json(res).error.code, 'illegal-state');
    assert.match(json(res).error.message, /connected/);
  });

  it('answers 404 for a call that is not live', async () => {
    const res = await post('agent1001', '/api/v1/calls/gone/hold');
    assert.equal(res.statusCode, 404);
  });

  it('refuses another agent’s call (403) and the QA role (403); a supervisor may, and is audited', async () => {
    const other = await post('agent1002', `/api/v1/calls/${callId}/hold`);
    assert.equal(other.statusCode, 403);
    assert.match(json(other).error.message, /not connected to you/);
    const qa = await post('qa01', `/api/v1/calls/${callId}/hold`);
    assert.equal(qa.statusCode, 403);
    const anonymous = await t.request({ method: 'POST', url: `/api/v1/calls/${callId}/hold` });
    assert.equal(anonymous.statusCode, 401);
    const supervisor = await post('supervisor', `/api/v1/calls/${callId}/hangup`);
    assert.equal(supervisor.statusCode, 200);
    assert.equal(kit.controller.call(callId), undefined);
    const audit = await t.request({
      method: 'GET',
      url: '/api/v1/audit?action=call.hangup',
      cookie: cookies.admin!,
    });
    assert.equal(audit.statusCode, 200, audit.body);
    assert.ok(
      json(audit).entries!.some((e) => e.resourceId === callId && e.actorName === 'supervisor'),
      audit.body,
    );
  });

  it('sends DTMF, and names the field of bad digits', async () => {
    const bad = await post('agent1001', `/api/v1/calls/${callId}/dtmf`, { digits: '12x' });
    assert.equal(bad.statusCode, 400);
    assert.equal(json(bad).error.field, 'body.digits');
    const ok = await post('agent1001', `/api/v1/calls/${callId}/dtmf`, { digits: '12#' });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(kit.commands.at(-1), { type: 'leg.dtmf.send', legId: 'c1', digits: '12#' });
  });

  it('transfers to a queue once, however often the request is retried with its key', async () => {
    kit.login('agent1002', '1002', { complaints: 3 });
    const body = { target: { kind: 'queue', queue: 'complaints' } };
    const key = { 'idempotency-key': 'transfer-1' };
    const first = await post('agent1001', `/api/v1/calls/${callId}/transfer`, body, key);
    assert.equal(first.statusCode, 200, first.body);
    const again = await post('agent1001', `/api/v1/calls/${callId}/transfer`, body, key);
    assert.equal(again.statusCode, 200);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(json(again), json(first));
    assert.equal(
      kit.callEvents.filter((e) => e.type === 'call.transferred').length,
      1,
      'transferred once',
    );
    // The same key for another action is refused rather than replayed.
    const reused = await post('agent1001', `/api/v1/calls/${callId}/hold`, undefined, key);
    assert.equal(reused.statusCode, 409);
    assert.equal(json(reused).error.field, 'headers.idempotency-key');
    // Without a key a retry is a new request: the call is no longer the agent's.
    const retried = await post('agent1001', `/api/v1/calls/${callId}/transfer`, body);
    assert.equal(retried.statusCode, 403);
  });

  it('validates transfer targets: the kind, an unknown extension or queue, the allow-list', async () => {
    const url = `/api/v1/calls/${callId}/transfer`;
    const badKind = await post('agent1001', url, { target: { kind: 'fax', number: '1' } });
    assert.equal(badKind.statusCode, 400);
    const unknownExtension = await post('agent1001', url, {
      target: { kind: 'extension', extension: '9999' },
    });
    assert.equal(unknownExtension.statusCode, 404);
    assert.equal(json(unknownExtension).error.field, 'body.target.extension');
    const unknownQueue = await post('agent1001', url, { target: { kind: 'queue', queue: 'nope' } });
    assert.equal(unknownQueue.statusCode, 404);
    assert.equal(json(unknownQueue).error.field, 'body.target.queue');
    const fraud = await post('agent1001', url, {
      target: { kind: 'external', number: '+8821234567890123456' },
    });
    assert.equal(fraud.statusCode, 403);
    assert.equal(json(fraud).error.field, 'body.target.number');
    assert.equal(kit.controller.call(callId)?.state, 'connected', 'nothing moved');
  });

  it('sets the disposition at wrap-up: only its agent or a supervisor, only known codes', async () => {
    kit.emit({
      type: 'leg.ended',
      legId: 'c1',
      cause: 'normal',
      by: 'remote',
      at: kit.clock.now(),
    });
    assert.equal(kit.agentState('agent1001'), 'wrap-up');
    const url = `/api/v1/calls/${callId}/disposition`;
    const codes = await t.request({
      method: 'GET',
      url: '/api/v1/dispositions',
      cookie: cookies.agent1001!,
    });
    assert.deepEqual(json(codes), { codes: ['resolved', 'booking-made'] });
    const unknown = await post('agent1001', url, { code: 'nonsense' });
    assert.equal(unknown.statusCode, 400);
    assert.equal(json(unknown).error.field, 'body.code');
    const other = await post('agent1002', url, { code: 'resolved' });
    assert.equal(other.statusCode, 403);
    const ok = await post('agent1001', url, { code: 'booking-made', notes: 'CA1234 to Chengdu' });
    assert.equal(ok.statusCode, 200, ok.body);
    const stored = await t.hotline.services.events.read({ types: ['call.disposition-set'] });
    assert.deepEqual(stored.at(-1)?.payload, {
      callId,
      code: 'booking-made',
      notes: 'CA1234 to Chengdu',
      by: 'agent1001',
    });
    const missing = await post('supervisor', '/api/v1/calls/never-was/disposition', {
      code: 'resolved',
    });
    assert.equal(missing.statusCode, 404);
  });

  it('lets supervisors listen from a known extension; agents may not', async () => {
    const url = `/api/v1/calls/${callId}/monitor`;
    const byAgent = await post('agent1001', url, { mode: 'listen', extension: '2000' });
    assert.equal(byAgent.statusCode, 403);
    const badMode = await post('supervisor', url, { mode: 'spy', extension: '2000' });
    assert.equal(badMode.statusCode, 400);
    assert.equal(json(badMode).error.field, 'body.mode');
    const unknown = await post('supervisor', url, { mode: 'listen', extension: '9999' });
    assert.equal(unknown.statusCode, 404);
    const ok = await post('supervisor', url, { mode: 'listen', extension: '2000' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(kit.originates().at(-1)!.target, { kind: 'extension', extension: '2000' });
  });

  it('consults, conferences and completes an attended transfer; cancel and complete answer 409 out of turn', async () => {
    const url = (action: string) => `/api/v1/calls/${callId}/${action}`;
    const early = await post('agent1001', url('consult/complete'));
    assert.equal(early.statusCode, 409);
    assert.match(json(early).error.message, /no consultation/);
    const badTarget = await post('agent1001', url('consult'), {
      target: { kind: 'queue', queue: 'complaints' },
    });
    assert.equal(badTarget.statusCode, 400, 'a queue cannot be consulted');
    const unknown = await post('agent1001', url('consult'), {
      target: { kind: 'extension', extension: '9999' },
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(json(unknown).error.field, 'body.target.extension');
    const stranger = await post('agent1002', url('consult'), {
      target: { kind: 'extension', extension: '2000' },
    });
    assert.equal(stranger.statusCode, 403);
    const qa = await post('qa01', url('conference'));
    assert.equal(qa.statusCode, 403);

    const key = { 'idempotency-key': 'consult-1' };
    const body = { target: { kind: 'extension', extension: '2000' } };
    const consulted = await post('agent1001', url('consult'), body, key);
    assert.equal(consulted.statusCode, 200, consulted.body);
    const retried = await post('agent1001', url('consult'), body, key);
    assert.equal(retried.headers['idempotent-replayed'], 'true');
    assert.equal(kit.originates().length, 2, 'the colleague’s phone rang once');
    const colleague = kit.originates().at(-1)!;
    assert.deepEqual(colleague.target, { kind: 'extension', extension: '2000' });
    assert.equal(kit.controller.call(callId)?.state, 'transferring');
    const tooSoon = await post('agent1001', url('conference'));
    assert.equal(tooSoon.statusCode, 409);
    assert.match(json(tooSoon).error.message, /not answered/);

    kit.emit({ type: 'leg.answered', legId: colleague.legId, at: kit.clock.now() });
    const conference = await post('agent1001', url('conference'));
    assert.equal(conference.statusCode, 200, conference.body);
    assert.equal(kit.commands.filter((c) => c.type === 'leg.mix').length, 3);
    const hold = await post('agent1001', url('hold'));
    assert.equal(hold.statusCode, 409);
    assert.match(json(hold).error.message, /conference/);

    const completed = await post('supervisor', url('consult/complete'));
    assert.equal(completed.statusCode, 200, completed.body);
    assert.equal(kit.agentState('agent1001'), 'wrap-up');
    assert.equal(kit.controller.call(callId)?.connectedLegId, colleague.legId);
    const audit = await t.request({
      method: 'GET',
      url: '/api/v1/audit?action=call.consult.complete',
      cookie: cookies.admin!,
    });
    assert.ok(
      json(audit).entries!.some((e) => e.resourceId === callId && e.actorName === 'supervisor'),
      audit.body,
    );
  });

  it('cancels a consultation: the customer is back with the agent', async () => {
    const url = (action: string) => `/api/v1/calls/${callId}/${action}`;
    const none = await post('agent1001', url('consult/cancel'));
    assert.equal(none.statusCode, 409);
    await post('agent1001', url('consult'), { target: { kind: 'extension', extension: '1002' } });
    const colleague = kit.originates().at(-1)!;
    const cancelled = await post('agent1001', url('consult/cancel'));
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.ok(kit.commands.some((c) => c.type === 'leg.hangup' && c.legId === colleague.legId));
    assert.equal(kit.controller.call(callId)?.state, 'connected');
  });

  it('dials out for an agent allowed to, once per idempotency key; refuses others with the reason', async () => {
    kit.login('agent1002', '1002');
    const key = { 'idempotency-key': 'dial-1' };
    const dialed = await post('agent1002', '/api/v1/calls', { number: '013900001111' }, key);
    assert.equal(dialed.statusCode, 201, dialed.body);
    const { callId: outbound } = dialed.json<{ callId: string }>();
    assert.deepEqual(kit.originates().at(-1)!.target, { kind: 'extension', extension: '1002' });
    const retried = await post('agent1002', '/api/v1/calls', { number: '013900001111' }, key);
    assert.equal(retried.headers['idempotent-replayed'], 'true');
    assert.equal(retried.json<{ callId: string }>().callId, outbound);
    assert.equal(kit.originates().length, 2, 'one ring for the agent’s phone, not two');
    const busy = await post('agent1002', '/api/v1/calls', { number: '013900002222' });
    assert.equal(busy.statusCode, 409, 'already on a call');

    const notAllowed = await post('agent1001', '/api/v1/calls', { number: '013900001111' });
    assert.equal(notAllowed.statusCode, 403);
    assert.match(json(notAllowed).error.message, /may not place outside calls/);
    const supervisor = await post('supervisor', '/api/v1/calls', { number: '013900001111' });
    assert.equal(supervisor.statusCode, 403);
    const qa = await post('qa01', '/api/v1/calls', { number: '013900001111' });
    assert.equal(qa.statusCode, 403);
    const bad = await post('agent1002', '/api/v1/calls', { number: '12ab' });
    assert.equal(bad.statusCode, 400);
    assert.equal(json(bad).error.field, 'body.number');
  });

  it('keeps numbers outside the allow-list from an allowed agent (toll fraud)', async () => {
    kit.login('agent1002', '1002');
    const fraud = await post('agent1002', '/api/v1/calls', { number: '+8821234567890123456' });
    assert.equal(fraud.statusCode, 403);
    assert.equal(json(fraud).error.field, 'body.number');
    assert.equal(kit.originates().length, 1, 'nothing rang');
  });
});
