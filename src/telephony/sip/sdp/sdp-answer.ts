// Answers an SDP offer (RFC 3264 §6): one audio stream accepted, every other m= line refused with port 0.
import { isIP } from 'node:net';
import {
  TELEPHONE_EVENT,
  formatEventList,
  isTelephoneEvent,
  parseEventList,
  sameEncoding,
} from './codecs.ts';
import type { AudioCodec } from './codecs.ts';
import { answerDirection, withoutReceiving } from './direction.ts';
import type { Direction } from './direction.ts';
import {
  disabledMedia,
  effectiveConnection,
  effectiveDirection,
  isPlainRtp,
  isZeroAddress,
  describePayload,
  mediaLabel,
} from './media-description.ts';
import type { Connection, MediaDescription, RtpPayload } from './media-description.ts';
import { choosePtime, remoteHoldOf, remoteTransport } from './negotiated-media.ts';
import type { NegotiatedMedia, RemoteHold } from './negotiated-media.ts';
import { checkEndpoint, describeAllowed, endpointAddress } from './sdp-config.ts';
import type { MediaEndpoint, SdpConfig } from './sdp-config.ts';
import { SdpError, guardSdp, sdpOk } from './sdp-error.ts';
import type { SdpResult } from './sdp-error.ts';
import type { Origin, SessionDescription } from './session-description.ts';

export interface AnswerOptions {
  readonly config: SdpConfig;
  readonly endpoint: MediaEndpoint;
  /** Our o= line, its version already chosen (RFC 3264 §8). */
  readonly origin: Origin;
  /** What we want: sendrecv, or sendonly/inactive while we hold the peer. Default sendrecv. */
  readonly direction?: Direction;
}

export interface Answer {
  readonly description: SessionDescription;
  readonly media: NegotiatedMedia;
  /** Whether, and how, the offer puts us on hold. */
  readonly hold: RemoteHold;
  /** 0-based index of the m= line that carries the call's audio. */
  readonly audioIndex: number;
}

/** One offered stream we can take, and what to answer for it. */
interface Accepted {
  readonly line: MediaDescription;
  readonly media: NegotiatedMedia;
  readonly hold: RemoteHold;
  readonly connection: Connection;
}

type Plan = { readonly accepted: Accepted } | { readonly refused: string };

/**
 * RFC 3264 §6: one m= line in the answer for each in the offer, in order. The first audio
 * stream we can use is accepted; the rest get port 0. When none can be used the result is
 * `sdp-not-acceptable`, naming each m= line and why (the edge answers 488). Only a malformed
 * endpoint throws (RangeError): that is a bug in whoever allocated it, not bad input.
 */
export function answerOffer(offer: SessionDescription, options: AnswerOptions): SdpResult<Answer> {
  checkEndpoint(options.endpoint);
  return guardSdp('Answering the SDP offer', () => {
    let chosen: { readonly index: number; readonly accepted: Accepted } | undefined;
    const refusals: { readonly index: number; readonly reason: string }[] = [];
    const lines = offer.media.map((media, index) => {
      if (chosen !== undefined) return disabledMedia(media);
      const plan = planStream(offer, media, options);
      if ('refused' in plan) {
        refusals.push({ index, reason: `${mediaLabel(media, index)}: ${plan.refused}` });
        return disabledMedia(media);
      }
      chosen = { index, accepted: plan.accepted };
      return plan.accepted.line;
    });
    if (chosen === undefined) throw notAcceptable(offer, refusals, options.config);
    const { index, accepted } = chosen;
    return sdpOk({
      description: {
        origin: options.origin,
        sessionName: options.config.sessionName,
        connection: accepted.connection,
        media: lines,
      },
      media: accepted.media,
      hold: accepted.hold,
      audioIndex: index,
    });
  });
}

function notAcceptable(
  offer: SessionDescription,
  refusals: readonly { readonly index: number; readonly reason: string }[],
  config: SdpConfig,
): SdpError {
  const audio = refusals.find((r) => offer.media[r.index]?.type === 'audio') ?? refusals[0];
  const why = refusals.map((r) => r.reason).join('; ');
  const message =
    offer.media.length === 0
      ? 'The offer has no m= line, so no audio stream to accept.'
      : `No usable audio stream in the offer: ${why}. Offer audio over RTP/AVP with ${describeAllowed(config)}.`;
  return new SdpError(
    'sdp-not-acceptable',
    message,
    audio === undefined ? {} : { mediaLine: audio.index + 1 },
  );
}

