// The telephony adapter for SIP: turns INVITE sessions into legs the core
// sees through the TelephonyEvent port, and carries out its commands with
// the dialog layer (signaling) and the media port (RTP). Each leg is a
// dialog of its own: nothing of one leg's signaling reaches the other.
import { randomUUID } from 'node:crypto';
import { TypedEmitter, type Clock, type Logger } from '../platform/index.ts';
import type { MediaPort } from './media/index.ts';
import { InviteAuthenticator, type TrunkPeer } from './invite-authenticator.ts';
import type {
  DialogLayer,
  InviteSession,
  OutboundInvite,
  ReferNotifier,
  SessionEnded,
  UasInviteSession,
} from './sip/dialog/index.ts';
import { OfferAnswerSession, type NegotiatedMedia, type SdpConfig } from './sip/sdp/index.ts';
import type { SipStack } from './sip/sip-stack.ts';
import { SipLeg } from './sip-leg.ts';
import type { TrunkCalls } from './trunks/index.ts';
import type {
  LegEndCause,
  LegId,
  PromptResolver,
  TelephonyCommand,
  TelephonyEvent,
  TelephonyPort,
} from './telephony-port.ts';

export type { TrunkPeer };

export interface SipTelephonyOptions {
  stack: SipStack;
  dialogs: DialogLayer;
  media: MediaPort;
  clock: Clock;
  logger: Logger;
  sdp: SdpConfig;
  realm: string;
  /** Carriers recognised by source address; every other caller must authenticate as an extension. */
  trunks?: TrunkPeer[];
  /** Turns prompt references into files for leg.play; without it every play fails. */
  prompts?: PromptResolver;
  /** Host to put in the From of legs we place. */
  localHost: string;
  /** Places calls out through trunks; without it a trunk target is unreachable. */
  outboundTrunks?: TrunkCalls;
}

/** Where an outbound leg's INVITE goes, and the trunk slot it holds, if any. */
interface LegRoute {
  invite: Pick<OutboundInvite, 'target' | 'from' | 'to' | 'destination' | 'auth'>;
  release?: () => void;
}

const rejectStatus = {
  busy: 486,
  'not-found': 404,
  unavailable: 480,
  forbidden: 403,
  declined: 603,
} as const;

export class SipTelephony implements TelephonyPort {
  readonly #options: SipTelephonyOptions;
  readonly #legs = new Map<LegId, SipLeg>();
  readonly #events = new TypedEmitter<{ event: TelephonyEvent }>();
  readonly #authenticator: InviteAuthenticator;
  /** The playback each leg is doing now (its playId), for leg.play.stop. */
  readonly #playing = new Map<LegId, string>();
  /** Mixers made for calls (supervisors, conferences), each on first use. */
  readonly #mixers = new Map<string, Promise<unknown>>();
  /** Transfers phones asked for (REFER), waiting for the call model's answer. */
  readonly #refers = new Map<LegId, ReferNotifier>();
  /** Trunk call slots held by outbound legs, given back when the leg ends. */
  readonly #trunkSlots = new Map<LegId, () => void>();

