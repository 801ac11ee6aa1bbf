// The top Via of a request this element sends (RFC 3261 §8.1.1.7, §18.1.1): ours, with a magic-cookie branch.
import { MAGIC_COOKIE, type SipRequest, createVia, serializeVia } from '../message/index.ts';
import { type SipTransport, type TransportProtocol, viaTransport } from '../transport/index.ts';
import { isRfc3261Branch, newBranch } from './transaction-ids.ts';

/**
 * Makes sure `request` carries a top Via with an RFC 3261 branch and returns that branch.
 * `branch` (the caller's choice) wins; else the Via's own branch is kept when it has the magic
 * cookie; else a random one is set. A request without Via gets ours, with the transport's
 * sent-by and rport (RFC 3581). A branch without the cookie is a caller bug and throws: the
 * layer could not match the responses by it.
 */
export function prepareClientVia(
  request: SipRequest,
  protocol: TransportProtocol,
  transport: SipTransport,
  branch?: string,
): string {
  if (branch !== undefined && !isRfc3261Branch(branch)) {
    throw new Error(`branch "${branch}" must begin with ${MAGIC_COOKIE} (RFC 3261 8.1.1.7)`);
  }
  const top = request.topVia;
  if (top === undefined) {
    const chosen = branch ?? newBranch();
    const { host, port } = transport.sentBy(protocol);
    request.prepend(
      'Via',
      serializeVia(createVia({ transport: viaTransport(protocol), host, port, branch: chosen })),
    );
    return chosen;
  }
  if (branch === undefined && top.branch !== undefined) {
    if (isRfc3261Branch(top.branch)) return top.branch;
    throw new Error(`branch "${top.branch}" must begin with ${MAGIC_COOKIE} (RFC 3261 8.1.1.7)`);
  }
  const chosen = branch ?? newBranch();
  const params = new Map(top.params);
  params.set('branch', chosen);
  const rest = request.values('via').slice(1);
  request.set('Via', serializeVia({ ...top, params, branch: chosen }));
  for (const value of rest) request.add('Via', value);
  return chosen;
}
