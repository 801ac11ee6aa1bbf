// The UAS core's 2xx retransmission until the ACK arrives (RFC 3261 §13.3.1.4), on the injected Scheduler.
import {
  type Scheduler,
  type TimerHandle,
  StateMachine,
  type TransitionTable,
} from '../../../platform/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { type TimerSettings, backoff, defaultTimerSettings } from './transaction-timers.ts';

export const retransmit2xxStates = [
  'Idle',
  'Retransmitting',
  'Acknowledged',
  'GaveUp',
  'Stopped',
] as const;
export type Retransmit2xxState = (typeof retransmit2xxStates)[number];

export const retransmit2xxEvents = ['start', 'tick', 'ack', 'timeout', 'stop'] as const;
export type Retransmit2xxEvent = (typeof retransmit2xxEvents)[number];

export const retransmit2xxTransitions: TransitionTable<Retransmit2xxState, Retransmit2xxEvent> = {
  Idle: { start: 'Retransmitting', stop: 'Stopped' },
  Retransmitting: {
    tick: 'Retransmitting',
    ack: 'Acknowledged',
    timeout: 'GaveUp',
    stop: 'Stopped',
  },
  Acknowledged: {},
  GaveUp: {},
  Stopped: {},
};

export interface Retransmit2xxOptions {
  readonly scheduler: Scheduler;
  /** T1 and T2; the defaults are RFC 3261's 500 ms and 4 s. */
  readonly settings?: Pick<TimerSettings, 't1' | 't2'>;
  /**
   * Passes the 2xx to the transport again. With RFC 6026 this goes through the INVITE server
   * transaction while it is in Accepted (TransactionLayer.retransmit2xx wires that up).
   */
  readonly send: (response: SipResponse) => void;
  /**
   * 64*T1 passed without an ACK. RFC 3261 13.3.1.4: the dialog is confirmed, but the session
   * SHOULD be ended with a BYE.
   */
  readonly onGiveUp: () => void;
  /** A `send` or `onGiveUp` that throws is reported here instead of escaping into the scheduler. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Retransmits a 2xx to INVITE at T1, 2*T1, 4*T1, ... capped at T2, until the ACK arrives or
 * 64*T1 has passed (RFC 3261 13.3.1.4). The UAS core sends the first 2xx itself, then calls
 * start(); on each ACK it hears (TransactionUser.onAck) it calls acknowledge() on the
 * retransmitter whose matchesAck() is true.
 */
export class Retransmit2xx {
  readonly response: SipResponse;
  readonly #options: Retransmit2xxOptions;
  readonly #settings: Pick<TimerSettings, 't1' | 't2'>;
  readonly #machine = new StateMachine(retransmit2xxTransitions, 'Idle');
  #interval: number;
  #elapsed = 0;
  #sent = 0;
  #tick: TimerHandle | undefined;
  #giveUp: TimerHandle | undefined;

  constructor(response: SipResponse, options: Retransmit2xxOptions) {
    if (response.status < 200 || response.status > 299) {
      throw new Error(`Retransmit2xx takes a 2xx response, not ${response.status}`);
    }
    this.response = response;
    this.#options = options;
    this.#settings = options.settings ?? defaultTimerSettings;
    this.#interval = this.#settings.t1;
  }

  get state(): Retransmit2xxState {
    return this.#machine.state;
  }

  /** How many retransmissions have been sent (the first 2xx not counted). */
  get retransmissions(): number {
    return this.#sent;
  }

  /** Starts the schedule; the first 2xx must already have been sent. */
  start(): this {
    if (this.#machine.transition('start') === undefined) return this;
    const { scheduler } = this.#options;
    this.#giveUp = scheduler.after(64 * this.#settings.t1, () => {
      if (this.#machine.transition('timeout') === undefined) return;
      this.#clear();
      this.#safely(() => this.#options.onGiveUp());
    });
    this.#schedule();
    return this;
  }

  /**
   * RFC 3261 13.3.1.4: the ACK for this 2xx has the same Call-ID, From tag, To tag and CSeq
   * number (its CSeq method is ACK).
   */
  matchesAck(ack: SipRequest): boolean {
    try {
      return (
        ack.method === 'ACK' &&
        ack.callId === this.response.callId &&
        ack.cseq.seq === this.response.cseq.seq &&
        ack.fromTag === this.response.fromTag &&
        ack.toTag === this.response.toTag
      );
    } catch {
      return false;
    }
  }

  /** The ACK arrived: retransmission ceases. Returns false when it had already ended. */
  acknowledge(): boolean {
    if (this.#machine.transition('ack') === undefined) return false;
    this.#clear();
    return true;
  }

  /** Ends the schedule without an ACK (the dialog ended some other way). Idempotent. */
  stop(): void {
    if (this.#machine.transition('stop') !== undefined) this.#clear();
  }

  #schedule(): void {
    const delay = this.#interval;
    this.#tick = this.#options.scheduler.after(delay, () => {
      this.#elapsed += delay;
      // At 64*T1 the give-up timer ends the schedule, not one more send.
      if (this.#elapsed >= 64 * this.#settings.t1) return;
      if (this.#machine.transition('tick') === undefined) return;
      this.#sent++;
      this.#safely(() => this.#options.send(this.response));
      this.#interval = backoff(this.#interval, this.#settings);
      if (this.state === 'Retransmitting') this.#schedule();
    });
  }

  #clear(): void {
    this.#tick?.cancel();
    this.#giveUp?.cancel();
    this.#tick = undefined;
    this.#giveUp = undefined;
  }

  #safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      try {
        this.#options.onError?.(error);
      } catch {
        // The error handler failing too leaves nothing else to tell.
      }
    }
  }
}
