// The keys that match messages to transactions: RFC 3261 §17.1.3 (responses) and §17.2.3 (requests, with RFC 2543 fallback).
import { type SipRequest, type SipResponse, type Via, serializeUri } from '../message/index.ts';
import { isRfc3261Branch } from './transaction-ids.ts';

// Fields are joined with a character no header value can hold (the message layer refuses CR/LF).
const SEP = '\n';

/**
 * RFC 3261 17.1.3: a response belongs to the client transaction whose request carried the same
 * top Via branch and the same CSeq method (a CANCEL shares its INVITE's branch). Branches are
 * compared case-insensitively, like other parameter values (RFC 3261 7.3.1).
 */
export function clientKey(branch: string, method: string): string {
  return branch.toLowerCase() + SEP + method;
}

/** The client key a response matches, or undefined when its top Via has no branch. Throws SipSyntaxError. */
export function responseKey(response: SipResponse): string | undefined {
  const branch = response.topVia?.branch;
  return branch === undefined ? undefined : clientKey(branch, response.cseq.method);
}

/**
 * RFC 3261 17.2.3: the key of the server transaction a request belongs to. With a magic-cookie
 * branch: branch, sent-by and method, where an ACK looks for its INVITE. Without one, the
 * RFC 2543 fields. `method` overrides the request's, to find the INVITE a CANCEL targets
 * (RFC 3261 9.2). Throws SipSyntaxError when a header it reads is malformed, and Error when
 * the request has no Via.
 */
export function serverKey(request: SipRequest, method: string = request.method): string {
  const via = topViaOf(request);
  const branch = via.branch;
  if (branch !== undefined && isRfc3261Branch(branch)) {
    return ['3261', branch.toLowerCase(), sentBy(via), method === 'ACK' ? 'INVITE' : method].join(
      SEP,
    );
  }
  if (method === 'ACK') return legacyAckKey(request, request.toTag ?? '');
  // RFC 3261 17.2.3: Request-URI, To tag, From tag, Call-ID, CSeq and top Via.
  return [
    '2543',
    serializeUri(request.uri),
    request.toTag ?? '',
    request.fromTag ?? '',
    request.callId,
    `${request.cseq.seq} ${method}`,
    viaIdentity(via),
  ].join(SEP);
}

/**
 * RFC 3261 17.2.3, RFC 2543 fallback for ACK: Request-URI, From tag, Call-ID, CSeq number and top
 * Via of the INVITE, and the To tag of the response the server transaction sent. Given the
 * INVITE and that tag it names the ACK to expect; given the ACK and its own To tag, the same.
 */
export function legacyAckKey(request: SipRequest, toTag: string): string {
  return [
    '2543-ack',
    serializeUri(request.uri),
    request.fromTag ?? '',
    request.callId,
    String(request.cseq.seq),
    viaIdentity(topViaOf(request)),
    toTag,
  ].join(SEP);
}

function topViaOf(request: SipRequest): Via {
  const via = request.topVia;
  if (via === undefined) throw new Error('the request has no Via');
  return via;
}

/** RFC 3261 17.2.3: sent-by as written; hosts compare case-insensitively. */
function sentBy(via: Via): string {
  return `${via.host.toLowerCase()}:${via.port ?? ''}`;
}

/**
 * The parts of a top Via that identify its sender. received and rport are left out: a server
 * transport may add them (RFC 3261 18.2.1, RFC 3581), and it adds them to every retransmission alike.
 */
function viaIdentity(via: Via): string {
  return `${via.transport} ${sentBy(via)};branch=${via.branch ?? ''}`;
}
