// The INVITE server transaction (RFC 3261 §17.2.1, with the Accepted state of RFC 6026 §7.1).
import { type SipRequest, type SipResponse, createResponse } from '../message/index.ts';
import type { InboundMessage, Peer, TransportError } from '../transport/index.ts';
import type { TransitionTable } from '../../../platform/index.ts';
import { TransactionBase, type TransactionContext } from './transaction-base.ts';
import { TransactionStateError } from './transaction-errors.ts';
import { isRfc3261Branch } from './transaction-ids.ts';
import { legacyAckKey } from './transaction-keys.ts';
import { backoff } from './transaction-timers.ts';

export const inviteServerStates = [
  'Proceeding',
  'Accepted',
  'Completed',
  'Confirmed',
  'Terminated',
] as const;
export type InviteServerState = (typeof inviteServerStates)[number];

export const inviteServerEvents = [
  /** A retransmission of the INVITE. */
  'request',
  'send1xx',
  'send2xx',
  'send300-699',
  'ack',
  'timerG',
  'timerH',
  'timerI',
  'timerL',
] as const;
export type InviteServerEvent = (typeof inviteServerEvents)[number];

/**
 * RFC 3261 Figure 7 as amended by RFC 6026 Figure 7. Transport errors change no state
 * (RFC 6026 8.8). A response from the TU that a state refuses is a TU bug and throws.
 */
export const inviteServerTransitions: TransitionTable<InviteServerState, InviteServerEvent> = {
  Proceeding: {
    request: 'Proceeding',
    send1xx: 'Proceeding',
    send2xx: 'Accepted',
    'send300-699': 'Completed',
  },
  // RFC 6026 7.1: INVITE retransmissions are absorbed, the TU's 2xx retransmissions are sent,
  // and an ACK that matches goes to the TU.
  Accepted: { request: 'Accepted', send2xx: 'Accepted', ack: 'Accepted', timerL: 'Terminated' },
  Completed: { request: 'Completed', timerG: 'Completed', ack: 'Confirmed', timerH: 'Terminated' },
  // RFC 3261 17.2.1: Confirmed absorbs the ACKs that retransmitted responses trigger.
  Confirmed: { request: 'Confirmed', ack: 'Confirmed', timerI: 'Terminated' },
  Terminated: {},
};

type InviteServerTimer = 'trying' | 'G' | 'H' | 'I' | 'L';

export class InviteServerTransaction extends TransactionBase<
  InviteServerState,
  InviteServerEvent,
  InviteServerTimer
