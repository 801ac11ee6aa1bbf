// The call model with the real ACD over simulated telephony: a call the IVR
// queues is offered to an agent, rings their extension, connects on answer,
// goes back in line when an agent lets it ring out, and ends with the
// agent's after-call work; an abandon in the queue is counted as such.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setup } from './call-test-kit.ts';

describe('queued calls with the ACD', () => {
  it('keeps the place of a caller who asked the IVR for a callback, after they hang up', () => {
    const t = setup();
    t.emit({
      type: 'leg.offered',
      legId: 'c1',
      to: '4008001000',
      from: { number: '013812345678' },
      source: { kind: 'trunk', trunk: 't' },
      at: t.clock.now(),
    });
    t.emit({ type: 'leg.answered', legId: 'c1', at: t.clock.now() });
    t.ivrHooks()!.onFinished({
      result: { kind: 'callback', number: '013812345678', queue: 'flights' },
      path: ['main-menu', 'callback'],
      vars: {},
    });
    assert.deepEqual(t.commands.at(-1), { type: 'leg.hangup', legId: 'c1' });
    assert.equal(t.controller.activeCalls, 0);
    const left = t.events.find((e) => e.type === 'queue.left');
    assert.deepEqual(left?.payload.to, { kind: 'callback' });
    // When an agent is ready the ACD reserves them and asks for the call back (agent first).
    const commands: string[] = [];
    t.acdCommands(commands);
    t.login('agent1001', '1001');
    assert.ok(t.events.some((e) => e.type === 'queue.callback-attempt'));
    assert.ok(commands.includes('callback'), commands.join());
    // The agent's leg first; once they answer, the customer's through the trunk; then a bridge.
    const agentRing = t.originates().at(-1)!;
    assert.deepEqual(agentRing.target, { kind: 'extension', extension: '1001' });
    assert.equal(agentRing.from.number, '013812345678');
    t.emit({ type: 'leg.answered', legId: agentRing.legId, at: t.clock.now() });
    const customerRing = t.originates().at(-1)!;
    assert.deepEqual(customerRing.target, {
      kind: 'trunk',
      trunk: 'telecom',
      number: '013812345678',
    });
    assert.equal(customerRing.callId, agentRing.legId, 'both legs in one media worker');
    t.clock.advance(6_000);
    t.emit({ type: 'leg.answered', legId: customerRing.legId, at: t.clock.now() });
    assert.deepEqual(t.commands.at(-1), {
      type: 'legs.bridge',
      a: customerRing.legId,
      b: agentRing.legId,
    });
    assert.equal(t.agentState('agent1001'), 'on-call');
    const result = t.events.find((e) => e.type === 'queue.callback-result');
    assert.equal(result?.payload.outcome, 'connected');
    t.clock.advance(60_000);
    t.emit({
      type: 'leg.ended',
      legId: customerRing.legId,
      cause: 'normal',
      by: 'remote',
      at: t.clock.now(),
    });
    assert.deepEqual(t.commands.at(-1), { type: 'leg.hangup', legId: agentRing.legId });
    assert.equal(t.agentState('agent1001'), 'wrap-up');
  });

  it('tries a callback again later when the customer is busy, and frees the agent meanwhile', () => {
    const t = setup({ callback: { maxAttempts: 2, retryIntervalSeconds: 60 } });
    t.emit({
      type: 'leg.offered',
      legId: 'c1',
      to: '4008001000',
      from: { number: '013812345678' },
      source: { kind: 'trunk', trunk: 't' },
      at: t.clock.now(),
    });
    t.emit({ type: 'leg.answered', legId: 'c1', at: t.clock.now() });
    t.ivrHooks()!.onFinished({
      result: { kind: 'callback', number: '013812345678', queue: 'flights' },
      path: ['callback'],
      vars: {},
    });
    t.login('agent1001', '1001');
    const agentRing = t.originates().at(-1)!;
    t.emit({ type: 'leg.answered', legId: agentRing.legId, at: t.clock.now() });
    const customerRing = t.originates().at(-1)!;
    t.emit({
      type: 'leg.ended',
      legId: customerRing.legId,
      cause: 'busy',
      by: 'remote',
      at: t.clock.now(),
    });
    assert.deepEqual(t.commands.at(-1), { type: 'leg.hangup', legId: agentRing.legId });
    assert.equal(
      t.events.find((e) => e.type === 'queue.callback-result')?.payload.outcome,
      'customer-busy',
    );
    assert.equal(t.agentState('agent1001'), 'ready', 'the agent is free while the callback waits');
    const before = t.originates().length;
    t.clock.advance(60_000);
    assert.ok(t.originates().length > before, 'the second attempt rings the agent again');
  });

  it('rings the ready agent, connects on answer, and sends the agent to wrap-up when the caller hangs up', () => {
    const t = setup();
    t.login('agent1001', '1001');
    t.queueCall();
    const [ring] = t.originates();
    assert.ok(ring, 'the agent is rung');
    assert.deepEqual(ring.target, { kind: 'extension', extension: '1001' });
    assert.equal(ring.callId, 'c1', 'in the caller leg media worker');
    assert.equal(t.agentState('agent1001'), 'reserved');
    t.clock.advance(4_000);
    t.emit({ type: 'leg.answered', legId: ring.legId, at: t.clock.now() });
    assert.deepEqual(t.commands.at(-2), { type: 'legs.bridge', a: 'c1', b: ring.legId });
    assert.equal(t.commands.at(-1)?.type, 'recording.start');
    assert.equal(t.agentState('agent1001'), 'on-call');
    t.clock.advance(60_000);
    t.emit({ type: 'leg.ended', legId: 'c1', cause: 'normal', by: 'remote', at: t.clock.now() });
    assert.deepEqual(t.commands.at(-1), { type: 'leg.hangup', legId: ring.legId });
    assert.equal(t.agentState('agent1001'), 'wrap-up');
    t.clock.advance(30_000);
    assert.equal(t.agentState('agent1001'), 'ready');
    const record = t.cdr();
    assert.equal(record.agentId, 'agent1001');
    assert.equal(record.waitMs, 4_000);
    assert.equal(record.talkMs, 60_000);
    assert.equal(record.endedIn, 'connected');
  });

  it('puts the call back in line when the agent lets it ring out, and offers it to the next agent', () => {
    const t = setup();
    t.login('agent1001', '1001');
    t.queueCall();
    const first = t.originates()[0]!;
    t.clock.advance(15_000); // the ACD's ring timeout
    assert.ok(
      t.commands.some((c) => c.type === 'leg.hangup' && c.legId === first.legId),
      'the ringing leg is dropped',
    );
    t.emit({
      type: 'leg.ended',
      legId: first.legId,
      cause: 'local',
      by: 'local',
      at: t.clock.now(),
    });
    assert.equal(t.agentState('agent1001'), 'not-ready');
    assert.equal(t.controller.call(t.cdr().callId)?.state, 'queued');
    t.login('agent1002', '1002');
    const second = t.originates()[1]!;
    assert.deepEqual(second.target, { kind: 'extension', extension: '1002' });
    t.emit({ type: 'leg.answered', legId: second.legId, at: t.clock.now() });
    assert.equal(t.cdr().agentId, 'agent1002');
    assert.equal(t.cdr().waitMs, 15_000, 'wait counts from the first queue entry');
  });

  it('takes a busy agent out of the running and tries again later', () => {
    const t = setup();
    t.login('agent1001', '1001');
    t.queueCall();
    const ring = t.originates()[0]!;
    t.emit({
      type: 'leg.ended',
      legId: ring.legId,
      cause: 'busy',
      by: 'remote',
      at: t.clock.now(),
    });
    assert.equal(t.controller.call(t.cdr().callId)?.state, 'queued');
    assert.ok(
      t.events.some((e) => e.type === 'agent.ring-no-answer' && e.payload.cause === 'busy'),
    );
  });

  it('counts an abandon when the caller hangs up while waiting', () => {
    const t = setup();
    t.queueCall();
    t.clock.advance(9_000);
    t.emit({ type: 'leg.ended', legId: 'c1', cause: 'normal', by: 'remote', at: t.clock.now() });
    const left = t.events.find((e) => e.type === 'queue.left');
    assert.equal(left?.payload.reason, 'abandoned');
    assert.equal(t.cdr().endedIn, 'queued');
    assert.equal(t.cdr().waitMs, 9_000);
    assert.equal(t.controller.activeCalls, 0);
  });

  it('drops an agent leg that answers after its offer was withdrawn', () => {
    const t = setup();
    t.login('agent1001', '1001');
    t.queueCall();
    const ring = t.originates()[0]!;
    t.clock.advance(15_000);
    // The phone answers just as the ring timeout withdrew the offer.
    t.emit({ type: 'leg.answered', legId: ring.legId, at: t.clock.now() });
    const hangups = t.commands.filter((c) => c.type === 'leg.hangup' && c.legId === ring.legId);
    assert.ok(hangups.length >= 1);
    assert.ok(!t.commands.some((c) => c.type === 'legs.bridge'));
    // Its end is not the caller's: the call waits on in the queue.
    t.emit({
      type: 'leg.ended',
      legId: ring.legId,
      cause: 'local',
      by: 'local',
      at: t.clock.now(),
    });
    const call = t.controller.call(t.cdr().callId);
    assert.equal(call?.state, 'queued');
    assert.ok(!t.commands.some((c) => c.type === 'leg.hangup' && c.legId === 'c1'));
  });

  it('keeps the connected call when a second ring-all agent answers too late', () => {
    const t = setup({ strategy: 'ring-all' });
    t.login('agent1001', '1001');
    t.login('agent1002', '1002');
    t.queueCall();
    const [a, b] = t.originates();
    assert.ok(a && b, 'both agents ring');
    t.emit({ type: 'leg.answered', legId: a.legId, at: t.clock.now() });
    t.emit({ type: 'leg.answered', legId: b.legId, at: t.clock.now() });
    t.emit({ type: 'leg.ended', legId: b.legId, cause: 'local', by: 'local', at: t.clock.now() });
    const call = t.controller.call(t.cdr().callId);
    assert.equal(call?.state, 'connected');
    assert.equal(t.agentState('agent1001'), 'on-call');
    assert.equal(t.agentState('agent1002'), 'ready', 'the agent who lost the race is free again');
  });

  it('stops the queue audio when the call leaves, and counts the wait until it leaves', () => {
    const t = setup({ maxWaitSeconds: 60 });
    t.queueCall();
    assert.ok(t.commands.some((c) => c.type === 'leg.play' && c.playId.startsWith('hold-')));
    t.clock.advance(60_000); // max wait: the call leaves for voicemail
    const stops = t.commands.flatMap((c) =>
      c.type === 'leg.play.stop' ? [c.playId.split('-')[0]] : [],
    );
    assert.deepEqual(stops, ['hold', 'announce']);
    assert.ok(t.callEvents.some((e) => e.type === 'call.left-queue'));
    t.clock.advance(45_000); // the voicemail
    t.emit({ type: 'leg.ended', legId: 'c1', cause: 'normal', by: 'remote', at: t.clock.now() });
    assert.equal(t.cdr().waitMs, 60_000, 'the voicemail after the queue is not wait');
  });

  it('lets the next announcement play when it replaces one still playing', () => {
    const t = setup({ announcements: { atJoin: true, everySeconds: 4 } });
    t.queueCall();
    const plays = () =>
      t.commands.flatMap((c) => (c.type === 'leg.play' ? [c.playId.split('-')[0]] : []));
    assert.deepEqual(plays(), ['hold', 'announce']);
    t.clock.advance(4_000);
    assert.deepEqual(plays(), ['hold', 'announce', 'announce']);
    // The worker reports the first announcement stopped by the second: the hold must not come
    // back over the second.
    const announceId = `announce-${t.cdr().callId}`;
    const finished = (reason: 'stopped' | 'finished') =>
      t.emit({
        type: 'leg.play.finished',
        legId: 'c1',
        playId: announceId,
        reason,
        playedMs: 4_000,
        at: t.clock.now(),
      });
    finished('stopped');
    assert.deepEqual(plays(), ['hold', 'announce', 'announce']);
    // The second plays to its end: the hold announcement comes back.
    finished('finished');
    assert.deepEqual(plays(), ['hold', 'announce', 'announce', 'hold']);
  });
});
