// Our Contact for a leg (RFC 3261 §8.1.1.8, §12.1.1): where the peer sends in-dialog requests, from the transport's sent-by.
import type { SipTransport, TransportProtocol } from '../transport/index.ts';

export interface LocalContactOptions {
  /** A user part, e.g. to tell legs apart in logs; none by default. */
  readonly user?: string;
  /** RFC 3261 §12.1.1: a dialog formed by a sips Request-URI gets a sips Contact. */
  readonly secure?: boolean;
}

/**
 * `<sip:[user@]host:port[;transport=x]>` on the address the transport advertises for
 * `protocol`. The transport parameter is left out for UDP, the default (RFC 3261 §19.1.1).
 */
export function localContact(
  transport: SipTransport,
  protocol: TransportProtocol,
  options: LocalContactOptions = {},
): string {
  const { host, port } = transport.sentBy(protocol);
  const scheme = options.secure === true ? 'sips' : 'sip';
  const user = options.user === undefined || options.user === '' ? '' : `${options.user}@`;
  const param = protocol === 'udp' ? '' : `;transport=${protocol}`;
  return `<${scheme}:${user}${host}:${port}${param}>`;
}
