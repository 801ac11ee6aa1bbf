// Telephony events the app writes to the event log on the telephony layer's behalf.
import type { TelephonyEvent } from '../telephony/index.ts';

type LegEvent<T extends TelephonyEvent['type']> = Omit<
  Extract<TelephonyEvent, { type: T }>,
  'type' | 'at'
>;

declare module '../store/event-catalogue.ts' {
  interface EventCatalogue {
    'sip.registered': {
      extension: string;
      contact: string;
      source: string;
      transport: string;
      userAgent: string | null;
      expiresAt: number;
    };
    'sip.unregistered': {
      extension: string;
      contact: string;
      reason: 'expired' | 'removed' | 'replaced';
    };
    'sip.extension-credentials-set': { extension: string; by: string };
    /** A trunk's OPTIONS keep-alive found it up or down (or stopped: unknown). */
    'trunk.status': {
      trunk: string;
      from: 'unknown' | 'up' | 'down';
      to: 'unknown' | 'up' | 'down';
      lastStatus: number | null;
      lastRttMs: number | null;
    };
    /** A trunk's outbound registration changed state. */
    'trunk.registration': {
      trunk: string;
      from: string;
      to: string;
      lastStatus: number | null;
      expiresAt: number | null;
      reason: string | null;
    };
    'leg.offered': LegEvent<'leg.offered'>;
    'leg.ringing': LegEvent<'leg.ringing'>;
    'leg.answered': LegEvent<'leg.answered'>;
    'leg.ended': LegEvent<'leg.ended'>;
    'leg.dtmf': LegEvent<'leg.dtmf'>;
    'leg.refer': LegEvent<'leg.refer'>;
    'leg.held': LegEvent<'leg.held'>;
    'leg.resumed': LegEvent<'leg.resumed'>;
    'recording.finished': LegEvent<'recording.finished'>;
    'leg.play.finished': LegEvent<'leg.play.finished'>;
    'leg.answer.remote.failed': LegEvent<'leg.answer.remote.failed'>;
  }
}

export {};
