// One B2BUA leg: its INVITE session, its media endpoint and offer/answer,
// and where it stands, as a table-driven state machine (STYLE.md).
import { StateMachine, type TransitionTable } from '../platform/index.ts';
import type { InviteSession } from './sip/dialog/index.ts';
import type { OfferAnswerSession } from './sip/sdp/index.ts';
import type { LegId } from './telephony-port.ts';

export const legStates = [
  /** Inbound: offered to the core, not answered yet. Outbound: endpoint and INVITE on their way. */
  'setting-up',
  /** Both sides agreed on the call (200 sent or received). */
  'answered',
  'ended',
] as const;
export type LegState = (typeof legStates)[number];

export const legEvents = ['answer', 'end'] as const;
export type LegEvent = (typeof legEvents)[number];

export const legTransitions: TransitionTable<LegState, LegEvent> = {
  'setting-up': { answer: 'answered', end: 'ended' },
  answered: { end: 'ended' },
  ended: {},
};

export class SipLeg {
  readonly id: LegId;
  /** The call it belongs to: the media engine keeps a call's legs in one worker. */
  readonly callId: string;
  readonly direction: 'inbound' | 'outbound';
  session: InviteSession | undefined;
  /** Settles once the media endpoint exists; undefined before it is asked for. */
  media: Promise<OfferAnswerSession> | undefined;
  /** The endpoint was created and not destroyed yet. */
  hasEndpoint = false;
  held = false;
  readonly #state: StateMachine<LegState, LegEvent>;

  constructor(init: {
    id: LegId;
    callId: string;
    direction: 'inbound' | 'outbound';
    session?: InviteSession;
  }) {
    this.id = init.id;
    this.callId = init.callId;
    this.direction = init.direction;
    this.session = init.session;
    this.#state = new StateMachine(legTransitions, 'setting-up');
  }

  get state(): LegState {
    return this.#state.state;
  }

  get ended(): boolean {
    return this.#state.state === 'ended';
  }

  /** Moves on `event`; false when the leg is past it (e.g. answering an ended leg). */
  move(event: LegEvent): boolean {
    return this.#state.transition(event) !== undefined;
  }
}
