// The states of an INVITE session (one leg), for each role, as transition tables (RFC 3261 §13-15).
import type { TransitionTable } from '../../../platform/index.ts';

/**
 * - offered (UAS): the INVITE is here, nothing but 100 sent.
 * - calling (UAC): the INVITE is out, no provisional response with a To tag yet.
 * - early: 1xx sent (UAS) or received (UAC): ringing, maybe early media.
 * - answered (UAS): our 2xx is out, retransmitted until the ACK (§13.3.1.4).
 * - cancelling (UAC): CANCEL sent (or waiting for a 1xx to send it), the INVITE not ended yet.
 * - confirmed: ACK received (UAS) or sent (UAC): the call is up.
 * - terminating: our BYE is out (or waits for the ACK before going out, §15), not answered yet.
 * - terminated: over; every timer released.
 */
export const sessionStates = [
  'offered',
  'calling',
  'early',
  'answered',
  'cancelling',
  'confirmed',
  'terminating',
  'terminated',
] as const;
export type SessionState = (typeof sessionStates)[number];

export const sessionEvents = [
  // UAS
  'ring',
  'answer',
  'ack',
  'reject',
  'remote-cancel',
  'ack-timeout',
  // UAC
  'provisional',
  'accepted',
  'retry',
  'cancel',
  'failed',
  // both
  'hangup',
  'session-expired',
  'remote-bye',
  'bye-done',
  'dialog-gone',
  /** The layer is closing: everything stops, nothing is sent. */
  'abandon',
] as const;
export type SessionEvent = (typeof sessionEvents)[number];

/** The UAS leg: INVITE received. */
export const uasSessionTransitions: TransitionTable<SessionState, SessionEvent> = {
  offered: {
    ring: 'early',
    answer: 'answered',
    reject: 'terminated',
    'remote-cancel': 'terminated',
    abandon: 'terminated',
  },
  calling: {},
  early: {
    ring: 'early',
    answer: 'answered',
    reject: 'terminated',
    'remote-cancel': 'terminated',
    // RFC 3261 §15: the caller may end an early dialog with BYE; the INVITE then gets 487.
    'remote-bye': 'terminated',
    abandon: 'terminated',
  },
  answered: {
    ack: 'confirmed',
    // RFC 3261 §15: our BYE must wait for the ACK (or for the 2xx retransmissions to give up).
    hangup: 'terminating',
    'ack-timeout': 'terminating',
    'remote-bye': 'terminated',
    'dialog-gone': 'terminated',
    abandon: 'terminated',
  },
  cancelling: {},
  confirmed: {
    hangup: 'terminating',
    'session-expired': 'terminating',
    'remote-bye': 'terminated',
    'dialog-gone': 'terminated',
    abandon: 'terminated',
  },
  terminating: {
    ack: 'terminating',
    'remote-bye': 'terminated',
    'bye-done': 'terminated',
    abandon: 'terminated',
  },
  terminated: {},
};

/** The UAC leg: INVITE sent. */
export const uacSessionTransitions: TransitionTable<SessionState, SessionEvent> = {
  offered: {},
  calling: {
    provisional: 'early',
    accepted: 'confirmed',
    retry: 'calling',
    cancel: 'cancelling',
    failed: 'terminated',
    abandon: 'terminated',
  },
  early: {
    provisional: 'early',
    accepted: 'confirmed',
    retry: 'calling',
    cancel: 'cancelling',
    failed: 'terminated',
    'remote-bye': 'terminated',
    abandon: 'terminated',
  },
  answered: {},
  // RFC 3261 §9.1: a 2xx may cross the CANCEL; the call is then ended with a BYE at once.
  cancelling: {
    provisional: 'cancelling',
    accepted: 'terminating',
    failed: 'terminated',
    'remote-bye': 'terminated',
    abandon: 'terminated',
  },
  confirmed: {
    hangup: 'terminating',
    'session-expired': 'terminating',
    'remote-bye': 'terminated',
    'dialog-gone': 'terminated',
    abandon: 'terminated',
  },
  terminating: { 'remote-bye': 'terminated', 'bye-done': 'terminated', abandon: 'terminated' },
  terminated: {},
};
