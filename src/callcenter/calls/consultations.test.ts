// Attended transfer and conference over the real ACD and simulated telephony:
// consult, complete, cancel, conference, the consulted side going away, the
// agent's phone hanging up, and what is refused while a consultation runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../../platform/index.ts';
import type { TelephonyCommand } from '../../telephony/index.ts';
import { setup } from './call-test-kit.ts';

const agent = (agentId: string) => ({ kind: 'agent' as const, agentId });
const supervisor = { kind: 'supervisor' as const, userId: 'sup' };
const me = agent('agent1001');

/** A call connected to agent1001 after 3 s of ringing. */
function connected() {
  const t = setup();
  t.login('agent1001', '1001');
  t.queueCall();
  const ring = t.originates()[0]!;
  t.clock.advance(3_000);
  t.emit({ type: 'leg.answered', legId: ring.legId, at: t.clock.now() });
  const callId = t.cdr().callId;
  const state = () => t.controller.call(callId)?.state;
  const since = (mark: number): TelephonyCommand[] => t.commands.slice(mark);
  return { ...t, callId, agentLeg: ring.legId, state, since };
}

/** …and consulting extension 1003, which answered after 2 s. */
function consulting() {
  const t = connected();
  t.clock.advance(10_000);
  t.controller.consult(t.callId, { kind: 'extension', extension: '1003' }, me);
  const consultLeg = t.originates().at(-1)!.legId;
  t.clock.advance(2_000);
  t.emit({ type: 'leg.answered', legId: consultLeg, at: t.clock.now() });
  return { ...t, consultLeg };
}

function rejects(fn: () => void, code: string, pattern?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isHotlineError(error), 'a HotlineError');
    assert.equal(error.code, code);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

