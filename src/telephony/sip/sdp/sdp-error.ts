// The expected errors of SDP offer/answer: what was wrong with a session description, as a stable code and a message.

/**
 * - `sdp-malformed`: the text is not SDP we can read (RFC 4566 syntax). An offer in a request
 *   is answered 400; an answer in a response ends the session.
 * - `sdp-not-acceptable`: valid SDP with nothing we can use (no audio over RTP/AVP with a codec
 *   we allow). An offer is answered 488 (RFC 3261 §21.4.26), a Warning 304/305 may explain it.
 * - `sdp-answer-mismatch`: an answer that breaks RFC 3264 §6 against our offer (m= line count,
 *   media type, transport, a codec we did not offer). An answer cannot be rejected, so the
 *   dialog layer ends the session (initial) or keeps the previous one (re-INVITE).
 * - `sdp-unexpected`: SDP arrived where the offer/answer exchange does not allow it (an answer
 *   with no offer outstanding, an offer while ours is pending: RFC 3261 §14.2, RFC 6337 §3).
 */
export type SdpErrorCode =
  'sdp-malformed' | 'sdp-not-acceptable' | 'sdp-answer-mismatch' | 'sdp-unexpected';

export interface SdpErrorOptions {
  /** 1-based index of the m= line at fault, when one is. */
  readonly mediaLine?: number;
  /** 1-based line of the SDP text at fault, when one is. */
  readonly line?: number;
  readonly cause?: unknown;
}

export class SdpError extends Error {
  readonly code: SdpErrorCode;
  readonly mediaLine: number | undefined;
  readonly line: number | undefined;

  constructor(code: SdpErrorCode, message: string, options: SdpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SdpError';
    this.code = code;
    this.mediaLine = options.mediaLine;
    this.line = options.line;
  }
}

export function isSdpError(error: unknown, code?: SdpErrorCode): error is SdpError {
  return error instanceof SdpError && (code === undefined || error.code === code);
}

/** What every function here that reads SDP from outside returns: it never throws. */
export type SdpResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SdpError };

export function sdpOk<T>(value: T): SdpResult<T> {
  return { ok: true, value };
}

export function sdpFail<T>(error: SdpError): SdpResult<T> {
  return { ok: false, error };
}

/**
 * Runs `body`, turning an SdpError it throws into a failed result and anything else (a bug, or
 * a surprise from the SDP library) into `sdp-malformed`, so untrusted input never throws past
 * the API.
 */
export function guardSdp<T>(what: string, body: () => SdpResult<T>): SdpResult<T> {
  try {
    return body();
  } catch (error) {
    if (error instanceof SdpError) return sdpFail(error);
    const detail = error instanceof Error ? error.message : String(error);
    return sdpFail(
      new SdpError('sdp-malformed', `${what} failed unexpectedly: ${detail}`, { cause: error }),
    );
  }
}
