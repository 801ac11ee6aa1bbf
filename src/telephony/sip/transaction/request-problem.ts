// The checks the transaction layer needs of a request before it can file it under a key (RFC 3261 §8.2.2, §17.2.3).
import { type SipRequest, isSipSyntaxError } from '../message/index.ts';

/**
 * What is wrong with `request` for the transaction layer, or undefined when nothing is: a top
 * Via, From, To, Call-ID and CSeq that parse, and a CSeq method equal to the request method
 * (RFC 3261 8.1.1.5). The parser checks all of this for what arrives from the wire; the layer
 * checks again for requests built in code, and for headers the parser leaves to later.
 */
export function requestProblem(request: SipRequest): string | undefined {
  try {
    if (request.topVia === undefined) return 'missing Via header';
    void request.from;
    void request.to;
    void request.callId;
    const { method } = request.cseq;
    if (method !== request.method) {
      return `CSeq method ${method} does not match the request method ${request.method}`;
    }
    return undefined;
  } catch (error) {
    if (isSipSyntaxError(error)) return error.message;
    throw error;
  }
}