  constructor(options: SipTelephonyOptions) {
    this.#options = options;
    this.#authenticator = new InviteAuthenticator({
      stack: options.stack,
      realm: options.realm,
      logger: options.logger,
      trunks: options.trunks ?? [],
    });
    options.dialogs.on('invite', (session) => {
      this.#inbound(session).catch((error: unknown) => {
        options.logger.error({ err: error }, 'handling an inbound INVITE failed');
        if (session.state === 'offered') session.reject(500);
      });
    });
    options.media.on('dtmf', (e) => {
      const leg = this.#legs.get(e.endpointId);
      if (leg && !leg.ended)
        this.#emit({ type: 'leg.dtmf', legId: leg.id, digit: e.digit, via: e.source, at: e.at });
    });
    options.media.on('play.finished', (e) => {
      // A play replaced by a newer one with the same id (hold music restarted) is still the current one.
      if (e.reason !== 'replaced' && this.#playing.get(e.endpointId) === e.playId)
        this.#playing.delete(e.endpointId);
      const leg = this.#legs.get(e.endpointId);
      // A play that ended with its leg tells nobody: the leg's end says it all.
      if (!leg || leg.ended || e.reason === 'destroyed') return;
      const reason =
        e.reason === 'completed'
          ? 'finished'
          : e.reason === 'dtmf'
            ? 'dtmf'
            : e.reason === 'error'
              ? 'failed'
              : 'stopped';
      this.#emit({
        type: 'leg.play.finished',
        legId: leg.id,
        playId: e.playId,
        reason,
        playedMs: e.playedMs,
        ...(e.digit !== undefined ? { digit: e.digit } : {}),
        at: options.clock.now(),
      });
    });
    options.media.on('record.finished', (e) =>
      this.#emit({
        type: 'recording.finished',
        recordingId: e.recordingId,
        path: e.path,
        startedAt: e.startedAt,
        durationMs: e.durationMs,
        bytes: e.bytes,
        channels: e.channels,
        reason: e.reason,
        at: options.clock.now(),
      }),
    );
    options.media.on('endpoint.inactive', (e) =>
      this.#fail(e.endpointId, 'media-timeout', 'no RTP from the peer'),
    );
    options.media.on('endpoint.failed', (e) =>
      this.#fail(e.endpointId, 'failed', 'media endpoint failed'),
    );
  }

  /** Legs alive now. */
  get size(): number {
    return this.#legs.size;
  }

  onEvent(listener: (event: TelephonyEvent) => void): () => void {
    return this.#events.on('event', listener);
  }

  execute(command: TelephonyCommand): void {
    this.#execute(command).catch((error: unknown) => {
      this.#options.logger.error({ err: error, command: command.type }, 'telephony command failed');
      const legId =
        'legId' in command
          ? command.legId
          : 'a' in command
            ? command.a
            : command.type === 'recording.start'
              ? command.customer
              : undefined;
      if (legId !== undefined) this.#fail(legId, 'failed', `${command.type} failed`);
    });
  }

  async #execute(command: TelephonyCommand): Promise<void> {
    const media = this.#options.media;
    switch (command.type) {
      case 'leg.ring': {
        const session = this.#uas(command.legId);
        if (session?.state === 'offered') session.ring();
        return;
      }
      case 'leg.answer':
        return this.#answer(command.legId);
      case 'leg.reject': {
        const leg = this.#legs.get(command.legId);
        const session = this.#uas(command.legId);
        if (leg?.state === 'setting-up' && session?.state === 'offered')
          session.reject(rejectStatus[command.reason]);
        return;
      }
      case 'leg.hangup': {
        const leg = this.#legs.get(command.legId);
        if (!leg || leg.ended) return;
        // An outbound leg still waiting for its endpoint has no session yet: end it here, and the
        // INVITE is never sent (#originate checks after each await).
        if (leg.session) leg.session.hangup();
        else this.#end(leg, 'local', 'local');
        return;
      }
      case 'leg.originate':
        return this.#originate(command);
      case 'recording.start':
        await this.#mediaOf(command.customer, command.agent);
        await media.request({
          type: 'record.start',
          recordingId: command.recordingId,
          path: command.path,
          left: { endpointId: command.customer },
          ...(command.agent ? { right: { endpointId: command.agent } } : {}),
        });
        return;
      case 'recording.stop':
        await media.request({ type: 'record.stop', recordingId: command.recordingId });
        return;
      case 'legs.bridge':
        // Both endpoints must exist first: answering the caller creates its endpoint asynchronously.
        await this.#mediaOf(command.a, command.b);
        await media.request({ type: 'bridge', endpointIds: [command.a, command.b] });
        return;
      case 'legs.unbridge':
        await media.request({ type: 'unbridge', endpointId: command.a });
        return;
      case 'leg.play':
        return this.#play(command);
      case 'leg.mix': {
        const leg = this.#legs.get(command.legId);
        if (!leg || leg.ended) return;
        await this.#mediaOf(command.legId, ...(command.whisperTo ?? []));
        // A call's legs share its worker (leg.callId): the mixer is made there, once.
        let made = this.#mixers.get(command.mixerId);
        if (!made) {
          made = media.request({
            type: 'mixer.create',
            mixerId: command.mixerId,
            callId: leg.callId,
          });
          this.#mixers.set(command.mixerId, made);
        }
        await made;
        await media.request({
          type: 'mixer.join',
          mixerId: command.mixerId,
          endpointId: command.legId,
          mode: command.mode,
          ...(command.whisperTo ? { whisperTo: command.whisperTo } : {}),
        });
        return;
      }
      case 'mixer.close': {
        const made = this.#mixers.get(command.mixerId);
        if (!made) return;
        this.#mixers.delete(command.mixerId);
        await made;
        await media.request({ type: 'mixer.destroy', mixerId: command.mixerId });
        return;
      }
      case 'leg.refer.result': {
        const notifier = this.#refers.get(command.legId);
        this.#refers.delete(command.legId);
        if (notifier?.active)
          notifier.notify(command.accepted ? 200 : 603, command.accepted ? 'OK' : 'Declined');
        return;
      }
      case 'leg.dtmf.send': {
        const leg = this.#legs.get(command.legId);
        if (!leg || leg.ended) return;
        await this.#mediaOf(command.legId);
        await media.request({
          type: 'dtmf.send',
          endpointId: command.legId,
          digits: command.digits,
        });
        return;
      }
      case 'leg.play.stop': {
        // Only the playback asked for: a newer one on the same leg keeps playing.
        if (this.#playing.get(command.legId) !== command.playId) return;
        // Forgotten first: a play still resolving its files sees it was stopped and never starts.
        this.#playing.delete(command.legId);
        await media.request({ type: 'play.stop', endpointId: command.legId });
        return;
      }
    }
  }

  async #inbound(session: UasInviteSession): Promise<void> {
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
    const leg = this.#track(new SipLeg({ id, callId: id, direction: 'inbound', session }));
    this.#watch(leg, session);
    const displayName = request.from.displayName;
    this.#emit({
      type: 'leg.offered',
      legId: leg.id,
      to: userPart(request.uri),
      from: displayName === undefined ? { number: from } : { number: from, displayName },
      source,
      at: this.#options.clock.now(),
    });
  }

  async #play(command: Extract<TelephonyCommand, { type: 'leg.play' }>): Promise<void> {
    const { legId, playId } = command;
    const finished = (reason: 'failed', playedMs = 0) =>
      this.#emit({
        type: 'leg.play.finished',
        legId,
        playId,
        reason,
        playedMs,
        at: this.#options.clock.now(),
      });
    const resolver = this.#options.prompts;
    if (!resolver) {
      this.#options.logger.warn({ legId }, 'leg.play without a prompt resolver');
      return finished('failed');
    }
    this.#playing.set(legId, playId);
    let files: string[];
    try {
      files = await resolver.resolve(command.prompts, command.language);
    } catch (error) {
      this.#options.logger.warn({ err: error, legId, playId }, 'prompts could not be resolved');
      if (this.#playing.get(legId) === playId) this.#playing.delete(legId);
      return finished('failed');
    }
    const leg = this.#legs.get(legId);
    // Superseded while the files were resolved, or the leg is gone: nothing to play.
    if (!leg || leg.ended || this.#playing.get(legId) !== playId) return;
    await this.#mediaOf(legId);
    if (this.#playing.get(legId) !== playId) return; // stopped or superseded meanwhile
    await this.#options.media.request({
      type: 'play',
      endpointId: legId,
      playId,
      files,
      ...(command.loop ? { loop: true } : {}),
      ...(command.bargeIn ? { stopOnDtmf: true } : {}),
    });
  }

  async #answer(legId: LegId): Promise<void> {
    const leg = this.#legs.get(legId);
    const session = this.#uas(legId);
    if (
      !leg ||
      !session ||
      leg.state !== 'setting-up' ||
      (session.state !== 'offered' && session.state !== 'early')
    )
      return;
    const oa = await this.#openMedia(leg);
    if (leg.ended) return;
    if (session.offer === undefined) {
      // A delayed offer (RFC 3261 §13.2.1): we offer in the 200, the peer answers in the ACK
      // (the session's 'answer' event, handled in #watch).
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
    await this.#updateMedia(leg, answer.value.media);
    if (leg.move('answer')) session.answer(answer.value.sdp);
  }

  async #originate(command: Extract<TelephonyCommand, { type: 'leg.originate' }>): Promise<void> {
    const leg = this.#track(
      new SipLeg({
        id: command.legId,
        callId: command.callId ?? command.legId,
        direction: 'outbound',
      }),
    );
    const route = this.#route(command);
    if (!route) {
      this.#end(leg, 'unreachable', 'local');
      return;
    }
    if (route.release) this.#trunkSlots.set(leg.id, route.release);
    const oa = await this.#openMedia(leg);
    if (leg.ended) return;
    const offer = oa.createOffer();
    if (!offer.ok) throw offer.error;
    const maxForwards = this.#hopsLeft(command.callId);
    const session = this.#options.dialogs.invite({
      ...route.invite,
      localSdp: offer.value.sdp,
      ringTimeoutMs: command.timeoutMs,
      ...(maxForwards !== undefined ? { maxForwards } : {}),
    });
    leg.session = session;
    this.#watch(leg, session);
    session.on('ringing', () =>
      this.#emit({ type: 'leg.ringing', legId: leg.id, at: this.#options.clock.now() }),
    );
    session.on('answered', ({ sdp }) => {
      const applied = sdp === undefined ? undefined : oa.receiveAnswer(sdp);
      if (!applied?.ok || !leg.move('answer')) {
        if (!leg.ended) this.#fail(leg.id, 'failed', 'unusable SDP answer');
        return;
      }
      this.#updateMedia(leg, applied.value.media).then(
        () => this.#emit({ type: 'leg.answered', legId: leg.id, at: this.#options.clock.now() }),
        (error: unknown) => this.#fail(leg.id, 'failed', `media update failed: ${String(error)}`),
      );
    });
  }

  /**
   * Where an outbound leg goes: a registered extension's most preferred contact (forking to
   * every contact is still to come), or a number through a trunk. Only the core asks for a trunk
   * target, and its router does so for authenticated extensions only (toll fraud).
   */
  #route(command: Extract<TelephonyCommand, { type: 'leg.originate' }>): LegRoute | undefined {
    const { target, from } = command;
    if (target.kind === 'trunk') {
      const call = this.#options.outboundTrunks?.placeCall(target.trunk, target.number, from);
      if (call === undefined || 'refused' in call) {
        this.#options.logger.info(
          { legId: command.legId, trunk: target.trunk, refused: call?.refused ?? 'no-trunks' },
          'call through trunk refused',
        );
        return undefined;
      }
      return call;
    }
    const binding = this.#options.stack.location.lookup(target.extension)[0];
    if (!binding) return undefined;
    const name = from.displayName ? `"${from.displayName.replace(/["\\]/g, '')}" ` : '';
    const host = this.#options.localHost;
    return {
      invite: {
        target: binding.contact,
        from: `${name}<sip:${from.number}@${host}>`,
        to: `<sip:${binding.aor}@${host}>`,
        destination: binding.source,
      },
    };
  }

  /** What both kinds of leg share: the end, the ACK, re-INVITEs (hold), answers in ACKs, INFO DTMF. */
  #watch(leg: SipLeg, session: InviteSession): void {
    session.on('ended', (ended) => this.#end(leg, causeOf(ended), ended.by, ended.status));
    if (leg.direction === 'inbound') {
      session.on('confirmed', () => {
        if (!leg.ended)
          this.#emit({ type: 'leg.answered', legId: leg.id, at: this.#options.clock.now() });
      });
    }
    session.on('answer', ({ sdp }) => {
      // The peer's answer to an offer of ours that went in a 2xx (delayed offer, RFC 3264).
      void leg.media?.then((oa) => {
        const applied = oa.receiveAnswer(sdp);
        if (!applied.ok) return this.#fail(leg.id, 'failed', 'unusable SDP answer in ACK');
        return this.#updateMedia(leg, applied.value.media).catch((error: unknown) =>
          this.#fail(leg.id, 'failed', `media update failed: ${String(error)}`),
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
          if (answer.value.changed) await this.#updateMedia(leg, answer.value.media);
        } catch {
          return remote.reject(500);
        }
        if (!remote.settled) remote.accept(answer.value.sdp);
        const held = answer.value.hold !== 'none';
        if (held !== leg.held) {
          leg.held = held;
          this.#emit({
            type: held ? 'leg.held' : 'leg.resumed',
            legId: leg.id,
            at: this.#options.clock.now(),
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
      this.#emit({ type: 'leg.refer', legId: leg.id, target, at: this.#options.clock.now() });
    });
    session.on('info', (info) => {
      if (info.dtmf) {
        this.#emit({
          type: 'leg.dtmf',
          legId: leg.id,
          digit: info.dtmf.digit,
          via: 'info',
          at: this.#options.clock.now(),
        });
      }
    });
  }

  /** The leg's media endpoint, created on first need; one per leg, whoever asks first. */
  #openMedia(leg: SipLeg): Promise<OfferAnswerSession> {
    leg.media ??= this.#options.media
      .request({ type: 'endpoint.create', endpointId: leg.id, callId: leg.callId, legId: leg.id })
      .then((created) => {
        leg.hasEndpoint = true;
        // The leg may have ended while the endpoint was made: give it back at once.
        if (leg.ended) void this.#destroyMedia(leg);
        const { address, port, rtcpPort } = created.local;
        return new OfferAnswerSession({
          config: this.#options.sdp,
          endpoint: { addresses: [address], port, ...(rtcpPort !== port + 1 ? { rtcpPort } : {}) },
        });
      });
    return leg.media;
  }

  /** Waits for the media endpoints of the given legs (for bridging, recording). */
  async #mediaOf(...legIds: (LegId | undefined)[]): Promise<void> {
    const legs = legIds.flatMap((id) => {
      const leg = id === undefined ? undefined : this.#legs.get(id);
      return leg ? [leg] : [];
    });
    await Promise.all(legs.map((leg) => this.#openMedia(leg)));
  }

  async #updateMedia(leg: SipLeg, media: NegotiatedMedia): Promise<void> {
    if (!leg.hasEndpoint || leg.ended) return;
    await this.#options.media.request({ type: 'endpoint.update', endpointId: leg.id, media });
  }

  async #destroyMedia(leg: SipLeg): Promise<void> {
    if (!leg.hasEndpoint) return;
    leg.hasEndpoint = false;
    await this.#options.media
      .request({ type: 'endpoint.destroy', endpointId: leg.id })
      .catch(() => undefined);
  }

  /** Ends a leg for a reason of ours (media gone, a command failed), telling the peer. */
  #fail(legId: LegId, cause: LegEndCause, why: string): void {
    const leg = this.#legs.get(legId);
    if (!leg || leg.ended) return;
    this.#options.logger.warn({ legId, cause, why }, 'ending a leg');
    // #end first, so the session's own 'ended' (from hangup) finds the leg already ended.
    this.#end(leg, cause, 'local');
    leg.session?.hangup();
  }

  /** One place releases a leg: its media endpoint, its entry, and the one leg.ended event. */
  #end(leg: SipLeg, cause: LegEndCause, by: 'local' | 'remote', sipStatus?: number): void {
    if (!leg.move('end')) return;
    this.#legs.delete(leg.id);
    this.#playing.delete(leg.id);
    this.#refers.delete(leg.id);
    this.#trunkSlots.get(leg.id)?.();
    this.#trunkSlots.delete(leg.id);
    void this.#destroyMedia(leg);
    this.#emit({
      type: 'leg.ended',
      legId: leg.id,
      cause,
      by,
      ...(sipStatus !== undefined ? { sipStatus } : {}),
      at: this.#options.clock.now(),
    });
  }

  #track(leg: SipLeg): SipLeg {
    this.#legs.set(leg.id, leg);
    return leg;
  }

  /** The hops an outbound leg may still take: its call's inbound INVITE's Max-Forwards less one. */
  #hopsLeft(callId: string | undefined): number | undefined {
    const inbound = callId === undefined ? undefined : this.#uas(callId);
    const hops = inbound?.request.maxForwards;
    return hops === undefined ? undefined : Math.max(0, Math.min(70, hops - 1));
  }

  #uas(legId: LegId): UasInviteSession | undefined {
    const leg = this.#legs.get(legId);
    return leg?.direction === 'inbound' ? (leg.session as UasInviteSession) : undefined;
  }

  #emit(event: TelephonyEvent): void {
    this.#events.emit('event', event);
  }
}

function userPart(uri: UasInviteSession['request']['uri']): string {
  return uri.type === 'sip' ? (uri.user ?? '') : uri.type === 'tel' ? uri.number : '';
}

function causeOf(ended: SessionEnded): LegEndCause {
  switch (ended.cause) {
    case 'normal':
    case 'local':
    case 'cancelled':
    case 'busy':
    case 'no-answer':
    case 'rejected':
    case 'unreachable':
      return ended.cause;
    default:
      return 'failed'; // ack-timeout, session-timeout, failed
  }
}
