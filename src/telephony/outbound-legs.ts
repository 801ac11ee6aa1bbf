// Outbound legs (leg.originate): routed to every contact of an extension or to a trunk, offered
// from the leg's one media endpoint, forked, and the leg's session is the fork that answers.
import type { DialogLayer } from './sip/dialog/index.ts';
import type { SipStack } from './sip/sip-stack.ts';
import type { TrunkCalls } from './trunks/index.ts';
import { ForkedInvite } from './forked-invite.ts';
import { legEndCause, type LegHost } from './leg-host.ts';
import type { LegMedia } from './leg-media.ts';
import type { LegSessionEvents } from './leg-session-events.ts';
import { outboundRoute } from './outbound-route.ts';
import { SipLeg } from './sip-leg.ts';
import type { LegId, RemoteAnswerFailure, TelephonyCommand } from './telephony-port.ts';

export interface OutboundLegsDeps {
  stack: SipStack;
  dialogs: DialogLayer;
  trunks: TrunkCalls | undefined;
  localHost: string;
  endpoints: LegMedia;
  sessions: LegSessionEvents;
}

export class OutboundLegs {
  readonly #host: LegHost;
  readonly #deps: OutboundLegsDeps;
  /** Legs whose forks ring, until one answers or all have ended. */
  readonly #forking = new Map<LegId, ForkedInvite>();
  /** Trunk call slots held by outbound legs, given back when the leg ends. */
  readonly #trunkSlots = new Map<LegId, () => void>();

  constructor(host: LegHost, deps: OutboundLegsDeps) {
    this.#host = host;
    this.#deps = deps;
  }

  async originate(command: Extract<TelephonyCommand, { type: 'leg.originate' }>): Promise<void> {
    const host = this.#host;
    const { endpoints, sessions } = this.#deps;
    const leg = host.track(
      new SipLeg({
        id: command.legId,
        callId: command.callId ?? command.legId,
        direction: 'outbound',
      }),
    );
    const { stack, trunks, localHost } = this.#deps;
    const route = outboundRoute(command, { stack, trunks, localHost, logger: host.logger });
    if (!route) {
      host.end(leg, 'unreachable', 'local');
      return;
    }
    if (route.release) this.#trunkSlots.set(leg.id, route.release);
    const oa = await endpoints.open(leg);
    // Hung up while the endpoint was made: no INVITE goes out.
    if (leg.ended) return;
    const offer = oa.createOffer();
    if (!offer.ok) throw offer.error;
    const maxForwards = this.#hopsLeft(command.callId);
    // Every fork carries the same offer: whichever answers, the endpoint is the one offered.
    const forks = new ForkedInvite(
      { dialogs: this.#deps.dialogs, logger: host.logger },
      route.forks.map((fork) => ({
        ...fork,
        localSdp: offer.value.sdp,
        ringTimeoutMs: command.timeoutMs,
        ...(maxForwards !== undefined ? { maxForwards } : {}),
      })),
    );
    // Ringing is told once, and again when whether a ringing fork takes remote answer changes.
    let remoteAnswer = false;
    const ringing = () => {
      remoteAnswer = forks.remoteAnswer;
      host.emit({ type: 'leg.ringing', legId: leg.id, remoteAnswer, at: host.clock.now() });
    };
    forks.on('ringing', ringing);
    forks.on('talk', () => {
      if (!remoteAnswer && forks.state === 'ringing') ringing();
    });
    // The phones that offered remote answer were cancelled for the next q-group's.
    forks.on('group', () => {
      if (remoteAnswer && !forks.remoteAnswer) ringing();
    });
    forks.on('answered', ({ session, sdp }) => {
      this.#forking.delete(leg.id);
      leg.session = session;
      sessions.watch(leg, session);
      const applied = sdp === undefined ? undefined : oa.receiveAnswer(sdp);
      if (!applied?.ok || !leg.move('answer')) {
        if (!leg.ended) host.fail(leg.id, 'failed', 'unusable SDP answer');
        return;
      }
      endpoints.update(leg, applied.value.media).then(
        () => host.emit({ type: 'leg.answered', legId: leg.id, at: host.clock.now() }),
        (error: unknown) => host.fail(leg.id, 'failed', `media update failed: ${String(error)}`),
      );
    });
    forks.on('failed', (ended) => {
      this.#forking.delete(leg.id);
      host.end(leg, legEndCause(ended), ended.by, ended.status);
    });
    forks.start();
    this.#forking.set(leg.id, forks);
  }

  /** Hangs up a leg whose forks still ring: every one is cancelled. False when it has none. */
  hangup(legId: LegId): boolean {
    const forks = this.#forking.get(legId);
    forks?.hangup();
    return forks !== undefined;
  }

  /**
   * Makes the ringing phone answer by itself (NOTIFY `Event: talk` to the forks that offered it);
   * the answer comes as any other. A leg that cannot, or a phone that refuses, is told up as
   * `leg.answer.remote.failed`.
   */
  answerRemotely(legId: LegId): void {
    const host = this.#host;
    const failed = (reason: RemoteAnswerFailure, sipStatus?: number): void =>
      host.emit({
        type: 'leg.answer.remote.failed',
        legId,
        reason,
        ...(sipStatus === undefined ? {} : { sipStatus }),
        at: host.clock.now(),
      });
    const forks = this.#forking.get(legId);
    if (forks?.state !== 'ringing') return failed('not-ringing');
    if (!forks.remoteAnswer) return failed('not-supported');
    void forks.answerRemotely().then(({ status, outcome }) => {
      if (status >= 200 && status < 300) return;
      // Answered meanwhile (by hand, or another fork): nothing failed.
      if (this.#forking.get(legId) !== forks) return;
      host.logger.info({ legId, status }, 'a phone refused remote answer');
      failed(outcome === 'response' ? 'refused' : 'no-response', status);
    });
  }

  /** The leg ended (for whatever reason): its forks are cancelled, its trunk slot given back. */
  released(legId: LegId): void {
    this.#forking.get(legId)?.hangup();
    this.#forking.delete(legId);
    this.#trunkSlots.get(legId)?.();
    this.#trunkSlots.delete(legId);
  }

  /** The hops an outbound leg may still take: its call's inbound INVITE's Max-Forwards less one. */
  #hopsLeft(callId: string | undefined): number | undefined {
    const inbound = callId === undefined ? undefined : this.#host.uas(callId);
    const hops = inbound?.request.maxForwards;
    return hops === undefined ? undefined : Math.max(0, Math.min(70, hops - 1));
  }
}
