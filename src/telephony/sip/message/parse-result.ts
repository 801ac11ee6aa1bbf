// What parseMessage returns: the message, or why not, with the status to answer and what is needed to answer.
import type { SipMessage } from './sip-message.ts';
import type { Via } from './via.ts';

export type ParseErrorCode =
  /** Only CRLFs: a keep-alive, not a message. Drop it silently. */
  | 'empty'
  /** Over maxMessageSize, maxHeaderCount or maxHeaderLineLength. */
  | 'too-large'
  | 'malformed-start-line'
  /** A request for a SIP version other than 2.0: 505 (RFC 3261 §21.5.8; RFC 4475 badvers). */
  | 'unsupported-version'
  | 'malformed-header'
  | 'missing-header'
  | 'duplicate-header'
  /** The CSeq method is not the request method (RFC 3261 §8.1.1.5; RFC 4475 mismatch01/02). */
  | 'cseq-mismatch'
  /** Content-Length malformed, missing on a stream, or larger than the body (RFC 3261 §18.3). */
  | 'content-length'
  /** No empty line after the headers. */
  | 'truncated'
  /** A Request-URI scheme this element does not serve (RFC 3261 §8.2.2.1: 416). */
  | 'unsupported-uri-scheme'
  /** A parser bug caught by the safety net; tests assert it never happens. */
  | 'internal';

/**
 * The response to send for a bad request. 513 (Message Too Large, RFC 3261 §21.5.14) is SIP's
 * status for a message over the size limits. For a bad response the status is moot: RFC 3261
 * §18.1.2 has the transport discard it.
 */
export type ParseErrorStatus = 400 | 416 | 505 | 513;

/**
 * The pieces of a rejected message needed to answer it statelessly (RFC 3261 §8.2.6): header
 * values as received (unfolded), whether or not they would have parsed, and the top Via parsed
 * when it could be, since the transport routes the response by it (RFC 3261 §18.2.2).
 */
export interface ParsePartial {
  readonly kind: 'request' | 'response';
  /** Request method, when the start line gave one. */
  readonly method?: string;
  readonly via: readonly string[];
  readonly topVia?: Via;
  readonly from?: string;
  readonly to?: string;
  readonly callId?: string;
  readonly cseq?: string;
  readonly timestamp?: string;
}

export interface ParseError {
  readonly code: ParseErrorCode;
  readonly status: ParseErrorStatus;
  /** What is wrong, naming the header when one is at fault; fit for a Reason-Phrase or a log line. */
  readonly reason: string;
  readonly header?: string;
  readonly partial?: ParsePartial;
}

export type ParseResult =
  | { readonly ok: true; readonly message: SipMessage }
  | { readonly ok: false; readonly error: ParseError };

export interface ParseOptions {
  /** 'datagram' (UDP, default) or 'stream' (TCP, TLS, WebSocket): RFC 3261 §18.3 framing rules differ. */
  readonly transport?: 'datagram' | 'stream';
  /** Largest whole message accepted, in octets. Default 65535 (the UDP limit). */
  readonly maxMessageSize?: number;
  /** Most header lines accepted. Default 200. */
  readonly maxHeaderCount?: number;
  /** Longest header line accepted, in characters. Default 8192. */
  readonly maxHeaderLineLength?: number;
  /**
   * Reject requests without Max-Forwards (RFC 3261 §8.1.1 makes it mandatory). Default true;
   * false accepts RFC 2543 peers (RFC 4475 inv2543).
   */
  readonly requireMaxForwards?: boolean;
  /** Request-URI schemes served; others get 416. Default sip, sips, tel. */
  readonly uriSchemes?: readonly string[];
}
