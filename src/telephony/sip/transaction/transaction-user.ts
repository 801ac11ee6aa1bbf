// What the transaction layer tells its transaction user (TU): the UAC/UAS cores or a proxy core (RFC 3261 §17).
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { InboundMessage, TransportError } from '../transport/index.ts';
import type { InviteClientTransaction } from './invite-client-transaction.ts';
import type { InviteServerTransaction } from './invite-server-transaction.ts';
import type { NonInviteClientTransaction } from './non-invite-client-transaction.ts';
import type { NonInviteServerTransaction } from './non-invite-server-transaction.ts';

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;
export type Transaction = ClientTransaction | ServerTransaction;

/**
 * Given with each request the TU sends; hears about that client transaction only. A callback
 * that throws is reported and otherwise ignored: the transaction carries on.
 */
export interface ClientTransactionUser {
  /**
   * Each response the transaction passes up: provisional ones, the final one, and for INVITE
   * every 2xx that arrives in Accepted (retransmissions and other forks, RFC 6026 §8.4), each of
   * which the UAC core must ACK itself (RFC 3261 §13.2.2.4). Non-2xx ACKs are the layer's job.
   */
  onResponse(response: SipResponse, transaction: ClientTransaction): void;
  /**
   * Timer B or F fired, or no final response came within 64*T1 of a CANCEL (RFC 3261 §9.1).
   * RFC 3261 §8.1.3.1: treat as a 408 (Request Timeout).
   */
  onTimeout(transaction: ClientTransaction): void;
  /** RFC 3261 §8.1.3.1: the request could not be sent; treat as a 503 (Service Unavailable). */
  onTransportError(error: TransportError, transaction: ClientTransaction): void;
  /** The transaction has ended and left the layer. */
  onTerminated?(transaction: ClientTransaction): void;
}

/** The core above the layer: one per SIP stack, told of everything that arrives. */
export interface TransactionUser {
  /**
   * A new request (neither ACK nor CANCEL) with the server transaction to answer it through.
   * Retransmissions are absorbed and never reach here. If this throws before any final
   * response, the layer answers 500 itself so the transaction can end.
   */
  onRequest(request: SipRequest, transaction: ServerTransaction, inbound: InboundMessage): void;
  /**
   * A new CANCEL, with its own server transaction (answer it: 200, or 481 when `target` is
   * undefined) and the INVITE server transaction it targets (RFC 3261 §9.2). Whether to end the
   * INVITE with 487 is the TU's decision.
   */
  onCancel(
    cancel: SipRequest,
    transaction: NonInviteServerTransaction,
    target: InviteServerTransaction | undefined,
    inbound: InboundMessage,
  ): void;
  /**
   * An ACK the layer does not absorb: the ACK for a 2xx, which matches no transaction (RFC 3261
   * §17.2.3), or one that matched an INVITE server transaction in Accepted (RFC 6026 §8.7), given
   * as `transaction`. The UAS core stops its 2xx retransmissions on it (§13.3.1.4).
   */
  onAck(
    ack: SipRequest,
    inbound: InboundMessage,
    transaction: InviteServerTransaction | undefined,
  ): void;
  /**
   * A response that matches no client transaction: a 2xx from another fork after Timer M, or a
   * late or misdirected one. A UAC core may ACK a 2xx it can place in a dialog; else drop it.
   */
  onStrayResponse(response: SipResponse, inbound: InboundMessage): void;
  /**
   * The layer is at its limit of live transactions and created none for this request; answer
   * it statelessly (TransactionLayer.sendStateless) with 503 and Retry-After.
   */
  onOverload(request: SipRequest, inbound: InboundMessage): void;
  /** Timer H fired: no ACK came for a non-2xx final response (RFC 3261 §17.2.1). */
  onServerTimeout?(transaction: InviteServerTransaction): void;
  /**
   * A response could not be sent. RFC 6026 §8.8: the transaction stays in its state; its own
   * timers end it.
   */
  onServerTransportError?(error: TransportError, transaction: ServerTransaction): void;
  /** A server transaction has ended and left the layer. */
  onServerTerminated?(transaction: ServerTransaction): void;
}
