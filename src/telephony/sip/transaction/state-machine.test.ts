// Every legal move of the four transaction state machines (and the 2xx retransmitter) taken, every other (state, event) pair refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  inviteClientEvents,
  inviteClientStates,
  inviteClientTransitions,
} from './invite-client-transaction.ts';
import {
  inviteServerEvents,
  inviteServerStates,
  inviteServerTransitions,
} from './invite-server-transaction.ts';
import {
  nonInviteClientEvents,
  nonInviteClientStates,
  nonInviteClientTransitions,
} from './non-invite-client-transaction.ts';
import {
  nonInviteServerEvents,
  nonInviteServerStates,
  nonInviteServerTransitions,
} from './non-invite-server-transaction.ts';
import {
  retransmit2xxEvents,
  retransmit2xxStates,
  retransmit2xxTransitions,
} from './retransmit-2xx.ts';
import { StateMachine, type TransitionTable } from '../../../platform/index.ts';

interface Spec {
  name: string;
  initial: string;
  states: readonly string[];
  events: readonly string[];
  table: TransitionTable<string, string>;
  /** The legal moves as the RFC figures draw them, written out independently of the table. */
  legal: string[];
}

const specs: Spec[] = [
  {
    name: 'INVITE client (RFC 3261 Figure 5, RFC 6026 7.2)',
    initial: 'Calling',
    states: inviteClientStates,
    events: inviteClientEvents,
    table: inviteClientTransitions,
    legal: [
      'Calling timerA Calling',
      'Calling timerB Terminated',
      'Calling 1xx Proceeding',
      'Calling 2xx Accepted',
      'Calling 300-699 Completed',
      'Calling transportError Terminated',
      'Proceeding 1xx Proceeding',
      'Proceeding 2xx Accepted',
      'Proceeding 300-699 Completed',
      'Proceeding cancelTimeout Terminated',
      'Accepted 2xx Accepted',
      'Accepted timerM Terminated',
      'Completed 300-699 Completed',
      'Completed timerD Terminated',
      'Completed transportError Terminated',
    ],
  },
  {
    name: 'non-INVITE client (RFC 3261 Figure 6)',
    initial: 'Trying',
    states: nonInviteClientStates,
    events: nonInviteClientEvents,
    table: nonInviteClientTransitions,
    legal: [
      'Trying timerE Trying',
      'Trying timerF Terminated',
      'Trying 1xx Proceeding',
      'Trying final Completed',
      'Trying transportError Terminated',
      'Proceeding timerE Proceeding',
      'Proceeding timerF Terminated',
      'Proceeding 1xx Proceeding',
      'Proceeding final Completed',
      'Proceeding transportError Terminated',
      'Completed timerK Terminated',
    ],
  },
  {
    name: 'INVITE server (RFC 3261 Figure 7, RFC 6026 7.1)',
    initial: 'Proceeding',
    states: inviteServerStates,
    events: inviteServerEvents,
    table: inviteServerTransitions,
    legal: [
      'Proceeding request Proceeding',
      'Proceeding send1xx Proceeding',
      'Proceeding send2xx Accepted',
      'Proceeding send300-699 Completed',
      'Accepted request Accepted',
      'Accepted send2xx Accepted',
      'Accepted ack Accepted',
      'Accepted timerL Terminated',
      'Completed request Completed',
      'Completed timerG Completed',
      'Completed ack Confirmed',
      'Completed timerH Terminated',
      'Confirmed request Confirmed',
      'Confirmed ack Confirmed',
      'Confirmed timerI Terminated',
    ],
  },
  {
    name: 'non-INVITE server (RFC 3261 Figure 8)',
    initial: 'Trying',
    states: nonInviteServerStates,
    events: nonInviteServerEvents,
    table: nonInviteServerTransitions,
    legal: [
      'Trying request Trying',
      'Trying send1xx Proceeding',
      'Trying sendFinal Completed',
      'Proceeding request Proceeding',
      'Proceeding send1xx Proceeding',
      'Proceeding sendFinal Completed',
      'Completed request Completed',
      'Completed sendFinal Completed',
      'Completed timerJ Terminated',
    ],
  },
  {
    name: '2xx retransmission (RFC 3261 13.3.1.4)',
    initial: 'Idle',
    states: retransmit2xxStates,
    events: retransmit2xxEvents,
    table: retransmit2xxTransitions,
    legal: [
      'Idle start Retransmitting',
      'Idle stop Stopped',
      'Retransmitting tick Retransmitting',
      'Retransmitting ack Acknowledged',
      'Retransmitting timeout GaveUp',
      'Retransmitting stop Stopped',
    ],
  },
];

