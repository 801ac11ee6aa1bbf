// The non-INVITE server transaction (RFC 3261 §17.2.2, with the provisional-response rules of RFC 4320).
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { InboundMessage, Peer, TransportError } from '../transport/index.ts';
import type { TransitionTable } from '../../../platform/index.ts';
import { TransactionBase, type TransactionContext } from './transaction-base.ts';
import { TransactionStateError } from './transaction-errors.ts';

export const nonInviteServerStates = ['Trying', 'Proceeding', 'Completed', 'Terminated'] as const;
export type NonInviteServerState = (typeof nonInviteServerStates)[number];

export const nonInviteServerEvents = ['request', 'send1xx', 'sendFinal', 'timerJ'] as const;
export type NonInviteServerEvent = (typeof nonInviteServerEvents)[number];

/**
 * RFC 3261 Figure 8. Transport errors change no state (RFC 6026 8.8, updating §17.2.4). A
 * response from the TU that a state refuses is a TU bug and throws.
 */
export const nonInviteServerTransitions: TransitionTable<
  NonInviteServerState,
  NonInviteServerEvent
> = {
  // RFC 3261 17.2.2: in Trying, request retransmissions are discarded.
  Trying: { request: 'Trying', send1xx: 'Proceeding', sendFinal: 'Completed' },
  Proceeding: { request: 'Proceeding', send1xx: 'Proceeding', sendFinal: 'Completed' },
  // RFC 3261 17.2.2: further final responses from the TU are discarded in Completed.
  Completed: { request: 'Completed', sendFinal: 'Completed', timerJ: 'Terminated' },
  Terminated: {},
};

export class NonInviteServerTransaction extends TransactionBase<
  NonInviteServerState,
  NonInviteServerEvent,
  'J'
> {
  readonly kind = 'non-invite-server' as const;
  readonly request: SipRequest;
  readonly inbound: InboundMessage;
  #lastResponse: SipResponse | undefined;

  constructor(ctx: TransactionContext, id: string, request: SipRequest, inbound: InboundMessage) {
    super(ctx, id, inbound.source.protocol, nonInviteServerTransitions, 'Trying');
    this.request = request;
    this.inbound = inbound;
  }

  /** Where responses go: the request's source; the transport applies RFC 3261 §18.2.2. */
  get source(): Peer {
    return this.inbound.source;
  }

  get lastResponse(): SipResponse | undefined {
    return this.#lastResponse;
  }

  /** Called by the layer once the transaction is filed; nothing runs until the TU answers. */
  start(): void {}

  /** Whether the TU may send a response with this status now. */
  canRespond(status: number): boolean {
    if (status > 100 && status < 200) return false;
    return this.accepts(status < 200 ? 'send1xx' : 'sendFinal');
  }

  /**
   * Sends a response the TU built (createResponse). RFC 4320 4.1: a provisional response to a
   * non-INVITE may only be 100, and on an unreliable transport not before T2 has passed (the
   * client's Timer E has reached T2 by then); an early 100 is dropped. Throws on any other
   * provisional status, and TransactionStateError when the state refuses the response.
   */
  respond(response: SipResponse): void {
    const status = response.status;
    if (status > 100 && status < 200) {
      throw new Error(`RFC 4320 4.1: a non-INVITE request takes no ${status}; send 100 or a final`);
    }
    const event = status < 200 ? 'send1xx' : 'sendFinal';
    if (!this.accepts(event)) {
      throw new TransactionStateError('non-INVITE server transaction', this.state, event);
    }
    if (status === 100 && !this.reliable && !this.#t2Passed()) return;
    this.fire(event, (from) => {
      if (from === 'Completed') return;
      this.#lastResponse = response;
      this.transmit(response, this.source);
      // RFC 3261 17.2.2: Timer J = 64*T1 on unreliable transports, zero on reliable ones.
      if (event === 'sendFinal') this.startTimer('J', this.durations.J, () => this.fire('timerJ'));
    });
  }

  /** A retransmission of the request the layer matched here (RFC 3261 §17.2.3). */
  receiveRequest(_request: SipRequest): void {
    this.fire('request', (from) => {
      // RFC 3261 17.2.2: in Proceeding and Completed, resend the last response.
      if (from !== 'Trying' && this.#lastResponse !== undefined) {
        this.transmit(this.#lastResponse, this.source);
      }
    });
  }

  /** RFC 6026 8.8: tell the TU and stay in the current state; Timer J ends the transaction. */
  protected override onTransportError(error: TransportError): void {
    this.ctx.callUser('onServerTransportError', () =>
      this.ctx.user.onServerTransportError?.(error, this),
    );
  }

  protected override notifyTerminated(): void {
    this.ctx.callUser('onServerTerminated', () => this.ctx.user.onServerTerminated?.(this));
  }

  #t2Passed(): boolean {
    return this.ctx.clock.now() - this.inbound.receivedAt >= this.ctx.settings.t2;
  }
}
