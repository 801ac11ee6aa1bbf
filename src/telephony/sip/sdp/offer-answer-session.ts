// One leg's offer/answer bookkeeping: our o= version, the last SDP each way, an offer awaiting its answer.
import { encodingKey, TELEPHONE_EVENT } from './codecs.ts';
import type { Direction } from './direction.ts';
import { processAnswer } from './answer-processing.ts';
import { mediaChanged } from './negotiated-media.ts';
import type { NegotiatedMedia, RemoteHold } from './negotiated-media.ts';
import { answerOffer } from './sdp-answer.ts';
import { checkEndpoint } from './sdp-config.ts';
import type { MediaEndpoint, SdpConfig } from './sdp-config.ts';
import { SdpError, sdpFail, sdpOk } from './sdp-error.ts';
import type { SdpResult } from './sdp-error.ts';
import { createOffer } from './sdp-offer.ts';
import { parseSdp } from './sdp-parser.ts';
import { serializeSdp } from './sdp-serializer.ts';
import { createOrigin, withSessionVersion } from './session-description.ts';
import type { Origin, SessionDescription } from './session-description.ts';

/**
 * - initial: nothing negotiated yet.
 * - local-offer: our offer is out (INVITE, re-INVITE, or a 200 to a bodiless INVITE, whose
 *   answer comes in the ACK: RFC 3261 §13.2.1 delayed offer).
 * - stable: media negotiated; either side may offer again.
 * An offer from the peer is answered at once, so there is no remote-offer state.
 */
export const offerAnswerStates = ['initial', 'local-offer', 'stable'] as const;
export type OfferAnswerState = (typeof offerAnswerStates)[number];

const transitions: Readonly<Record<OfferAnswerState, readonly OfferAnswerState[]>> = {
  initial: ['local-offer', 'stable'],
  'local-offer': ['initial', 'stable'],
  stable: ['local-offer', 'stable'],
};

export function canTransition(from: OfferAnswerState, to: OfferAnswerState): boolean {
  return transitions[from].includes(to);
}

export interface OfferAnswerSessionInit {
  readonly config: SdpConfig;
  readonly endpoint: MediaEndpoint;
  /** Our o= line; by default a fresh one on the endpoint's first address. */
  readonly origin?: Origin;
}

export interface SdpToSend {
  /** The SDP body to put in the message. */
  readonly sdp: string;
  readonly description: SessionDescription;
}

export interface OfferAnswered extends SdpToSend {
  readonly media: NegotiatedMedia;
  readonly hold: RemoteHold;
  /** False when the media engine already runs exactly this (a session refresh, RFC 3264 §8). */
  readonly changed: boolean;
}

export interface AnswerApplied {
  readonly media: NegotiatedMedia;
  readonly hold: RemoteHold;
  readonly changed: boolean;
  readonly warnings: readonly string[];
}

interface Sent {
  readonly version: bigint;
  /** The SDP without its o= line: what "identical" means in RFC 3264 §8. */
  readonly body: string;
}

export class OfferAnswerSession {
  readonly #config: SdpConfig;
  readonly #origin: Origin;
  #endpoint: MediaEndpoint;
  #state: OfferAnswerState = 'initial';
  #wanted: Direction = 'sendrecv';
  #local: SessionDescription | undefined;
  #remote: SessionDescription | undefined;
  #media: NegotiatedMedia | undefined;
  #hold: RemoteHold = 'none';
  #pending: { readonly description: SessionDescription; readonly direction: Direction } | undefined;
  #lastSent: Sent | undefined;
  #lastApplied: Sent | undefined;

  constructor(init: OfferAnswerSessionInit) {
    checkEndpoint(init.endpoint);
    this.#config = init.config;
    this.#endpoint = init.endpoint;
    this.#origin =
      init.origin ??
      createOrigin({ username: init.config.username, address: init.endpoint.addresses[0] ?? '' });
  }

  get state(): OfferAnswerState {
    return this.#state;
  }
  /** The last SDP we sent that took effect (offer answered, or our answer). */
  get localDescription(): SessionDescription | undefined {
    return this.#local;
  }
  /** The last SDP the peer sent that took effect. */
  get remoteDescription(): SessionDescription | undefined {
    return this.#remote;
  }
  /** The media in force, for the media engine. */
  get media(): NegotiatedMedia | undefined {
    return this.#media;
  }
  get remoteHold(): RemoteHold {
    return this.#hold;
  }
  /** What we want the stream to be: sendrecv, or sendonly/inactive while we hold the peer. */
  get localDirection(): Direction {
    return this.#wanted;
  }
  /** The o= version of the last SDP we sent. */
  get localVersion(): string | undefined {
    return this.#lastSent?.version.toString();
  }

  /** The media engine moved this leg: the next SDP we send (offer or answer) says so. */
  setEndpoint(endpoint: MediaEndpoint): void {
    checkEndpoint(endpoint);
    this.#endpoint = endpoint;
  }

