// The telephony adapter for SIP: turns INVITE sessions into legs the core
// sees through the TelephonyEvent port, and carries out its commands with
// the dialog layer (signaling) and the media port (RTP). Each leg is a
// dialog of its own: nothing of one leg's signaling reaches the other.
// The leg table, the command dispatch and the one way a leg ends live here;
// each concern of a leg lives in a part of its own (see LegHost).
import { TypedEmitter, type Clock, type Logger } from '../platform/index.ts';
import type { MediaPort } from './media/index.ts';
import type { TrunkPeer } from './invite-authenticator.ts';
import type { DialogLayer, UasInviteSession } from './sip/dialog/index.ts';
import type { SdpConfig } from './sip/sdp/index.ts';
import type { SipStack } from './sip/sip-stack.ts';
import type { SipLeg } from './sip-leg.ts';
import type { TrunkCalls } from './trunks/index.ts';
import { CallMixers } from './call-mixers.ts';
import { InboundLegs } from './inbound-legs.ts';
import type { LegHost } from './leg-host.ts';
import { LegMedia } from './leg-media.ts';
import { LegPlayback } from './leg-playback.ts';
import { LegSessionEvents } from './leg-session-events.ts';
import { OutboundLegs } from './outbound-legs.ts';
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

export class SipTelephony implements TelephonyPort {
  readonly #options: SipTelephonyOptions;
  readonly #legs = new Map<LegId, SipLeg>();
  readonly #events = new TypedEmitter<{ event: TelephonyEvent }>();
  readonly #endpoints: LegMedia;
  readonly #sessions: LegSessionEvents;
  readonly #inbound: InboundLegs;
  readonly #outbound: OutboundLegs;
  readonly #playback: LegPlayback;
  readonly #mixers: CallMixers;

