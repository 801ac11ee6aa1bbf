// RFC 3261 §18.2.1 and RFC 3581 §4: a server notes on the top Via where a
// request really came from, so responses find their way back through NAT.
import { serializeVia, splitList, type SipRequest, type Via } from '../message/index.ts';
import type { Peer } from './transport-types.ts';

/** Adds `received` (and fills `rport`) to the top Via of an inbound request, in place. */
export function stampTopVia(request: SipRequest, source: Peer): void {
  const top = request.topVia;
  if (!top) return;
  const sentByHost = top.host.startsWith('[') ? top.host.slice(1, -1) : top.host;
  const needsReceived = top.hasRport || sentByHost.toLowerCase() !== source.address.toLowerCase();
  if (!needsReceived && !top.hasRport) return;
  const params = new Map(top.params);
  params.set('received', source.address);
  // RFC 3581 §4: the rport parameter without a value asks for the source port.
  if (top.hasRport) params.set('rport', String(source.port));
  const stamped: Via = { ...top, params };
  const values = request.getAll('Via').flatMap((line) => splitList(line));
  values[0] = serializeVia(stamped);
  request.set('Via', values.join(', '));
}
