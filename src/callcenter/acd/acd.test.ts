import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HotlineError } from '../../platform/index.ts';
import { acdKit } from './acd-test-kit.ts';

const quiet = { announcements: { atJoin: false, everySeconds: 0 } };

describe('ACD: ring-no-answer, wrap-up, limits', () => {
  it('parks an agent who lets it ring out and puts the call back at its place', () => {
    const kit = acdKit([{ name: 'q', ringTimeoutSeconds: 10, ...quiet }]);
    kit.agents({ a: {} });
    kit.acd.agents.login('b', { extension: 'ext-b', skills: {} });
    kit.acd.agents.deviceRegistered('ext-b');
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.clock.advance(1_000);
    kit.acd.enqueue({ callId: 'c2', queue: 'q' });
    assert.equal(kit.lastOffer()?.agentId, 'a');
    kit.clock.advance(10_000);
    assert.equal(kit.state('a'), 'not-ready');
    assert.equal(kit.acd.agents.get('a')!.reasonCode, 'no-answer');
    assert.deepEqual(kit.commands.at(-1), {
      type: 'cancel-offer',
      callId: 'c1',
      agentId: 'a',
      extension: 'ext-a',
      reason: 'ring-timeout',
    });
    assert.deepEqual(kit.ofType('agent.ring-no-answer')[0], {
      agentId: 'a',
      callId: 'c1',
      queue: 'q',
      ringMs: 10_000,
      cause: 'timeout',
    });
    assert.deepEqual(kit.ofType('queue.requeued')[0], {
      callId: 'c1',
      queue: 'q',
      position: 1,
      reason: 'ring-no-answer',
    });
    // A late answer for the expired offer is refused: the call model drops that leg.
    assert.equal(kit.acd.agentAnswered('c1', 'a'), false);
    kit.acd.agents.setReady('b');
    assert.equal(kit.lastOffer()?.callId, 'c1', 'the next agent gets the oldest call');
    assert.equal(kit.acd.agentAnswered('c1', 'b'), true);
    assert.equal(
      kit.ofType('queue.answered')[0]!.waitMs,
      11_000,
      'wait counts from the first entry',
    );
  });

  it('runs the per-queue wrap-up timer and counts the handled call when it ends', () => {
    const kit = acdKit([{ name: 'q', wrapUpSeconds: 30, ...quiet }]);
    kit.agents({ a: {} });
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.acd.agentAnswered('c1', 'a');
    kit.clock.advance(40_000);
    kit.acd.callHeld('c1');
    kit.clock.advance(10_000);
    kit.acd.callResumed('c1');
    kit.clock.advance(10_000);
    kit.acd.callEnded('c1');
    assert.equal(kit.state('a'), 'wrap-up');
    const intoWrapUp = kit.ofType('agent.state-changed').at(-1)!;
    assert.equal(intoWrapUp.wrapUpMs, 30_000, 'the desk can count down');
    assert.equal(kit.acd.agents.get('a')!.wrapUpEndsAt, kit.clock.now() + 30_000);
    kit.clock.advance(29_999);
    assert.equal(kit.state('a'), 'wrap-up');
    kit.clock.advance(1);
    assert.equal(kit.state('a'), 'ready');
    assert.deepEqual(kit.ofType('queue.call-handled'), [
      {
        callId: 'c1',
        queue: 'q',
        agentId: 'a',
        talkMs: 50_000,
        holdMs: 10_000,
        afterCallWorkMs: 30_000,
      },
    ]);
  });

  it('keeps after-call work until the agent ends it when the queue says so', () => {
    const kit = acdKit([{ name: 'q', wrapUpUntilAgentEnds: true, ...quiet }]);
    kit.agents({ a: {} });
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.handle('c1', 'a', 5_000);
    kit.clock.advance(3_600_000);
    assert.equal(kit.state('a'), 'wrap-up');
    kit.acd.agents.setReady('a');
    assert.equal(kit.state('a'), 'ready');
    assert.equal(kit.ofType('queue.call-handled')[0]!.afterCallWorkMs, 3_600_000);
  });

  it('refuses a call over max waiting with the overflow target', () => {
    const kit = acdKit([
      { name: 'q', maxWaiting: 2, overflow: { kind: 'flow', flow: 'busy' }, ...quiet },
    ]);
    assert.equal(kit.acd.enqueue({ callId: 'c1', queue: 'q' }).accepted, true);
    assert.equal(kit.acd.enqueue({ callId: 'c2', queue: 'q' }).accepted, true);
    const refused = kit.acd.enqueue({ callId: 'c3', queue: 'q' });
    assert.equal(refused.accepted, false);
    assert.deepEqual(!refused.accepted && refused.overflow, { kind: 'flow', flow: 'busy' });
    assert.equal(kit.ofType('queue.refused')[0]!.waiting, 2);
    kit.acd.callEnded('c1');
    assert.equal(kit.acd.enqueue({ callId: 'c4', queue: 'q' }).accepted, true);
  });

  it('names the field of a bad enqueue', () => {
    const kit = acdKit([{ name: 'q' }]);
    assert.throws(() => kit.acd.enqueue({ callId: 'c', queue: 'nope' }), /queue: no queue/);
    assert.throws(
      () => kit.acd.enqueue({ callId: 'c', queue: 'q', skills: [{ skill: 'x', minLevel: 7 }] }),
      (e: unknown) => e instanceof HotlineError && e.field === 'skills.0.minLevel',
    );
    assert.throws(() => kit.acd.enqueue({ callId: 'c', queue: 'q', priority: -1 }), /priority/);
  });
});

