// Forking of an outbound leg (RFC 3261 §16.6 and §19.3, done by our UAC side): one INVITE per
// contact of an extension, in groups by q (highest first, equal q at once); the first 2xx wins and
// every other fork is cancelled.
import {
  StateMachine,
  TypedEmitter,
  type Logger,
  type TimerHandle,
  type TransitionTable,
} from '../platform/index.ts';
import type {
  DialogLayer,
  OutboundInvite,
  SessionEnded,
  TalkOutcome,
  UacInviteSession,
} from './sip/dialog/index.ts';
import { serializeUri } from './sip/message/index.ts';
import { bestEnding } from './fork-outcome.ts';
import { forkGroups, groupRingTime, type GroupRingTime, type Preferred } from './fork-groups.ts';

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

/** `next-group`: every fork of a q-group failed (no 6xx) or its share of the ring time ran out. */
export const forkEvents = ['ring', 'answer', 'decline', 'cancel', 'fail', 'next-group'] as const;
export type ForkEvent = (typeof forkEvents)[number];

export const forkTransitions: TransitionTable<ForkState, ForkEvent> = {
  calling: {
    ring: 'ringing',
    answer: 'answered',
    decline: 'declined',
    cancel: 'cancelling',
    fail: 'failed',
    'next-group': 'calling',
  },
  ringing: {
    answer: 'answered',
    decline: 'declined',
    cancel: 'cancelling',
    fail: 'failed',
    'next-group': 'ringing',
  },
  answered: {},
  declined: { fail: 'failed' },
  cancelling: { fail: 'failed' },
  failed: {},
};

/** One contact's INVITE, with its q (RFC 3261 §20.10; none is 1.0). */
export type ForkInvite = OutboundInvite & Preferred;

/** RFC 3326: the CANCEL to a losing fork says the call was answered elsewhere (no missed call). */
const COMPLETED_ELSEWHERE: readonly (readonly [string, string])[] = [
  ['Reason', 'SIP;cause=200;text="Call completed elsewhere"'],
];

export interface ForkedInviteEvents {
  /** The first fork to ring (180/183) rang; later ones say nothing more. */
  ringing: Record<string, never>;
  /** The first 2xx: its session (already ACKed) is the leg's from now on; `sdp` is its answer. */
  answered: { readonly session: UacInviteSession; readonly sdp: string | undefined };
  /** No fork answered: the best of their endings (RFC 3261 §16.7), or our cancel's. */
  failed: SessionEnded;
  /** A ringing fork offered remote answer (see answerRemotely): once per fork. */
  talk: Record<string, never>;
  /** The next q-group rings (the last one's forks all failed or ran out of time). */
  group: { readonly index: number };
}

/**
 * Each fork is an INVITE session of its own, with its own Call-ID, From tag and branch: a B2BUA
 * leg is a UAC, not a proxy, so the forks need not share one Call-ID (RFC 3261 §19.3 asks that of
 * a proxy's branches), and separate dialogs keep the dialog layer unaware of forking. It also
 * spares a device with two bindings from answering the second fork 482 (merged request, §8.2.2.2).
 * Contacts of one q ring at once; with several q values the groups ring in turn (§16.6 step 1, see
 * fork-groups.ts): the next when every fork of the group failed without a 6xx, or when the group's
 * share of the ring time ran out (its forks cancelled first).
 */
export class ForkedInvite extends TypedEmitter<ForkedInviteEvents> {
  readonly #dialogs: DialogLayer;
  readonly #logger: Logger;
  /** The contacts by q, highest first; `#group` is the one ringing. */
  readonly #groups: readonly (readonly ForkInvite[])[];
  #group = -1;
  #groupTimer: TimerHandle | undefined;
  #startedAt = 0;
  readonly #machine = new StateMachine(forkTransitions, 'calling');
  /** Forks of the ringing group whose outcome is still open, in contact order. */
  readonly #pending = new Set<UacInviteSession>();
  /** How each settled fork ended, in the order they did. */
  readonly #endings = new Map<UacInviteSession, SessionEnded>();
  #winner: UacInviteSession | undefined;
  /** The forks our hangup() cancelled: the leg's end is theirs, not an earlier fork's refusal. */
  #cancelled: ReadonlySet<UacInviteSession> | undefined;

  constructor(deps: { dialogs: DialogLayer; logger: Logger }, invites: readonly ForkInvite[]) {
    super((error, event) =>
      deps.logger.error({ err: error, event: String(event) }, 'a forked INVITE listener threw'),
    );
    this.#dialogs = deps.dialogs;
    this.#logger = deps.logger;
    this.#groups = forkGroups(invites);
  }

  get state(): ForkState {
    return this.#machine.state;
  }

