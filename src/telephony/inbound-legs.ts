// Inbound legs: an INVITE from an authenticated extension or a trunk peer becomes a leg offered
// to the core, which then rings, answers or rejects it.
import { randomUUID } from 'node:crypto';
import { InviteAuthenticator, type TrunkPeer } from './invite-authenticator.ts';
import { isMediaOverload } from './media/index.ts';
import type { UasInviteSession } from './sip/dialog/index.ts';
import type { OfferAnswerSession } from './sip/sdp/index.ts';
import type { SipStack } from './sip/sip-stack.ts';
import { userPart, type LegHost } from './leg-host.ts';
import type { LegMedia } from './leg-media.ts';
import type { LegSessionEvents } from './leg-session-events.ts';
import { SipLeg } from './sip-leg.ts';
import type { LegId, TelephonyCommand } from './telephony-port.ts';

const rejectStatus = {
  busy: 486,
  'not-found': 404,
  unavailable: 480,
  forbidden: 403,
  declined: 603,
} as const;

export class InboundLegs {
  readonly #host: LegHost;
  readonly #authenticator: InviteAuthenticator;
  readonly #endpoints: LegMedia;
  readonly #sessions: LegSessionEvents;
  readonly #stack: SipStack;

  constructor(
    host: LegHost,
    deps: {
      stack: SipStack;
      realm: string;
      trunks: TrunkPeer[];
      endpoints: LegMedia;
      sessions: LegSessionEvents;
    },
  ) {
    this.#host = host;
    this.#stack = deps.stack;
    this.#endpoints = deps.endpoints;
    this.#sessions = deps.sessions;
    this.#authenticator = new InviteAuthenticator({
      stack: deps.stack,
      realm: deps.realm,
      logger: host.logger,
      trunks: deps.trunks,
    });
  }

  /** Replaces the trunks INVITEs are recognised by (see InviteAuthenticator.setTrunks). */
  setTrunkPeers(trunks: readonly TrunkPeer[]): void {
    this.#authenticator.setTrunks(trunks);
  }

  /** A new INVITE from the dialog layer: authenticated, then offered to the core as a leg. */
  async offered(session: UasInviteSession): Promise<void> {
    const host = this.#host;
    const request = session.request;
    // RFC 3261 §16.3 / §8.2.2.2: a request that has used up its hops is a loop; a B2BUA that
    // would place another leg for it answers 483 rather than carry it further.
    if (request.maxForwards === 0) {
      session.reject(483, 'Too Many Hops');
      return;
    }
    const from = userPart(request.from.uri);
    const source = await this.#authenticator.authenticate(session, from);
    if (!source || session.state !== 'offered') return;
    const id = randomUUID();
    const leg = host.track(new SipLeg({ id, callId: id, direction: 'inbound', session }));
    this.#sessions.watch(leg, session);
    const displayName = request.from.displayName;
    host.emit({
      type: 'leg.offered',
      legId: leg.id,
      to: userPart(request.uri),
      from: displayName === undefined ? { number: from } : { number: from, displayName },
      source,
      at: host.clock.now(),
    });
  }

  ring(legId: LegId): void {
    const session = this.#host.uas(legId);
    if (session?.state === 'offered') session.ring();
  }

  reject(command: Extract<TelephonyCommand, { type: 'leg.reject' }>): void {
    const leg = this.#host.leg(command.legId);
    const session = this.#host.uas(command.legId);
    if (leg?.state === 'setting-up' && session?.state === 'offered')
      session.reject(rejectStatus[command.reason]);
  }

  async answer(legId: LegId): Promise<void> {
    const leg = this.#host.leg(legId);
    const session = this.#host.uas(legId);
    if (
      !leg ||
      !session ||
      leg.state !== 'setting-up' ||
      (session.state !== 'offered' && session.state !== 'early')
    )
      return;
    let oa: OfferAnswerSession;
    try {
      oa = await this.#endpoints.open(leg);
    } catch (error) {
      // The media took the INVITE when it came but has no room now (the stack asks it first).
      if (!isMediaOverload(error)) throw error;
      this.#refuseOverloaded(session, error.mediaCode);
      return;
    }
    if (leg.ended) return;
    if (session.offer === undefined) {
      // A delayed offer (RFC 3261 §13.2.1): we offer in the 200, the peer answers in the ACK
      // (the session's 'answer' event, see LegSessionEvents).
      const offer = oa.createOffer();
      if (!offer.ok) throw offer.error;
      if (leg.move('answer')) session.answer(offer.value.sdp);
      return;
    }
    const answer = oa.receiveOffer(session.offer);
    if (!answer.ok) {
      // RFC 3261 §21.4.26: nothing in the offer we can use.
      session.reject(488);
      return;
    }
    await this.#endpoints.update(leg, answer.value.media);
    if (leg.move('answer')) session.answer(answer.value.sdp);
  }

  /** RFC 3261 §21.5.4: 503 with Retry-After, counted as an overload; the session's end ends the leg. */
  #refuseOverloaded(session: UasInviteSession, why: string): void {
    if (session.state !== 'offered' && session.state !== 'early') return;
    this.#host.logger.warn({ why, source: session.source.address }, 'no media for a new call');
    const seconds = this.#stack.refuseForOverload({
      method: 'INVITE',
      source: session.source.address,
      reason: 'media',
    });
    session.reject(503, undefined, [['Retry-After', String(seconds)]]);
  }
}
