import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HotlineError } from '../../platform/index.ts';
import { acdKit } from './acd-test-kit.ts';

const quiet = { announcements: { atJoin: false, everySeconds: 0 } };

describe('Acd.updateQueues: configuration applied live', () => {
  it('keeps waiting calls in their place and applies new skills at once', () => {
    const kit = acdKit([{ name: 'fr', skills: [{ skill: 'french', minLevel: 4 }], ...quiet }]);
    kit.agents({ fr2: { french: 2 } });
    for (const id of ['c1', 'c2', 'c3']) {
      kit.acd.enqueue({ callId: id, queue: 'fr' });
      kit.clock.advance(1_000);
    }
    kit.acd.enqueue({ callId: 'vip', queue: 'fr', priority: 50 });
    assert.equal(kit.offers().length, 0);
    const result = kit.acd.updateQueues([
      { name: 'fr', skills: [{ skill: 'french', minLevel: 2 }], ...quiet, wrapUpSeconds: 10 },
    ]);
    assert.deepEqual(result, { added: [], changed: ['fr'], draining: [], removed: [] });
    // The level-2 agent serves the queue now and takes the first in line.
    assert.equal(kit.lastOffer()?.callId, 'vip');
    const line = [...kit.acd.queue('fr')!.waiting].map((e) => e.callId);
    assert.deepEqual(line, ['c1', 'c2', 'c3'], 'the others kept their order');
    assert.equal(kit.acd.queue('fr')!.staffed, 1);
    assert.deepEqual(
      kit.ofType('queue.configured').map((e) => [e.queue, e.change, e.waiting]),
      [
        ['fr', 'added', 0],
        ['fr', 'changed', 4], // waiting when the change was applied, before routing
      ],
    );
    // New settings apply to what happens next: the wrap-up is 10 s.
    kit.handle('vip', 'fr2', 5_000);
    assert.equal(kit.state('fr2'), 'wrap-up');
    kit.clock.advance(10_000);
    assert.equal(kit.lastOffer()?.callId, 'c1');
  });

  it('adds queues, drains a removed one until its last call is gone, then removes it', () => {
    const kit = acdKit([
      { name: 'old', ...quiet },
      { name: 'keep', ...quiet },
    ]);
    kit.acd.enqueue({ callId: 'c1', queue: 'old' });
    kit.acd.enqueue({ callId: 'c2', queue: 'old' });
    const result = kit.acd.updateQueues([
      { name: 'keep', ...quiet },
      { name: 'new', ...quiet },
    ]);
    assert.deepEqual(result, {
      added: ['new'],
      changed: ['keep'],
      draining: ['old'],
      removed: [],
    });
    assert.throws(
      () => kit.acd.enqueue({ callId: 'c3', queue: 'old' }),
      (e: unknown) =>
        e instanceof HotlineError && e.field === 'queue' && /takes no new calls/.test(e.message),
    );
    kit.agents({ a: {} });
    assert.equal(kit.lastOffer()?.callId, 'c1', 'its agents still serve it');
    kit.handle('c1', 'a', 1_000);
    assert.equal(kit.lastOffer()?.callId, 'c2');
    assert.ok(kit.acd.queue('old'));
    kit.handle('c2', 'a', 1_000);
    assert.equal(kit.acd.queue('old'), undefined, 'gone with its last call');
    assert.equal(kit.ofType('queue.call-handled').length, 2, 'both counted in the old queue');
    assert.deepEqual(
      kit
        .ofType('queue.configured')
        .filter((e) => e.queue === 'old')
        .map((e) => e.change),
      ['added', 'closed', 'removed'],
    );
  });

  it('moves a removed queue’s calls to another, each at the place its wait gives it', () => {
    const kit = acdKit([
      { name: 'old', ...quiet },
      { name: 'main', ...quiet },
    ]);
    kit.acd.enqueue({ callId: 'm1', queue: 'main' });
    kit.clock.advance(1_000);
    kit.acd.enqueue({ callId: 'o1', queue: 'old' });
    kit.clock.advance(1_000);
    kit.acd.enqueue({ callId: 'm2', queue: 'main' });
    kit.acd.updateQueues([{ name: 'main', ...quiet }], { moveRemovedTo: { old: 'main' } });
    assert.equal(kit.acd.queue('old'), undefined);
    const line = [...kit.acd.queue('main')!.waiting].map((e) => e.callId);
    assert.deepEqual(line, ['m1', 'o1', 'm2']);
    assert.deepEqual(kit.ofType('queue.left').at(-1), {
      callId: 'o1',
      queue: 'old',
      reason: 'moved',
      waitMs: 1_000,
      movedTo: 'main',
    });
    assert.equal(kit.ofType('queue.joined').at(-1)!.movedFrom, 'old');
    kit.agents({ a: {} });
    kit.handle('m1', 'a', 1_000);
    kit.acd.agentAnswered('o1', 'a');
    assert.equal(kit.ofType('queue.answered').at(-1)!.waitMs, 2_000, 'wait from the first entry');
  });

  it('changes nothing when the set is invalid, and names the field', () => {
    const kit = acdKit([{ name: 'q', ...quiet }]);
    const attempt = (docs: unknown, options = {}) => {
      try {
        kit.acd.updateQueues(docs, options);
      } catch (e) {
        if (e instanceof HotlineError) return e.field;
        throw e;
      }
      assert.fail('expected a refusal');
    };
    assert.equal(attempt([{ name: 'q' }, { name: 'r', strategy: 'nope' }]), 'queues.1.strategy');
    assert.equal(attempt([{ name: 'q', ringTimeoutSeconds: 1 }]), 'queues.0.ringTimeoutSeconds');
    assert.equal(attempt([{ name: 'r' }], { moveRemovedTo: { q: 'missing' } }), 'moveRemovedTo.q');
    assert.deepEqual(
      [...kit.acd.queues()].map((q) => q.name),
      ['q'],
    );
    assert.equal(kit.ofType('queue.configured').length, 1);
  });
});

