// What the auth header parsers return: the value, or a typed reason it could not be read (never a throw).

export type AuthParseErrorCode =
  /** The text breaks the RFC 3261 §25.1 / RFC 7235 §2.1 grammar (quotes, commas, tokens). */
  | 'syntax'
  /** RFC 7235 §2.1: each parameter name occurs at most once per challenge or credentials. */
  | 'duplicate-param'
  /** A parameter RFC 3261 §22.4 / RFC 7616 §3.3-3.4 makes mandatory is absent. */
  | 'missing-param'
  /** A parameter is present but its value is not allowed (nc not 8LHEX, response of the wrong size...). */
  | 'invalid-param'
  /** A parameter this implementation deliberately does not support (userhash=true, username*). */
  | 'unsupported-param'
  /** RFC 7616 §3.3: an algorithm not understood; the challenge is to be ignored. */
  | 'unsupported-algorithm'
  /** A qop that is neither auth nor auth-int (or a challenge offering none of them). */
  | 'unsupported-qop'
  /** Another auth-scheme than Digest (Basic, Bearer...). */
  | 'not-digest';

export interface AuthParseError {
  readonly code: AuthParseErrorCode;
  /** What is wrong, for a log line; never sent to the peer. */
  readonly reason: string;
  /** The parameter at fault, lower-cased, when one is. */
  readonly param?: string;
}

export type AuthParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AuthParseError };

export function parsed<T>(value: T): AuthParseResult<T> {
  return { ok: true, value };
}

export function parseFailure<T>(
  code: AuthParseErrorCode,
  reason: string,
  param?: string,
): AuthParseResult<T> {
  return { ok: false, error: param === undefined ? { code, reason } : { code, reason, param } };
}
