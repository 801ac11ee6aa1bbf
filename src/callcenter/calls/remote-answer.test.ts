// Answering from the desk over simulated telephony: a queued call rings the agent's phone, which
// offers remote answer; the agent answers, the phone picks up, the call connects. Who may answer
// when, a phone that cannot or will not, and auto-answer for agents whose profile asks for it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../../platform/index.ts';
import { setup } from './call-test-kit.ts';
import { REMOTE_ANSWER_RETRY_MS } from './remote-answer.ts';

const agent = { kind: 'agent', agentId: 'agent1001' } as const;

/** A call queued in flights and offered to agent1001, whose phone rings. */
function ringing(remoteAnswer = true, more: Parameters<typeof setup>[2] = {}) {
  const t = setup({}, [], more);
  t.login('agent1001', '1001');
  t.queueCall();
  const offer = t.originates().at(-1)!;
  t.ring(offer.legId, remoteAnswer);
  const callId = t.cdr().callId;
  const recorded = (type: string) =>
    t.callEvents.filter((e) => e.type === type).map((e) => e.payload as Record<string, unknown>);
  return { ...t, offer, callId, recorded };
}

const code = (expected: string, message: RegExp) => (error: unknown) =>
  isHotlineError(error) && error.code === expected && message.test(error.message);

describe('answering a ringing call from the desk', () => {
  it('asks the phone to pick up; its answer connects the call as any answer does', () => {
    const t = ringing();
    assert.deepEqual(t.recorded('call.ringing'), [
      {
        callId: t.callId,
        legId: t.offer.legId,
        target: '1001',
        agentId: 'agent1001',
        remoteAnswer: true,
      },
    ]);
    assert.equal(t.controller.remoteAnswerable(t.callId, 'agent1001'), true);
    assert.equal(t.controller.remoteAnswerable(t.callId, 'agent1002'), false);
    t.controller.answer(t.callId, agent);
    t.controller.answer(t.callId, agent); // a second click while the phone is asked: nothing more
    assert.deepEqual(
      t.commands.filter((c) => c.type === 'leg.answer.remote'),
      [{ type: 'leg.answer.remote', legId: t.offer.legId }],
    );
    assert.deepEqual(t.recorded('call.answer-requested'), [
      { callId: t.callId, legId: t.offer.legId, agentId: 'agent1001' },
    ]);
    t.clock.advance(0); // the simulated phone picks up
    assert.equal(t.controller.call(t.callId)?.state, 'connected');
    assert.equal(t.agentState('agent1001'), 'on-call');
    assert.equal(t.cdr().agentId, 'agent1001');
    assert.equal(t.controller.remoteAnswerable(t.callId, 'agent1001'), false);
    assert.throws(
      () => t.controller.answer(t.callId, agent),
      code('illegal-state', /connected, and you have answered it already/),
    );
  });

  it('tells the agent when the phone refuses; the call still rings and may be answered again', () => {
    const t = ringing();
    t.phones.onRemoteAnswer = 'refuse';
    t.controller.answer(t.callId, agent);
    t.clock.advance(0);
    assert.deepEqual(t.recorded('call.answer-failed'), [
      {
        callId: t.callId,
        legId: t.offer.legId,
        agentId: 'agent1001',
        reason: 'refused',
        sipStatus: 489,
      },
    ]);
    assert.equal(t.controller.call(t.callId)?.state, 'alerting');
    t.phones.onRemoteAnswer = 'answer';
    t.controller.answer(t.callId, agent);
    t.clock.advance(0);
    assert.equal(t.controller.call(t.callId)?.state, 'connected');
  });

  it('asks the phone again when it accepted the request but never picked up', () => {
    const t = ringing();
    t.phones.onRemoteAnswer = 'ignore';
    t.controller.answer(t.callId, agent);
    t.clock.advance(REMOTE_ANSWER_RETRY_MS - 1);
    t.controller.answer(t.callId, agent); // the same click, as far as anyone can tell
    const asked = () => t.commands.filter((c) => c.type === 'leg.answer.remote').length;
    assert.equal(asked(), 1);
    t.clock.advance(1);
    t.phones.onRemoteAnswer = 'answer';
    t.controller.answer(t.callId, agent);
    assert.equal(asked(), 2);
    t.clock.advance(0);
    assert.equal(t.controller.call(t.callId)?.state, 'connected');
  });

  it('refuses a phone that does not take remote answer, naming the cause (unsupported)', () => {
    const t = ringing(false);
    assert.equal(t.recorded('call.ringing')[0]?.remoteAnswer, false);
    assert.throws(
      () => t.controller.answer(t.callId, agent),
      code('unsupported', /phone ringing for agent agent1001 \(extension 1001\).*pick it up/),
    );
    assert.equal(t.commands.filter((c) => c.type === 'leg.answer.remote').length, 0);
    // A later phone of the leg that offers it makes it answerable (told once more).
    t.ring(t.offer.legId, true);
    t.ring(t.offer.legId, true);
    assert.deepEqual(
      t.recorded('call.ringing').map((p) => p.remoteAnswer),
      [false, true],
    );
    t.controller.answer(t.callId, agent);
    assert.equal(t.commands.filter((c) => c.type === 'leg.answer.remote').length, 1);
  });

  it('forgets remote answer when the phones that offered it were cancelled for the next q-group', () => {
    const t = ringing(true);
    t.ring(t.offer.legId, false);
    assert.deepEqual(
      t.recorded('call.ringing').map((p) => p.remoteAnswer),
      [true, false],
    );
    assert.equal(t.controller.remoteAnswerable(t.callId, 'agent1001'), false);
    assert.throws(() => t.controller.answer(t.callId, agent), code('unsupported', /pick it up/));
  });

  it('answers only the agent’s own ringing call: others are refused, supervisors forbidden', () => {
    const t = ringing();
    assert.throws(
      () => t.controller.answer(t.callId, { kind: 'supervisor', userId: 'supervisor' }),
      code('forbidden', /supervisor cannot answer for an agent/),
    );
    assert.throws(
      () => t.controller.answer(t.callId, { kind: 'agent', agentId: 'agent1002' }),
      code('forbidden', /not ringing for you/),
    );
    assert.throws(() => t.controller.answer('nope', agent), code('not-found', /no live call nope/));
    // Not offered yet: still queued.
    const q = setup();
    q.queueCall();
    assert.throws(
      () => q.controller.answer(q.cdr().callId, agent),
      code('illegal-state', /queued, and only a call ringing on your phone can be answered/),
    );
  });

  it('ignores a refusal that crossed the answer, and rings with auto-answer when asked', () => {
    const t = ringing();
    t.phones.onRemoteAnswer = 'ignore';
    t.controller.answer(t.callId, agent);
    t.emit({ type: 'leg.answered', legId: t.offer.legId, at: t.clock.now() });
    t.emit({
      type: 'leg.answer.remote.failed',
      legId: t.offer.legId,
      reason: 'no-response',
      at: t.clock.now(),
    });
    assert.deepEqual(t.recorded('call.answer-failed'), []);
    assert.equal(t.controller.call(t.callId)?.state, 'connected');
    assert.equal(t.offer.autoAnswer, undefined, 'no auto-answer without the profile’s say-so');

    const auto = ringing(true, { autoAnswer: (agentId) => agentId === 'agent1001' });
    assert.equal(auto.offer.autoAnswer, true);
  });
});
