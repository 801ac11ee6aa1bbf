// The INVITE client transaction (RFC 3261 §17.1.1, with the Accepted state of RFC 6026 §7.2).
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { Peer, TransportError } from '../transport/index.ts';
import { createNon2xxAck } from './client-requests.ts';
import type { TransitionTable } from '../../../platform/index.ts';
import { TransactionBase, type TransactionContext } from './transaction-base.ts';
import type { ClientTransactionUser } from './transaction-user.ts';

export const inviteClientStates = [
  'Calling',
  'Proceeding',
  'Accepted',
  'Completed',
  'Terminated',
] as const;
export type InviteClientState = (typeof inviteClientStates)[number];

export const inviteClientEvents = [
  'timerA',
  'timerB',
  '1xx',
  '2xx',
  '300-699',
  'timerD',
  'timerM',
  'transportError',
  /** RFC 3261 9.1: no final response 64*T1 after the CANCEL was sent. */
  'cancelTimeout',
] as const;
export type InviteClientEvent = (typeof inviteClientEvents)[number];

/** RFC 3261 Figure 5 as amended by RFC 6026 Figure 5. Responses a state refuses are discarded. */
export const inviteClientTransitions: TransitionTable<InviteClientState, InviteClientEvent> = {
  Calling: {
    timerA: 'Calling',
    timerB: 'Terminated',
    '1xx': 'Proceeding',
    '2xx': 'Accepted',
    '300-699': 'Completed',
    transportError: 'Terminated',
  },
  Proceeding: {
    '1xx': 'Proceeding',
    '2xx': 'Accepted',
    '300-699': 'Completed',
    cancelTimeout: 'Terminated',
  },
  // RFC 6026 7.2: 2xx retransmissions and forked 2xx go to the TU, which ACKs each.
  Accepted: { '2xx': 'Accepted', timerM: 'Terminated' },
  // RFC 3261 17.1.1.2: a retransmitted final response is ACKed again, not passed up.
  Completed: { '300-699': 'Completed', timerD: 'Terminated', transportError: 'Terminated' },
  Terminated: {},
};

type InviteClientTimer = 'A' | 'B' | 'D' | 'M' | 'cancel';

export class InviteClientTransaction extends TransactionBase<
  InviteClientState,
  InviteClientEvent,
  InviteClientTimer
