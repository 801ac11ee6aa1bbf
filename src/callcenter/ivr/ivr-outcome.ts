// How an IVR session ends: what the call model does next with the leg.
import type { Language } from '../prompts/index.ts';
import type { Vars } from './templates.ts';

export interface SkillRequirement {
  skill: string;
  minLevel: number;
}

export type TransferTarget =
  | { kind: 'extension'; extension: string }
  /** A number outside, through a trunk (the configured default when `trunk` is absent). */
  | { kind: 'external'; number: string; trunk?: string };

/** A follow-up task a voicemail asks for. */
export interface FollowUpTask {
  queue: string;
  subject: string;
}

/** What a terminal node (or the session itself) decides; the call model acts on it. */
export type IvrEnd =
  | { kind: 'queue'; queue: string; priority: number; skills: SkillRequirement[] }
  | { kind: 'transfer'; target: TransferTarget }
  | {
      kind: 'voicemail';
      recordingId: string;
      /** Where the recording was written (the telephony's `recording.finished` path). */
      recordingPath: string;
      durationMs: number;
      /** Whether the caller hung up to end the message (the usual way) rather than pressing the key. */
      endedByHangup: boolean;
      task?: FollowUpTask;
    }
  | { kind: 'callback'; number: string; queue: string }
  /** `score` is null when the caller gave none. */
  | { kind: 'survey'; score: number | null }
  /**
   * The call is over. `by: 'flow'` means the IVR sent `leg.hangup` itself (a hangup node, a
   * menu out of retries with no exit, the step budget, a node that failed: see `reason`).
   */
  | { kind: 'hangup'; by: 'caller' | 'flow'; reason?: string }
  /** The owner called `stop()`: the leg is the owner's to deal with. */
  | { kind: 'stopped' };

export type IvrOutcome = IvrEnd & {
  /** Node ids visited in order; nodes of a flow reached by transfer are `flow:node`. */
  path: string[];
  vars: Vars;
  language: Language;
};
