// The 400 for a request the layer cannot file under a transaction key or whose headers contradict each other.
import { type SipRequest, SipResponse, createResponse, headerKey } from '../message/index.ts';
import { newTag } from './transaction-ids.ts';

/**
 * A 400 (Bad Request) whose reason says what was wrong (RFC 3261 §21.4.1: "The reason phrase
 * SHOULD identify the syntax problem in more detail"). When the To header itself is broken,
 * the usual builder cannot read its tag, so the RFC 3261 §8.2.6.2 headers are copied as written.
 */
export function createBadRequest(request: SipRequest, problem: string): SipResponse {
  const reason = `Bad Request (${oneLine(problem)})`;
  try {
    return createResponse(request, 400, reason, { toTag: newTag() });
  } catch {
    const copied = new Set(['via', 'from', 'to', 'call-id', 'cseq']);
    const headers = request.headers.filter((h) => copied.has(headerKey(h.name)));
    return new SipResponse({ status: 400, reason, headers });
  }
}

/** A Reason-Phrase is one line of modest length. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters cannot go in a Reason-Phrase
  const flat = text.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
  return flat.length > 100 ? flat.slice(0, 97) + '...' : flat;
}
