// POST /api/v1/calls/:callId/answer through the real HTTP API over the real call model and ACD,
// with simulated telephony: a queued call rings agent1001's phone, which takes remote answer; the
// agent answers from the desk and the phone picks up. And every refusal: a call that is not
// ringing (409), a phone that cannot (409 unsupported), a supervisor (403), an unknown call (404),
// a bad address (400); the agent's view says which call the desk can answer.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setup } from '../callcenter/calls/call-test-kit.ts';
import { agentsPort } from './agents-port.ts';
import { callControlPort } from './call-control-port.ts';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';

interface Answer {
  action?: string;
  remoteAnswerCallId?: string | null;
  error: { code: string; message: string; field?: string };
}
const json = (res: { json<T>(): T }): Answer => res.json<Answer>();

describe('answering from the desk (API)', () => {
  let t: TestHotline;
  let kit: ReturnType<typeof setup>;
  let callId: string;
  let legId: string;
  const cookies: Record<string, string> = {};
  const password = (username: string) =>
    t.credentials.find((c) => c.username === username)!.password;
  const post = (who: string, path: string, headers?: Record<string, string>) =>
    t.request({
      method: 'POST',
      url: path,
      cookie: cookies[who]!,
      ...(headers ? { headers } : {}),
    });
  const me = async (who: string) =>
    json(await t.request({ method: 'GET', url: '/api/v1/agents/me', cookie: cookies[who]! }));

  before(async () => {
    t = await startTestHotline({ demo: true });
    for (const user of ['supervisor', 'agent1001', 'agent1002'])
      cookies[user] = await t.login(user, password(user));
  });
  after(() => t.dispose());

  /** A call queued in flights that rings agent1001's phone; `remoteAnswer`: the phone offers it. */
  const ringing = (remoteAnswer: boolean) => {
    kit = setup();
    kit.login('agent1001', '1001');
    kit.login('agent1002', '1002', { complaints: 3 });
    kit.queueCall();
    legId = kit.originates().at(-1)!.legId;
    kit.ring(legId, remoteAnswer);
    callId = kit.cdr().callId;
    t.hotline.services.callControl = callControlPort({
      calls: () => kit.controller,
      acd: () => kit.acd,
      isExtension: () => true,
      dispositionCodes: ['resolved'],
    });
    // The agent routes hold the port they were built with: give it the kit's ACD in place.
    Object.assign(
      t.hotline.services.agents!,
      agentsPort({
        acd: () => kit.acd,
        isExtension: () => true,
        skillsOf: () => ({ flights: 3 }),
        remoteAnswerable: (call, agent) => kit.controller.remoteAnswerable(call, agent),
      }),
    );
  };

  beforeEach(() => ringing(true));

  it('makes the ringing phone pick up; the call connects to the agent, once per key', async () => {
    assert.equal((await me('agent1001')).remoteAnswerCallId, callId);
    assert.equal((await me('agent1002')).remoteAnswerCallId, null);
    const key = { 'idempotency-key': `answer-${callId}` };
    const res = await post('agent1001', `/api/v1/calls/${callId}/answer`, key);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).action, 'answer');
    const again = await post('agent1001', `/api/v1/calls/${callId}/answer`, key);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(
      kit.commands.filter((c) => c.type === 'leg.answer.remote'),
      [{ type: 'leg.answer.remote', legId }],
    );
    kit.clock.advance(0); // the simulated phone picks up
    assert.equal(kit.controller.call(callId)?.state, 'connected');
    assert.equal(kit.agentState('agent1001'), 'on-call');
    assert.equal((await me('agent1001')).remoteAnswerCallId, null);
    const late = await post('agent1001', `/api/v1/calls/${callId}/answer`);
    assert.equal(late.statusCode, 409);
    assert.equal(json(late).error.code, 'illegal-state');
    assert.match(json(late).error.message, /answered it already/);
  });

  it('answers 409 illegal-state for a call that is not ringing yet', async () => {
    kit = setup();
    kit.queueCall();
    t.hotline.services.callControl = callControlPort({
      calls: () => kit.controller,
      acd: () => kit.acd,
      isExtension: () => true,
      dispositionCodes: ['resolved'],
    });
    const res = await post('agent1001', `/api/v1/calls/${kit.cdr().callId}/answer`);
    assert.equal(res.statusCode, 409);
    assert.equal(json(res).error.code, 'illegal-state');
    assert.match(json(res).error.message, /queued, and only a call ringing on your phone/);
  });

  it('answers 409 unsupported when the ringing phone does not take remote answer; it rings on', async () => {
    ringing(false);
    assert.equal((await me('agent1001')).remoteAnswerCallId, null);
    const res = await post('agent1001', `/api/v1/calls/${callId}/answer`);
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(json(res).error.code, 'unsupported');
    assert.match(
      json(res).error.message,
      /phone ringing for agent agent1001 \(extension 1001\) does not accept remote answer; pick it up on the phone/,
    );
    assert.equal(kit.controller.call(callId)?.state, 'alerting');
    assert.equal(kit.commands.filter((c) => c.type === 'leg.answer.remote').length, 0);
  });

  it('forbids a supervisor (403) and another agent (403); an unknown call is 404', async () => {
    const supervisor = await post('supervisor', `/api/v1/calls/${callId}/answer`);
    assert.equal(supervisor.statusCode, 403);
    assert.match(json(supervisor).error.message, /supervisor cannot answer for an agent/);
    const other = await post('agent1002', `/api/v1/calls/${callId}/answer`);
    assert.equal(other.statusCode, 403);
    assert.match(json(other).error.message, /not ringing for you/);
    const unknown = await post('agent1001', '/api/v1/calls/gone/answer');
    assert.equal(unknown.statusCode, 404);
    assert.equal(json(unknown).error.code, 'not-found');
    assert.equal(kit.commands.filter((c) => c.type === 'leg.answer.remote').length, 0);
  });

  it('names the call in the address (400 params.callId) before acting', async () => {
    const res = await post('agent1001', `/api/v1/calls/${'c'.repeat(65)}/answer`);
    assert.equal(res.statusCode, 400);
    assert.equal(json(res).error.field, 'params.callId');
    assert.equal(kit.commands.filter((c) => c.type === 'leg.answer.remote').length, 0);
  });
});
