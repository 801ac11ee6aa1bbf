// Turns messages into octets, and builds responses to requests (RFC 3261 §7, §8.2.6, §12.1.1).
import { trimWs } from './char-classes.ts';
import { headerKey } from './header-names.ts';
import type { ParsePartial } from './parse-result.ts';
import { type SipHeader, type SipMessage, type SipRequest, SipResponse } from './sip-message.ts';
import { serializeUri } from './sip-uri.ts';
import { reasonPhrase } from './status-reasons.ts';

/**
 * The wire form of a message. Headers go out in order with their names as they are; any
 * Content-Length given is dropped and one computed from the body is written last, so the
 * framing is always right (RFC 3261 §18.3, §20.14). CR and LF cannot reach a header: the
 * message model refuses them.
 */
export function serializeMessage(message: SipMessage): Buffer {
  let head =
    message.kind === 'request'
      ? `${message.method} ${serializeUri(message.uri)} SIP/2.0\r\n`
      : `SIP/2.0 ${message.status} ${message.reason}\r\n`;
  for (const h of message.headers) {
    if (headerKey(h.name) !== 'content-length') head += `${h.name}: ${h.value}\r\n`;
  }
  head += `Content-Length: ${message.body.length}\r\n\r\n`;
  const headLength = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLength + message.body.length);
  out.write(head, 0, 'utf8');
  message.body.copy(out, headLength);
  return out;
}

export interface ResponseOptions {
  /**
   * The To tag to add when the request's To has none. RFC 3261 §8.2.6.2: a UAS must tag every
   * response that can create a dialog; a 100 (Trying) may go without.
   */
  readonly toTag?: string;
  /** Copy Record-Route, for responses that create a dialog (RFC 3261 §12.1.1). */
  readonly recordRoute?: boolean;
  /** More headers, after the copied ones (Contact, Allow, Supported, ...). */
  readonly headers?: Iterable<SipHeader | readonly [string, string]>;
  readonly body?: Buffer | string;
}

/**
 * A response to `request` (RFC 3261 §8.2.6.2): Via (every value, in order), From, To, Call-ID
 * and CSeq copied byte for byte; a To tag added when asked and absent; Record-Route copied when
 * asked; the request's Timestamp echoed in a 100 (RFC 3261 §8.2.6.1).
 */
export function createResponse(
  request: SipRequest,
  status: number,
  reason?: string,
  options: ResponseOptions = {},
): SipResponse {
  const headers: [string, string][] = [];
  for (const h of request.headers) {
    const key = headerKey(h.name);
    if (key === 'via' || key === 'from' || key === 'call-id' || key === 'cseq')
      headers.push([h.name, h.value]);
    else if (key === 'to') headers.push([h.name, withTag(h.value, request.toTag, options.toTag)]);
    else if (key === 'record-route' && options.recordRoute === true)
      headers.push([h.name, h.value]);
    else if (key === 'timestamp' && status === 100) headers.push([h.name, h.value]);
  }
  return new SipResponse({
    status,
    reason: reason ?? reasonPhrase(status),
    headers: [...headers, ...(options.headers ?? [])],
    body: options.body,
  });
}

/**
 * A stateless response to a request that failed to parse (a 400, 505 or 513 with the
 * ParseError's reason), from the raw headers the parser saved. Undefined when there is nothing
 * to answer: a response, or a request without a usable top Via, From, To, Call-ID and CSeq.
 */
export function createErrorResponse(
  partial: ParsePartial,
  status: number,
  reason?: string,
): SipResponse | undefined {
  if (partial.kind !== 'request' || partial.topVia === undefined) return undefined;
  const { from, to, callId, cseq } = partial;
  if (from === undefined || to === undefined || callId === undefined || cseq === undefined)
    return undefined;
  const headers: [string, string][] = partial.via.map((v) => ['Via', v]);
  headers.push(['From', from], ['To', to], ['Call-ID', callId], ['CSeq', cseq]);
  try {
    return new SipResponse({
      status,
      reason: sanitizeReason(reason ?? reasonPhrase(status)),
      headers,
    });
  } catch {
    return undefined;
  }
}

function withTag(value: string, existing: string | undefined, tag: string | undefined): string {
  // Appending is exact for both forms: in an addr-spec To, ";tag" is a header parameter too.
  return tag === undefined || existing !== undefined ? value : `${value};tag=${tag}`;
}

/** A Reason-Phrase is one line: control characters (CR, LF, ...) become spaces. */
function sanitizeReason(reason: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return trimWs(reason.replace(/[\x00-\x1f\x7f]+/g, ' '));
}
