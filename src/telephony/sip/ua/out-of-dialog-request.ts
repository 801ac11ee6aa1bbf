// Sends one request outside any dialog (REGISTER, OPTIONS) in a client transaction and reports its outcome once, answering 401/407 with credentials (RFC 3261 §8.1, §22.2).
import type { Clock, Scheduler } from '../../../platform/index.ts';
import type { DigestClient } from '../auth/index.ts';
import { authorizedRetry } from '../dialog/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { TransactionLayer } from '../transaction/index.ts';
import type { Peer } from '../transport/index.ts';

export type RequestOutcome =
  | { readonly kind: 'response'; readonly response: SipResponse }
  /** Timer F: RFC 3261 §8.1.3.1 treats it as 408. */
  | { readonly kind: 'timeout' }
  /** The transport could not send, or the layer refused the transaction: treated as 503. */
  | { readonly kind: 'unreachable'; readonly reason: string };

export interface OutOfDialogSend {
  readonly transactions: Pick<TransactionLayer, 'sendRequest'>;
  readonly clock: Clock & Scheduler;
  /** The request without a Via (the transaction layer adds one). */
  readonly request: SipRequest;
  readonly destination: Peer;
  /** Answers 401/407; without it the challenge is the outcome. */
  readonly auth?: DigestClient;
  /** The CSeq of the retry with credentials (RFC 3261 §22.2: a new CSeq in the same Call-ID). */
  readonly nextSeq: () => number;
}

export interface SentOutcome {
  readonly outcome: RequestOutcome;
  /** The last request sent (with credentials when a challenge was answered). */
  readonly sent: SipRequest;
}

/** The status an outcome stands for (RFC 3261 §8.1.3.1). */
export function outcomeStatus(outcome: RequestOutcome): number {
  if (outcome.kind === 'response') return outcome.response.status;
  return outcome.kind === 'timeout' ? 408 : 503;
}

/**
 * Sends the request; resolves once with its final response, a timeout or unreachable. A 401/407
 * is answered with credentials once; again only if the new challenge says stale=true (RFC 7616
 * §3.3: the credentials were right, the nonce old). Anything else stands as the outcome, so
 * wrong credentials are tried once only: carriers block addresses that keep failing.
 */
export function sendOutOfDialog(send: OutOfDialogSend): Promise<SentOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let answered = 0;
    const finish = (outcome: RequestOutcome, sent: SipRequest): void => {
      if (settled) return;
      settled = true;
      resolve({ outcome, sent });
    };
    const start = (request: SipRequest): void => {
      try {
        send.transactions.sendRequest(request, send.destination, {
          onResponse: (response) => {
            if (response.status < 200) return;
            const again = answered === 0 || isStale(response);
            const retry =
              again && answered < 2
                ? authorizedRetry(request, response, send.auth, send.nextSeq)
                : undefined;
            if (retry === undefined) return finish({ kind: 'response', response }, request);
            answered++;
            start(retry);
          },
          onTimeout: () => finish({ kind: 'timeout' }, request),
          onTransportError: (error) =>
            finish({ kind: 'unreachable', reason: error.message }, request),
        });
      } catch (error) {
        // Reported on the next tick, never from inside this call.
        const reason = error instanceof Error ? error.message : String(error);
        send.clock.after(0, () => finish({ kind: 'unreachable', reason }, request));
      }
    };
    start(send.request);
  });
}

function isStale(response: SipResponse): boolean {
  const header = response.status === 407 ? 'proxy-authenticate' : 'www-authenticate';
  return response.getAll(header).some((value) => /\bstale\s*=\s*"?true"?/i.test(value));
}