  /** Sends the first group's INVITEs. Throws the first fork's error when not one could be sent. */
  start(): void {
    if (this.#groups.length > 1) this.#startedAt = this.#dialogs.clock.now();
    const error = this.#ringNextGroup();
    if (this.#pending.size === 0) throw error ?? new Error('an outbound leg with no contact');
  }

  /** Cancels every fork before an answer (CANCEL, RFC 3261 §9.1); after one, the leg's session hangs up. */
  hangup(): void {
    if (!this.#machine.transition('cancel')) return;
    this.#stopGroupTimer();
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
      this.#stopGroupTimer();
      for (const other of [...this.#pending]) other.hangup(COMPLETED_ELSEWHERE);
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
    if (this.#pending.size > 0) return;
    this.#stopGroupTimer();
    // Every fork of the group failed, none with a 6xx: the next group rings (§16.6 step 1).
    if (this.#group < this.#groups.length - 1 && this.#machine.transition('next-group'))
      this.#nextGroup();
    if (this.#pending.size === 0 && this.#machine.transition('fail'))
      this.emit('failed', this.#outcome());
  }

  /** A later group rings: told, so a remote answer the last group offered is known gone. */
  #nextGroup(): void {
    this.#ringNextGroup();
    if (this.#pending.size > 0) this.emit('group', { index: this.#group });
  }

  /**
   * Sends the next group's INVITEs, going on to the one after while not one of a group could be
   * sent; returns the first error met. A group before the last gives way at the end of its share.
   */
  #ringNextGroup(): Error | undefined {
    let firstError: Error | undefined;
    while (this.#pending.size === 0 && ++this.#group < this.#groups.length) {
      const times = this.#ringTimes();
      for (const invite of this.#groups[this.#group]!) {
        const error = this.#send(times ? { ...invite, ringTimeoutMs: times.forkMs } : invite);
        firstError ??= error;
      }
      const groupMs = times?.groupMs;
      if (this.#pending.size > 0 && groupMs !== undefined)
        this.#groupTimer = this.#dialogs.clock.after(groupMs, () => this.#groupTimedOut());
    }
    return firstError;
  }

  /** One group: the forks keep the leg's ring time, as they always did; else the group's share. */
  #ringTimes(): GroupRingTime | undefined {
    const count = this.#groups.length;
    if (count === 1) return undefined;
    const total = this.#groups[0]![0]!.ringTimeoutMs ?? this.#dialogs.settings.ringTimeoutMs;
    const elapsed = this.#dialogs.clock.now() - this.#startedAt;
    return groupRingTime(total, count, this.#group, elapsed);
  }

  /** Sends one fork's INVITE; the error when it could not be sent. */
  #send(invite: OutboundInvite): Error | undefined {
    let session: UacInviteSession;
    try {
      session = this.#dialogs.invite(invite);
    } catch (error) {
      const target =
        typeof invite.target === 'string' ? invite.target : serializeUri(invite.target);
      this.#logger.warn({ err: error, target }, 'a fork was not sent');
      return error instanceof Error ? error : new Error(String(error));
    }
    this.#pending.add(session);
    this.#watch(session);
    this.#watchTalk(session);
    return undefined;
  }

  /** The group's share of the ring time ran out: its forks are cancelled, then the next rings. */
  #groupTimedOut(): void {
    this.#groupTimer = undefined;
    if (!this.#machine.transition('next-group')) return;
    for (const fork of [...this.#pending]) {
      this.#pending.delete(fork);
      this.#endings.set(fork, { cause: 'no-answer', by: 'local' });
      fork.hangup();
    }
    this.#nextGroup();
    if (this.#pending.size === 0 && this.#machine.transition('fail'))
      this.emit('failed', this.#outcome());
  }

  #stopGroupTimer(): void {
    this.#groupTimer?.cancel();
    this.#groupTimer = undefined;
  }

  #outcome(): SessionEnded {
    const cancelled = this.#cancelled;
    const endings = [...this.#endings]
      .filter(([fork]) => cancelled === undefined || cancelled.has(fork))
      .map(([, ended]) => ended);
    return bestEnding(endings) ?? { cause: 'failed', by: 'local' };
  }

  // ---- remote answer (talk-event.ts): a small part of its own -------------------------------

  /** Whether a fork still ringing takes remote answer (its early dialog offered `talk`). */
  get remoteAnswer(): boolean {
    return this.#machine.state === 'ringing' && [...this.#pending].some((f) => f.remoteAnswer);
  }

  /**
   * Asks every ringing fork that takes remote answer to pick up (NOTIFY `Event: talk`); the first
   * to answer the INVITE wins as any answer does, and the others are cancelled. Resolves with the
   * first 2xx to a NOTIFY, else (every one refused) with the last refusal; 489 when none could.
   */
  answerRemotely(): Promise<TalkOutcome> {
    const forks = this.remoteAnswer ? [...this.#pending].filter((f) => f.remoteAnswer) : [];
    if (forks.length === 0) return Promise.resolve({ status: 489, outcome: 'response' });
    return new Promise((resolve) => {
      let left = forks.length;
      for (const fork of forks) {
        let sent: Promise<TalkOutcome>;
        try {
          sent = fork.answerRemotely();
        } catch (error) {
          // A fork that throws is a failed fork, not a thrown leg.
          sent = Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
        sent.then(
          (outcome) => {
            left--;
            if (outcome.status >= 200 && outcome.status < 300) resolve(outcome);
            else if (left === 0) resolve(outcome);
          },
          (error: unknown) => {
            this.#logger.warn({ err: error }, 'a remote answer could not be sent');
            if (--left === 0) resolve({ status: 503, outcome: 'unreachable' });
          },
        );
      }
    });
  }

  #watchTalk(session: UacInviteSession): void {
    let told = false;
    session.on('ringing', () => {
      if (told || !session.remoteAnswer) return;
      told = true;
      this.emit('talk', {});
    });
  }
}