  constructor(options: SipTelephonyOptions) {
    this.#options = options;
    const host = this.#host();
    const leg = (id: LegId) => this.#legs.get(id);
    const media = options.media;
    const endpoints = new LegMedia({ media, sdp: options.sdp, leg });
    const sessions = new LegSessionEvents(host, endpoints);
    this.#endpoints = endpoints;
    this.#sessions = sessions;
    this.#inbound = new InboundLegs(host, {
      stack: options.stack,
      realm: options.realm,
      trunks: options.trunks ?? [],
      endpoints,
      sessions,
    });
    this.#outbound = new OutboundLegs(host, {
      stack: options.stack,
      dialogs: options.dialogs,
      trunks: options.outboundTrunks,
      localHost: options.localHost,
      endpoints,
      sessions,
    });
    this.#playback = new LegPlayback(host, { media, endpoints, prompts: options.prompts });
    this.#mixers = new CallMixers({ media, endpoints, leg });
    options.dialogs.on('invite', (session) => {
      this.#inbound.offered(session).catch((error: unknown) => {
        options.logger.error({ err: error }, 'handling an inbound INVITE failed');
        if (session.state === 'offered') session.reject(500);
      });
    });
    media.on('dtmf', (e) => {
      const leg = this.#legs.get(e.endpointId);
      if (leg && !leg.ended)
        this.#emit({ type: 'leg.dtmf', legId: leg.id, digit: e.digit, via: e.source, at: e.at });
    });
    media.on('play.finished', (e) => this.#playback.finished(e));
    media.on('record.finished', (e) =>
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
    media.on('endpoint.inactive', (e) =>
      this.#fail(e.endpointId, 'media-timeout', 'no RTP from the peer'),
    );
    media.on('endpoint.failed', (e) => this.#fail(e.endpointId, 'failed', 'media endpoint failed'));
  }

  /** Replaces the carriers INVITEs are recognised by (trunks changed while running). */
  setTrunkPeers(trunks: readonly TrunkPeer[]): void {
    this.#inbound.setTrunkPeers(trunks);
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
      case 'leg.ring':
        return this.#inbound.ring(command.legId);
      case 'leg.answer':
        return this.#inbound.answer(command.legId);
      case 'leg.reject':
        return this.#inbound.reject(command);
      case 'leg.hangup': {
        const leg = this.#legs.get(command.legId);
        if (!leg || leg.ended) return;
        // An outbound leg still waiting for its endpoint has no session and no forks yet: end it
        // here, and the INVITE is never sent (OutboundLegs.originate checks after each await).
        if (leg.session) leg.session.hangup();
        else if (!this.#outbound.hangup(leg.id)) this.#end(leg, 'local', 'local');
        return;
      }
      case 'leg.originate':
        return this.#outbound.originate(command);
      case 'leg.answer.remote':
        return this.#outbound.answerRemotely(command.legId);
      case 'recording.start':
        try {
          await this.#endpoints.of(command.customer, command.agent);
          await media.request({
            type: 'record.start',
            recordingId: command.recordingId,
            path: command.path,
            left: { endpointId: command.customer },
            ...(command.agent ? { right: { endpointId: command.agent } } : {}),
          });
        } catch (error) {
          // Every recording.start is answered by one recording.finished: the call model waits for it.
          const at = this.#options.clock.now();
          this.#emit({
            type: 'recording.finished',
            recordingId: command.recordingId,
            path: command.path,
            startedAt: at,
            durationMs: 0,
            bytes: 0,
            channels: command.agent ? 2 : 1,
            reason: 'error',
            at,
          });
          throw error;
        }
        return;
      case 'recording.stop':
        await media.request({ type: 'record.stop', recordingId: command.recordingId });
        return;
      case 'legs.bridge':
        // Both endpoints must exist first: answering the caller creates its endpoint asynchronously.
        await this.#endpoints.of(command.a, command.b);
        await media.request({ type: 'bridge', endpointIds: [command.a, command.b] });
        return;
      case 'legs.unbridge':
        await media.request({ type: 'unbridge', endpointId: command.a });
        return;
      case 'leg.play':
        return this.#playback.play(command);
      case 'leg.play.stop':
        return this.#playback.stop(command);
      case 'leg.mix':
        return this.#mixers.mix(command);
      case 'mixer.close':
        return this.#mixers.close(command);
      case 'leg.refer.result':
        return this.#sessions.referResult(command);
      case 'leg.dtmf.send': {
        const leg = this.#legs.get(command.legId);
        if (!leg || leg.ended) return;
        await this.#endpoints.of(command.legId);
        await media.request({
          type: 'dtmf.send',
          endpointId: command.legId,
          digits: command.digits,
        });
        return;
      }
    }
  }

  /** Ends a leg for a reason of ours (media gone, a command failed), telling the peer. */
  #fail(legId: LegId, cause: LegEndCause, why: string): void {
    const leg = this.#legs.get(legId);
    if (!leg || leg.ended) return;
    this.#options.logger.warn({ legId, cause, why }, 'ending a leg');
    // #end first, so the session's own 'ended' (from hangup) finds the leg already ended; it
    // also cancels the forks of an outbound leg not answered yet.
    this.#end(leg, cause, 'local');
    leg.session?.hangup();
  }

  /** One place releases a leg: its parts' bookkeeping, its media endpoint, and the one leg.ended event. */
  #end(leg: SipLeg, cause: LegEndCause, by: 'local' | 'remote', sipStatus?: number): void {
    if (!leg.move('end')) return;
    this.#legs.delete(leg.id);
    this.#playback.released(leg.id);
    this.#sessions.released(leg.id);
    this.#outbound.released(leg.id);
    void this.#endpoints.destroy(leg);
    this.#emit({
      type: 'leg.ended',
      legId: leg.id,
      cause,
      by,
      ...(sipStatus !== undefined ? { sipStatus } : {}),
      at: this.#options.clock.now(),
    });
  }

  #uas(legId: LegId): UasInviteSession | undefined {
    const leg = this.#legs.get(legId);
    return leg?.direction === 'inbound' ? (leg.session as UasInviteSession) : undefined;
  }

  #emit(event: TelephonyEvent): void {
    this.#events.emit('event', event);
  }

  #host(): LegHost {
    return {
      clock: this.#options.clock,
      logger: this.#options.logger,
      leg: (id) => this.#legs.get(id),
      uas: (id) => this.#uas(id),
      track: (leg) => {
        this.#legs.set(leg.id, leg);
        return leg;
      },
      emit: (event) => this.#emit(event),
      fail: (legId, cause, why) => this.#fail(legId, cause, why),
      end: (leg, cause, by, sipStatus) => this.#end(leg, cause, by, sipStatus),
    };
  }
}