  /**
   * Our offer: for an INVITE, a re-INVITE (hold: direction sendonly/inactive; resume: sendrecv),
   * or the 200 to a bodiless (re-)INVITE. Direction defaults to what we last wanted. Fails with
   * `sdp-unexpected` while another offer of ours awaits its answer (RFC 3261 §14.1).
   */
  createOffer(options: { readonly direction?: Direction } = {}): SdpResult<SdpToSend> {
    if (this.#state === 'local-offer') {
      return unexpected('Our previous offer has no answer yet; send a new one only after it.');
    }
    const direction = options.direction ?? this.#wanted;
    const media = this.#media;
    const bound: Record<string, number> = {};
    if (media !== undefined) {
      bound[encodingKey(media.codec)] = media.codec.payloadType;
      if (media.telephoneEvent !== undefined) {
        const key = encodingKey({ name: TELEPHONE_EVENT, clockRate: media.codec.clockRate });
        bound[key] = media.telephoneEvent.receivePayloadType ?? media.telephoneEvent.payloadType;
      }
    }
    const out = this.#stamp(
      createOffer({
        config: this.#config,
        endpoint: this.#endpoint,
        origin: this.#origin,
        direction,
        ...(this.#local === undefined ? {} : { previous: this.#local }),
        boundPayloadTypes: bound,
        ...(media === undefined ? {} : { preferredCodec: media.codec.name }),
      }),
    );
    this.#pending = { description: out.description, direction };
    this.#transition('local-offer');
    return sdpOk(out);
  }

  /** The peer's answer to our pending offer (in a 200, 18x reliable, or ACK). */
  receiveAnswer(sdp: string): SdpResult<AnswerApplied> {
    const pending = this.#pending;
    if (this.#state !== 'local-offer' || pending === undefined) {
      return unexpected('An SDP answer arrived but we have no offer outstanding.');
    }
    const parsed = parseSdp(sdp);
    if (!parsed.ok) return this.#answerFailed(parsed.error);
    const outcome = processAnswer(pending.description, parsed.value, this.#config);
    if (!outcome.ok) return this.#answerFailed(outcome.error);
    const { media, hold, warnings } = outcome.value;
    const changed = mediaChanged(this.#media, media);
    this.#pending = undefined;
    this.#wanted = pending.direction;
    this.#local = pending.description;
    this.#remote = parsed.value;
    this.#media = media;
    this.#hold = hold;
    this.#lastApplied = this.#lastSent;
    this.#transition('stable');
    return sdpOk({ media, hold, changed, warnings });
  }

  /**
   * An offer from the peer (INVITE, re-INVITE, UPDATE, or a 200/ACK after our bodiless INVITE),
   * answered at once. On failure nothing changes: the edge answers 488 and the session in force
   * stays (RFC 3261 §14.2). An offer while ours is outstanding is glare: `sdp-unexpected`.
   */
  receiveOffer(
    sdp: string,
    options: { readonly direction?: Direction } = {},
  ): SdpResult<OfferAnswered> {
    if (this.#state === 'local-offer') {
      return unexpected('An SDP offer arrived while ours awaits its answer (glare); answer 491.');
    }
    const parsed = parseSdp(sdp);
    if (!parsed.ok) return sdpFail(parsed.error);
    const direction = options.direction ?? this.#wanted;
    const result = answerOffer(parsed.value, {
      config: this.#config,
      endpoint: this.#endpoint,
      origin: this.#origin,
      direction,
    });
    if (!result.ok) return sdpFail(result.error);
    const answer = result.value;
    const out = this.#stamp(answer.description);
    const changed = mediaChanged(this.#media, answer.media);
    this.#wanted = direction;
    this.#local = out.description;
    this.#remote = parsed.value;
    this.#media = answer.media;
    this.#hold = answer.hold;
    this.#lastApplied = this.#lastSent;
    this.#transition('stable');
    return sdpOk({ ...out, media: answer.media, hold: answer.hold, changed });
  }

  /**
   * Our offer went unanswered or was refused (488, 491, a failed re-INVITE, an ACK without the
   * answer): back to the session in force. Its version is not reused. Idempotent.
   */
  cancelOffer(): void {
    if (this.#state !== 'local-offer') return;
    this.#pending = undefined;
    this.#transition(this.#media === undefined ? 'initial' : 'stable');
  }

  /** The exchange is over either way; the session in force stays as it was. */
  #answerFailed<T>(error: SdpError): SdpResult<T> {
    this.cancelOffer();
    return sdpFail(error);
  }

  /**
   * Gives a draft SDP its o= version (RFC 3264 §8): the same as the SDP in force when nothing
   * changed and nothing else was sent since, otherwise one more than the last we sent; a version
   * once sent (even in a refused offer) never names different content.
   */
  #stamp(draft: SessionDescription): SdpToSend {
    const body = withoutOrigin(serializeSdp(draft));
    const last = this.#lastSent;
    const reuse = last !== undefined && last === this.#lastApplied && last.body === body;
    const version =
      last === undefined
        ? BigInt(this.#origin.sessionVersion)
        : reuse
          ? last.version
          : last.version + 1n;
    const description = { ...draft, origin: withSessionVersion(this.#origin, version) };
    const sdp = serializeSdp(description);
    if (!reuse) this.#lastSent = { version, body };
    return { sdp, description };
  }

  #transition(to: OfferAnswerState): void {
    if (!canTransition(this.#state, to)) {
      throw new Error(`offer/answer: no transition from ${this.#state} to ${to}`);
    }
    this.#state = to;
  }
}

function withoutOrigin(sdp: string): string {
  return sdp.replace(/^o=.*$/m, '');
}

function unexpected<T>(message: string): SdpResult<T> {
  return sdpFail(new SdpError('sdp-unexpected', message));
}