describe('attended transfer and conference', () => {
  it('consults with the customer on hold, then completes: the agent wraps up, one CDR, two segments', () => {
    const t = connected();
    t.clock.advance(10_000);
    const mark = t.commands.length;
    t.controller.consult(t.callId, { kind: 'extension', extension: '1003' }, me);
    const [unbridge, music, ring] = t.since(mark);
    assert.deepEqual(unbridge, { type: 'legs.unbridge', a: 'c1', b: t.agentLeg });
    assert.equal(music?.type === 'leg.play' && music.loop, true, 'the customer hears music');
    assert.equal(ring?.type, 'leg.originate');
    assert.deepEqual(ring?.type === 'leg.originate' && ring.target, {
      kind: 'extension',
      extension: '1003',
    });
    const consultLeg = ring?.type === 'leg.originate' ? ring.legId : '';
    assert.equal(t.state(), 'transferring');
    assert.equal(t.agentState('agent1001'), 'held', 'consultation is hold time for the agent');

    t.clock.advance(2_000);
    t.emit({ type: 'leg.answered', legId: consultLeg, at: t.clock.now() });
    assert.deepEqual(t.commands.at(-1), { type: 'legs.bridge', a: t.agentLeg, b: consultLeg });

    t.clock.advance(8_000);
    const mark2 = t.commands.length;
    t.controller.completeTransfer(t.callId, me);
    const done = t.since(mark2);
    assert.ok(done.some((c) => c.type === 'leg.hangup' && c.legId === t.agentLeg));
    assert.ok(
      done.some((c) => c.type === 'recording.stop' && c.recordingId === `call-${t.callId}`),
    );
    const stop = done.findIndex((c) => c.type === 'leg.play.stop');
    const bridge = done.findIndex(
      (c) => c.type === 'legs.bridge' && c.a === 'c1' && c.b === consultLeg,
    );
    assert.ok(stop >= 0 && bridge > stop, 'music stops, then the customer meets the colleague');
    assert.ok(
      done.some(
        (c) => c.type === 'recording.start' && c.agent === consultLeg && c.path.endsWith('-2.wav'),
      ),
      'the second segment is recorded in a file of its own',
    );
    assert.equal(t.state(), 'connected');
    assert.equal(t.agentState('agent1001'), 'wrap-up');

    t.clock.advance(30_000);
    t.emit({
      type: 'leg.ended',
      legId: consultLeg,
      cause: 'normal',
      by: 'remote',
      at: t.clock.now(),
    });
    const record = t.cdr();
    assert.equal(record.segments.length, 2);
    assert.equal(record.segments[0]?.agentId, 'agent1001');
    assert.equal(record.segments[0]?.transferredTo, '1003');
    assert.equal(record.segments[1]?.target, '1003');
    assert.equal(record.holdMs, 10_000, 'the customer held from consult to completion');
    assert.equal(record.talkMs, 10_000 + 30_000);
    const transferred = t.callEvents.find((e) => e.type === 'call.transferred');
    assert.equal(transferred?.type === 'call.transferred' && transferred.payload.attended, true);
    assert.deepEqual(
      t.callEvents.filter((e) => e.type.startsWith('call.consult')).map((e) => e.type),
      ['call.consult-started', 'call.consult-connected', 'call.consult-ended'],
    );
    assert.ok(
      !t.callEvents.some((e) => e.type === 'call.alerting' && e.payload.legId === consultLeg),
      'the consulted phone ringing is not the customer’s call alerting',
    );
  });

  it('cancels a ringing consultation: the colleague’s phone stops, the customer is back with the agent', () => {
    const t = connected();
    t.controller.consult(t.callId, { kind: 'extension', extension: '1003' }, me);
    const consultLeg = t.originates().at(-1)!.legId;
    t.clock.advance(5_000);
    const mark = t.commands.length;
    t.controller.cancelConsult(t.callId, me);
    const after = t.since(mark);
    assert.deepEqual(after[0], { type: 'leg.hangup', legId: consultLeg });
    assert.equal(after[1]?.type, 'leg.play.stop');
    assert.deepEqual(after[2], { type: 'legs.bridge', a: 'c1', b: t.agentLeg });
    assert.equal(t.state(), 'connected');
    assert.equal(t.agentState('agent1001'), 'on-call');
    const ended = t.callEvents.find((e) => e.type === 'call.consult-ended');
    assert.equal(ended?.type === 'call.consult-ended' && ended.payload.reason, 'cancelled');
    // Its leg's end is ours now: nothing more happens when it arrives.
    t.emit({
      type: 'leg.ended',
      legId: consultLeg,
      cause: 'local',
      by: 'local',
      at: t.clock.now(),
    });
    assert.equal(t.state(), 'connected');
    t.emit({ type: 'leg.ended', legId: 'c1', cause: 'normal', by: 'remote', at: t.clock.now() });
    assert.equal(t.cdr().holdMs, 5_000);
  });

  it('leaves the customer on hold when the colleague does not answer; the agent resumes', () => {
    const t = connected();
    t.controller.consult(t.callId, { kind: 'extension', extension: '1003' }, me);
    const consultLeg = t.originates().at(-1)!.legId;
    t.clock.advance(20_000);
    t.emit({
      type: 'leg.ended',
      legId: consultLeg,
      cause: 'no-answer',
      by: 'local',
      at: t.clock.now(),
    });
    assert.equal(t.state(), 'held');
    const ended = t.callEvents.find((e) => e.type === 'call.consult-ended');
    assert.equal(ended?.type === 'call.consult-ended' && ended.payload.reason, 'no-answer');
    rejects(() => t.controller.completeTransfer(t.callId, me), 'illegal-state', /no consultation/);
    t.controller.resume(t.callId, me);
    assert.equal(t.state(), 'connected');
    assert.deepEqual(t.commands.at(-1), { type: 'legs.bridge', a: 'c1', b: t.agentLeg });
  });

  it('joins all three in a conference; when the colleague leaves, customer and agent talk on', () => {
    const t = consulting();
    const mark = t.commands.length;
    t.controller.conference(t.callId, me);
    const mixed = t.since(mark).filter((c) => c.type === 'leg.mix');
    assert.deepEqual(
      mixed.map((c) => c.type === 'leg.mix' && [c.legId, c.mode]),
      [
        ['c1', 'full'],
        [t.agentLeg, 'full'],
        [t.consultLeg, 'full'],
      ],
    );
    assert.ok(
      t.since(mark).some((c) => c.type === 'leg.play.stop'),
      'the music stops',
    );
    assert.equal(t.state(), 'connected');
    assert.equal(t.agentState('agent1001'), 'on-call');
    rejects(() => t.controller.hold(t.callId, me), 'illegal-state', /conference/);
    rejects(
      () => t.controller.transfer(t.callId, { kind: 'queue', queue: 'flights' }, me),
      'illegal-state',
    );
    rejects(() => t.controller.monitor(t.callId, '1009', 'listen', supervisor), 'illegal-state');

    const mark2 = t.commands.length;
    t.emit({
      type: 'leg.ended',
      legId: t.consultLeg,
      cause: 'normal',
      by: 'remote',
      at: t.clock.now(),
    });
    const after = t.since(mark2);
    assert.equal(after[0]?.type, 'mixer.close');
    assert.deepEqual(after[1], { type: 'legs.bridge', a: 'c1', b: t.agentLeg });
    assert.equal(t.state(), 'connected');
    t.controller.hold(t.callId, me);
    assert.equal(t.state(), 'held', 'the call is an ordinary one again');
  });

  it('lets the agent leave a conference: the other two talk on, the agent wraps up', () => {
    const t = consulting();
    t.controller.conference(t.callId, me);
    const mark = t.commands.length;
    t.controller.completeTransfer(t.callId, me);
    const after = t.since(mark);
    assert.equal(after[0]?.type, 'mixer.close');
    assert.ok(after.some((c) => c.type === 'leg.hangup' && c.legId === t.agentLeg));
    assert.ok(after.some((c) => c.type === 'legs.bridge' && c.a === 'c1' && c.b === t.consultLeg));
    assert.equal(t.agentState('agent1001'), 'wrap-up');
    assert.equal(t.state(), 'connected');
  });

  it('completes the transfer when the agent’s phone hangs up with the colleague on the line', () => {
    const t = consulting();
    t.emit({
      type: 'leg.ended',
      legId: t.agentLeg,
      cause: 'normal',
      by: 'remote',
      at: t.clock.now(),
    });
    assert.equal(t.state(), 'connected', 'the call goes on');
    assert.ok(
      t.commands.some((c) => c.type === 'legs.bridge' && c.a === 'c1' && c.b === t.consultLeg),
    );
    assert.ok(
      !t.commands.some((c) => c.type === 'leg.hangup' && c.legId === t.agentLeg),
      'no BYE for a leg that already hung up',
    );
    assert.equal(t.agentState('agent1001'), 'wrap-up');
    const transferred = t.callEvents.find((e) => e.type === 'call.transferred');
    assert.equal(
      transferred?.type === 'call.transferred' && transferred.payload.by,
      `phone:${t.agentLeg}`,
    );
  });

  it('leaves the ringing colleague as the transfer when the agent’s phone hangs up first', () => {
    const t = connected();
    t.controller.consult(t.callId, { kind: 'extension', extension: '1003' }, me);
    const consultLeg = t.originates().at(-1)!.legId;
    t.emit({
      type: 'leg.ended',
      legId: t.agentLeg,
      cause: 'normal',
      by: 'remote',
      at: t.clock.now(),
    });
    assert.equal(t.state(), 'transferring', 'the customer waits with music');
    assert.equal(t.agentState('agent1001'), 'wrap-up');
    assert.ok(!t.commands.some((c) => c.type === 'leg.hangup' && c.legId === consultLeg));
    t.emit({ type: 'leg.answered', legId: consultLeg, at: t.clock.now() });
    assert.equal(t.state(), 'connected');
    assert.ok(
      t.commands.some((c) => c.type === 'legs.bridge' && c.a === 'c1' && c.b === consultLeg),
    );
    assert.equal(t.cdr().segments.at(-1)?.target, '1003');
  });

  it('ends the call as a failed transfer when the colleague left ringing never answers', () => {
    const t = connected();
    t.controller.consult(t.callId, { kind: 'extension', extension: '1003' }, me);
    const consultLeg = t.originates().at(-1)!.legId;
    t.emit({
      type: 'leg.ended',
      legId: t.agentLeg,
      cause: 'normal',
      by: 'remote',
      at: t.clock.now(),
    });
    t.emit({
      type: 'leg.ended',
      legId: consultLeg,
      cause: 'no-answer',
      by: 'local',
      at: t.clock.now(),
    });
    assert.equal(t.controller.call(t.callId), undefined);
    assert.equal(t.cdr().endCause, 'transfer-failed');
    assert.ok(t.commands.some((c) => c.type === 'leg.hangup' && c.legId === 'c1'));
  });

  it('holds a consulted agent busy, and hands them the call: their desk controls it, the CDR names them', () => {
    const t = connected();
    t.login('agent1003', '1003', { hotels: 3 });
    t.controller.consult(t.callId, { kind: 'extension', extension: '1003' }, me);
    const ring = t.originates().at(-1)!;
    assert.deepEqual(ring.from, { number: '1001', displayName: 'Consult 咨询' }, 'the agent calls');
    assert.equal(t.agentState('agent1003'), 'on-call', 'not offered queue calls while consulted');
    assert.deepEqual(t.controller.callsOfAgent('agent1003'), [`${t.callId}~consult`]);
    t.emit({ type: 'leg.answered', legId: ring.legId, at: t.clock.now() });
    t.controller.completeTransfer(t.callId, me);
    assert.equal(t.agentState('agent1003'), 'on-call');
    assert.deepEqual(t.controller.callsOfAgent('agent1003'), [t.callId]);
    t.controller.hold(t.callId, agent('agent1003'));
    assert.equal(t.agentState('agent1003'), 'held', 'their desk holds the call');
    t.controller.resume(t.callId, agent('agent1003'));
    t.clock.advance(10_000);
    t.emit({ type: 'leg.ended', legId: 'c1', cause: 'normal', by: 'remote', at: t.clock.now() });
    assert.equal(t.agentState('agent1003'), 'wrap-up', 'the queue’s after-call work');
    const connectedEvents = t.callEvents.filter((e) => e.type === 'call.connected');
    assert.equal(
      connectedEvents.at(-1)?.type === 'call.connected' && connectedEvents.at(-1)?.payload.agentId,
      'agent1003',
    );
    assert.equal(t.cdr().segments[1]?.agentId, 'agent1003');
  });

  it('frees a consulted agent when the consultation is cancelled', () => {
    const t = connected();
    t.login('agent1003', '1003', { hotels: 3 });
    t.controller.consult(t.callId, { kind: 'extension', extension: '1003' }, me);
    t.controller.cancelConsult(t.callId, me);
    assert.equal(t.agentState('agent1003'), 'ready');
  });

  it('hands over on the desk’s hang-up once the colleague answered; refuses it while it rings', () => {
    const t = connected();
    t.controller.consult(t.callId, { kind: 'extension', extension: '1003' }, me);
    const consultLeg = t.originates().at(-1)!.legId;
    rejects(() => t.controller.hangup(t.callId, me), 'illegal-state', /not answered/);
    t.emit({ type: 'leg.answered', legId: consultLeg, at: t.clock.now() });
    t.controller.hangup(t.callId, me);
    assert.equal(t.state(), 'connected', 'the customer talks to the colleague');
    assert.equal(t.agentState('agent1001'), 'wrap-up');
  });

  it('logs the consultation’s end when the call ends during it', () => {
    const t = consulting();
    t.emit({ type: 'leg.ended', legId: 'c1', cause: 'normal', by: 'remote', at: t.clock.now() });
    const types = t.callEvents.map((e) => e.type);
    assert.ok(types.indexOf('call.consult-ended') < types.indexOf('call.ended'));
    const ended = t.callEvents.find((e) => e.type === 'call.consult-ended');
    assert.equal(ended?.type === 'call.consult-ended' && ended.payload.reason, 'hung-up');
  });

  it('refuses what does not fit: a second consultation, completing before the answer, holds, strangers, numbers outside the allow-list', () => {
    const t = connected();
    rejects(() => t.controller.completeTransfer(t.callId, me), 'illegal-state', /no consultation/);
    rejects(() => t.controller.cancelConsult(t.callId, me), 'illegal-state', /none/);
    rejects(() => t.controller.conference(t.callId, me), 'illegal-state');
    rejects(
      () => t.controller.consult(t.callId, { kind: 'external', number: 'premium' }, me),
      'forbidden',
    );
    rejects(
      () =>
        t.controller.consult(
          t.callId,
          { kind: 'extension', extension: '1003' },
          agent('agent1002'),
        ),
      'forbidden',
    );
    assert.equal(t.state(), 'connected', 'nothing moved');
    assert.equal(t.originates().length, 1);

    t.controller.consult(t.callId, { kind: 'extension', extension: '1003' }, me);
    rejects(
      () => t.controller.consult(t.callId, { kind: 'extension', extension: '1004' }, me),
      'illegal-state',
      /already/,
    );
    rejects(() => t.controller.completeTransfer(t.callId, me), 'illegal-state', /not answered/);
    rejects(() => t.controller.hold(t.callId, me), 'illegal-state', /consultation/);
    rejects(() => t.controller.resume(t.callId, me), 'illegal-state');
    // The agent's phone holding during the consultation does not move the call.
    t.emit({ type: 'leg.held', legId: t.agentLeg, at: t.clock.now() });
    assert.equal(t.state(), 'transferring');
  });

  it('consults from a held call and through the trunk to an allowed number; a supervisor may act', () => {
    const t = connected();
    t.controller.hold(t.callId, me);
    const mark = t.commands.length;
    t.controller.consult(t.callId, { kind: 'external', number: '13900001111' }, supervisor);
    const placed = t.since(mark);
    assert.equal(placed.length, 1, 'already on hold: no second unbridge or music');
    assert.deepEqual(placed[0]?.type === 'leg.originate' && placed[0].target, {
      kind: 'trunk',
      trunk: 'telecom',
      number: '13900001111',
    });
    t.controller.cancelConsult(t.callId, supervisor);
    assert.equal(t.state(), 'connected');
  });
});