> {
  readonly kind = 'invite-server' as const;
  readonly request: SipRequest;
  readonly inbound: InboundMessage;
  #lastProvisional: SipResponse | undefined;
  #lastFinal: SipResponse | undefined;
  #intervalG: number;

  constructor(ctx: TransactionContext, id: string, request: SipRequest, inbound: InboundMessage) {
    super(ctx, id, inbound.source.protocol, inviteServerTransitions, 'Proceeding');
    this.request = request;
    this.inbound = inbound;
    this.#intervalG = this.durations.G;
  }

  /** Where responses go: the request's source; the transport applies RFC 3261 §18.2.2. */
  get source(): Peer {
    return this.inbound.source;
  }

  /** The last response sent: the final one once there is one, else the last provisional. */
  get lastResponse(): SipResponse | undefined {
    return this.#lastFinal ?? this.#lastProvisional;
  }

  /** Called by the layer once the transaction is filed. */
  start(): void {
    // RFC 3261 17.2.1: send 100 (Trying) unless the TU answers within 200 ms.
    this.timers.start('trying', this.ctx.settings.tryingDelay, () => {
      if (this.state === 'Proceeding' && this.#lastProvisional === undefined) this.#sendTrying();
    });
  }

  /** Whether the TU may send a response with this status now. */
  canRespond(status: number): boolean {
    return this.accepts(eventFor(status));
  }

  /**
   * Sends a response the TU built (createResponse). A 2xx moves to Accepted, where the UAS
   * core passes its own 2xx retransmissions through here (RFC 6026 8.5, RFC 3261 13.3.1.4).
   * Throws TransactionStateError when the state refuses it, e.g. a second non-2xx final.
   */
  respond(response: SipResponse): void {
    const event = eventFor(response.status);
    const accepted = this.fire(event, (from) => {
      this.timers.cancel('trying');
      this.transmit(response, this.source);
      if (event === 'send1xx') {
        this.#lastProvisional = response;
        return;
      }
      this.#lastFinal = response;
      if (from === 'Proceeding') this.ctx.finalSent(this);
      this.#expectLegacyAck(response);
      if (event === 'send2xx') {
        // RFC 6026 8.7: Timer L = 64*T1 keeps absorbing INVITE retransmissions.
        if (from === 'Proceeding')
          this.timers.start('L', this.durations.L, () => this.fire('timerL'));
        return;
      }
      // RFC 3261 17.2.1: Timer G = T1 on unreliable transports only; Timer H = 64*T1 for all.
      if (!this.reliable) this.timers.start('G', this.#intervalG, () => this.#timerG());
      this.timers.start('H', this.durations.H, () =>
        this.fire('timerH', () =>
          this.ctx.callUser('onServerTimeout', () => this.ctx.user.onServerTimeout?.(this)),
        ),
      );
    });
    if (!accepted) throw new TransactionStateError('INVITE server transaction', this.state, event);
  }

  /** A retransmission of the INVITE the layer matched here (RFC 3261 §17.2.3). */
  receiveRequest(_request: SipRequest): void {
    this.fire('request', (from) => {
      if (from === 'Proceeding') {
        // RFC 3261 17.2.1: resend the most recent provisional response; with none yet, the
        // client is waiting, so send the 100 now rather than at 200 ms.
        if (this.#lastProvisional === undefined) this.#sendTrying();
        else this.transmit(this.#lastProvisional, this.source);
      } else if (from === 'Completed' && this.#lastFinal !== undefined) {
        // RFC 3261 17.2.1: resend the final response on each retransmission of the request.
        this.transmit(this.#lastFinal, this.source);
      }
      // Accepted (RFC 6026 7.1) and Confirmed: absorbed.
    });
  }

  /** An ACK the layer matched here; false when the state refuses it (it is then discarded). */
  receiveAck(ack: SipRequest, inbound: InboundMessage): boolean {
    return this.fire('ack', (from) => {
      if (from === 'Accepted') {
        // RFC 6026 7.1: an ACK in Accepted is the TU's, to stop its 2xx retransmissions.
        this.ctx.callUser('onAck', () => this.ctx.user.onAck(ack, inbound, this));
      } else if (from === 'Completed') {
        this.timers.cancel('G');
        this.timers.cancel('H');
        // RFC 3261 17.2.1: Timer I = T4 on unreliable transports, zero on reliable ones.
        this.startTimer('I', this.durations.I, () => this.fire('timerI'));
      }
      // Confirmed: absorbed.
    });
  }

  /** RFC 6026 8.8: tell the TU and stay in the current state; the timers end the transaction. */
  protected override onTransportError(error: TransportError): void {
    this.ctx.callUser('onServerTransportError', () =>
      this.ctx.user.onServerTransportError?.(error, this),
    );
  }

  protected override notifyTerminated(): void {
    this.ctx.callUser('onServerTerminated', () => this.ctx.user.onServerTerminated?.(this));
  }

  #sendTrying(): void {
    this.respond(createResponse(this.request, 100));
  }

  #timerG(): void {
    this.fire('timerG', () => {
      // RFC 3261 17.2.1: resend the final response; Timer G doubles up to T2.
      if (this.#lastFinal !== undefined) this.transmit(this.#lastFinal, this.source);
      this.#intervalG = backoff(this.#intervalG, this.ctx.settings);
      this.timers.start('G', this.#intervalG, () => this.#timerG());
    });
  }

  /** RFC 3261 17.2.3: an RFC 2543 ACK is matched by the To tag of the response it acknowledges. */
  #expectLegacyAck(response: SipResponse): void {
    const branch = this.request.topVia?.branch;
    if (branch !== undefined && isRfc3261Branch(branch)) return;
    try {
      const tag = response.toTag;
      if (tag !== undefined) this.ctx.alias(this, legacyAckKey(this.request, tag));
    } catch {
      // A To the TU copied unparsed cannot be matched; the ACK then goes to the TU as a 2xx ACK.
    }
  }
}

function eventFor(status: number): 'send1xx' | 'send2xx' | 'send300-699' {
  if (status < 200) return 'send1xx';
  return status < 300 ? 'send2xx' : 'send300-699';
}
