import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acdKit } from './acd-test-kit.ts';

const quiet = { announcements: { atJoin: false, everySeconds: 0 } };

describe('ring-all: who is parked', () => {
  const ringAll = (noAnswer?: 'release' | 'park') =>
    acdKit([
      {
        name: 'q',
        strategy: 'ring-all',
        ringTimeoutSeconds: 10,
        ...quiet,
        ...(noAnswer ? { ringAll: { noAnswer } } : {}),
      },
    ]);

  it('releases the agents who were only rung alongside the one who answered', () => {
    const kit = ringAll();
    kit.agents({ a: {}, b: {}, c: {} });
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    assert.equal(kit.offers().length, 3);
    kit.clock.advance(4_000);
    assert.equal(kit.acd.agentAnswered('c1', 'b'), true);
    assert.equal(kit.state('a'), 'ready');
    assert.equal(kit.state('c'), 'ready');
    assert.deepEqual(kit.ofType('agent.ring-no-answer'), []);
  });

  it('by default releases the whole group on a ring-out and rings the call again', () => {
    const kit = ringAll();
    kit.agents({ a: {}, b: {} });
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.clock.advance(10_000);
    assert.deepEqual(kit.ofType('agent.ring-no-answer'), [], 'nobody is counted');
    for (const id of ['a', 'b']) assert.equal(kit.state(id), 'reserved', `${id} rings again`);
    const released = kit.ofType('agent.state-changed').filter((e) => e.event === 'release');
    assert.deepEqual(
      released.map((e) => [e.agentId, e.cause]),
      [
        ['a', 'ring-all-no-answer'],
        ['b', 'ring-all-no-answer'],
      ],
    );
    assert.equal(kit.ofType('queue.requeued')[0]!.reason, 'ring-no-answer');
    assert.equal(kit.offers().length, 4, 'two rounds of two offers');
    assert.deepEqual(
      kit.offers('cancel-offer').map((c) => c.type === 'cancel-offer' && c.reason),
      ['ring-timeout', 'ring-timeout'],
    );
  });

  it('parks each agent with one ring-no-answer when the queue says park', () => {
    const kit = ringAll('park');
    kit.agents({ a: {}, b: {} });
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.clock.advance(10_000);
    assert.deepEqual(
      kit.ofType('agent.ring-no-answer').map((e) => e.agentId),
      ['a', 'b'],
    );
    for (const id of ['a', 'b']) {
      assert.equal(kit.state(id), 'not-ready');
      assert.equal(kit.acd.agents.get(id)!.reasonCode, 'no-answer');
    }
    assert.equal(kit.acd.queue('q')!.waiting.size, 1, 'the call waits at its place');
  });

  it('parks an agent whose phone is busy, while the others keep ringing', () => {
    const kit = ringAll();
    kit.agents({ a: {}, b: {} });
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.acd.agentNoAnswer('c1', 'a', 'busy');
    assert.equal(kit.state('a'), 'not-ready');
    assert.equal(kit.state('b'), 'reserved');
    assert.equal(kit.ofType('agent.ring-no-answer')[0]!.cause, 'busy');
  });
});

describe('forced logout during a call', () => {
  it('counts the handled call at the logout (talk and hold until then)', () => {
    const kit = acdKit([{ name: 'q', wrapUpSeconds: 30, ...quiet }]);
    kit.agents({ a: {} });
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.acd.agentAnswered('c1', 'a');
    kit.clock.advance(40_000);
    kit.acd.callHeld('c1');
    kit.clock.advance(5_000);
    kit.acd.agents.forceState('a', 'logged-out', 'sup1');
    assert.deepEqual(kit.ofType('queue.call-handled'), [
      {
        callId: 'c1',
        queue: 'q',
        agentId: 'a',
        talkMs: 40_000,
        holdMs: 5_000,
        afterCallWorkMs: 0,
        cause: 'agent-logged-out',
      },
    ]);
    assert.equal(kit.state('a'), 'logged-out');
    // The caller hanging up later changes nothing for the agent, and is not counted twice.
    kit.acd.callEnded('c1');
    assert.equal(kit.ofType('queue.call-handled').length, 1);
    assert.equal(kit.acd.queue('q')!.handleTime.samples, 1);
  });

  it('puts a callback whose customer leg was ringing back in line, the attempt kept', () => {
    const kit = acdKit([{ name: 'q', ...quiet }]);
    kit.agents({ a: {}, b: {} });
    kit.acd.agents.setNotReady('b', 'break');
    kit.acd.agents.setNotReady('a', 'break');
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.acd.callbacks.request('c1', '+8613800138000');
    kit.acd.agents.setReady('a');
    kit.acd.callbacks.progress('c1', 'agent-answered');
    kit.acd.agents.forceState('a', 'logged-out', 'sup1');
    assert.equal(kit.commands.at(-1)?.type, 'cancel-offer');
    assert.equal(kit.ofType('queue.call-handled').length, 0, 'nobody talked to the customer');
    kit.acd.agents.setReady('b');
    const next = kit.commands.at(-1);
    assert.equal(next?.type === 'callback' && [next.agentId, next.attempt].join(), 'b,1');
  });
});

