// The base error for expected conditions: a stable code that each edge (HTTP,
// WebSocket, SIP) maps to its own status. Bugs stay plain Errors.

export const errorCodes = [
  'invalid-input', // a value from outside failed validation
  'invalid-config', // configuration could not be used; the process must not start
  'unauthenticated', // no valid session or token
  'forbidden', // authenticated, but the role does not allow it
  'not-found',
  'conflict', // the request contradicts current state (duplicate name, stale version)
  'illegal-state', // the action does not fit where the thing stands (hold a call that is not connected)
  'unsupported', // the device or peer involved cannot do it (a phone that does not take remote answer)
  'locked', // too many failed attempts on this account; retry later
  'rate-limited', // too many attempts from this caller; retry later
  'unavailable', // a dependency is down or the service is shutting down
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface HotlineErrorOptions {
  /** The input field at fault, as the caller named it (`body.username`, `HOTLINE_HTTP_PORT`). */
  field?: string;
  /** Seconds after which retrying may succeed (for `locked`, `unavailable`). */
  retryAfterSeconds?: number;
  cause?: unknown;
  /** Every problem found, for inputs that can have many (an IVR flow, a CSV import). */
  problems?: readonly InputProblem[];
}

/** One problem in a larger input: where (`field`, and the flow `node` when there is one) and what. */
export interface InputProblem {
  field: string;
  message: string;
  node?: string;
  line?: number;
}

export class HotlineError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly problems: readonly InputProblem[] | undefined;

  constructor(code: ErrorCode, message: string, options: HotlineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HotlineError';
    this.code = code;
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.problems = options.problems;
  }
}

export function isHotlineError(error: unknown, code?: ErrorCode): error is HotlineError {
  return error instanceof HotlineError && (code === undefined || error.code === code);
}
