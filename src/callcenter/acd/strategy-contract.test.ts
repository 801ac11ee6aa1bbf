// The one contract every routing strategy passes, run through the real ACD: fairness over many
// offers, skills respected, caller priority respected, no double reservation under concurrent
// offers, and every decision an event naming the eligible agents and the pick.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AcdCommand } from './acd-commands.ts';
import { acdKit } from './acd-test-kit.ts';
import { builtInStrategies, seededRandom } from './strategies/index.ts';

type Offer = Extract<AcdCommand, { type: 'offer' }>;

for (const strategy of Object.keys(builtInStrategies)) {
  describe(`routing strategy contract: ${strategy}`, () => {
    const setup = (queue: Record<string, unknown> = {}) =>
      acdKit([{ name: 'sales', strategy, announcements: { atJoin: false }, ...queue }], {
        random: seededRandom(42),
      });

    it('is fair over many offers among equal agents', () => {
      const kit = setup({ skills: [{ skill: 'sales' }] });
      const ids = ['a1', 'a2', 'a3', 'a4', 'a5'];
      kit.agents(Object.fromEntries(ids.map((id) => [id, { sales: 3 }])));
      const answered = new Map(ids.map((id) => [id, 0]));
      const talk = seededRandom(7);
      for (let i = 0; i < 500; i++) {
        const before = kit.commands.length;
        kit.acd.enqueue({ callId: `c${i}`, queue: 'sales' });
        const offers = kit.commands.slice(before).filter((c): c is Offer => c.type === 'offer');
        assert.ok(offers.length >= 1, `call ${i} was offered`);
        // With ring-all everyone rings; who answers first varies, here in turn.
        const winner = offers[i % offers.length]!.agentId;
        kit.handle(`c${i}`, winner, 30_000 + Math.floor(talk() * 60_000));
        answered.set(winner, answered.get(winner)! + 1);
        kit.clock.advance(1_000);
      }
      for (const [id, n] of answered)
        assert.ok(n >= 60 && n <= 140, `${id} answered ${n} of 500 calls (fair share 100)`);
      for (const id of ids) assert.equal(kit.state(id), 'ready');
    });

    it('offers only to agents with the required skills at their minimum levels', () => {
      const kit = setup({ skills: [{ skill: 'french', minLevel: 3 }] });
      kit.agents({
        strong: { french: 5 },
        weak: { french: 2 },
        none: { english: 5 },
        exact: { french: 3, vip: 1 },
      });
      for (let i = 0; i < 40; i++) {
        kit.acd.enqueue({ callId: `c${i}`, queue: 'sales' });
        const offered = kit.offers().filter((c) => c.callId === `c${i}`) as Offer[];
        for (const o of offered) assert.ok(['strong', 'exact'].includes(o.agentId), o.agentId);
        kit.handle(`c${i}`, offered[0]!.agentId, 10_000);
      }
      // The call's own requirement narrows it further.
      kit.acd.enqueue({ callId: 'vip', queue: 'sales', skills: [{ skill: 'vip', minLevel: 1 }] });
      const vipOffers = kit.offers().filter((c) => c.callId === 'vip') as Offer[];
      assert.deepEqual(
        vipOffers.map((o) => o.agentId),
        ['exact'],
      );
      const decision = kit.ofType('queue.routed').at(-1)!;
      assert.deepEqual(decision.eligible, ['exact']);
      assert.deepEqual(decision.picked, ['exact']);
      assert.equal(decision.strategy, strategy);
      assert.ok(decision.why.length > 0);
    });

    it('serves higher caller priority first', () => {
      const kit = setup();
      kit.acd.agents.deviceRegistered('ext-x');
      kit.acd.agents.login('x', { extension: 'ext-x', skills: {} });
      kit.acd.enqueue({ callId: 'low1', queue: 'sales', priority: 0 });
      kit.clock.advance(5_000);
      kit.acd.enqueue({ callId: 'high', queue: 'sales', priority: 50 });
      kit.acd.enqueue({ callId: 'low2', queue: 'sales', priority: 0 });
      kit.acd.agents.setReady('x');
      assert.equal(kit.lastOffer()?.callId, 'high');
      kit.handle('high', 'x', 5_000);
      assert.equal(kit.lastOffer()?.callId, 'low1');
    });

    it('never reserves an agent twice under concurrent offers', () => {
      const kit = setup();
      const ids = Array.from({ length: 10 }, (_, i) => `a${i}`);
      kit.agents(Object.fromEntries(ids.map((id) => [id, {}])));
      for (let i = 0; i < 30; i++) kit.acd.enqueue({ callId: `c${i}`, queue: 'sales' });
      const ringing = new Map<string, string>();
      for (const o of kit.offers() as Offer[]) {
        assert.ok(
          !ringing.has(o.agentId),
          `${o.agentId} offered ${o.callId} while ringing for ${ringing.get(o.agentId)}`,
        );
        ringing.set(o.agentId, o.callId);
      }
      const calls = new Set(ringing.values());
      assert.equal(ringing.size, 10, 'every ready agent rings');
      assert.equal(calls.size, strategy === 'ring-all' ? 1 : 10);
      for (const id of ids) assert.equal(kit.state(id), 'reserved');
      // Answers free the others (ring-all) and each freed agent takes exactly one next call.
      for (const callId of calls) {
        const agentId = [...ringing].find(([, c]) => c === callId)![0];
        assert.equal(kit.acd.agentAnswered(callId, agentId), true);
      }
      const pending = new Map<string, string>();
      for (const o of (kit.offers() as Offer[]).slice(10)) {
        assert.ok(!pending.has(o.agentId), `${o.agentId} offered twice`);
        pending.set(o.agentId, o.callId);
      }
      assert.equal(kit.acd.agentAnswered('c0', 'a9') && kit.acd.agentAnswered('c0', 'a9'), false);
    });
  });
}
