import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock, HotlineError, StateMachine } from '../../platform/index.ts';
import { AgentRegistry } from './agent-registry.ts';
import { agentStates, agentTransitionEvents, agentTransitions } from './agent-state.ts';

describe('agent state machine', () => {
  it('accepts exactly the moves of the table, from every state, for every event', () => {
    let legal = 0;
    for (const from of agentStates) {
      for (const event of agentTransitionEvents) {
        const machine = new StateMachine(agentTransitions, from);
        const expected = agentTransitions[from][event];
        assert.equal(machine.transition(event), expected, `${from} --${event}-->`);
        assert.equal(machine.state, expected ?? from);
        if (expected) legal++;
      }
    }
    assert.equal(legal, 25);
  });

  it('records every move with the time spent in the previous state and the reason', () => {
    const clock = new FakeClock();
    const events: { type: string; payload: Record<string, unknown> }[] = [];
    const registry = new AgentRegistry({
      clock,
      record: (type, _s, payload) => events.push({ type, payload: { ...payload } }),
    });
    const agent = registry.login('ann', { extension: '1001', skills: { sales: 3 } });
    clock.advance(5_000);
    registry.move(agent, 'ready');
    clock.advance(12_000);
    registry.move(agent, 'not-ready', { reasonCode: 'lunch' });
    const changes = events.filter((e) => e.type === 'agent.state-changed').map((e) => e.payload);
    assert.deepEqual(changes[0], {
      agentId: 'ann',
      from: 'logged-out',
      to: 'not-ready',
      event: 'login',
      previousStateMs: 0,
      reasonCode: 'login',
      extension: '1001',
    });
    assert.equal(changes[1]!.previousStateMs, 5_000);
    assert.deepEqual(
      [changes[2]!.to, changes[2]!.reasonCode, changes[2]!.previousStateMs],
      ['not-ready', 'lunch', 12_000],
    );
    // An illegal move is a conflict naming the state, and changes nothing.
    assert.throws(
      () => registry.move(agent, 'answer'),
      (e: unknown) =>
        e instanceof HotlineError && e.code === 'conflict' && /not-ready/.test(e.message),
    );
    assert.equal(agent.state, 'not-ready');
  });

  it('refuses bad logins with the field named', () => {
    const registry = new AgentRegistry({ clock: new FakeClock(), record: () => undefined });
    assert.throws(
      () => registry.login('a', { extension: '1', skills: { sales: 6 } }),
      /skills\.sales/,
    );
    assert.throws(() => registry.login('', { extension: '1', skills: {} }), /agentId/);
    registry.login('a', { extension: '1', skills: {} });
    assert.throws(
      () => registry.login('b', { extension: '1', skills: {} }),
      /extension: 1 is in use/,
    );
  });
});
