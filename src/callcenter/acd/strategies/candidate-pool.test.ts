import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Agent } from '../../agents/index.ts';
import { acdKit } from '../acd-test-kit.ts';
import { entryProfiles, meetsAny, type QueueEntry } from '../queue-runtime.ts';
import { ArrayPool } from './candidate-pool.ts';
import { seededRandom } from './random.ts';

const ids = (agents: readonly { agent?: Agent; id?: string }[]) =>
  agents.map((a) => ('agent' in a && a.agent ? a.agent.id : (a as Agent).id));

/**
 * The index answers every pool question exactly as a plain list of the eligible agents does
 * (found by checking every agent), through a long random run of logins, state and device
 * changes, skill changes and calls: the oracle for lazy removal, level buckets, queue lists and
 * the round-robin cursor.
 */
describe('IndexPool against the listed eligible agents', () => {
  it('gives the same size, orders, turns, best matches and lists after every change', () => {
    const skills = ['a', 'b', 'c', 'd'];
    const queues = [
      { name: 'none', announcements: { atJoin: false, everySeconds: 0 } },
      { name: 'a1', skills: [{ skill: 'a' }] },
      { name: 'b3', skills: [{ skill: 'b', minLevel: 3 }] },
      { name: 'ab', skills: [{ skill: 'a', minLevel: 2 }, { skill: 'b' }] },
      { name: 'bcd', skills: [{ skill: 'b' }, { skill: 'c', minLevel: 2 }, { skill: 'd' }] },
    ];
    const kit = acdKit(queues);
    const { acd, clock } = kit;
    const random = seededRandom(11);
    const randomSkills = () => {
      const own: Record<string, number> = {};
      for (const s of skills) if (random() < 0.6) own[s] = 1 + Math.floor(random() * 5);
      return own;
    };
    const agents: string[] = [];
    for (let i = 0; i < 60; i++) {
      const id = `g${i}`;
      agents.push(id);
      if (random() < 0.8) acd.agents.deviceRegistered(`x${i}`);
      acd.agents.login(id, { extension: `x${i}`, skills: randomSkills() });
    }
    // Plain calls, a call with its own skill, a relaxed one: the profiles routing asks about.
    const probe = (queue: string, n: number, extra: Partial<QueueEntry> = {}): QueueEntry => {
      const entry = {
        callId: `probe-${queue}-${n}`,
        queue: acd.queue(queue)!,
        skills: [],
        relaxBy: 0,
        extraQueues: [],
        profiles: [],
        ...extra,
      } as unknown as QueueEntry;
      entry.profiles = entryProfiles(entry);
      return entry;
    };
    const probes = [
      ...queues.map((q) => probe(q.name, 0)),
      probe('a1', 1, { skills: [{ skill: 'c', minLevel: 3 }] }),
      probe('b3', 2, { relaxBy: 2 }),
      probe('ab', 3, { relaxBy: 1 }),
    ];
    let compared = 0;
    const check = (step: number) => {
      for (const entry of probes) {
        const pool = acd.router.pool(entry);
        const eligible = [...acd.registry.all()].filter(
          (a) => acd.registry.isRoutable(a) && meetsAny(a, entry.profiles),
        );
        const oracle = new ArrayPool(eligible, entry.profiles[0]);
        const at = `step ${step}, ${entry.callId}`;
        assert.equal(pool.size, oracle.size, `${at}: size`);
        if (oracle.size === 0) continue;
        for (const order of ['idle', 'calls', 'talk'] as const)
          assert.deepEqual(
            ids(pool.first(order, 4)),
            ids(oracle.first(order, 4)),
            `${at} ${order}`,
          );
        const cursor = Math.floor(random() * 70);
        assert.deepEqual(
          ids(pool.nextInTurn(cursor, 4)),
          ids(oracle.nextInTurn(cursor, 4)),
          `${at}: turn after ${cursor}`,
        );
        assert.deepEqual(
          pool.bestMatch(4).map((b) => [b.agent.id, b.score]),
          oracle.bestMatch(4).map((b) => [b.agent.id, b.score]),
          `${at}: best match`,
        );
        assert.deepEqual(ids(pool.all()), ids(oracle.all()), `${at}: all`);
        assert.ok(eligible.includes(pool.sample(random)), `${at}: sample is eligible`);
        compared++;
      }
    };
    let calls = 0;
    for (let step = 0; step < 1_500; step++) {
      clock.advance(1 + Math.floor(random() * 3_000));
      const id = agents[Math.floor(random() * agents.length)]!;
      const agent = acd.agents.get(id)!;
      const r = random();
      if (agent.state === 'logged-out') {
        acd.agents.login(id, { extension: agent.extension, skills: randomSkills() });
      } else if (r < 0.3) {
        if (agent.state === 'ready') acd.agents.setNotReady(id, 'break');
        else if (agent.state === 'not-ready') acd.agents.setReady(id);
      } else if (r < 0.4) {
        const registered = acd.registry.isRegistered(agent.extension);
        if (registered) acd.agents.deviceUnregistered(agent.extension);
        else acd.agents.deviceRegistered(agent.extension);
      } else if (r < 0.5) {
        acd.agents.setSkills(id, randomSkills());
      } else if (r < 0.55 && agent.state !== 'on-call' && agent.state !== 'held') {
        acd.agents.logout(id);
      } else if (r < 0.8) {
        // A call through a queue: answered by whoever rings, talked a random time.
        const queue = queues[Math.floor(random() * queues.length)]!.name;
        const callId = `c${++calls}`;
        acd.enqueue({ callId, queue });
        const offer = kit.commands.at(-1);
        if (offer?.type === 'offer' && offer.callId === callId) {
          acd.agentAnswered(callId, offer.agentId);
          clock.advance(Math.floor(random() * 200_000));
          acd.callEnded(callId);
        } else acd.callEnded(callId);
      }
      check(step);
    }
    assert.ok(compared > 3_000, `compared ${compared} pools`);
  });
});
