// What a running node may do: the interpreter's services, scoped to one node visit so that a
// hang-up releases everything the node started (plays, timers, lookups, recordings).
import type { PromptRef } from '../../telephony/index.ts';
import type { Language, SayKind } from '../prompts/index.ts';
import type { BusinessHours } from './business-hours.ts';
import type { PromptSpec } from './flow-fields.ts';
import type { IvrEnd } from './ivr-outcome.ts';
import type { VarValue, Vars } from './templates.ts';

/** How a play ended, as `leg.play.finished` reports it ('dtmf': a digit barged in). */
export type PlayEnd = 'finished' | 'stopped' | 'dtmf' | 'failed';

export interface ReadDigitsOptions {
  /** Without a terminator the read ends here; with one it waits for it, and a digit more ends it too long. */
  maxDigits: number;
  /** A key that ends entry early; it is not part of the digits. */
  terminator?: string;
  /** How long to wait for the first digit. */
  firstDigitTimeoutMs: number;
  /** How long to wait for each further digit. */
  interDigitTimeoutMs: number;
  /** Ends the read early (with the digits so far) when this settles, e.g. a recording that failed. */
  until?: Promise<unknown>;
}

export interface DigitsRead {
  digits: string;
  /** Whether the terminator ended entry (possibly with no digits). */
  terminated: boolean;
}

export type LookupResult =
  | { ok: true; result: Record<string, VarValue> }
  | { ok: false; reason: 'timeout' | 'error'; message: string };

export interface RecordingResult {
  path: string;
  durationMs: number;
  reason: 'stopped' | 'endpoint-destroyed' | 'error' | 'lost';
}

export interface Recording {
  readonly recordingId: string;
  /** Sends `recording.stop` (once). */
  stop(): void;
  /** Settles on `recording.finished`, even after a hang-up ('lost' if it never comes). */
  readonly finished: Promise<RecordingResult>;
}

/** What a node's visit reports besides its result, for the call's IVR path events. */
export type NodeReport =
  | { type: 'digits'; digits: string; accepted: boolean }
  | { type: 'no-input' }
  | { type: 'lookup'; lookup: string; ok: boolean; reason?: string }
  | { type: 'say-failed'; kind: SayKind; value: string; message: string };

/**
 * The interpreter's services for one node visit. Once the caller hangs up or the session is
 * stopped, every call rejects with `SessionEnded` (except a recording's `finished`).
 */
export interface NodeContext {
  readonly nodeId: string;
  readonly language: Language;
  setLanguage(language: Language): void;
  readonly vars: Readonly<Vars>;
  setVar(name: string, value: VarValue): void;
  render(template: string): string;
  now(): number;
  /** A named schedule as it stands now (undefined: none by that name). */
  schedule(name: string): BusinessHours | undefined;
  /** Prompt specs as prompt references; a `say` item that cannot be spoken is left out and reported. */
  prompts(specs: readonly PromptSpec[]): PromptRef[];
  /** A value as prompts by the say rules; throws the say rules' HotlineError when it cannot be spoken. */
  say(kind: SayKind, value: string): PromptRef[];
  /** Plays to the caller. With barge-in, digits already typed ahead skip the play ('dtmf'). */
  play(prompts: readonly PromptRef[], options: { bargeIn: boolean }): Promise<PlayEnd>;
  /** Reads digits, typed-ahead ones first. */
  readDigits(options: ReadDigitsOptions): Promise<DigitsRead>;
  /** Calls a lookup; the node's timeout is enforced here, and the lookup is aborted on hang-up. */
  lookup(name: string, params: Record<string, string>, timeoutMs: number): Promise<LookupResult>;
  /** Starts recording what the caller says. */
  record(): Recording;
  /** Sends `leg.hangup` for the session's leg. */
  hangup(): void;
  report(report: NodeReport): void;
}

/** Where a node visit leads: another node, another flow's start, or the end of the session. */
export type NodeResult = { next: string } | { flow: string } | { end: IvrEnd };

/** Rejection of a node's pending work when the caller hung up or the owner stopped the session. */
export class SessionEnded extends Error {
  constructor(readonly by: 'caller' | 'owner') {
    super(by === 'caller' ? 'the caller hung up' : 'the IVR session was stopped');
    this.name = 'SessionEnded';
  }
}
