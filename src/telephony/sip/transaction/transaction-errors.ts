// Errors of the transaction layer: overload is an expected condition (a HotlineError); a refused move is a TU bug.
import { HotlineError } from '../../../platform/index.ts';

/**
 * The layer holds as many live transactions as it is allowed to. Expected under load: a UAC
 * core treats it as a local 503 (RFC 3261 8.1.3.1), a UAS answers 503 with Retry-After.
 */
export class TransactionOverloadError extends HotlineError {
  constructor(limit: number) {
    super(
      'unavailable',
      `The SIP stack holds its limit of ${limit} live transactions; retry shortly or raise maxTransactions.`,
      { retryAfterSeconds: 1 },
    );
    this.name = 'TransactionOverloadError';
  }
}

/** The TU asked a transaction for something its state machine refuses, e.g. a second final response. */
export class TransactionStateError extends Error {
  constructor(
    readonly transaction: string,
    readonly state: string,
    readonly event: string,
  ) {
    super(`${transaction} in state ${state} refuses "${event}"`);
    this.name = 'TransactionStateError';
  }
}