describe('ACD: escalation, announcements, sticky, devices', () => {
  it('applies escalation steps at their wait times', () => {
    const kit = acdKit([
      {
        name: 'fr',
        skills: [{ skill: 'french', minLevel: 4 }],
        ...quiet,
        escalation: [
          { afterSeconds: 30, relaxSkillsBy: 1 },
          { afterSeconds: 60, addQueue: 'en' },
          { afterSeconds: 90, leaveTo: { kind: 'voicemail' } },
        ],
      },
      { name: 'en', skills: [{ skill: 'english', minLevel: 1 }] },
    ]);
    kit.agents({ fr3: { french: 3 } });
    kit.acd.enqueue({ callId: 'c1', queue: 'fr' });
    kit.clock.advance(29_999);
    assert.equal(kit.offers().length, 0);
    kit.clock.advance(1);
    assert.equal(kit.lastOffer()?.agentId, 'fr3');
    assert.deepEqual(kit.ofType('queue.escalated')[0]!.action, { action: 'relax-skills', by: 1 });
    assert.deepEqual(kit.ofType('queue.routed').at(-1)!.requirements, [
      { skill: 'french', minLevel: 3 },
    ]);
    // A second call: the relaxed agent is busy; at 60 s the English queue's agents join in.
    kit.acd.agentAnswered('c1', 'fr3');
    kit.acd.enqueue({ callId: 'c2', queue: 'fr' });
    kit.acd.agents.login('en1', { extension: 'x-en1', skills: { english: 2 }, ready: true });
    kit.acd.agents.deviceRegistered('x-en1');
    kit.clock.advance(59_999);
    assert.equal(kit.lastOffer()?.callId, 'c1');
    kit.clock.advance(1);
    assert.deepEqual(kit.lastOffer(), {
      type: 'offer',
      callId: 'c2',
      queue: 'fr',
      agentId: 'en1',
      extension: 'x-en1',
      ringTimeoutMs: 20_000,
    });
    // A third call nobody takes leaves at 90 s.
    kit.acd.enqueue({ callId: 'c3', queue: 'fr' });
    kit.clock.advance(90_000);
    assert.deepEqual(kit.commands.at(-1), {
      type: 'leave',
      callId: 'c3',
      queue: 'fr',
      reason: 'escalation',
      to: { kind: 'voicemail' },
    });
    assert.deepEqual(kit.ofType('queue.left').at(-1), {
      callId: 'c3',
      queue: 'fr',
      reason: 'escalation',
      waitMs: 90_000,
      to: { kind: 'voicemail' },
    });
  });

  it('announces position and EWT at join and periodically, EWT from measured handle time', () => {
    const kit = acdKit([
      { name: 'q', expectedHandleSeconds: 120, announcements: { everySeconds: 20 } },
    ]);
    kit.agents({ a: {}, b: {} });
    for (const id of ['w1', 'w2']) kit.acd.enqueue({ callId: id, queue: 'q' });
    kit.acd.agentAnswered('w1', 'a');
    kit.acd.agentAnswered('w2', 'b');
    kit.clock.advance(300_000);
    kit.acd.callEnded('w1');
    kit.acd.callEnded('w2');
    // Both agents measured 300 s; occupy them, then queue two callers.
    for (const id of ['b1', 'b2']) kit.acd.enqueue({ callId: id, queue: 'q' });
    kit.acd.agentAnswered('b1', 'a');
    kit.acd.agentAnswered('b2', 'b');
    const result = kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.acd.enqueue({ callId: 'c2', queue: 'q' });
    // EWT = position × AHT / staffed = 1 × 300 / 2.
    assert.deepEqual(result, { accepted: true, position: 1, ewtSeconds: 150, musicOnHold: null });
    const announced = () => kit.commands.filter((c) => c.type === 'announce');
    assert.deepEqual(announced().at(-1), {
      type: 'announce',
      callId: 'c2',
      queue: 'q',
      position: 2,
      ewtSeconds: 300,
    });
    const before = announced().length;
    kit.clock.advance(20_000);
    assert.equal(announced().length, before + 2, 'each waiting caller hears it again');
  });

  it('holds a call for the last agent within the sticky limit, then routes normally', () => {
    const kit = acdKit([{ name: 'q', stickyWaitSeconds: 15, ...quiet }]);
    kit.agents({ other: {} });
    kit.acd.agents.login('last', { extension: 'ext-last', skills: {} });
    kit.acd.agents.deviceRegistered('ext-last');
    kit.acd.enqueue({ callId: 'c1', queue: 'q', lastAgentId: 'last' });
    assert.equal(kit.offers().length, 0);
    const held = kit.ofType('queue.routed')[0]!;
    assert.deepEqual(held.skipped, [{ agentId: 'other', reason: 'held-for-last-agent' }]);
    kit.clock.advance(15_000);
    assert.equal(kit.lastOffer()?.agentId, 'other');
    kit.handle('c1', 'other', 1_000);
    kit.acd.agents.setReady('last');
    kit.acd.enqueue({ callId: 'c2', queue: 'q', lastAgentId: 'last' });
    assert.equal(kit.lastOffer()?.agentId, 'last');
    assert.match(kit.ofType('queue.routed').at(-1)!.why, /sticky/);
  });

  it('skips ready agents whose device is unregistered and says why', () => {
    const kit = acdKit([{ name: 'q', ...quiet }]);
    kit.agents({ a: {} });
    kit.acd.agents.deviceUnregistered('ext-a');
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    const decision = kit.ofType('queue.routed')[0]!;
    assert.deepEqual(decision.skipped, [{ agentId: 'a', reason: 'device-unregistered' }]);
    assert.deepEqual(decision.picked, []);
    assert.equal(kit.state('a'), 'ready', 'the state is kept');
    kit.acd.agents.deviceRegistered('ext-a');
    assert.equal(kit.lastOffer()?.agentId, 'a');
  });

  it('lets a supervisor force states and logouts, with who', () => {
    const kit = acdKit([{ name: 'q', ...quiet }]);
    kit.agents({ a: {}, b: {} });
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    const ringing = kit.lastOffer()!.agentId;
    kit.acd.agents.forceState(ringing, 'logged-out', 'sup1');
    const other = ringing === 'a' ? 'b' : 'a';
    assert.equal(kit.lastOffer()?.agentId, other, 'the call went to the other agent');
    kit.acd.agentAnswered('c1', other);
    assert.equal(kit.acd.agents.forceState(other, 'not-ready', 'sup1'), 'pending');
    kit.acd.callEnded('c1');
    assert.equal(kit.state(other), 'not-ready');
    const last = kit.ofType('agent.state-changed').at(-1)!;
    assert.equal(last.reasonCode, 'forced');
    const logout = kit.ofType('agent.state-changed').find((e) => e.to === 'logged-out')!;
    assert.equal(logout.by, 'sup1');
  });
});
