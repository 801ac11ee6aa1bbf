// The telephony adapter for SIP: turns INVITE sessions into legs the core
// sees through the TelephonyEvent port, and carries out its commands with
// the dialog layer (signaling) and the media port (RTP). Each leg is a
// dialog of its own: nothing of one leg's signaling reaches the other.
import { randomUUID } from 'node:crypto';
import { TypedEmitter, type Clock, type Logger } from '../platform/index.ts';
import type {
  DialogLayer,
  InviteSession,
  SessionEnded,
  UacInviteSession,
  UasInviteSession,
} from './sip/dialog/index.ts';
import { serializeUri } from './sip/message/index.ts';
import { OfferAnswerSession, type NegotiatedMedia, type SdpConfig } from './sip/sdp/index.ts';
import type { SipStack } from './sip/sip-stack.ts';
import type { MediaPort } from './media/index.ts';
import type {
  LegEndCause,
  LegId,
  LegSource,
  TelephonyCommand,
  TelephonyEvent,
  TelephonyPort,
} from './telephony-port.ts';

export interface TrunkPeer {
  name: string;
  /** Source addresses calls from this trunk come from. */
  addresses: string[];
}

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
  /** Host to put in the From of legs we place. */
  localHost: string;
}

interface Leg {
  id: LegId;
  callId: string;
  direction: 'inbound' | 'outbound';
  session: InviteSession | undefined;
  oa: OfferAnswerSession | undefined;
  /** The media endpoint exists (create resolved). */
  endpoint: boolean;
  ended: boolean;
  answered: boolean;
  held: boolean;
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
  readonly #legs = new Map<LegId, Leg>();
  readonly #events = new TypedEmitter<{ event: TelephonyEvent }>();
  readonly #trunkByAddress = new Map<string, string>();

