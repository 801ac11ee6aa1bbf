// Call control by agents and supervisors over the real ACD and simulated
// telephony: hold and resume, hang-up, DTMF, blind transfer to a queue, an
// extension and a number outside, with the checks of who may act and when.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../../platform/index.ts';
import type { TelephonyCommand } from '../../telephony/index.ts';
import { setup } from './call-test-kit.ts';

const agent = (agentId: string) => ({ kind: 'agent' as const, agentId });
const supervisor = { kind: 'supervisor' as const, userId: 'sup' };

function connected() {
  const t = setup({}, [
    {
      name: 'complaints',
      ringTimeoutSeconds: 15,
      wrapUpSeconds: 30,
      announcements: { atJoin: false, everySeconds: 0 },
    },
  ]);
  t.login('agent1001', '1001');
  t.queueCall();
  const ring = t.originates()[0]!;
  t.clock.advance(3_000);
  t.emit({ type: 'leg.answered', legId: ring.legId, at: t.clock.now() });
  const callId = t.cdr().callId;
  return { ...t, callId, agentLeg: ring.legId };
}

const since = (commands: TelephonyCommand[], from: number) => commands.slice(from);

function rejects(fn: () => void, code: string, pattern?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isHotlineError(error), 'a HotlineError');
    assert.equal(error.code, code);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

