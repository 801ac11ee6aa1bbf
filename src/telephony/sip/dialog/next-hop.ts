// Where an in-dialog request goes (RFC 3261 §8.1.2, §12.2.1.1): the first Route or the remote target, resolved to a Peer by an injectable resolver.
import { isIP } from 'node:net';
import type { Uri } from '../message/index.ts';
import type { Peer, TransportProtocol } from '../transport/index.ts';

/** What a resolver is asked. */
export interface NextHop {
  /** The first Route of the route set, else the remote target (RFC 3261 §12.2.1.1). */
  readonly uri: Uri;
  /** Whether `uri` came from the route set. */
  readonly viaRoute: boolean;
  readonly method: string;
  /**
   * The peer this dialog's signalling flows with: the source of the latest request the remote
   * side sent in it (the INVITE on a UAS leg, including its TCP/WS connection), or the
   * destination the dialog-forming INVITE was sent to on a UAC leg.
   */
  readonly flow: Peer | undefined;
}

/** Picks the Peer for a request; undefined when it cannot be reached (the request then fails as unreachable). */
export type NextHopResolver = (hop: NextHop) => Peer | undefined;

/**
 * The default: back along the flow the dialog was formed on, as RFC 3581 (rport) and RFC 5626
 * do for responses. Phones behind NAT give private Contacts; the address their INVITE or
 * REGISTER came from is the one that reaches them, and a stream transport's connection is
 * reused. Without a flow, a URI whose host is an IP literal is used as it is; a host name needs
 * a resolver that does RFC 3263 (DNS NAPTR/SRV), which the caller supplies.
 */
export const flowFirstResolver: NextHopResolver = (hop) => hop.flow ?? peerFromUri(hop.uri);

/**
 * The Peer a sip/sips URI names when its host (or maddr) is an IP literal: transport from the
 * transport parameter (TLS for sips), port from the URI or the default (5060, 5061 for TLS).
 */
export function peerFromUri(uri: Uri): Peer | undefined {
  if (uri.type !== 'sip') return undefined;
  const maddr = uri.params.get('maddr');
  const rawHost = typeof maddr === 'string' && maddr !== '' ? maddr : uri.host;
  const address = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  if (isIP(address) === 0) return undefined;
  const protocol = protocolOf(uri.params.get('transport'), uri.scheme === 'sips');
  if (protocol === undefined) return undefined;
  const secure = protocol === 'tls' || protocol === 'wss';
  return { protocol, address, port: uri.port ?? (secure ? 5061 : 5060) };
}

function protocolOf(
  param: string | null | undefined,
  sips: boolean,
): TransportProtocol | undefined {
  const value = typeof param === 'string' ? param.toLowerCase() : undefined;
  switch (value) {
    case undefined:
      return sips ? 'tls' : 'udp';
    case 'udp':
    case 'tcp':
      return sips ? 'tls' : value;
    case 'tls':
      return 'tls';
    case 'ws':
      return sips ? 'wss' : 'ws';
    case 'wss':
      return 'wss';
    default:
      return undefined;
  }
}
