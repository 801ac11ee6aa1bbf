// Click-to-call over the real ACD and simulated telephony: the agent's phone
// first, then the customer through the trunk, bridged and recorded; the
// checks on who may dial what; and each side failing before the answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../../platform/index.ts';
import { setup } from './call-test-kit.ts';

function rejects(fn: () => void, code: string, pattern?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isHotlineError(error), 'a HotlineError');
    assert.equal(error.code, code);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

function dialing() {
  const t = setup();
  t.login('agent1001', '1001');
  const callId = t.controller.dialOut('agent1001', '013812345678');
  const agentRing = t.originates()[0]!;
  return { ...t, callId, agentLeg: agentRing.legId };
}

describe('click-to-call', () => {
  it('rings the agent, then the customer through the trunk, and bridges and records them', () => {
    const t = dialing();
    const ring = t.originates()[0]!;
    assert.deepEqual(ring.target, { kind: 'extension', extension: '1001' });
    assert.equal(ring.from.number, '013812345678', 'the agent’s phone shows whom they call');
    assert.equal(t.agentState('agent1001'), 'on-call', 'busy from the click');
    assert.equal(t.originates().length, 1, 'the customer waits for the agent');

    t.clock.advance(1_000);
    t.emit({ type: 'leg.answered', legId: t.agentLeg, at: t.clock.now() });
    const customer = t.originates()[1]!;
    assert.deepEqual(customer.target, { kind: 'trunk', trunk: 'telecom', number: '013812345678' });
    assert.equal(customer.from.number, '1001');

    t.clock.advance(6_000);
    t.emit({ type: 'leg.answered', legId: customer.legId, at: t.clock.now() });
    assert.equal(t.controller.call(t.callId)?.state, 'connected');
    assert.ok(
      t.commands.some(
        (c) => c.type === 'legs.bridge' && c.a === customer.legId && c.b === t.agentLeg,
      ),
    );
    assert.ok(
      t.commands.some((c) => c.type === 'recording.start'),
      'recorded like any call',
    );

    // An ordinary call from here on: hold works, the ACD counts it.
    t.controller.hold(t.callId, { kind: 'agent', agentId: 'agent1001' });
    assert.equal(t.agentState('agent1001'), 'held');
    t.controller.resume(t.callId, { kind: 'agent', agentId: 'agent1001' });
    t.clock.advance(30_000);
    t.emit({
      type: 'leg.ended',
      legId: customer.legId,
      cause: 'normal',
      by: 'remote',
      at: t.clock.now(),
    });
    // A call the ACD did not offer returns the agent to where they were (ready).
    assert.equal(t.agentState('agent1001'), 'ready');
    const record = t.cdr();
    assert.equal(record.direction, 'outbound');
    assert.equal(record.caller, '013812345678');
    assert.equal(record.agentId, 'agent1001');
    assert.equal(record.talkMs, 30_000);
    assert.equal(record.endedBy, 'customer');
    assert.equal(record.queue, null, 'no queue: not in any queue statistic');
  });

  it('ends the call when the customer is busy; the agent’s leg is hung up', () => {
    const t = dialing();
    t.emit({ type: 'leg.answered', legId: t.agentLeg, at: t.clock.now() });
    const customer = t.originates()[1]!;
    t.emit({
      type: 'leg.ended',
      legId: customer.legId,
      cause: 'busy',
      by: 'remote',
      at: t.clock.now(),
    });
    assert.equal(t.controller.call(t.callId), undefined);
    assert.ok(t.commands.some((c) => c.type === 'leg.hangup' && c.legId === t.agentLeg));
    assert.notEqual(t.agentState('agent1001'), 'on-call');
    const record = t.cdr();
    assert.equal(record.endCause, 'busy');
    assert.equal(record.connectedAt, null);
  });

  it('never dials the customer when the agent’s own phone does not answer', () => {
    const t = dialing();
    t.emit({
      type: 'leg.ended',
      legId: t.agentLeg,
      cause: 'no-answer',
      by: 'local',
      at: t.clock.now(),
    });
    assert.equal(t.controller.call(t.callId), undefined);
    assert.equal(t.originates().length, 1);
    assert.equal(t.cdr().endedBy, 'agent');
  });

  it('refuses agents not logged in or busy, and numbers outside the allow-list, placing nothing', () => {
    const t = setup();
    rejects(() => t.controller.dialOut('agent1001', '013812345678'), 'illegal-state', /log in/);
    t.login('agent1001', '1001');
    rejects(
      () => t.controller.dialOut('agent1001', '+8821234567890123456'),
      'forbidden',
      /allow-list/,
    );
    assert.equal(t.agentState('agent1001'), 'ready');
    t.controller.dialOut('agent1001', '013812345678');
    rejects(() => t.controller.dialOut('agent1001', '013900001111'), 'illegal-state', /on-call/);
    assert.equal(t.originates().length, 1);
  });

  it('is unavailable without an outbound trunk', () => {
    const t = setup({}, [], { outboundTrunk: undefined });
    t.login('agent1001', '1001');
    rejects(() => t.controller.dialOut('agent1001', '013812345678'), 'forbidden');
  });
});