describe('call control', () => {
  it('holds with music for the customer and resumes with the bridge back; hold time is counted', () => {
    const t = connected();
    const mark = t.commands.length;
    t.controller.hold(t.callId, agent('agent1001'));
    assert.equal(t.controller.call(t.callId)?.state, 'held');
    assert.equal(t.agentState('agent1001'), 'held');
    const held = since(t.commands, mark);
    assert.deepEqual(held[0], { type: 'legs.unbridge', a: 'c1', b: t.agentLeg });
    assert.equal(held[1]?.type, 'leg.play');
    assert.equal(held[1]?.type === 'leg.play' && held[1].loop, true);
    t.clock.advance(20_000);
    const mark2 = t.commands.length;
    t.controller.resume(t.callId, agent('agent1001'));
    const resumed = since(t.commands, mark2);
    assert.equal(resumed[0]?.type, 'leg.play.stop');
    assert.deepEqual(resumed[1], { type: 'legs.bridge', a: 'c1', b: t.agentLeg });
    assert.equal(t.agentState('agent1001'), 'on-call');
    t.clock.advance(10_000);
    t.emit({ type: 'leg.ended', legId: 'c1', cause: 'normal', by: 'remote', at: t.clock.now() });
    const record = t.cdr();
    assert.equal(record.holdMs, 20_000);
    assert.equal(record.talkMs, 10_000);
    const heldEvent = t.callEvents.find((e) => e.type === 'call.held');
    assert.deepEqual(heldEvent?.payload, { callId: t.callId, by: 'agent:agent1001' });
  });

  it('refuses what does not fit the call’s state, with illegal-state and a reason', () => {
    const t = connected();
    rejects(() => t.controller.resume(t.callId, agent('agent1001')), 'illegal-state', /connected/);
    t.controller.hold(t.callId, agent('agent1001'));
    rejects(() => t.controller.hold(t.callId, agent('agent1001')), 'illegal-state', /held/);
    rejects(() => t.controller.sendDtmf(t.callId, '1', agent('agent1001')), 'illegal-state');
    rejects(() => t.controller.hold('nope', agent('agent1001')), 'not-found');
  });

  it('lets an agent act only on their own call, and a supervisor on any', () => {
    const t = connected();
    rejects(() => t.controller.hold(t.callId, agent('agent1002')), 'forbidden');
    rejects(() => t.controller.hangup(t.callId, agent('agent1002')), 'forbidden');
    t.controller.hold(t.callId, supervisor);
    assert.equal(t.controller.call(t.callId)?.state, 'held');
    t.controller.hangup(t.callId, supervisor);
    assert.equal(t.controller.call(t.callId), undefined);
    const ended = t.callEvents.find((e) => e.type === 'call.ended');
    assert.equal(ended?.type === 'call.ended' && ended.payload.by, 'supervisor');
    assert.ok(t.commands.some((c) => c.type === 'leg.hangup' && c.legId === 'c1'));
  });

  it('sends DTMF toward the customer’s side of a connected call', () => {
    const t = connected();
    t.controller.sendDtmf(t.callId, '12#', agent('agent1001'));
    assert.deepEqual(t.commands.at(-1), { type: 'leg.dtmf.send', legId: 'c1', digits: '12#' });
  });

  it('blind-transfers to another queue: the first agent wraps up, the second answers, one CDR with two segments', () => {
    const t = connected();
    t.login('agent1002', '1002', { complaints: 3 });
    t.clock.advance(30_000);
    t.controller.transfer(t.callId, { kind: 'queue', queue: 'complaints' }, agent('agent1001'));
    assert.ok(
      t.commands.some((c) => c.type === 'leg.hangup' && c.legId === t.agentLeg),
      'the first agent’s leg is hung up',
    );
    assert.equal(t.agentState('agent1001'), 'wrap-up');
    // The first agent's leg ending is ours, not the end of the call.
    t.emit({
      type: 'leg.ended',
      legId: t.agentLeg,
      cause: 'local',
      by: 'local',
      at: t.clock.now(),
    });
    const second = t.originates()[1]!;
    assert.deepEqual(second.target, { kind: 'extension', extension: '1002' });
    t.clock.advance(5_000);
    t.emit({ type: 'leg.answered', legId: second.legId, at: t.clock.now() });
    assert.equal(t.controller.call(t.callId)?.state, 'connected');
    assert.ok(
      t.commands.some(
        (c) => c.type === 'recording.start' && c.recordingId === `call-${t.callId}-2`,
      ),
      'the second segment is recorded in a file of its own',
    );
    t.clock.advance(40_000);
    t.emit({ type: 'leg.ended', legId: 'c1', cause: 'normal', by: 'remote', at: t.clock.now() });
    const record = t.cdr();
    assert.equal(record.agentId, 'agent1001', 'the agent who took the call');
    assert.deepEqual(
      record.segments.map((s) => [s.agentId, s.queue, s.endedAt! - s.connectedAt, s.transferredTo]),
      [
        ['agent1001', 'flights', 30_000, 'complaints'],
        ['agent1002', 'complaints', 40_000, null],
      ],
    );
    assert.equal(record.talkMs, 70_000);
    assert.equal(record.waitMs, 3_000, 'wait is the first queue wait');
    assert.equal(t.agentState('agent1002'), 'wrap-up');
  });

  it('blind-transfers to an extension with music while it rings; nobody answering ends the call', () => {
    const t = connected();
    t.controller.transfer(t.callId, { kind: 'extension', extension: '2000' }, agent('agent1001'));
    const ring = t.originates()[1]!;
    assert.deepEqual(ring.target, { kind: 'extension', extension: '2000' });
    assert.equal(t.controller.call(t.callId)?.state, 'alerting');
    assert.ok(t.commands.some((c) => c.type === 'leg.play' && c.loop === true && c.legId === 'c1'));
    t.emit({
      type: 'leg.ended',
      legId: ring.legId,
      cause: 'no-answer',
      by: 'remote',
      at: t.clock.now(),
    });
    const ended = t.callEvents.find((e) => e.type === 'call.ended');
    assert.equal(ended?.type === 'call.ended' && ended.payload.cause, 'transfer-failed');
  });

  it('connects an answered extension transfer, stopping the music first', () => {
    const t = connected();
    t.controller.transfer(t.callId, { kind: 'extension', extension: '2000' }, agent('agent1001'));
    const ring = t.originates()[1]!;
    const mark = t.commands.length;
    t.emit({ type: 'leg.answered', legId: ring.legId, at: t.clock.now() });
    const after = since(t.commands, mark);
    assert.equal(after[0]?.type, 'leg.play.stop');
    assert.deepEqual(after[1], { type: 'legs.bridge', a: 'c1', b: ring.legId });
    assert.equal(t.cdr().segments.at(-1)?.target, '2000');
  });

  it('refuses a transfer to a number outside the allow-list or an unknown queue, and nothing moves', () => {
    const t = connected();
    rejects(
      () =>
        t.controller.transfer(
          t.callId,
          { kind: 'external', number: '+8821234567890123456' },
          agent('agent1001'),
        ),
      'forbidden',
      /allow-list/,
    );
    rejects(
      () => t.controller.transfer(t.callId, { kind: 'queue', queue: 'nope' }, agent('agent1001')),
      'not-found',
    );
    assert.equal(t.controller.call(t.callId)?.state, 'connected');
    assert.equal(t.agentState('agent1001'), 'on-call');
  });

  it('transfers to an allowed number outside through the trunk', () => {
    const t = connected();
    t.controller.transfer(t.callId, { kind: 'external', number: '02155550123' }, supervisor);
    assert.deepEqual(t.originates()[1]!.target, {
      kind: 'trunk',
      trunk: 'telecom',
      number: '02155550123',
    });
  });

  it('carries out a REFER from the agent’s phone: NOTIFY 200 before the agent’s leg is hung up', () => {
    const t = connected();
    const mark = t.commands.length;
    t.emit({ type: 'leg.refer', legId: t.agentLeg, target: '2000', at: t.clock.now() });
    const after = since(t.commands, mark);
    const result = after.findIndex((c) => c.type === 'leg.refer.result');
    const hangup = after.findIndex((c) => c.type === 'leg.hangup' && c.legId === t.agentLeg);
    assert.deepEqual(after[result], {
      type: 'leg.refer.result',
      legId: t.agentLeg,
      accepted: true,
    });
    assert.ok(result < hangup, 'the phone hears the transfer went ahead before its BYE');
    assert.deepEqual(t.originates()[1]!.target, { kind: 'extension', extension: '2000' });
    const transferred = t.callEvents.find((e) => e.type === 'call.transferred');
    assert.equal(
      transferred?.type === 'call.transferred' && transferred.payload.by,
      `phone:${t.agentLeg}`,
    );
  });

  it('refuses a REFER to a number outside the allow-list, and the call goes on', () => {
    const t = connected();
    t.emit({
      type: 'leg.refer',
      legId: t.agentLeg,
      target: '+8821234567890123456',
      at: t.clock.now(),
    });
    assert.deepEqual(t.commands.at(-1), {
      type: 'leg.refer.result',
      legId: t.agentLeg,
      accepted: false,
    });
    assert.equal(t.controller.call(t.callId)?.state, 'connected');
  });

  it('lets a supervisor listen from their extension, then whisper, then hang up: the two are bridged again', () => {
    const t = connected();
    rejects(
      () => t.controller.monitor(t.callId, '2001', 'listen', agent('agent1001')),
      'forbidden',
    );
    t.controller.monitor(t.callId, '2001', 'listen', supervisor);
    const ring = t.originates().at(-1)!;
    assert.deepEqual(ring.target, { kind: 'extension', extension: '2001' });
    const mark = t.commands.length;
    t.emit({ type: 'leg.answered', legId: ring.legId, at: t.clock.now() });
    const mixed = since(t.commands, mark).filter((c) => c.type === 'leg.mix');
    assert.deepEqual(
      mixed.map((c) => c.type === 'leg.mix' && [c.legId, c.mode]),
      [
        ['c1', 'full'],
        [t.agentLeg, 'full'],
        [ring.legId, 'listen'],
      ],
    );
    rejects(() => t.controller.hold(t.callId, agent('agent1001')), 'illegal-state', /supervisor/);
    t.controller.monitor(t.callId, '2001', 'whisper', supervisor);
    assert.deepEqual(t.commands.at(-1), {
      type: 'leg.mix',
      mixerId: `mix-${t.callId}`,
      legId: ring.legId,
      mode: 'whisper',
      whisperTo: [t.agentLeg],
    });
    const mark2 = t.commands.length;
    t.emit({
      type: 'leg.ended',
      legId: ring.legId,
      cause: 'normal',
      by: 'remote',
      at: t.clock.now(),
    });
    assert.deepEqual(since(t.commands, mark2), [
      { type: 'mixer.close', mixerId: `mix-${t.callId}` },
      { type: 'legs.bridge', a: 'c1', b: t.agentLeg },
    ]);
    assert.equal(t.controller.call(t.callId)?.state, 'connected', 'the call goes on');
    assert.deepEqual(
      t.callEvents.filter((e) => e.type.startsWith('call.monitor')).map((e) => e.type),
      ['call.monitor-started', 'call.monitor-changed', 'call.monitor-ended'],
    );
  });

  it('refuses a second supervisor while one monitors, and leaves the first one’s mode alone', () => {
    const t = connected();
    t.controller.monitor(t.callId, '2001', 'listen', supervisor);
    const rings = t.originates().length;
    rejects(
      () => t.controller.monitor(t.callId, '2002', 'barge', { kind: 'supervisor', userId: 'sup2' }),
      'illegal-state',
      /sup is already monitoring it/,
    );
    assert.equal(t.originates().length, rings, 'the second supervisor’s phone does not ring');
    assert.deepEqual(
      t.callEvents.filter((e) => e.type.startsWith('call.monitor')).map((e) => e.type),
      ['call.monitor-started'],
    );
  });

  it('closes the mixer and hangs the supervisor up when the call ends', () => {
    const t = connected();
    t.controller.monitor(t.callId, '2001', 'barge', supervisor);
    const ring = t.originates().at(-1)!;
    t.emit({ type: 'leg.answered', legId: ring.legId, at: t.clock.now() });
    t.emit({ type: 'leg.ended', legId: 'c1', cause: 'normal', by: 'remote', at: t.clock.now() });
    assert.ok(t.commands.some((c) => c.type === 'mixer.close'));
    assert.ok(t.commands.some((c) => c.type === 'leg.hangup' && c.legId === ring.legId));
  });

  it('ends the hold at a transfer from hold: the next agent’s talk is not hold time', () => {
    const t = connected();
    t.login('agent1002', '1002', { complaints: 3 });
    t.clock.advance(50_000);
    t.controller.hold(t.callId, agent('agent1001'));
    t.clock.advance(10_000);
    t.controller.transfer(t.callId, { kind: 'queue', queue: 'complaints' }, agent('agent1001'));
    t.clock.advance(5_000);
    t.emit({ type: 'leg.answered', legId: t.originates().at(-1)!.legId, at: t.clock.now() });
    t.clock.advance(300_000);
    t.emit({ type: 'leg.ended', legId: 'c1', cause: 'normal', by: 'remote', at: t.clock.now() });
    const record = t.cdr();
    assert.equal(record.holdMs, 10_000);
    assert.equal(record.talkMs, 350_000);
  });

  it('keeps a desk hold when the phone holds and resumes on its own; only the agent’s leg holds', () => {
    const t = connected();
    t.controller.hold(t.callId, agent('agent1001'));
    t.emit({ type: 'leg.held', legId: t.agentLeg, at: t.clock.now() });
    t.emit({ type: 'leg.resumed', legId: t.agentLeg, at: t.clock.now() });
    assert.equal(t.controller.call(t.callId)?.state, 'held');
    t.controller.resume(t.callId, agent('agent1001'));
    assert.equal(t.controller.call(t.callId)?.state, 'connected');
    // The carrier's re-INVITE to sendonly is not the agent holding the call.
    t.emit({ type: 'leg.held', legId: 'c1', at: t.clock.now() });
    assert.equal(t.controller.call(t.callId)?.state, 'connected');
    t.emit({ type: 'leg.held', legId: t.agentLeg, at: t.clock.now() });
    assert.equal(t.controller.call(t.callId)?.state, 'held');
    assert.equal(t.agentState('agent1001'), 'held');
  });

  it('refuses a REFER on a leg no call owns, so the phone is not left waiting', () => {
    const t = connected();
    t.emit({ type: 'leg.refer', legId: 'stranger', target: '2000', at: t.clock.now() });
    assert.deepEqual(t.commands.at(-1), {
      type: 'leg.refer.result',
      legId: 'stranger',
      accepted: false,
    });
  });
});