describe('agents.setSkills: skills changed without a new login', () => {
  it('records the change, follows with the queues served and keeps the idle place', () => {
    const kit = acdKit([
      { name: 'en', skills: [{ skill: 'english' }], ...quiet },
      { name: 'fr', skills: [{ skill: 'french', minLevel: 3 }], ...quiet },
    ]);
    kit.agents({ a: { english: 2 } });
    kit.clock.advance(1_000);
    kit.agents({ b: { english: 2 } });
    kit.acd.enqueue({ callId: 'f1', queue: 'fr' });
    assert.equal(kit.offers().length, 0);
    kit.clock.advance(1_000);
    kit.acd.agents.setSkills('b', { english: 2, french: 4 }, 'sup1');
    assert.deepEqual(kit.ofType('agent.skills-changed'), [
      {
        agentId: 'b',
        skills: { english: 2, french: 4 },
        previous: { english: 2 },
        by: 'sup1',
      },
    ]);
    assert.equal(kit.lastOffer()?.agentId, 'b', 'the new skill opened the waiting call');
    assert.equal(kit.acd.queue('fr')!.staffed, 1);
    // a changes skills while ready: still the longest idle for English.
    kit.acd.agents.setSkills('a', { english: 3 });
    kit.acd.enqueue({ callId: 'e1', queue: 'en' });
    assert.equal(kit.lastOffer()?.agentId, 'a');
    assert.deepEqual(
      kit.acd.memberOf.get(kit.acd.agents.get('b')!)!.map((q) => q.name),
      ['en', 'fr'],
    );
  });

  it('refuses bad skills with the field named and changes nothing', () => {
    const kit = acdKit([{ name: 'q', ...quiet }]);
    kit.agents({ a: { english: 2 } });
    assert.throws(
      () => kit.acd.agents.setSkills('a', { english: 9 }),
      (e: unknown) => e instanceof HotlineError && e.field === 'skills.english',
    );
    assert.throws(
      () => kit.acd.agents.setSkills('nobody', {}),
      (e: unknown) => e instanceof HotlineError && e.field === 'agentId',
    );
    assert.equal(kit.acd.agents.get('a')!.skillLevel('english'), 2);
    assert.equal(kit.ofType('agent.skills-changed').length, 0);
  });
});