describe('callback expiry', () => {
  it('gives up a callback still waiting when its place runs out', () => {
    const kit = acdKit([{ name: 'q', ...quiet, callback: { expirySeconds: 3_600 } }]);
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.acd.callbacks.request('c1', '+8613800138000');
    kit.clock.advance(3_599_999);
    assert.ok(kit.acd.entries.has('c1'));
    kit.clock.advance(1);
    assert.ok(!kit.acd.entries.has('c1'));
    assert.deepEqual(kit.ofType('queue.callback-result'), [
      { callId: 'c1', queue: 'q', attempt: 0, outcome: 'expired', final: true },
    ]);
    // An agent coming in later is not offered the expired callback.
    kit.agents({ a: {} });
    assert.equal(kit.commands.filter((c) => c.type === 'callback').length, 0);
  });

  it('makes no further attempt after the expiry, even with attempts left', () => {
    const kit = acdKit([
      {
        name: 'q',
        ...quiet,
        callback: { maxAttempts: 5, retryIntervalSeconds: 600, expirySeconds: 900 },
      },
    ]);
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.acd.callbacks.request('c1', '+8613800138000');
    kit.clock.advance(400_000);
    kit.agents({ a: {} });
    kit.acd.callbacks.progress('c1', 'agent-answered');
    kit.acd.callbacks.progress('c1', 'customer-no-answer');
    // The next try would be at 1,000 s, past the 900 s expiry: this was the last one.
    assert.deepEqual(
      kit.ofType('queue.callback-result').map((r) => [r.outcome, r.final]),
      [['customer-no-answer', true]],
    );
    assert.ok(!kit.acd.entries.has('c1'));
    assert.equal(kit.state('a'), 'ready');
  });

  it('is validated with the field named', () => {
    assert.throws(
      () => acdKit([{ name: 'q', callback: { expirySeconds: 10 } }]),
      /callback.expirySeconds/,
    );
  });
});

describe('staffing for EWT', () => {
  it('counts only agents whose device is registered', () => {
    const kit = acdKit([{ name: 'q', expectedHandleSeconds: 100 }]);
    kit.agents({ a: {}, b: {} });
    const queue = kit.acd.queue('q')!;
    assert.equal(queue.staffed, 2);
    kit.acd.agents.deviceUnregistered('ext-b');
    assert.equal(queue.staffed, 1);
    const result = kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.acd.enqueue({ callId: 'c2', queue: 'q' });
    assert.equal(result.accepted && result.ewtSeconds, 0, 'c1 rings a');
    const waiting = kit.acd.enqueue({ callId: 'c3', queue: 'q' });
    // c2 and c3 wait for a alone (b's phone is gone): EWT = 2 × 100 s / 1.
    assert.equal(waiting.accepted && waiting.ewtSeconds, 200);
    kit.acd.agents.deviceRegistered('ext-b');
    assert.equal(queue.staffed, 2);
  });
});

describe('announcements', () => {
  it('logs each announcement as an event, with the staffing it was computed from', () => {
    const kit = acdKit([
      { name: 'q', expectedHandleSeconds: 60, announcements: { everySeconds: 30 } },
    ]);
    kit.agents({ a: {} });
    kit.acd.enqueue({ callId: 'busy', queue: 'q' });
    kit.acd.agentAnswered('busy', 'a');
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.clock.advance(30_000);
    assert.deepEqual(kit.ofType('queue.announced'), [
      { callId: 'c1', queue: 'q', position: 1, ewtSeconds: 60, staffed: 1 },
      { callId: 'c1', queue: 'q', position: 1, ewtSeconds: 60, staffed: 1 },
    ]);
    assert.equal(kit.offers('announce').length, 2, 'one command per event');
  });
});