  constructor(options: SipTelephonyOptions) {
    this.#options = options;
    for (const trunk of options.trunks ?? []) {
      for (const address of trunk.addresses) this.#trunkByAddress.set(address, trunk.name);
    }
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
    options.media.on('endpoint.inactive', (e) => {
      const leg = this.#legs.get(e.endpointId);
      if (leg && !leg.ended) {
        options.logger.warn({ legId: leg.id }, 'no RTP from the peer: ending the leg');
        this.#end(leg, 'media-timeout', 'local');
        leg.session?.hangup();
      }
    });
    options.media.on('endpoint.failed', (e) => {
      const leg = this.#legs.get(e.endpointId);
      if (leg && !leg.ended) {
        this.#end(leg, 'failed', 'local');
        leg.session?.hangup();
      }
    });
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
      const legId = 'legId' in command ? command.legId : 'a' in command ? command.a : undefined;
      if (legId === undefined) return;
      const leg = this.#legs.get(legId);
      if (leg && !leg.ended) {
        leg.session?.hangup();
        this.#end(leg, 'failed', 'local');
      }
    });
  }

  async #execute(command: TelephonyCommand): Promise<void> {
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
        if (leg && session && !leg.answered && !leg.ended)
          session.reject(rejectStatus[command.reason]);
        return;
      }
      case 'leg.hangup': {
        const leg = this.#legs.get(command.legId);
        if (leg && !leg.ended) leg.session?.hangup();
        return;
      }
      case 'leg.originate':
        return this.#originate(command);
      case 'recording.start':
        await this.#options.media.request({
          type: 'record.start',
          recordingId: command.recordingId,
          path: command.path,
          left: { endpointId: command.customer },
          ...(command.agent ? { right: { endpointId: command.agent } } : {}),
        });
        return;
      case 'recording.stop':
        await this.#options.media.request({
          type: 'record.stop',
          recordingId: command.recordingId,
        });
        return;
      case 'legs.bridge':
        await this.#options.media.request({ type: 'bridge', endpointIds: [command.a, command.b] });
        return;
      case 'legs.unbridge':
        await this.#options.media.request({ type: 'unbridge', endpointId: command.a });
        return;
    }
  }

  async #inbound(session: UasInviteSession): Promise<void> {
    const request = session.request;
    const sourceAddress = session.source.address;
    const toUri = request.uri;
    const to = toUri.type === 'sip' ? (toUri.user ?? '') : toUri.type === 'tel' ? toUri.number : '';
    const fromUri = request.from.uri;
    const fromNumber =
      fromUri.type === 'sip' ? (fromUri.user ?? '') : fromUri.type === 'tel' ? fromUri.number : '';
    const displayName = request.from.displayName;

    // RFC 3261 §16.3 / §8.2.2.2: a request that has used up its hops is a loop; a B2BUA that
    // would place another leg for it answers 483 rather than forward it once more.
    if (request.maxForwards === 0) {
      session.reject(483, 'Too Many Hops');
      return;
    }
    let source: LegSource;
    const trunk = this.#trunkByAddress.get(sourceAddress);
    if (trunk) source = { kind: 'trunk', trunk };
    else {
      // RFC 3261 §22.3: a UAS challenges with 401; only a proven extension may call (no toll fraud).
      const outcome = await this.#options.stack.verifier.verify({
        realm: this.#options.realm,
        method: 'INVITE',
        requestUri: serializeUri(request.uri),
        authorization: request.getAll('Authorization'),
        source: sourceAddress,
        expectedUsername: fromNumber,
        body: request.body,
      });
      if (outcome.kind === 'challenge') {
        session.reject(
          401,
          'Unauthorized',
          outcome.challenges.map((c) => ['WWW-Authenticate', c] as const),
        );
        return;
      }
      if (outcome.kind === 'refused') {
        this.#options.logger.warn(
          { source: sourceAddress, reason: outcome.reason, from: fromNumber },
          'INVITE refused',
        );
        session.reject(403);
        return;
      }
      source = { kind: 'extension', extension: outcome.username };
    }
    // The caller may have given up while we checked who it is.
    if (session.state !== 'offered') return;

    const leg = this.#track({ id: randomUUID(), callId: '', direction: 'inbound', session });
    leg.callId = leg.id;
    session.on('ended', (ended) => this.#sessionEnded(leg, ended));
    this.#watchSession(leg, session);
    this.#emit({
      type: 'leg.offered',
      legId: leg.id,
      to,
      from:
        displayName === undefined ? { number: fromNumber } : { number: fromNumber, displayName },
      source,
      at: this.#options.clock.now(),
    });
  }

  async #answer(legId: LegId): Promise<void> {
    const leg = this.#legs.get(legId);
    const session = this.#uas(legId);
    if (!leg || !session || leg.ended || (session.state !== 'offered' && session.state !== 'early'))
      return;
    const oa = await this.#openMedia(leg);
    if (leg.ended) return;
    if (session.offer === undefined) {
      // A delayed offer (RFC 3264 §5 via RFC 3261 §13.2.1): we offer in the 200, they answer in the ACK.
      const offer = oa.createOffer();
      if (!offer.ok) throw offer.error;
      session.answer(offer.value.sdp);
      return;
    }
    const answer = oa.receiveOffer(session.offer);
    if (!answer.ok) {
      // RFC 3261 §21.4.26: nothing in the offer we can use.
      session.reject(488);
      return;
    }
    await this.#updateMedia(leg, answer.value.media);
    if (leg.ended) return;
    session.answer(answer.value.sdp);
    leg.answered = true;
  }

  async #originate(command: Extract<TelephonyCommand, { type: 'leg.originate' }>): Promise<void> {
    const leg = this.#track({
      id: command.legId,
      callId: command.callId ?? command.legId,
      direction: 'outbound',
      session: undefined,
    });
    if (command.target.kind !== 'extension') {
      this.#end(leg, 'unreachable', 'local');
      return;
    }
    const [binding] = this.#options.stack.location.lookup(command.target.extension);
    if (!binding) {
      this.#end(leg, 'unreachable', 'local');
      return;
    }
    const oa = await this.#openMedia(leg);
    if (leg.ended) return;
    const offer = oa.createOffer();
    if (!offer.ok) throw offer.error;
    const name = command.from.displayName
      ? `"${command.from.displayName.replace(/["\\]/g, '')}" `
      : '';
    const session: UacInviteSession = this.#options.dialogs.invite({
      target: binding.contact,
      from: `${name}<sip:${command.from.number}@${this.#options.localHost}>`,
      to: `<sip:${command.target.extension}@${this.#options.localHost}>`,
      localSdp: offer.value.sdp,
      destination: binding.source,
      ringTimeoutMs: command.timeoutMs,
    });
    leg.session = session;
    session.on('ended', (ended) => this.#sessionEnded(leg, ended));
    session.on('ringing', () =>
      this.#emit({ type: 'leg.ringing', legId: leg.id, at: this.#options.clock.now() }),
    );
    session.on('answered', ({ sdp }) => {
      const applied = sdp === undefined ? undefined : oa.receiveAnswer(sdp);
      if (!applied?.ok) {
        this.#options.logger.warn({ legId: leg.id }, 'unusable SDP answer: hanging up');
        session.hangup();
        return;
      }
      leg.answered = true;
      void this.#updateMedia(leg, applied.value.media).then(() => {
        if (!leg.ended)
          this.#emit({ type: 'leg.answered', legId: leg.id, at: this.#options.clock.now() });
      });
    });
    this.#watchSession(leg, session);
  }

  /** Re-INVITEs (hold and resume) and INFO DTMF, the same on both kinds of leg. */
  #watchSession(leg: Leg, session: InviteSession): void {
    if (leg.direction === 'inbound') {
      session.on('confirmed', () => {
        if (!leg.answered) leg.answered = true;
        if (!leg.ended)
          this.#emit({ type: 'leg.answered', legId: leg.id, at: this.#options.clock.now() });
      });
    }
    session.on('reinvite', (remote) => {
      const oa = leg.oa;
      if (!oa || remote.sdp === undefined) return remote.reject(488);
      const answer = oa.receiveOffer(remote.sdp);
      if (!answer.ok) return remote.reject(488);
      void this.#updateMedia(leg, answer.value.media).then(() => remote.accept(answer.value.sdp));
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
    session.on('info', (info) => {
      if (info.dtmf)
        this.#emit({
          type: 'leg.dtmf',
          legId: leg.id,
          digit: info.dtmf.digit,
          via: 'info',
          at: this.#options.clock.now(),
        });
    });
  }

  async #openMedia(leg: Leg): Promise<OfferAnswerSession> {
    const created = await this.#options.media.request({
      type: 'endpoint.create',
      endpointId: leg.id,
      callId: leg.callId,
      legId: leg.id,
    });
    leg.endpoint = true;
    if (leg.ended) {
      await this.#destroyMedia(leg);
      return (
        leg.oa ??
        new OfferAnswerSession({ config: this.#options.sdp, endpoint: endpointOf(created.local) })
      );
    }
    leg.oa = new OfferAnswerSession({
      config: this.#options.sdp,
      endpoint: endpointOf(created.local),
    });
    return leg.oa;
  }

  async #updateMedia(leg: Leg, media: NegotiatedMedia): Promise<void> {
    if (!leg.endpoint || leg.ended) return;
    await this.#options.media.request({ type: 'endpoint.update', endpointId: leg.id, media });
  }

  async #destroyMedia(leg: Leg): Promise<void> {
    if (!leg.endpoint) return;
    leg.endpoint = false;
    await this.#options.media
      .request({ type: 'endpoint.destroy', endpointId: leg.id })
      .catch(() => undefined);
  }

  #sessionEnded(leg: Leg, ended: SessionEnded): void {
    this.#end(leg, causeOf(ended), ended.by, ended.status);
  }

  /** One place releases a leg: its media endpoint, its entry, and the one leg.ended event. */
  #end(leg: Leg, cause: LegEndCause, by: 'local' | 'remote', sipStatus?: number): void {
    if (leg.ended) return;
    leg.ended = true;
    this.#legs.delete(leg.id);
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

  #track(init: Pick<Leg, 'id' | 'callId' | 'direction' | 'session'>): Leg {
    const leg: Leg = {
      ...init,
      oa: undefined,
      endpoint: false,
      ended: false,
      answered: false,
      held: false,
    };
    this.#legs.set(leg.id, leg);
    return leg;
  }

  #uas(legId: LegId): UasInviteSession | undefined {
    const leg = this.#legs.get(legId);
    return leg?.direction === 'inbound' ? (leg.session as UasInviteSession) : undefined;
  }

  #emit(event: TelephonyEvent): void {
    this.#events.emit('event', event);
  }
}

function endpointOf(local: { address: string; port: number; rtcpPort: number }) {
  return {
    addresses: [local.address],
    port: local.port,
    ...(local.rtcpPort !== local.port + 1 ? { rtcpPort: local.rtcpPort } : {}),
  };
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
    case 'session-timeout':
    case 'ack-timeout':
      return 'failed';
    default:
      return 'failed';
  }
}
