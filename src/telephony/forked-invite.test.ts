// Walks every (state, event) pair of a forked INVITE's state table: the legal moves, written out again as the spec, and every other pair refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StateMachine } from '../platform/index.ts';
import { forkEvents, forkStates, forkTransitions } from './forked-invite.ts';

const legal = [
  'calling ring ringing',
  'calling answer answered',
  'calling decline declined',
  'calling cancel cancelling',
  'calling fail failed',
  'calling next-group calling',
  'ringing answer answered',
  'ringing decline declined',
  'ringing cancel cancelling',
  'ringing fail failed',
  'ringing next-group ringing',
  'declined fail failed',
  'cancelling fail failed',
];

describe('forkTransitions', () => {
  it('allows exactly the listed moves and refuses every other pair', () => {
    const expected = new Set(legal);
    for (const from of forkStates) {
      for (const event of forkEvents) {
        const machine = new StateMachine(forkTransitions, from);
        const to = machine.transition(event);
        if (to === undefined) {
          assert.equal(machine.state, from);
          assert.ok(
            legal.every((move) => !move.startsWith(`${from} ${event} `)),
            `${from} ${event} is refused`,
          );
        } else {
          assert.ok(expected.delete(`${from} ${event} ${to}`), `${from} ${event} ${to} is listed`);
        }
      }
    }
    assert.deepEqual([...expected], [], 'every listed move is in the table');
  });
});
