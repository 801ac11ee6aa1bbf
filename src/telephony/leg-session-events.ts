// What a leg's INVITE session tells the core once the leg has one: its end, the peer's answer in
// an ACK, re-INVITEs (hold and resume), INFO DTMF, and REFERs (blind transfer), kept until the
// core says how the transfer went.
import type { InviteSession, ReferNotifier } from './sip/dialog/index.ts';
import { legEndCause, userPart, type LegHost } from './leg-host.ts';
import type { LegMedia } from './leg-media.ts';
import type { SipLeg } from './sip-leg.ts';
import type { LegId, TelephonyCommand } from './telephony-port.ts';

export class LegSessionEvents {
  readonly #host: LegHost;
  readonly #endpoints: LegMedia;
  /** Transfers phones asked for (REFER), waiting for the call model's answer. */
  readonly #refers = new Map<LegId, ReferNotifier>();

  constructor(host: LegHost, endpoints: LegMedia) {
    this.#host = host;
    this.#endpoints = endpoints;
  }

  /** What both kinds of leg share: the end, the ACK, re-INVITEs (hold), answers in ACKs, INFO DTMF. */
  watch(leg: SipLeg, session: InviteSession): void {
    const host = this.#host;
    session.on('ended', (ended) => host.end(leg, legEndCause(ended), ended.by, ended.status));
    if (leg.direction === 'inbound') {
      session.on('confirmed', () => {
        if (!leg.ended) host.emit({ type: 'leg.answered', legId: leg.id, at: host.clock.now() });
      });
    }
    session.on('answer', ({ sdp }) => {
      // The peer's answer to an offer of ours that went in a 2xx (delayed offer, RFC 3264).
      void leg.media?.then((oa) => {
        const applied = oa.receiveAnswer(sdp);
        if (!applied.ok) return host.fail(leg.id, 'failed', 'unusable SDP answer in ACK');
        return this.#endpoints
          .update(leg, applied.value.media)
          .catch((error: unknown) =>
            host.fail(leg.id, 'failed', `media update failed: ${String(error)}`),
          );
      });
    });
    session.on('reinvite', (remote) => {
      const oa = leg.media;
      if (!oa) return remote.reject(488);
      void oa.then(async (offerAnswer) => {
        if (remote.sdp === undefined) {
          // RFC 3261 §14.2: a re-INVITE without a body asks for our offer in the 2xx.
          const offer = offerAnswer.createOffer();
          return offer.ok ? remote.accept(offer.value.sdp) : remote.reject(488);
        }
        const answer = offerAnswer.receiveOffer(remote.sdp);
        if (!answer.ok) return remote.reject(488);
        try {
          if (answer.value.changed) await this.#endpoints.update(leg, answer.value.media);
        } catch {
          return remote.reject(500);
        }
        if (!remote.settled) remote.accept(answer.value.sdp);
        const held = answer.value.hold !== 'none';
        if (held !== leg.held) {
          leg.held = held;
          host.emit({
            type: held ? 'leg.held' : 'leg.resumed',
            legId: leg.id,
            at: host.clock.now(),
          });
        }
      });
    });
    session.on('refer', (refer) => {
      // Blind transfer only: an attended one (Replaces, RFC 3891) is consult-then-complete in the API.
      if (refer.replaces) return refer.reject(603, 'Attended Transfer Not Supported');
      const target = userPart(refer.referTo.uri);
      if (leg.ended || !target) return refer.reject(603, 'Bad Transfer Target');
      this.#refers.set(leg.id, refer.accept());
      host.emit({ type: 'leg.refer', legId: leg.id, target, at: host.clock.now() });
    });
    session.on('info', (info) => {
      if (info.dtmf) {
        host.emit({
          type: 'leg.dtmf',
          legId: leg.id,
          digit: info.dtmf.digit,
          via: 'info',
          at: host.clock.now(),
        });
      }
    });
  }

  /** The core's answer to a leg.refer, told to the phone that asked (NOTIFY 200 or 603). */
  referResult(command: Extract<TelephonyCommand, { type: 'leg.refer.result' }>): void {
    const notifier = this.#refers.get(command.legId);
    this.#refers.delete(command.legId);
    if (notifier?.active)
      notifier.notify(command.accepted ? 200 : 603, command.accepted ? 'OK' : 'Declined');
  }

  /** The leg ended: a transfer it asked for has nobody left to report to. */
  released(legId: LegId): void {
    this.#refers.delete(legId);
  }
}
