// The typed session description (RFC 4566 §5): the parts of SDP Hotline's offer/answer reads and writes.
import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import type { Direction } from './direction.ts';
import type { AddressType, Connection, MediaDescription } from './media-description.ts';

/** o= (RFC 4566 §5.2). Numbers stay decimal text: devices send 64-bit values past 2^53. */
export interface Origin {
  /** No spaces; "-" when there is no user. */
  readonly username: string;
  readonly sessionId: string;
  /** RFC 3264 §8: grows by one with each changed SDP the same side sends. */
  readonly sessionVersion: string;
  readonly addressType: AddressType;
  readonly address: string;
}

export interface SessionDescription {
  readonly origin: Origin;
  /** s= (RFC 4566 §5.3); "-" when the sender had nothing to say. */
  readonly sessionName: string;
  /** Session-level c=, which applies to every m= line without its own. */
  readonly connection?: Connection;
  /** Session-level direction attribute, which applies to every m= line without its own. */
  readonly direction?: Direction;
  readonly media: readonly MediaDescription[];
}

export interface OriginInit {
  readonly username?: string;
  /** Our address, written in o=; IPv4 or IPv6 literal. */
  readonly address: string;
  /** Decimal digits; random by default (RFC 4566 §5.2 only asks it be unique enough). */
  readonly sessionId?: string;
  /** Decimal digits; 1 by default. */
  readonly sessionVersion?: string;
}

const DIGITS = /^\d{1,20}$/;

/** A fresh o= line for a new leg. Throws RangeError on bad input: that is a caller's bug. */
export function createOrigin(init: OriginInit): Origin {
  const username = init.username ?? '-';
  if (!/^\S+$/.test(username)) {
    throw new RangeError(`o= username must be non-empty with no spaces, got "${username}"`);
  }
  const family = isIP(init.address);
  if (family === 0) throw new RangeError(`o= address must be an IP literal, got "${init.address}"`);
  const sessionId = init.sessionId ?? String(randomInt(1, 2 ** 47));
  const sessionVersion = init.sessionVersion ?? '1';
  for (const [name, value] of [
    ['session id', sessionId],
    ['session version', sessionVersion],
  ] as const) {
    if (!DIGITS.test(value))
      throw new RangeError(`o= ${name} must be decimal digits, got "${value}"`);
  }
  return {
    username,
    sessionId,
    sessionVersion,
    addressType: family === 6 ? 'IP6' : 'IP4',
    address: init.address,
  };
}

/** The same o= line with another version (RFC 3264 §8: nothing else in it may change). */
export function withSessionVersion(origin: Origin, version: bigint): Origin {
  return { ...origin, sessionVersion: version.toString() };
}