for (const spec of specs) {
  describe(`${spec.name} state machine`, () => {
    const legal = new Map<string, string>();
    for (const line of spec.legal) {
      const [from, event, to] = line.split(' ') as [string, string, string];
      legal.set(`${from} ${event}`, to);
    }

    it('takes every legal move to the state the RFC names, and tells the listener', () => {
      for (const [pair, to] of legal) {
        const [from, event] = pair.split(' ') as [string, string];
        const heard: string[] = [];
        const machine = new StateMachine(spec.table, from, (f, e, t) =>
          heard.push(`${f} ${e} ${t}`),
        );
        assert.equal(machine.transition(event), to, pair);
        assert.equal(machine.state, to);
        assert.equal(machine.lastEvent, event);
        assert.deepEqual(heard, [`${from} ${event} ${to}`]);
      }
    });

    it('refuses every other (state, event) pair and stays put', () => {
      let refused = 0;
      for (const state of spec.states) {
        for (const event of spec.events) {
          if (legal.has(`${state} ${event}`)) continue;
          const heard: string[] = [];
          const machine = new StateMachine(spec.table, state, (f) => heard.push(f));
          assert.equal(machine.next(event), undefined, `${state} ${event}`);
          assert.equal(machine.transition(event), undefined, `${state} ${event}`);
          assert.equal(machine.state, state);
          assert.equal(machine.lastEvent, undefined);
          assert.deepEqual(heard, []);
          refused++;
        }
      }
      assert.equal(refused, spec.states.length * spec.events.length - legal.size);
    });

    it('lists no state or event the table does not know, and no move the RFC does not', () => {
      assert.deepEqual(Object.keys(spec.table).sort(), [...spec.states].sort());
      const inTable: string[] = [];
      for (const [from, row] of Object.entries(spec.table)) {
        for (const [event, to] of Object.entries(row as Record<string, string>)) {
          assert.ok(spec.events.includes(event), `unknown event ${event}`);
          assert.ok(spec.states.includes(to), `unknown state ${to}`);
          inTable.push(`${from} ${event} ${to}`);
        }
      }
      assert.deepEqual(inTable.sort(), [...spec.legal].sort());
    });

    it('reaches every state from the initial one, and can end from every state', () => {
      const reached = new Set([spec.initial]);
      for (let grew = true; grew;) {
        grew = false;
        for (const line of spec.legal) {
          const [from, , to] = line.split(' ') as [string, string, string];
          if (reached.has(from) && !reached.has(to)) {
            reached.add(to);
            grew = true;
          }
        }
      }
      assert.deepEqual([...reached].sort(), [...spec.states].sort());
      const finals = spec.states.filter((s) => Object.keys(spec.table[s] ?? {}).length === 0);
      for (const state of spec.states) {
        const ends = new Set([state]);
        for (let grew = true; grew;) {
          grew = false;
          for (const line of spec.legal) {
            const [from, , to] = line.split(' ') as [string, string, string];
            if (ends.has(from) && !ends.has(to)) {
              ends.add(to);
              grew = true;
            }
          }
        }
        assert.ok(
          finals.some((f) => ends.has(f)),
          `${state} can reach an end state`,
        );
      }
    });
  });
}
