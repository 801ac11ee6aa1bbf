// What the four transactions share: a table-driven state machine, named timers, sending, and the layer's context.
import {
  type Clock,
  type Logger,
  type Scheduler,
  StateMachine,
  type TransitionTable,
} from '../../../platform/index.ts';
import type { SipMessage } from '../message/index.ts';
import {
  type Peer,
  type SipTransport,
  type TransportProtocol,
  TransportError,
  isReliable,
} from '../transport/index.ts';
import { TimerSlots } from './timer-slots.ts';
import type { TimerDurations, TimerSettings } from './transaction-timers.ts';
import type { Transaction, TransactionUser } from './transaction-user.ts';

/** What the layer lends each transaction. */
export interface TransactionContext {
  readonly transport: SipTransport;
  readonly clock: Clock & Scheduler;
  readonly settings: TimerSettings;
  /** Timer values computed once per layer, for each kind of transport. */
  readonly durations: { readonly reliable: TimerDurations; readonly unreliable: TimerDurations };
  readonly user: TransactionUser;
  readonly logger: Logger;
  /** Runs a TU callback; a throw is reported and swallowed. Returns false when it threw. */
  callUser(callback: string, fn: () => void): boolean;
  /** The transaction has reached Terminated: the layer forgets it. */
  terminated(transaction: Transaction): void;
  /** Another key under which a server transaction matches (the RFC 2543 ACK of §17.2.3). */
  alias(transaction: Transaction, key: string): void;
  /** An INVITE server transaction sent its final response: it is no longer pending. */
  finalSent(transaction: Transaction): void;
}

export abstract class TransactionBase<S extends string, E extends string, T extends string> {
  /** The key the layer files the transaction under (RFC 3261 §17.1.3, §17.2.3). */
  readonly id: string;
  /** RFC 3261 §17: on reliable transports nothing is retransmitted and D, I, J, K are zero. */
  readonly reliable: boolean;
  protected readonly ctx: TransactionContext;
  protected readonly timers: TimerSlots<T>;
  protected readonly durations: TimerDurations;
  readonly #machine: StateMachine<S, E>;
  #ended = false;

  protected constructor(
    ctx: TransactionContext,
    id: string,
    protocol: TransportProtocol,
    table: TransitionTable<S, E>,
    initial: S,
  ) {
    this.ctx = ctx;
    this.id = id;
    this.reliable = isReliable(protocol);
    this.timers = new TimerSlots<T>(ctx.clock);
    this.durations = this.reliable ? ctx.durations.reliable : ctx.durations.unreliable;
    this.#machine = new StateMachine(table, initial, (from, event, to) => {
      if (from !== to && ctx.logger.isLevelEnabled('debug')) {
        ctx.logger.debug({ transaction: id, from, event, to }, 'SIP transaction state');
      }
    });
  }

  get state(): S {
    return this.#machine.state;
  }

  /** The event that caused the last move: which timer fired, which response arrived. */
  get lastEvent(): E | undefined {
    return this.#machine.lastEvent;
  }

  /** The names of the timers running now, for tests and diagnostics. */
  get runningTimers(): T[] {
    return this.timers.running;
  }

  /** Whether the state machine would accept `event` now. */
  protected accepts(event: E): boolean {
    return this.#machine.next(event) !== undefined;
  }

  /**
   * Moves on `event` when the table allows it, then runs `action` with the state it left.
   * Returns false, doing nothing, when the table refuses. Entering Terminated ends the
   * transaction once the action has run, so the TU hears the cause before the end.
   */
  protected fire(event: E, action?: (from: S) => void): boolean {
    const from = this.#machine.state;
    if (this.#machine.transition(event) === undefined) return false;
    try {
      action?.(from);
    } finally {
      // Even if the action failed, a Terminated transaction must leave the layer.
      if (this.#machine.state === 'Terminated') this.#end();
    }
    return true;
  }

  /** Starts timer `name`; a zero duration (RFC 3261 §17: reliable transports) fires at once. */
  protected startTimer(name: T, delayMs: number, onFire: () => void): void {
    if (delayMs === 0) onFire();
    else this.timers.start(name, delayMs, onFire);
  }

  /** Hands a message to the transport; a failure comes back through onTransportError. */
  protected transmit(message: SipMessage, destination: Peer): void {
    if (this.#ended) return;
    let sending: Promise<void>;
    try {
      sending = this.ctx.transport.send(message, destination);
    } catch (error) {
      sending = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    sending.catch((error: unknown) => {
      if (!this.#ended) this.onTransportError(asTransportError(error, destination));
    });
  }

  /** RFC 3261 §17.1.4, §17.2.4 (updated by RFC 6026 §8.8). */
  protected abstract onTransportError(error: TransportError): void;

  /** Tells the TU the transaction has ended. */
  protected abstract notifyTerminated(): void;

  /** Stops every timer without telling anyone: the layer is closing. */
  abandon(): void {
    this.#ended = true;
    this.timers.cancelAll();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.timers.cancelAll();
    this.ctx.terminated(this as unknown as Transaction);
    this.notifyTerminated();
  }
}

function asTransportError(error: unknown, destination: Peer): TransportError {
  if (error instanceof TransportError) return error;
  const text = error instanceof Error ? error.message : String(error);
  return new TransportError(
    `sending to ${destination.address}:${destination.port} failed: ${text}`,
    destination,
    {
      cause: error,
    },
  );
}
