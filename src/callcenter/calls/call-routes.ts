// What the call model needs from the outside to decide where a call goes and
// what an IVR is: which dialed numbers an IVR flow answers, and how to run
// one. The IVR itself lives in callcenter/ivr; the app connects the two.
import type { TelephonyCommand, TelephonyEvent } from '../../telephony/index.ts';

/** Where a dialed number leads. */
export type NumberRoute = { kind: 'flow'; flow: string };

export interface NumberRoutes {
  /** The route of a dialed number, or undefined when the call model does not handle it. */
  forNumber(dialed: string): NumberRoute | undefined;
}

/** How an IVR run ended, in the call model's words. */
export type IvrResult =
  | { kind: 'hangup'; by: 'caller' | 'flow' }
  | {
      kind: 'queue';
      queue: string;
      priority: number;
      skills: { skill: string; minLevel: number }[];
    }
  | {
      kind: 'transfer';
      target:
        | { kind: 'extension'; extension: string }
        /** `trunk`: the flow's choice; the configured outbound trunk otherwise. */
        | { kind: 'external'; number: string; trunk?: string };
    }
  | { kind: 'voicemail'; recordingId: string; path?: string; durationMs: number }
  | { kind: 'callback'; number: string; queue?: string }
  /** `score` is null when the caller gave none. */
  | { kind: 'survey'; score: number | null };

export interface IvrFinished {
  result: IvrResult;
  path: string[];
  vars: Record<string, string>;
  language?: string;
}

export interface IvrHooks {
  /** The IVR entered a node (`selfService`: the node serves the caller, see flow-fields.ts). */
  onNode(node: string, nodeType: string, selfService?: string): void;
  onFinished(finished: IvrFinished): void;
}

/** One IVR run on a call's customer leg: fed the leg's events, stopped when the call ends. */
export interface IvrRun {
  handle(event: TelephonyEvent): void;
  /** Stops playback, timers and lookups; idempotent; no hook is called after it. */
  stop(): void;
}

export interface IvrStarter {
  start(
    init: {
      callId: string;
      legId: string;
      flow: string;
      caller: { number: string; e164?: string };
      dialed: string;
      /** Commands of the IVR: they go through the call so that it can release them. */
      execute: (command: TelephonyCommand) => void;
    },
    hooks: IvrHooks,
  ): IvrRun;
}
