// What the call controller is built with: its clock, the telephony it drives, the routes and IVR
// it starts, and the call center's settings (queues, recording, transfers, CRM, outbound calls).
import type { Clock, Logger, Scheduler } from '../../platform/index.ts';
import type { PromptRef, TelephonyCommand, TelephonyEvent } from '../../telephony/index.ts';
import type { Acd } from '../acd/index.ts';
import type { BlindTransferTarget } from './call-actions.ts';
import type { CallEventSink } from './call-events.ts';
import type { IvrStarter, NumberRoutes } from './call-routes.ts';
import type { CallerLookup } from './caller-lookup.ts';

export interface CallControllerOptions {
  clock: Clock & Scheduler;
  execute: (command: TelephonyCommand) => void;
  record: CallEventSink;
  routes: NumberRoutes;
  ivr: IvrStarter;
  /** Calls not claimed by a route go here (the basic router). */
  fallback?: (event: TelephonyEvent) => void;
  newId: () => string;
  logger?: Logger;
  /** How long an extension reached by an IVR transfer rings. */
  ringTimeoutMs: number;
  /** Calls to external numbers from a flow go out through this trunk; none: such transfers fail. */
  outboundTrunk?: string;
  /** External numbers a flow may transfer to; without it no external transfer goes out. */
  outboundPattern?: RegExp;
  /** The announcement repeated while a call waits in a queue with nobody to take it yet. */
  holdPrompt?: string;
  holdRepeatMs?: number;
  /** Distributes queued calls to agents; without it a queued call only hears the hold announcement. */
  acd?: Acd;
  /**
   * Where the recording of a connected call goes; without it calls are not recorded. `segment`
   * counts the call's connections: 1, then 2 after a transfer, and so on.
   */
  recordingPath?: (callId: string, segment: number) => string;
  /**
   * What a number a phone transfers to (SIP REFER) is: an extension, or a number outside (the
   * allow-list applies). Default: 2-6 digits are an extension.
   */
  referTarget?: (target: string) => BlindTransferTarget;
  /** Finds the customer behind the caller's number (the CRM); without it calls carry no customer. */
  callerLookup?: CallerLookup;
  /** Extra queue priority by the matched customer's tier. Default: platinum 3, gold 2, silver 1. */
  tierPriority?: Readonly<Record<string, number>>;
  /** What a customer on hold (or being transferred) hears, looped. Default: the hold announcement. */
  holdMusic?: readonly PromptRef[];
  /** The flow a call leaving its queue for voicemail runs (a queue's overflow or escalation). */
  voicemailFlow?: string;
  /** How long a customer's phone rings for a call an agent dialed. Default: 45 s. */
  outboundRingTimeoutMs?: number;
  /** Whether the agent's phone answers calls offered to them by itself (their profile's auto-answer). */
  autoAnswer?: (agentId: string) => boolean;
}
