// The running RFC 4028 session timer of one session: refresh at half the interval, or end it when the peer does not refresh.
import {
  type Scheduler,
  type TimerHandle,
  StateMachine,
  type TransitionTable,
} from '../../../platform/index.ts';

export const sessionTimerStates = ['idle', 'running', 'closed'] as const;
export type SessionTimerState = (typeof sessionTimerStates)[number];

export const sessionTimerEvents = ['start', 'refresh-due', 'expire', 'stop', 'close'] as const;
export type SessionTimerEvent = (typeof sessionTimerEvents)[number];

export const sessionTimerTransitions: TransitionTable<SessionTimerState, SessionTimerEvent> = {
  idle: { start: 'running', stop: 'idle', close: 'closed' },
  running: {
    start: 'running',
    'refresh-due': 'running',
    expire: 'idle',
    stop: 'idle',
    close: 'closed',
  },
  closed: {},
};

export interface SessionTimerHandlers {
  /** We are the refresher and half the interval has passed: send a refresh (RFC 4028 §10). */
  refresh(): void;
  /** No successful refresh in time: end the session with BYE (RFC 4028 §10). */
  expire(): void;
  /** A running timer was started again: the session was refreshed. */
  refreshed?(interval: number, refresher: 'local' | 'remote'): void;
}

/**
 * RFC 4028 §10: the refresher refreshes at half the interval; the session expires, for both
 * sides, at interval - min(32, interval/3) seconds after the last refresh. As refresher we
 * watch that deadline too, so a refresh that keeps failing ends the session.
 */
export class SessionTimer {
  readonly #scheduler: Scheduler;
  readonly #handlers: SessionTimerHandlers;
  readonly #machine = new StateMachine(sessionTimerTransitions, 'idle');
  #interval = 0;
  #refresher: 'local' | 'remote' = 'remote';
  #refreshTimer: TimerHandle | undefined;
  #expiryTimer: TimerHandle | undefined;

  constructor(scheduler: Scheduler, handlers: SessionTimerHandlers) {
    this.#scheduler = scheduler;
    this.#handlers = handlers;
  }

  get state(): SessionTimerState {
    return this.#machine.state;
  }

  /** Seconds; 0 when no timer runs. */
  get interval(): number {
    return this.state === 'running' ? this.#interval : 0;
  }

  get refresher(): 'local' | 'remote' | undefined {
    return this.state === 'running' ? this.#refresher : undefined;
  }

  /** (Re)starts after a successful negotiation or refresh. */
  start(intervalSeconds: number, refresher: 'local' | 'remote'): void {
    const wasRunning = this.state === 'running';
    if (this.#machine.transition('start') === undefined) return;
    this.#clear();
    this.#interval = intervalSeconds;
    this.#refresher = refresher;
    const ms = intervalSeconds * 1000;
    if (refresher === 'local') {
      this.#refreshTimer = this.#scheduler.after(ms / 2, () => {
        this.#refreshTimer = undefined;
        if (this.#machine.transition('refresh-due') !== undefined) this.#handlers.refresh();
      });
    }
    this.#expiryTimer = this.#scheduler.after(ms - Math.min(32_000, ms / 3), () => {
      this.#expiryTimer = undefined;
      if (this.#machine.transition('expire') === undefined) return;
      this.#clear();
      this.#handlers.expire();
    });
    if (wasRunning) this.#handlers.refreshed?.(intervalSeconds, refresher);
  }

  /** The last negotiation ended the timer (a 2xx without Session-Expires). */
  stop(): void {
    if (this.#machine.transition('stop') !== undefined) this.#clear();
  }

  /** The session is over. Idempotent. */
  close(): void {
    if (this.#machine.transition('close') !== undefined) this.#clear();
  }

  #clear(): void {
    this.#refreshTimer?.cancel();
    this.#expiryTimer?.cancel();
    this.#refreshTimer = undefined;
    this.#expiryTimer = undefined;
  }
}
