// Makes our SDP offer (RFC 3264 §5): outbound legs, re-INVITEs for hold and resume, offers in a 200 to a bodiless INVITE.
import { TELEPHONE_EVENT, encodingKey, formatEventList } from './codecs.ts';
import type { AudioCodec, Encoding } from './codecs.ts';
import type { Direction } from './direction.ts';
import { disabledMedia } from './media-description.ts';
import type { MediaDescription, RtpPayload } from './media-description.ts';
import { addressTypeOf, checkEndpoint } from './sdp-config.ts';
import type { MediaEndpoint, SdpConfig } from './sdp-config.ts';
import type { Origin, SessionDescription } from './session-description.ts';

export interface OfferOptions {
  readonly config: SdpConfig;
  readonly endpoint: MediaEndpoint;
  /** Our o= line, its version already chosen (RFC 3264 §8). */
  readonly origin: Origin;
  /** sendrecv (default); sendonly to hold with music, inactive to hold in silence (RFC 3264 §8.4). */
  readonly direction?: Direction;
  /**
   * The last SDP we sent in this session. A re-offer keeps its m= lines, in count and order,
   * with the ones not in use at port 0 (RFC 3264 §8: m= lines are never removed).
   */
  readonly previous?: SessionDescription;
  /**
   * Payload types already bound in this session, by encoding key ("telephone-event/8000"):
   * reused so a number keeps its meaning (RFC 3264 §8.3.2).
   */
  readonly boundPayloadTypes?: Readonly<Record<string, number>>;
  /** The codec in use: offered first, so a re-offer does not switch codec mid-call. */
  readonly preferredCodec?: string;
}

/** Builds the offer; the audio stream takes the slot it had in `previous`, if any. */
export function createOffer(options: OfferOptions): SessionDescription {
  const { config, endpoint } = options;
  checkEndpoint(endpoint);
  const address = endpoint.addresses[0] as string; // checkEndpoint: at least one
  const audio = offeredAudio(options);
  const previous = options.previous?.media ?? [];
  let slot = previous.findIndex((m) => m.type === 'audio' && m.port !== 0);
  // RFC 3264 §8.1: a new stream may take a slot left at port 0, or go at the end.
  if (slot === -1) slot = previous.findIndex((m) => m.type === 'audio');
  if (slot === -1) slot = previous.length;
  const media = previous.map((m) => disabledMedia(m));
  media[slot] = audio;
  return {
    origin: options.origin,
    sessionName: config.sessionName,
    connection: { addressType: addressTypeOf(address), address, multicast: false },
    media,
  };
}

function offeredAudio(options: OfferOptions): MediaDescription {
  const { config, endpoint } = options;
  const codecs = orderCodecs(config.codecs, options.preferredCodec);
  const bound = options.boundPayloadTypes ?? {};
  const used = new Set<number>();
  const payloads: RtpPayload[] = [];
  const take = (encoding: Encoding, preferred: readonly (number | undefined)[], fmtp?: string) => {
    const payloadType =
      preferred.find((pt) => pt !== undefined && !used.has(pt)) ?? freeDynamicPayloadType(used);
    if (payloadType === undefined) return; // all 32 dynamic numbers taken: leave this one out
    used.add(payloadType);
    payloads.push({ payloadType, encoding, ...(fmtp === undefined ? {} : { fmtp }) });
  };
  for (const codec of codecs) {
    take(
      { name: codec.name, clockRate: codec.clockRate, channels: codec.channels },
      [bound[encodingKey(codec)], codec.staticPayloadType, codec.dynamicPayloadType],
      codec.fmtp,
    );
  }
  // RFC 4733 §2.1: events travel at the audio codec's clock rate, so one entry per rate offered.
  const dtmf = config.telephoneEvent;
  if (dtmf !== null) {
    const rates = [...new Set(codecs.map((c) => c.clockRate))];
    rates.forEach((clockRate, i) => {
      const encoding = { name: TELEPHONE_EVENT, clockRate, channels: 1 };
      const fallback = i === 0 ? dtmf.payloadType : undefined;
      take(encoding, [bound[encodingKey(encoding)], fallback], formatEventList(dtmf.events));
    });
  }
  return {
    type: 'audio',
    port: endpoint.port,
    proto: 'RTP/AVP',
    formats: payloads.map((p) => String(p.payloadType)),
    payloads,
    ...(endpoint.rtcpPort === undefined ? {} : { rtcp: { port: endpoint.rtcpPort } }),
    ptime: config.ptime,
    ...(config.maxptime === undefined ? {} : { maxptime: config.maxptime }),
    direction: options.direction ?? 'sendrecv',
    rtcpMux: config.rtcpMux,
  };
}

function orderCodecs(codecs: readonly AudioCodec[], preferred: string | undefined): AudioCodec[] {
  const wanted = preferred?.toLowerCase();
  const first = codecs.filter((c) => c.name.toLowerCase() === wanted);
  return [...first, ...codecs.filter((c) => c.name.toLowerCase() !== wanted)];
}

function freeDynamicPayloadType(used: ReadonlySet<number>): number | undefined {
  for (let pt = 96; pt <= 127; pt++) if (!used.has(pt)) return pt;
  return undefined;
}
