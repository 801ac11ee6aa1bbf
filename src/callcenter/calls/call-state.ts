// Where one customer interaction stands, as a transition table (STYLE.md):
// offered → ivr → queued → alerting → connected ⇄ held → transferring →
// wrap-up → ended. The table is the whole truth; a test walks every pair.
import { StateMachine, type TransitionTable } from '../../platform/index.ts';

export const callStates = [
  /** A customer leg arrived; nothing decided yet. */
  'offered',
  /** Answered by Hotline and talking to an IVR flow. */
  'ivr',
  /** Waiting in a queue for an agent. */
  'queued',
  /** An agent's (or extension's) phone is ringing. */
  'alerting',
  /** The customer and an agent talk. */
  'connected',
  'held',
  /** A transfer is under way (consulting, or a blind transfer ringing). */
  'transferring',
  /** The customer is gone; the agent does after-call work. */
  'wrap-up',
  'ended',
] as const;
export type CallState = (typeof callStates)[number];

export const callTransitionEvents = [
  'start-ivr',
  'enqueue',
  'alert',
  'connect',
  'hold',
  'resume',
  'transfer',
  'transfer-done',
  'wrap-up',
  'end',
] as const;
export type CallTransitionEvent = (typeof callTransitionEvents)[number];

export const callTransitions: TransitionTable<CallState, CallTransitionEvent> = {
  offered: { 'start-ivr': 'ivr', enqueue: 'queued', alert: 'alerting', end: 'ended' },
  // An IVR may hand over to a queue, ring an extension, or end the call (hang-up, voicemail).
  ivr: { enqueue: 'queued', alert: 'alerting', end: 'ended' },
  // A queue's overflow or escalation may send the call to another flow.
  queued: { alert: 'alerting', 'start-ivr': 'ivr', end: 'ended' },
  // Ring-no-answer sends the call back to its queue; an IVR transfer that fails ends it.
  alerting: { connect: 'connected', enqueue: 'queued', end: 'ended' },
  connected: { hold: 'held', transfer: 'transferring', 'wrap-up': 'wrap-up', end: 'ended' },
  held: { resume: 'connected', transfer: 'transferring', 'wrap-up': 'wrap-up', end: 'ended' },
  // A blind transfer rings its target (alert) or queues the call again (enqueue).
  transferring: {
    'transfer-done': 'connected',
    // A consultation ended without a transfer: the customer is still on hold.
    hold: 'held',
    alert: 'alerting',
    enqueue: 'queued',
    'wrap-up': 'wrap-up',
    end: 'ended',
  },
  'wrap-up': { end: 'ended' },
  ended: {},
};

export function callStateMachine(
  onTransition?: (from: CallState, event: CallTransitionEvent, to: CallState) => void,
): StateMachine<CallState, CallTransitionEvent> {
  return new StateMachine(callTransitions, 'offered', onTransition);
}
