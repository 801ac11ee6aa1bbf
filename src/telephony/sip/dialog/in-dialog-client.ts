// Sends one request inside a dialog and reports its outcome once: next hop, credentials, and the ACK of a re-INVITE's 2xx.
import type { DigestClient } from '../auth/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { ClientTransactionUser } from '../transaction/index.ts';
import type { Peer } from '../transport/index.ts';
import { authorizedRetry } from './auth-retry.ts';
import type { Dialog } from './dialog.ts';
import type { SessionContext } from './session-context.ts';

export type RequestOutcome =
  | { readonly kind: 'response'; readonly response: SipResponse }
  /** Timer B or F: RFC 3261 §8.1.3.1 treats it as 408. */
  | { readonly kind: 'timeout' }
  /** No next hop, or the transport could not send: treated as 503 (§8.1.3.1). */
  | { readonly kind: 'unreachable' };

/** The status an outcome stands for (RFC 3261 §8.1.3.1). */
export function statusOf(outcome: RequestOutcome): number {
  if (outcome.kind === 'response') return outcome.response.status;
  return outcome.kind === 'timeout' ? 408 : 503;
}

/** RFC 3261 §12.2.1.2: a 481 or 408 (or no way to send at all) means the dialog is gone. */
export function dialogLost(outcome: RequestOutcome): boolean {
  const status = statusOf(outcome);
  return status === 481 || status === 408 || outcome.kind !== 'response';
}

export interface InDialogSend {
  readonly ctx: SessionContext;
  readonly dialog: Dialog;
  readonly request: SipRequest;
  readonly flow: Peer | undefined;
  readonly auth: DigestClient | undefined;
  /** Told once: the final response (the first 2xx for INVITE), a timeout, or unreachable. */
  readonly onFinal: (outcome: RequestOutcome, sent: SipRequest) => void;
}

/** RFC 3261 §22: credentials are offered again only once more (a stale nonce); then the 401/407 stands. */
const MAX_AUTH_ATTEMPTS = 2;

/**
 * Sends `request` to the dialog's next hop. A 401/407 is answered with credentials when the
 * session has a digest client; a 2xx to a re-INVITE is ACKed here, and so is every
 * retransmission of it that the INVITE client transaction passes up (RFC 6026 §7.2). Failures
 * to send are reported on the next tick, never from inside this call.
 */
export function sendInDialog(send: InDialogSend): void {
  const { ctx, dialog } = send;
  let attempts = 0;
  let settled = false;
  let ack: SipRequest | undefined;

  const finish = (outcome: RequestOutcome, sent: SipRequest): void => {
    if (settled) return;
    settled = true;
    send.onFinal(outcome, sent);
  };

  const start = (request: SipRequest): void => {
    const destination = ctx.resolve(dialog.nextHop(request.method, send.flow));
    if (destination === undefined) {
      ctx.clock.after(0, () => finish({ kind: 'unreachable' }, request));
      return;
    }
    const user: ClientTransactionUser = {
      onResponse: (response) => {
        if (response.status < 200) return;
        if (request.method === 'INVITE' && response.status < 300) {
          // The first 2xx goes up first: its Contact may move the remote target the ACK goes to.
          finish({ kind: 'response', response }, request);
          // RFC 3261 §13.2.2.4: the UAC core ACKs every 2xx, the first and each copy.
          ack ??= dialog.createAck(request.cseq.seq);
          ctx.transactions.sendStateless(ack, destination).catch((error: unknown) => {
            ctx.logger.warn({ err: error }, 'could not send the ACK of a re-INVITE 2xx');
          });
          return;
        }
        const retry =
          attempts < MAX_AUTH_ATTEMPTS && !settled
            ? authorizedRetry(request, response, send.auth, () => dialog.nextSeq())
            : undefined;
        if (retry !== undefined) {
          attempts++;
          start(retry);
          return;
        }
        finish({ kind: 'response', response }, request);
      },
      onTimeout: () => finish({ kind: 'timeout' }, request),
      onTransportError: () => finish({ kind: 'unreachable' }, request),
    };
    try {
      ctx.transactions.sendRequest(request, destination, user);
    } catch (error) {
      ctx.logger.warn(
        { err: error, method: request.method },
        'could not send an in-dialog request',
      );
      ctx.clock.after(0, () => finish({ kind: 'unreachable' }, request));
    }
  };

  start(send.request);
}
