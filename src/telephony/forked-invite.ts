// Parallel forking of an outbound leg (RFC 3261 §16.6 and §19.3, done by our UAC side): one INVITE
// per contact of an extension, all at once; the first 2xx wins and every other fork is cancelled.
import {
  StateMachine,
  TypedEmitter,
  type Logger,
  type TransitionTable,
} from '../platform/index.ts';
import type {
  DialogLayer,
  OutboundInvite,
  SessionEnded,
  UacInviteSession,
} from './sip/dialog/index.ts';
import { serializeUri } from './sip/message/index.ts';
import { bestEnding } from './fork-outcome.ts';

export const forkStates = [
  /** The INVITEs are out; no fork rings yet. */
  'calling',
  /** A fork rang (reported once, whichever fork it was). */
  'ringing',
  /** A fork answered: its session is the leg's now, the others are being cancelled. */
  'answered',
  /** A fork declined everywhere (6xx, RFC 3261 §16.7 step 5): the others are being cancelled. */
  'declined',
  /** The leg was hung up before an answer: every fork is being cancelled. */
  'cancelling',
  /** Every fork ended and none answered. */
  'failed',
] as const;
export type ForkState = (typeof forkStates)[number];

export const forkEvents = ['ring', 'answer', 'decline', 'cancel', 'fail'] as const;
export type ForkEvent = (typeof forkEvents)[number];

export const forkTransitions: TransitionTable<ForkState, ForkEvent> = {
  calling: {
    ring: 'ringing',
    answer: 'answered',
    decline: 'declined',
    cancel: 'cancelling',
    fail: 'failed',
  },
  ringing: { answer: 'answered', decline: 'declined', cancel: 'cancelling', fail: 'failed' },
  answered: {},
  declined: { fail: 'failed' },
  cancelling: { fail: 'failed' },
  failed: {},
};

export interface ForkedInviteEvents {
  /** The first fork to ring (180/183) rang; later ones say nothing more. */
  ringing: Record<string, never>;
  /** The first 2xx: its session (already ACKed) is the leg's from now on; `sdp` is its answer. */
  answered: { readonly session: UacInviteSession; readonly sdp: string | undefined };
  /** No fork answered: the best of their endings (RFC 3261 §16.7), or our cancel's. */
  failed: SessionEnded;
}

/**
 * Each fork is an INVITE session of its own, with its own Call-ID, From tag and branch: a B2BUA
 * leg is a UAC, not a proxy, so the forks need not share one Call-ID (RFC 3261 §19.3 asks that of
 * a proxy's branches), and separate dialogs keep the dialog layer unaware of forking. It also
 * spares a device with two bindings from answering the second fork 482 (merged request, §8.2.2.2).
 * Every fork rings at once, whatever its q: sequential q-groups (§16.6 step 1) are not needed yet.
 */
export class ForkedInvite extends TypedEmitter<ForkedInviteEvents> {
  readonly #dialogs: DialogLayer;
  readonly #logger: Logger;
  readonly #invites: readonly OutboundInvite[];
  readonly #machine = new StateMachine(forkTransitions, 'calling');
  /** Forks whose outcome is still open, in contact order. */
  readonly #pending = new Set<UacInviteSession>();
  /** How each settled fork ended, in the order they did. */
  readonly #endings = new Map<UacInviteSession, SessionEnded>();
  #winner: UacInviteSession | undefined;
  /** The forks our hangup() cancelled: the leg's end is theirs, not an earlier fork's refusal. */
  #cancelled: ReadonlySet<UacInviteSession> | undefined;

  constructor(deps: { dialogs: DialogLayer; logger: Logger }, invites: readonly OutboundInvite[]) {
    super((error, event) =>
      deps.logger.error({ err: error, event: String(event) }, 'a forked INVITE listener threw'),
    );
    this.#dialogs = deps.dialogs;
    this.#logger = deps.logger;
    this.#invites = invites;
  }

  get state(): ForkState {
    return this.#machine.state;
  }

  /** Sends every INVITE. Throws the first fork's error when not one could be sent. */
  start(): void {
    let firstError: Error | undefined;
    for (const invite of this.#invites) {
      let session: UacInviteSession;
      try {
        session = this.#dialogs.invite(invite);
      } catch (error) {
        const target =
          typeof invite.target === 'string' ? invite.target : serializeUri(invite.target);
        this.#logger.warn({ err: error, target }, 'a fork was not sent');
        firstError ??= error instanceof Error ? error : new Error(String(error));
        continue;
      }
      this.#pending.add(session);
      this.#watch(session);
    }
    if (this.#pending.size === 0) throw firstError ?? new Error('an outbound leg with no contact');
  }

  /** Cancels every fork before an answer (CANCEL, RFC 3261 §9.1); after one, the leg's session hangs up. */
  hangup(): void {
    if (!this.#machine.transition('cancel')) return;
    this.#cancelled = new Set(this.#pending);
    for (const fork of [...this.#pending]) fork.hangup();
  }

  #watch(session: UacInviteSession): void {
    session.on('ringing', () => {
      if (this.#machine.transition('ring')) this.emit('ringing', {});
    });
    session.on('state', ({ from, to }) => {
      // RFC 3261 §9.1: no CANCEL goes to a fork that has not answered at all (a phone that went
      // away without unregistering) until it does; its INVITE may wait for Timer B, 32 s. Once it
      // is being cancelled (our hangup, its ring timeout, another fork's answer or 6xx), the leg
      // does not wait for it: should it answer after all, its session CANCELs, or ACKs and BYEs.
      if (from === 'calling' && to === 'cancelling') {
        this.#settle(session, {
          cause: this.#machine.state === 'cancelling' ? 'local' : 'no-answer',
          by: 'local',
        });
      }
    });
    session.on('answered', ({ sdp }) => {
      if (!this.#machine.transition('answer')) {
        // RFC 3261 §13.2.2.4: a 2xx from another fork after the first is ACKed (the session did)
        // and ended with BYE. One that crossed our CANCEL never gets here: the session ends it.
        session.hangup();
        return;
      }
      this.#winner = session;
      this.#pending.delete(session);
      for (const other of [...this.#pending]) other.hangup();
      this.emit('answered', { session, sdp });
    });
    session.on('ended', (ended) => {
      if (session !== this.#winner) this.#settle(session, ended); // the winner is the leg's now
    });
  }

  /** A fork's outcome is known: a 6xx cancels the others; the last one decides the leg's end. */
  #settle(session: UacInviteSession, ended: SessionEnded): void {
    if (!this.#pending.delete(session)) return;
    this.#endings.set(session, ended);
    const status = ended.status ?? 0;
    // RFC 3261 §16.7 step 5: a 6xx says the callee will take the call nowhere.
    if (status >= 600 && status < 700 && this.#machine.transition('decline')) {
      for (const other of [...this.#pending]) other.hangup();
    }
    if (this.#pending.size === 0 && this.#machine.transition('fail'))
      this.emit('failed', this.#outcome());
  }

  #outcome(): SessionEnded {
    const cancelled = this.#cancelled;
    const endings = [...this.#endings]
      .filter(([fork]) => cancelled === undefined || cancelled.has(fork))
      .map(([, ended]) => ended);
    return bestEnding(endings) ?? { cause: 'failed', by: 'local' };
  }
}
