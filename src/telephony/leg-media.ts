// The media endpoint of each leg: made on first need (one per leg, whoever asks first), updated
// with what offer/answer agreed, and given back once when the leg ends.
import type { MediaPort } from './media/index.ts';
import { OfferAnswerSession, type NegotiatedMedia, type SdpConfig } from './sip/sdp/index.ts';
import type { SipLeg } from './sip-leg.ts';
import type { LegId } from './telephony-port.ts';

export class LegMedia {
  readonly #media: MediaPort;
  readonly #sdp: SdpConfig;
  readonly #leg: (id: LegId) => SipLeg | undefined;

  constructor(deps: { media: MediaPort; sdp: SdpConfig; leg: (id: LegId) => SipLeg | undefined }) {
    this.#media = deps.media;
    this.#sdp = deps.sdp;
    this.#leg = deps.leg;
  }

  /** The leg's endpoint and its offer/answer, created on first need. */
  open(leg: SipLeg): Promise<OfferAnswerSession> {
    leg.media ??= this.#media
      .request({ type: 'endpoint.create', endpointId: leg.id, callId: leg.callId, legId: leg.id })
      .then((created) => {
        leg.hasEndpoint = true;
        // The leg may have ended while the endpoint was made: give it back at once.
        if (leg.ended) void this.destroy(leg);
        const { address, port, rtcpPort } = created.local;
        return new OfferAnswerSession({
          config: this.#sdp,
          endpoint: { addresses: [address], port, ...(rtcpPort !== port + 1 ? { rtcpPort } : {}) },
        });
      });
    return leg.media;
  }

  /** Waits for the endpoints of the given legs (for bridging, recording, mixing). */
  async of(...legIds: (LegId | undefined)[]): Promise<void> {
    const legs = legIds.flatMap((id) => {
      const leg = id === undefined ? undefined : this.#leg(id);
      return leg ? [leg] : [];
    });
    await Promise.all(legs.map((leg) => this.open(leg)));
  }

  async update(leg: SipLeg, media: NegotiatedMedia): Promise<void> {
    if (!leg.hasEndpoint || leg.ended) return;
    await this.#media.request({ type: 'endpoint.update', endpointId: leg.id, media });
  }

  async destroy(leg: SipLeg): Promise<void> {
    if (!leg.hasEndpoint) return;
    leg.hasEndpoint = false;
    await this.#media
      .request({ type: 'endpoint.destroy', endpointId: leg.id })
      .catch(() => undefined);
  }
}