function planStream(
  offer: SessionDescription,
  media: MediaDescription,
  options: AnswerOptions,
): Plan {
  const { config, endpoint } = options;
  if (media.type !== 'audio') return { refused: 'not audio; Hotline takes audio only' };
  if (media.port === 0) return { refused: 'port 0, the offerer disabled it' };
  if (!isPlainRtp(media.proto)) {
    return {
      refused: /SAVP/i.test(media.proto)
        ? `${media.proto} needs SRTP, which Hotline does not support yet; offer RTP/AVP`
        : `transport ${media.proto} is not supported; offer RTP/AVP`,
    };
  }
  const connection = effectiveConnection(offer, media);
  if (connection === undefined) return { refused: 'no connection address (c=) for it' };
  if (connection.multicast) {
    return { refused: `multicast address ${connection.address} (RFC 3264 §6.2) is not supported` };
  }
  if (isIP(connection.address) === 0) {
    return { refused: `c= address "${connection.address}" is a host name; send an IP address` };
  }
  const address = endpointAddress(endpoint, connection.addressType);
  if (address === undefined) {
    // RFC 6157 §3.1: the answer must use the offer's address family.
    return {
      refused: `offered over ${connection.addressType}, for which Hotline has no media address (configure one, or offer IP4)`,
    };
  }
  const codecChoice = firstUsableCodec(media.payloads, config.codecs);
  if (codecChoice === undefined) {
    const offered = media.payloads.map(describePayload).join(', ');
    return { refused: `no usable codec (offered ${offered})` };
  }
  const { payload, codec } = codecChoice;
  const dtmf = telephoneEventFor(media.payloads, codec, config);

  const zeroAddress = isZeroAddress(connection);
  const offered = effectiveDirection(offer, media);
  // RFC 3264 §8.4 (RFC 2543 compatibility): c=0.0.0.0 means "do not send to me".
  const direction = answerDirection(
    zeroAddress ? withoutReceiving(offered) : offered,
    options.direction ?? 'sendrecv',
  );
  const rtcpMux = media.rtcpMux && config.rtcpMux;

  const answerPayloads: RtpPayload[] = [
    {
      payloadType: payload.payloadType,
      encoding: { name: codec.name, clockRate: codec.clockRate, channels: codec.channels },
      ...(codec.fmtp === undefined ? {} : { fmtp: codec.fmtp }),
    },
  ];
  if (dtmf !== undefined) {
    answerPayloads.push({
      payloadType: dtmf.payloadType,
      encoding: { name: TELEPHONE_EVENT, clockRate: codec.clockRate, channels: 1 },
      fmtp: dtmf.events,
    });
  }
  const line: MediaDescription = {
    type: 'audio',
    port: endpoint.port,
    proto: media.proto,
    formats: answerPayloads.map((p) => String(p.payloadType)),
    payloads: answerPayloads,
    ...(endpoint.rtcpPort === undefined || rtcpMux ? {} : { rtcp: { port: endpoint.rtcpPort } }),
    ptime: config.ptime,
    ...(config.maxptime === undefined ? {} : { maxptime: config.maxptime }),
    direction,
    rtcpMux,
  };
  return {
    accepted: {
      line,
      connection: { addressType: connection.addressType, address, multicast: false },
      hold: remoteHoldOf(offered, zeroAddress),
      media: {
        remote: remoteTransport(connection, media, rtcpMux),
        rtcpMux,
        codec: { name: codec.name, payloadType: payload.payloadType, clockRate: codec.clockRate },
        ...(dtmf === undefined ? {} : { telephoneEvent: { payloadType: dtmf.payloadType } }),
        ptime: choosePtime(codec, media, config.ptime),
        direction,
      },
    },
  };
}

/** The offerer's most preferred format that is a codec our configuration allows (RFC 3264 §6.1). */
function firstUsableCodec(
  payloads: readonly RtpPayload[],
  allowed: readonly AudioCodec[],
): { readonly payload: RtpPayload; readonly codec: AudioCodec } | undefined {
  for (const payload of payloads) {
    const encoding = payload.encoding;
    if (encoding === undefined) continue;
    const codec = allowed.find((c) => sameEncoding(c, encoding));
    if (codec !== undefined) return { payload, codec };
  }
  return undefined;
}

/**
 * telephone-event at the chosen codec's clock rate (RFC 4733 §2.1), under the offerer's payload
 * type, for the events both sides handle. An offer without fmtp means 0-15 (RFC 4733 §7.1.1).
 */
function telephoneEventFor(
  payloads: readonly RtpPayload[],
  codec: AudioCodec,
  config: SdpConfig,
): { readonly payloadType: number; readonly events: string } | undefined {
  if (config.telephoneEvent === null) return undefined;
  const ours = config.telephoneEvent.events;
  for (const payload of payloads) {
    if (!isTelephoneEvent(payload.encoding) || payload.encoding?.clockRate !== codec.clockRate) {
      continue;
    }
    const theirs = parseEventList(payload.fmtp ?? '0-15') ?? parseEventList('0-15');
    const common = new Set([...(theirs ?? [])].filter((e) => ours.has(e)));
    if (common.size > 0)
      return { payloadType: payload.payloadType, events: formatEventList(common) };
  }
  return undefined;
}
