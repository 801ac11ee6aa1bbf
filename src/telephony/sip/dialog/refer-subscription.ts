// The progress of a REFER we sent (RFC 3515 §2.4.4-2.4.7): accepted or refused, then the NOTIFYs with the transfer's status.
import { TypedEmitter, StateMachine, type TransitionTable } from '../../../platform/index.ts';

export const referSubscriptionStates = ['pending', 'active', 'terminated'] as const;
export type ReferSubscriptionState = (typeof referSubscriptionStates)[number];

export const referSubscriptionEvents = ['accepted', 'notify', 'end'] as const;
export type ReferSubscriptionEvent = (typeof referSubscriptionEvents)[number];

/** A NOTIFY may overtake the 2xx to the REFER (RFC 6665 §4.1.2.4), so it also leads to active. */
export const referSubscriptionTransitions: TransitionTable<
  ReferSubscriptionState,
  ReferSubscriptionEvent
> = {
  pending: { accepted: 'active', notify: 'active', end: 'terminated' },
  active: { accepted: 'active', notify: 'active', end: 'terminated' },
  terminated: {},
};

export type ReferEndReason =
  /** The final NOTIFY came: `status` is the transfer's outcome. */
  | 'final'
  /** The REFER was refused: `status` is the response to it. */
  | 'rejected'
  /** Accepted without a subscription (RFC 4488 Refer-Sub: false): no progress will come. */
  | 'no-subscription'
  /** No final NOTIFY within the layer's REFER timeout. */
  | 'timeout'
  | 'session-ended';

export interface ReferSubscriptionEvents {
  /** The REFER got a 2xx (202 Accepted). */
  accepted: { readonly status: number };
  /** A NOTIFY reported the transfer's status (its sipfrag). */
  progress: { readonly status: number; readonly reason: string };
  ended: { readonly reason: ReferEndReason; readonly status: number | undefined };
}

export class ReferSubscription extends TypedEmitter<ReferSubscriptionEvents> {
  /** The REFER's CSeq number: the id of its NOTIFYs' Event header (RFC 3515 §2.4.6). */
  readonly id: number;
  readonly #machine = new StateMachine(referSubscriptionTransitions, 'pending');
  readonly #onEnd: () => void;
  #lastStatus: number | undefined;

  /** Made by the session that sent the REFER; `onEnd` releases its timer and map entry. */
  constructor(id: number, onEnd: () => void) {
    super();
    this.id = id;
    this.#onEnd = onEnd;
  }

  get state(): ReferSubscriptionState {
    return this.#machine.state;
  }

  /** The last status a NOTIFY reported. */
  get lastStatus(): number | undefined {
    return this.#lastStatus;
  }

  accepted(status: number): void {
    const wasPending = this.state === 'pending';
    if (this.#machine.transition('accepted') === undefined) return;
    if (wasPending || this.#lastStatus !== undefined) this.emit('accepted', { status });
  }

  /** A NOTIFY's sipfrag status; `terminated` when its Subscription-State said so. */
  progress(status: number, reason: string, terminated: boolean): void {
    if (this.#machine.transition('notify') === undefined) return;
    this.#lastStatus = status;
    this.emit('progress', { status, reason });
    if (terminated) this.end(status >= 200 ? 'final' : 'timeout', status);
  }

  end(reason: ReferEndReason, status?: number): void {
    if (this.#machine.transition('end') === undefined) return;
    this.#onEnd();
    this.emit('ended', { reason, status: status ?? this.#lastStatus });
  }
}
