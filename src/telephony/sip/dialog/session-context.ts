// What the dialog layer lends each INVITE session: the transaction layer, time, settings, the next-hop resolver and its maps.
import type { Clock, Logger, Scheduler } from '../../../platform/index.ts';
import type { TransactionLayer } from '../transaction/index.ts';
import type { SipTransport } from '../transport/index.ts';
import type { NextHopResolver } from './next-hop.ts';
import type { SessionTimerSettings } from './session-expires.ts';

export interface DialogSettings {
  readonly sessionTimer: SessionTimerSettings;
  /** UAS: how long an INVITE may go unanswered before we answer 480 ('no-answer'). */
  readonly ringTimeoutMs: number;
  /** How long the owner has to answer a re-INVITE, UPDATE or REFER before we refuse it. */
  readonly offerTimeoutMs: number;
  /** How long a REFER subscription lasts without a final NOTIFY, either way. */
  readonly referTimeoutMs: number;
  /** How many times a re-INVITE or UPDATE refused with 491 is tried again (RFC 3261 §14.1). */
  readonly maxGlareRetries: number;
  readonly allow: readonly string[];
  readonly supported: readonly string[];
  readonly contactUser: string | undefined;
  /** Sent as User-Agent in requests and Server in responses, when set. */
  readonly productToken: string | undefined;
}

export interface SessionContext {
  readonly transactions: TransactionLayer;
  readonly transport: SipTransport;
  readonly clock: Clock & Scheduler;
  readonly logger: Logger;
  readonly settings: DialogSettings;
  readonly resolve: NextHopResolver;
  /** In [0, 1); injected so tests can fix the glare back-off. */
  readonly random: () => number;
  /** Files a session under a dialog key, so that in-dialog requests and ACKs find it. */
  bind(key: string, session: object): void;
  unbind(key: string, session: object): void;
  /** The session has ended: the layer forgets it. */
  released(session: object): void;
}
