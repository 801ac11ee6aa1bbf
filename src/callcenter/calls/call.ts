// One customer interaction: its legs (customer, agent, consult, supervisor),
// where it stands (call-state.ts), and the data attached to it that travels
// from the IVR to the agent's screen and into the CDR.
import type { StateMachine, TimerHandle } from '../../platform/index.ts';
import type { LegId, LegSource } from '../../telephony/index.ts';
import type { CallState, CallTransitionEvent } from './call-state.ts';
import type { PhoneNumber } from './phone-number.ts';

export type LegRole = 'customer' | 'agent' | 'consult' | 'supervisor';

export interface CallLeg {
  id: LegId;
  role: LegRole;
  /** What the leg reaches: the customer's number, an extension, an external number. */
  target: string;
  answered: boolean;
  ended: boolean;
  /** The agent the ACD offered the call to, for an agent leg it placed. */
  agentId?: string;
  /** We hung it up (an offer withdrawn): its end is not the agent's doing. */
  dropped?: boolean;
  /** Its phone rings and takes remote answer (remote-answer.ts); undefined before it rings. */
  remoteAnswer?: boolean;
  /** When the phone was asked to answer (epoch ms), while it has not refused. */
  answering?: number;
}

/** Attached data: what is known about the call, shown to the agent and kept in the CDR. */
export interface CallData {
  caller: PhoneNumber & { displayName?: string };
  dialed: string;
  source: LegSource['kind'];
  /** An agent dialed the customer (click-to-call); absent for calls that came in. */
  direction?: 'outbound';
  /** The IVR flow that answered, and the nodes it passed, in order. */
  flow?: string;
  ivrPath: string[];
  /** Variables the IVR collected (flight number, booking reference, …). */
  vars: Record<string, string>;
  language?: string;
  /** The customer the caller's number matched (only when exactly one did), and their tier. */
  customerId?: string;
  customerTier?: string;
  /** The agent who last served the customer, whom the ACD prefers within the queue's sticky wait. */
  lastAgentId?: string;
  queue?: string;
  priority?: number;
  skills?: { skill: string; minLevel: number }[];
  disposition?: string;
}

/** Something that must be undone when the call ends, whichever side ends it. */
export interface CallResource {
  release(): void;
}

export class Call {
  readonly id: string;
  readonly legs = new Map<LegId, CallLeg>();
  readonly data: CallData;
  readonly offeredAt: number;
  /** Timers, IVR sessions, reservations: released together in CallController.release. */
  readonly resources = new Set<CallResource>();
  readonly timers = new Set<TimerHandle>();
  /** Recordings in progress (ids). */
  readonly recordings = new Set<string>();
  /** The agent-side leg the customer talks to; its end ends the call. */
  connectedLegId: LegId | undefined;
  readonly #state: StateMachine<CallState, CallTransitionEvent>;

  constructor(init: {
    id: string;
    customer: CallLeg;
    data: CallData;
    offeredAt: number;
    state: StateMachine<CallState, CallTransitionEvent>;
  }) {
    this.id = init.id;
    this.data = init.data;
    this.offeredAt = init.offeredAt;
    this.legs.set(init.customer.id, init.customer);
    this.#state = init.state;
  }

  get state(): CallState {
    return this.#state.state;
  }

  get ended(): boolean {
    return this.#state.state === 'ended';
  }

  /** The customer's leg (there is exactly one). */
  get customer(): CallLeg {
    for (const leg of this.legs.values()) if (leg.role === 'customer') return leg;
    throw new Error(`call ${this.id} has no customer leg`);
  }

  /** The agent's (or the extension's) leg that is not ended, if any. */
  get agent(): CallLeg | undefined {
    for (const leg of this.legs.values()) if (leg.role === 'agent' && !leg.ended) return leg;
    return undefined;
  }

  can(event: CallTransitionEvent): boolean {
    return this.#state.can(event);
  }

  /** Moves on `event`; false (and nothing changes) when the table refuses it. */
  move(event: CallTransitionEvent): boolean {
    return this.#state.transition(event) !== undefined;
  }
}
