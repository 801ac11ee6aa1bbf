// The dialog's own states (RFC 3261 §12): early, confirmed, terminated, as a transition table.
import type { TransitionTable } from '../../../platform/index.ts';

export const dialogStates = ['early', 'confirmed', 'terminated'] as const;
export type DialogState = (typeof dialogStates)[number];

export const dialogEvents = [
  /** Another 1xx with this To tag (RFC 3261 §12.1.2). */
  'provisional',
  /** A 2xx to the dialog-forming INVITE, sent (UAS) or received (UAC). */
  'confirm',
  /** A 2xx to a target refresh request (re-INVITE, UPDATE) moved the remote target. */
  'refresh',
  /** BYE, a final non-2xx to the INVITE, a 481 or 408 to an in-dialog request (§12.2.1.2, §15). */
  'terminate',
] as const;
export type DialogEvent = (typeof dialogEvents)[number];

/**
 * RFC 3261 §12: a 1xx with a To tag makes an early dialog, a 2xx confirms it; nothing leads back.
 * UPDATE may refresh the target of an early dialog too (RFC 3311 §5.1).
 */
export const dialogTransitions: TransitionTable<DialogState, DialogEvent> = {
  early: { provisional: 'early', refresh: 'early', confirm: 'confirmed', terminate: 'terminated' },
  confirmed: { refresh: 'confirmed', terminate: 'terminated' },
  terminated: {},
};