> {
  readonly kind = 'invite-client' as const;
  readonly request: SipRequest;
  readonly destination: Peer;
  readonly branch: string;
  readonly #user: ClientTransactionUser;
  #intervalA: number;
  #ack: SipRequest | undefined;
  #onProvisional: (() => void) | undefined;

  /** Sends the INVITE at once; the layer files it under `id` before that. */
  constructor(
    ctx: TransactionContext,
    id: string,
    request: SipRequest,
    destination: Peer,
    branch: string,
    user: ClientTransactionUser,
  ) {
    super(ctx, id, destination.protocol, inviteClientTransitions, 'Calling');
    this.request = request;
    this.destination = destination;
    this.branch = branch;
    this.#user = user;
    this.#intervalA = this.durations.A;
  }

  /** The ACK the transaction generated for a non-2xx final response, once there is one. */
  get ack(): SipRequest | undefined {
    return this.#ack;
  }

  /** Called by the layer once the transaction is filed. */
  start(): void {
    this.transmit(this.request, this.destination);
    // RFC 3261 17.1.1.2: Timer A = T1 for unreliable transports only; Timer B = 64*T1.
    if (!this.reliable) this.timers.start('A', this.#intervalA, () => this.#timerA());
    this.timers.start('B', this.durations.B, () => this.fire('timerB', () => this.#timeout()));
  }

  /** A response the layer matched to this transaction (RFC 3261 §17.1.3). */
  receiveResponse(response: SipResponse): void {
    const status = response.status;
    if (status < 200) {
      this.fire('1xx', () => {
        this.#leaveCalling();
        this.#tell('onResponse', (u) => u.onResponse(response, this));
        this.#provisionalArrived();
      });
    } else if (status < 300) {
      this.fire('2xx', (from) => {
        if (from !== 'Accepted') {
          this.#finalArrived();
          // RFC 6026 7.2: Timer M = 64*T1 keeps the transaction to pass on 2xx retransmissions.
          this.timers.start('M', this.durations.M, () => this.fire('timerM'));
        }
        this.#tell('onResponse', (u) => u.onResponse(response, this));
      });
    } else {
      this.fire('300-699', (from) => {
        if (from === 'Completed') {
          // RFC 3261 17.1.1.2: retransmissions of the final response are ACKed again.
          if (this.#ack !== undefined) this.transmit(this.#ack, this.destination);
          return;
        }
        this.#finalArrived();
        // RFC 3261 17.1.1.3: the ACK goes where the INVITE went, even on reliable transports.
        try {
          this.#ack = createNon2xxAck(this.request, response);
          this.transmit(this.#ack, this.destination);
        } catch (error) {
          // Only a response without a To could get here; Timer D still ends the transaction.
          this.ctx.logger.warn({ err: error, transaction: this.id }, 'could not build the ACK');
        }
        this.#tell('onResponse', (u) => u.onResponse(response, this));
        // RFC 3261 17.1.1.2: Timer D is at least 32 s on unreliable transports, zero on reliable.
        this.startTimer('D', this.durations.D, () => this.fire('timerD'));
      });
    }
  }

  /**
   * RFC 3261 9.1: a CANCEL must wait for a provisional response. Runs `send` once the first
   * 1xx has arrived (at once if one has); never when a final response comes first. Returns
   * whether `send` ran or will run.
   */
  whenProceeding(send: () => void): boolean {
    if (this.state === 'Proceeding') {
      send();
      return true;
    }
    if (this.state !== 'Calling') return false;
    this.#onProvisional = send;
    return true;
  }

  /**
   * RFC 3261 9.1: once a CANCEL is sent, a final response should come within 64*T1; if none
   * does, the transaction is given up as timed out.
   */
  cancelSent(): void {
    if (this.state !== 'Proceeding' || this.timers.isRunning('cancel')) return;
    this.timers.start('cancel', 64 * this.ctx.settings.t1, () =>
      this.fire('cancelTimeout', () => this.#timeout()),
    );
  }

  protected override onTransportError(error: TransportError): void {
    this.fire('transportError', () =>
      this.#tell('onTransportError', (u) => u.onTransportError(error, this)),
    );
  }

  protected override notifyTerminated(): void {
    this.#onProvisional = undefined;
    this.#tell('onTerminated', (u) => u.onTerminated?.(this));
  }

  #timerA(): void {
    this.fire('timerA', () => {
      // RFC 3261 17.1.1.2: retransmit and double Timer A each time (no T2 cap for INVITE).
      this.transmit(this.request, this.destination);
      this.#intervalA *= 2;
      this.timers.start('A', this.#intervalA, () => this.#timerA());
    });
  }

  /** RFC 3261 17.1.1.2: Timers A and B run in Calling only. */
  #leaveCalling(): void {
    this.timers.cancel('A');
    this.timers.cancel('B');
  }

  /** A final response ends the wait for one: no CANCEL is due any more (RFC 3261 9.1). */
  #finalArrived(): void {
    this.#leaveCalling();
    this.timers.cancel('cancel');
    this.#onProvisional = undefined;
  }

  #provisionalArrived(): void {
    const send = this.#onProvisional;
    this.#onProvisional = undefined;
    send?.();
  }

  #timeout(): void {
    this.#tell('onTimeout', (u) => u.onTimeout(this));
  }

  #tell(callback: string, call: (user: ClientTransactionUser) => void): void {
    this.ctx.callUser(callback, () => call(this.#user));
  }
}
