// Walks every (state, event) pair of each state table here: the legal moves, written out again as the spec, and every other pair refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dialogEvents, dialogStates, dialogTransitions } from './dialog-state.ts';
import {
  offerAnswerPhaseEvents,
  offerAnswerPhaseTransitions,
  offerAnswerPhases,
} from './offer-answer-phase.ts';
import {
  referSubscriptionEvents,
  referSubscriptionStates,
  referSubscriptionTransitions,
} from './refer-subscription.ts';
import {
  sessionEvents,
  sessionStates,
  uacSessionTransitions,
  uasSessionTransitions,
} from './session-state.ts';
import {
  sessionTimerEvents,
  sessionTimerStates,
  sessionTimerTransitions,
} from './session-timer.ts';
import { StateMachine, type TransitionTable } from '../../../platform/index.ts';

function walk<S extends string, E extends string>(
  table: TransitionTable<S, E>,
  states: readonly S[],
  events: readonly E[],
  legal: readonly string[],
): void {
  const expected = new Set(legal);
  assert.equal(expected.size, legal.length, 'the spec lists each move once');
  let refused = 0;
  for (const from of states) {
    for (const event of events) {
      const seen: string[] = [];
      const machine = new StateMachine(table, from, (f, e, t) => seen.push(`${f} ${e} ${t}`));
      const to = machine.transition(event);
      if (to === undefined) {
        refused++;
        assert.equal(machine.state, from);
        assert.equal(machine.lastEvent, undefined);
        assert.equal(machine.can(event), false);
        assert.deepEqual(seen, []);
        for (const move of expected)
          assert.ok(!move.startsWith(`${from} ${event} `), `${move} is refused`);
      } else {
        const move = `${from} ${event} ${to}`;
        assert.ok(expected.delete(move), `the table allows ${move}, which the spec does not list`);
        assert.equal(machine.state, to);
        assert.equal(machine.lastEvent, event);
        assert.deepEqual(seen, [move]);
      }
    }
  }
  assert.deepEqual([...expected], [], 'every listed move is in the table');
  assert.equal(refused + legal.length, states.length * events.length);
}

describe('state tables', () => {
  it('dialog (RFC 3261 §12)', () => {
    walk(dialogTransitions, dialogStates, dialogEvents, [
      'early provisional early',
      'early refresh early',
      'early confirm confirmed',
      'early terminate terminated',
      'confirmed refresh confirmed',
      'confirmed terminate terminated',
    ]);
  });

  it('UAS INVITE session', () => {
    walk(uasSessionTransitions, sessionStates, sessionEvents, [
      'offered ring early',
      'offered answer answered',
      'offered reject terminated',
      'offered remote-cancel terminated',
      'offered abandon terminated',
      'early ring early',
      'early answer answered',
      'early reject terminated',
      'early remote-cancel terminated',
      'early remote-bye terminated',
      'early abandon terminated',
      'answered ack confirmed',
      'answered hangup terminating',
      'answered ack-timeout terminating',
      'answered remote-bye terminated',
      'answered dialog-gone terminated',
      'answered abandon terminated',
      'confirmed hangup terminating',
      'confirmed session-expired terminating',
      'confirmed remote-bye terminated',
      'confirmed dialog-gone terminated',
      'confirmed abandon terminated',
      'terminating ack terminating',
      'terminating remote-bye terminated',
      'terminating bye-done terminated',
      'terminating abandon terminated',
    ]);
  });

  it('UAC INVITE session', () => {
    walk(uacSessionTransitions, sessionStates, sessionEvents, [
      'calling provisional early',
      'calling accepted confirmed',
      'calling retry calling',
      'calling cancel cancelling',
      'calling failed terminated',
      'calling abandon terminated',
      'early provisional early',
      'early accepted confirmed',
      'early retry calling',
      'early cancel cancelling',
      'early failed terminated',
      'early remote-bye terminated',
      'early abandon terminated',
      'cancelling provisional cancelling',
      'cancelling accepted terminating',
      'cancelling failed terminated',
      'cancelling remote-bye terminated',
      'cancelling abandon terminated',
      'confirmed hangup terminating',
      'confirmed session-expired terminating',
      'confirmed remote-bye terminated',
      'confirmed dialog-gone terminated',
      'confirmed abandon terminated',
      'terminating remote-bye terminated',
      'terminating bye-done terminated',
      'terminating abandon terminated',
    ]);
  });

  it('offer/answer phase (RFC 3261 §13.2.1, RFC 3311 §5)', () => {
    walk(offerAnswerPhaseTransitions, offerAnswerPhases, offerAnswerPhaseEvents, [
      'idle send-offer local-offer',
      'idle receive-offer remote-offer',
      'local-offer receive-answer idle',
      'local-offer offer-failed idle',
      'remote-offer send-answer idle',
      'remote-offer offer-failed idle',
    ]);
  });

  it('session timer (RFC 4028 §10)', () => {
    walk(sessionTimerTransitions, sessionTimerStates, sessionTimerEvents, [
      'idle start running',
      'idle stop idle',
      'idle close closed',
      'running start running',
      'running refresh-due running',
      'running expire idle',
      'running stop idle',
      'running close closed',
    ]);
  });

  it('REFER subscription (RFC 3515 §2.4)', () => {
    walk(referSubscriptionTransitions, referSubscriptionStates, referSubscriptionEvents, [
      'pending accepted active',
      'pending notify active',
      'pending end terminated',
      'active accepted active',
      'active notify active',
      'active end terminated',
    ]);
  });
});
