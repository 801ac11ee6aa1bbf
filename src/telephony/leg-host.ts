// What SipTelephony lends the parts that each handle one concern of its legs (inbound, outbound,
// session events, playback, mixers): its leg table, its event stream and the one way a leg ends;
// with the two translations they share (a URI's number, a session's end cause).
import type { Clock, Logger } from '../platform/index.ts';
import type { SessionEnded, UasInviteSession } from './sip/dialog/index.ts';
import type { SipLeg } from './sip-leg.ts';
import type { LegEndCause, LegId, TelephonyEvent } from './telephony-port.ts';

export interface LegHost {
  readonly clock: Clock;
  readonly logger: Logger;
  /** A leg alive now. */
  leg(id: LegId): SipLeg | undefined;
  /** The INVITE session of an inbound leg alive now. */
  uas(id: LegId): UasInviteSession | undefined;
  /** Files a new leg. */
  track(leg: SipLeg): SipLeg;
  emit(event: TelephonyEvent): void;
  /** Ends a leg for a reason of ours (media gone, a command failed), telling the peer. */
  fail(legId: LegId, cause: LegEndCause, why: string): void;
  /** The one place a leg is released: its parts, its media endpoint and its one leg.ended. */
  end(leg: SipLeg, cause: LegEndCause, by: 'local' | 'remote', sipStatus?: number): void;
}

/** The number in a SIP or tel URI (the user part), '' when there is none. */
export function userPart(uri: UasInviteSession['request']['uri']): string {
  return uri.type === 'sip' ? (uri.user ?? '') : uri.type === 'tel' ? uri.number : '';
}

/** Why a leg ended, in the core's words, from why its INVITE session did. */
export function legEndCause(ended: SessionEnded): LegEndCause {
  switch (ended.cause) {
    case 'normal':
    case 'local':
    case 'cancelled':
    case 'busy':
    case 'no-answer':
    case 'rejected':
    case 'unreachable':
      return ended.cause;
    default:
      return 'failed'; // ack-timeout, session-timeout, failed
  }
}
