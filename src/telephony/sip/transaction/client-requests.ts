// Requests a client builds from the one it sent: the ACK for a non-2xx response (RFC 3261 §17.1.1.3) and CANCEL (§9.1).
import { type SipHeader, SipRequest, type SipResponse } from '../message/index.ts';

/**
 * RFC 3261 17.1.1.3: the ACK for a non-2xx final response to `invite`. Request-URI, Call-ID,
 * From and the CSeq number come from the INVITE, To (with the tag the UAS chose) from the
 * response; a single Via equal to the INVITE's top one, so it carries the same branch; the
 * INVITE's Route header fields, so it follows the same path.
 */
export function createNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  return new SipRequest({
    method: 'ACK',
    uri: invite.uri,
    headers: [
      ...sameHop(invite),
      ['To', required(response.get('to'), 'To')],
      ['CSeq', `${invite.cseq.seq} ACK`],
    ],
  });
}

/**
 * RFC 3261 9.1: a CANCEL for `request`. Request-URI, Call-ID, From, To and the CSeq number are
 * the request's; a single Via equal to its top one (same branch: the server matches the CANCEL
 * to the INVITE by it, §9.2); the same Route header fields. `headers` adds more, e.g. Reason
 * (RFC 3326).
 */
export function createCancel(
  request: SipRequest,
  headers: Iterable<SipHeader | readonly [string, string]> = [],
): SipRequest {
  return new SipRequest({
    method: 'CANCEL',
    uri: request.uri,
    headers: [
      ...sameHop(request),
      ['To', required(request.get('to'), 'To')],
      ['CSeq', `${request.cseq.seq} CANCEL`],
      ...headers,
    ],
  });
}

/** Via (the top value only), Route, Max-Forwards, From and Call-ID, copied as written. */
function sameHop(request: SipRequest): [string, string][] {
  const topVia = request.values('via')[0];
  const out: [string, string][] = [['Via', required(topVia, 'Via')]];
  for (const route of request.getAll('route')) out.push(['Route', route]);
  out.push(
    ['Max-Forwards', request.get('max-forwards')?.trim() ?? '70'],
    ['From', required(request.get('from'), 'From')],
    ['Call-ID', required(request.get('call-id'), 'Call-ID')],
  );
  return out;
}

function required(value: string | undefined, header: string): string {
  if (value === undefined) throw new Error(`cannot build the request: no ${header} header`);
  return value;
}
