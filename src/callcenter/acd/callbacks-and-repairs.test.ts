import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acdKit } from './acd-test-kit.ts';
import { seededRandom } from './strategies/index.ts';

const quiet = { announcements: { atJoin: false, everySeconds: 0 } };

describe('callbacks', () => {
  it("keeps the caller's place, calls back agent first, retries a customer who does not answer", () => {
    const kit = acdKit([
      { name: 'q', ...quiet, callback: { maxAttempts: 2, retryIntervalSeconds: 60 } },
    ]);
    kit.acd.agents.deviceRegistered('ext-a');
    kit.acd.agents.login('a', { extension: 'ext-a', skills: {} });
    kit.acd.enqueue({ callId: 'c1', queue: 'q' });
    kit.clock.advance(1_000);
    kit.acd.enqueue({ callId: 'c2', queue: 'q' });
    kit.acd.callbacks.request('c1', '+8613800138000');
    kit.acd.callEnded('c1'); // the caller hangs up; the place stays
    assert.deepEqual(kit.ofType('queue.left')[0], {
      callId: 'c1',
      queue: 'q',
      reason: 'callback',
      waitMs: 1_000,
      to: { kind: 'callback' },
    });
    kit.acd.agents.setReady('a');
    assert.deepEqual(kit.commands.at(-1), {
      type: 'callback',
      callId: 'c1',
      queue: 'q',
      agentId: 'a',
      extension: 'ext-a',
      number: '+8613800138000',
      attempt: 1,
      agentRingTimeoutMs: 20_000,
      customerRingTimeoutMs: 30_000,
    });
    kit.acd.callbacks.progress('c1', 'agent-answered');
    assert.equal(kit.state('a'), 'on-call');
    kit.acd.callbacks.progress('c1', 'customer-no-answer');
    // The agent is free again and takes c2 meanwhile; the callback retries after 60 s.
    assert.equal(kit.lastOffer()?.callId, 'c2');
    kit.handle('c2', 'a', 10_000);
    kit.clock.advance(50_000);
    assert.equal(kit.commands.at(-1)?.type, 'callback');
    kit.acd.callbacks.progress('c1', 'agent-answered');
    kit.acd.callbacks.progress('c1', 'customer-answered');
    kit.clock.advance(30_000);
    kit.acd.callEnded('c1');
    assert.deepEqual(
      kit.ofType('queue.callback-result').map((r) => [r.attempt, r.outcome, r.final]),
      [
        [1, 'customer-no-answer', false],
        [2, 'connected', true],
      ],
    );
    assert.equal(kit.ofType('queue.call-handled').at(-1)!.talkMs, 30_000);
    assert.equal(kit.state('a'), 'ready');
  });
});

describe('reconciler', () => {
  it('repairs impossible agent states against the legs and devices that exist', () => {
    const legs = new Map<string, string[]>();
    const registered = new Set(['ext-a', 'ext-b', 'ext-c', 'ext-d']);
    const view = {
      liveCallsOf: (agentId: string) => legs.get(agentId) ?? [],
      isRegistered: (ext: string) => registered.has(ext),
    };
    const kit = acdKit([{ name: 'q', ...quiet, wrapUpSeconds: 10, ringTimeoutSeconds: 60 }], {
      reconcile: { view, everyMs: 30_000, graceMs: 5_000 },
    });
    kit.agents({ a: {}, b: {}, c: {}, d: {} });
    kit.acd.enqueue({ callId: 'talk', queue: 'q' });
    kit.acd.enqueue({ callId: 'ring', queue: 'q' });
    kit.acd.agentAnswered('talk', 'a'); // a talks, but its hang-up will be lost
    legs.set('b', ['ring']); // b rings for 'ring'
    legs.set('c', ['private']); // c is ready but on a call nobody offered
    registered.delete('ext-d'); // d's phone is gone
    kit.clock.advance(15_000);
    legs.set('b', []); // the ringing leg vanished without a report
    kit.clock.advance(15_000); // reconciler at 30 s
    const repairs = kit.ofType('agent.repaired').map((r) => [r.agentId, r.problem, r.from, r.to]);
    assert.deepEqual(repairs, [
      ['a', 'on-call-without-leg', 'on-call', 'wrap-up'],
      ['b', 'reserved-without-leg', 'reserved', 'ready'],
      ['c', 'ready-with-live-leg', 'ready', 'on-call'],
      ['d', 'device-unregistered', 'ready', 'ready'],
    ]);
    // The vanished offer's call is back in line and offered again (to b, the only one free).
    assert.equal(kit.lastOffer()?.callId, 'ring');
    kit.clock.advance(10_000);
    assert.equal(kit.state('a'), 'ready', 'after-call work ran its course');
  });
});

describe('METRICS.md accounting', () => {
  it('waiting at start + offered = answered + abandoned + other exits + waiting at end', () => {
    const kit = acdKit([
      { name: 'q', maxWaitSeconds: 120, ringTimeoutSeconds: 10, wrapUpSeconds: 5, ...quiet },
    ]);
    const random = seededRandom(3);
    kit.agents({ a: {}, b: {}, c: {} });
    let n = 0;
    const counted = () => ({
      offered: kit.ofType('queue.joined').length,
      answered: kit.ofType('queue.answered').length,
      left: kit.ofType('queue.left').length,
    });
    for (let step = 0; step < 2_000; step++) {
      const r = random();
      if (r < 0.3) kit.acd.enqueue({ callId: `c${++n}`, queue: 'q' });
      else if (r < 0.5) {
        const offer = [...kit.acd.entries.values()].find((e) => e.offers.size > 0);
        const agentId = offer?.offers.keys().next().value;
        if (offer && agentId) kit.acd.agentAnswered(offer.callId, agentId);
      } else if (r < 0.6) {
        const waiting = [...kit.acd.entries.keys()][0];
        if (waiting) kit.acd.callEnded(waiting);
      } else if (r < 0.8) {
        const talking = [...kit.acd.connected.keys()][0];
        if (talking) kit.acd.callEnded(talking);
      } else {
        for (const id of ['a', 'b', 'c'])
          if (kit.state(id) === 'not-ready') kit.acd.agents.setReady(id);
      }
      kit.clock.advance(Math.floor(random() * 8_000));
    }
    const { offered, answered, left } = counted();
    assert.ok(offered > 400 && answered > 100 && left > 10);
    assert.equal(0 + offered, answered + left + kit.acd.entries.size);
  });
});
