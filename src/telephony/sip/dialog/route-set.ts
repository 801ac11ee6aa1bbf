// The route set of a dialog (RFC 3261 §12.1.1, §12.1.2) and its loose-routing check (§16.12.1.1, RFC 3261 §19.1.1 lr).
import { type NameAddr, type SipMessage, parseNameAddr } from '../message/index.ts';

/** One Route value: as it was written in Record-Route (sent back byte for byte), and parsed. */
export interface RouteEntry {
  readonly value: string;
  readonly address: NameAddr;
}

/**
 * The route set from a message's Record-Route values: as they are for the UAS (§12.1.1), in
 * reverse for the UAC (§12.1.2), so that the first entry is always the next hop from here.
 */
export function routeSetOf(message: SipMessage, role: 'uac' | 'uas'): readonly RouteEntry[] {
  const entries = message
    .values('record-route')
    .map((value) => ({ value, address: parseNameAddr(value, 'Record-Route') }));
  return role === 'uac' ? entries.reverse() : entries;
}

/**
 * RFC 3261 §12.2.1.1: with a loose router (lr) first, the Request-URI is the remote target and
 * the whole route set goes into Route. A first entry without lr is a strict router (RFC 2543),
 * which would take the Request-URI; Hotline does not route that way.
 */
export function startsWithStrictRouter(routeSet: readonly RouteEntry[]): boolean {
  const first = routeSet[0];
  if (first === undefined) return false;
  const uri = first.address.uri;
  return uri.type !== 'sip' || !uri.params.has('lr');
}
