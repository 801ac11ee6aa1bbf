// The non-INVITE client transaction (RFC 3261 §17.1.2).
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { Peer, TransportError } from '../transport/index.ts';
import type { TransitionTable } from '../../../platform/index.ts';
import { TransactionBase, type TransactionContext } from './transaction-base.ts';
import { backoff } from './transaction-timers.ts';
import type { ClientTransactionUser } from './transaction-user.ts';

export const nonInviteClientStates = ['Trying', 'Proceeding', 'Completed', 'Terminated'] as const;
export type NonInviteClientState = (typeof nonInviteClientStates)[number];

export const nonInviteClientEvents = [
  'timerE',
  'timerF',
  '1xx',
  'final',
  'timerK',
  'transportError',
] as const;
export type NonInviteClientEvent = (typeof nonInviteClientEvents)[number];

/**
 * RFC 3261 Figure 6. In Completed the transaction buffers retransmitted responses: the table
 * refuses them and they are discarded.
 */
export const nonInviteClientTransitions: TransitionTable<
  NonInviteClientState,
  NonInviteClientEvent
> = {
  Trying: {
    timerE: 'Trying',
    timerF: 'Terminated',
    '1xx': 'Proceeding',
    final: 'Completed',
    transportError: 'Terminated',
  },
  Proceeding: {
    timerE: 'Proceeding',
    timerF: 'Terminated',
    '1xx': 'Proceeding',
    final: 'Completed',
    transportError: 'Terminated',
  },
  Completed: { timerK: 'Terminated' },
  Terminated: {},
};

type NonInviteClientTimer = 'E' | 'F' | 'K';

export class NonInviteClientTransaction extends TransactionBase<
  NonInviteClientState,
  NonInviteClientEvent,
  NonInviteClientTimer
> {
  readonly kind = 'non-invite-client' as const;
  readonly request: SipRequest;
  readonly destination: Peer;
  readonly branch: string;
  readonly #user: ClientTransactionUser;
  #intervalE: number;

  constructor(
    ctx: TransactionContext,
    id: string,
    request: SipRequest,
    destination: Peer,
    branch: string,
    user: ClientTransactionUser,
  ) {
    super(ctx, id, destination.protocol, nonInviteClientTransitions, 'Trying');
    this.request = request;
    this.destination = destination;
    this.branch = branch;
    this.#user = user;
    this.#intervalE = this.durations.E;
  }

  /** Called by the layer once the transaction is filed: sends the request. */
  start(): void {
    this.transmit(this.request, this.destination);
    // RFC 3261 17.1.2.2: Timer E = T1 for unreliable transports only; Timer F = 64*T1.
    if (!this.reliable) this.timers.start('E', this.#intervalE, () => this.#timerE());
    this.timers.start('F', this.durations.F, () =>
      this.fire('timerF', () => this.#tell('onTimeout', (u) => u.onTimeout(this))),
    );
  }

  /** A response the layer matched to this transaction (RFC 3261 §17.1.3). */
  receiveResponse(response: SipResponse): void {
    if (response.status < 200) {
      this.fire('1xx', () => this.#tell('onResponse', (u) => u.onResponse(response, this)));
      return;
    }
    this.fire('final', () => {
      this.timers.cancel('E');
      this.timers.cancel('F');
      this.#tell('onResponse', (u) => u.onResponse(response, this));
      // RFC 3261 17.1.2.2: Timer K = T4 on unreliable transports, zero on reliable ones.
      this.startTimer('K', this.durations.K, () => this.fire('timerK'));
    });
  }

  protected override onTransportError(error: TransportError): void {
    this.fire('transportError', () =>
      this.#tell('onTransportError', (u) => u.onTransportError(error, this)),
    );
  }

  protected override notifyTerminated(): void {
    this.#tell('onTerminated', (u) => u.onTerminated?.(this));
  }

  #timerE(): void {
    this.fire('timerE', (from) => {
      this.transmit(this.request, this.destination);
      // RFC 3261 17.1.2.2: in Trying the interval doubles up to T2; in Proceeding it is T2.
      this.#intervalE =
        from === 'Trying' ? backoff(this.#intervalE, this.ctx.settings) : this.ctx.settings.t2;
      this.timers.start('E', this.#intervalE, () => this.#timerE());
    });
  }

  #tell(callback: string, call: (user: ClientTransactionUser) => void): void {
    this.ctx.callUser(callback, () => call(this.#user));
  }
}
