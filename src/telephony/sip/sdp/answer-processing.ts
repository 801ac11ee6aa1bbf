// Reads the answer to our offer (RFC 3264 §7): what to send, where, and how; refuses answers that break §6.
import { isIP } from 'node:net';
import { findAudioCodec, isTelephoneEvent, sameEncoding } from './codecs.ts';
import type { AudioCodec, Encoding } from './codecs.ts';
import { directionAfterAnswer, isAllowedAnswer, withoutReceiving } from './direction.ts';
import {
  describePayload,
  effectiveConnection,
  effectiveDirection,
  isZeroAddress,
  mediaLabel,
} from './media-description.ts';
import type { MediaDescription, RtpPayload } from './media-description.ts';
import { choosePtime, remoteHoldOf, remoteTransport } from './negotiated-media.ts';
import type { NegotiatedMedia, RemoteHold } from './negotiated-media.ts';
import type { SdpConfig } from './sdp-config.ts';
import { SdpError, guardSdp, sdpOk } from './sdp-error.ts';
import type { SdpErrorCode, SdpResult } from './sdp-error.ts';
import type { SessionDescription } from './session-description.ts';

export interface AnswerOutcome {
  readonly media: NegotiatedMedia;
  /** Whether the answerer holds us (answered sendonly/inactive, or c=0.0.0.0). */
  readonly hold: RemoteHold;
  /** 0-based index of the m= line carrying the call's audio. */
  readonly audioIndex: number;
  /** Departures from RFC 3264 we tolerated, for the log. */
  readonly warnings: readonly string[];
}

/**
 * Checks `answer` against the `offer` we sent and returns the media to use. Tolerated (with a
 * warning): extra formats (RFC 3264 §6.1 allows them), a direction wider than the offer allowed
 * (narrowed back), an unasked a=rtcp-mux. Refused: another m= line count, media type or
 * transport; a rejected audio stream; a codec we did not offer.
 */
export function processAnswer(
  offer: SessionDescription,
  answer: SessionDescription,
  config: SdpConfig,
): SdpResult<AnswerOutcome> {
  return guardSdp('Reading the SDP answer', () => {
    const warnings: string[] = [];
    if (answer.media.length !== offer.media.length) {
      fail(
        'sdp-answer-mismatch',
        `The answer has ${answer.media.length} m= line(s) but our offer had ${offer.media.length}; RFC 3264 §6 requires one per offered stream, in order.`,
      );
    }
    offer.media.forEach((ours, index) => {
      const theirs = answer.media[index] as MediaDescription;
      const label = mediaLabel(ours, index);
      if (theirs.type !== ours.type) {
        fail('sdp-answer-mismatch', `${label}: answered as m=${theirs.type}`, index);
      }
      if (theirs.proto.toUpperCase() !== ours.proto.toUpperCase()) {
        fail(
          'sdp-answer-mismatch',
          `${label}: answered over ${theirs.proto}, offered ${ours.proto}`,
          index,
        );
      }
      if (ours.port === 0 && theirs.port !== 0) {
        warnings.push(
          `${label}: answered with port ${theirs.port} though offered with port 0; ignored`,
        );
      }
    });
    const audioIndex = offer.media.findIndex((m) => m.type === 'audio' && m.port !== 0);
    const ours = offer.media[audioIndex];
    const theirs = answer.media[audioIndex];
    if (ours === undefined || theirs === undefined) {
      return fail('sdp-unexpected', 'Our offer has no active audio stream to take an answer for.');
    }
    const label = mediaLabel(ours, audioIndex);
    if (theirs.port === 0) {
      fail(
        'sdp-not-acceptable',
        `${label}: the answer rejected our audio stream (port 0)`,
        audioIndex,
      );
    }
    const connection = effectiveConnection(answer, theirs);
    if (connection === undefined) {
      fail('sdp-malformed', `${label}: the answer has no connection address (c=)`, audioIndex);
    }
    const offeredConnection = effectiveConnection(offer, ours);
    if (connection.multicast || isIP(connection.address) === 0) {
      fail(
        'sdp-answer-mismatch',
        `${label}: answered with ${connection.address}, not a unicast IP address (RFC 3264 §6.1)`,
        audioIndex,
      );
    }
    if (
      offeredConnection !== undefined &&
      offeredConnection.addressType !== connection.addressType
    ) {
      // RFC 6157 §3.1: the answer keeps the offer's address family.
      fail(
        'sdp-answer-mismatch',
        `${label}: answered over ${connection.addressType}, offered over ${offeredConnection.addressType}`,
        audioIndex,
      );
    }

    const theirPayloads = theirs.payloads.map((p) => withOfferedMapping(p, ours));
    const chosen = chooseCodec(theirPayloads, ours, label, warnings);
    if (chosen === undefined) {
      const answered = theirPayloads
        .filter((p) => !isTelephoneEvent(p.encoding))
        .map(describePayload);
      const offered = ours.payloads
        .filter((p) => !isTelephoneEvent(p.encoding))
        .map(describePayload);
      return fail(
        'sdp-answer-mismatch',
        `${label}: the answer picks codecs we did not offer (${answered.join(', ') || 'none'}; we offered ${offered.join(', ')})`,
        audioIndex,
      );
    }
    const { codec, payloadType } = chosen;
    const dtmf = telephoneEventOf(theirPayloads, ours, codec);

    const offered = effectiveDirection(offer, ours);
    const written = effectiveDirection(answer, theirs);
    if (!isAllowedAnswer(offered, written)) {
      warnings.push(`${label}: answered ${written} to our ${offered} (RFC 3264 §6.1); narrowed`);
    }
    const zeroAddress = isZeroAddress(connection);
    // c=0.0.0.0: the answerer does not want media; we may still receive what it sends.
    const answered = zeroAddress ? withoutReceiving(written) : written;
    const direction = directionAfterAnswer(offered, answered);
    if (theirs.rtcpMux && !ours.rtcpMux) {
      warnings.push(`${label}: a=rtcp-mux answered but not offered (RFC 5761 §5.1.1); ignored`);
    }
    const rtcpMux = ours.rtcpMux && theirs.rtcpMux;
    return sdpOk({
      media: {
        remote: remoteTransport(connection, theirs, rtcpMux),
        rtcpMux,
        codec: { name: codec.name, payloadType, clockRate: codec.clockRate },
        ...(dtmf === undefined ? {} : { telephoneEvent: dtmf }),
        ptime: choosePtime(codec, theirs, config.ptime),
        direction,
      },
      // Only a full sendrecv offer can be held against; a narrower one was our own choice.
      hold: offered === 'sendrecv' ? remoteHoldOf(written, zeroAddress) : 'none',
      audioIndex,
      warnings,
    });
  });
}

function fail(code: SdpErrorCode, message: string, index?: number): never {
  throw new SdpError(code, message, index === undefined ? {} : { mediaLine: index + 1 });
}

/**
 * An answer that reuses one of our dynamic payload types without its rtpmap means what we
 * offered under that number (RFC 3264 §6.1: the answer should keep the offer's numbers).
 */
function withOfferedMapping(payload: RtpPayload, offered: MediaDescription): RtpPayload {
  if (payload.encoding !== undefined) return payload;
  const ours = offered.payloads.find((p) => p.payloadType === payload.payloadType);
  return ours?.encoding === undefined ? payload : { ...payload, encoding: ours.encoding };
}

/** RFC 3264 §7: the answerer's first format that we offered is the one to send. */
function chooseCodec(
  payloads: readonly RtpPayload[],
  offered: MediaDescription,
  label: string,
  warnings: string[],
): { readonly codec: AudioCodec; readonly payloadType: number } | undefined {
  const extras: string[] = [];
  let chosen: { readonly codec: AudioCodec; readonly payloadType: number } | undefined;
  for (const payload of payloads) {
    const encoding = payload.encoding;
    if (encoding === undefined || isTelephoneEvent(encoding)) continue;
    const ours = offered.payloads.find(
      (p) => p.encoding !== undefined && sameEncoding(p.encoding, encoding),
    );
    const codec = ours === undefined ? undefined : findAudioCodec(encoding.name);
    if (codec === undefined || ours === undefined) {
      extras.push(describePayload(payload));
      continue;
    }
    if (chosen !== undefined) continue;
    if (ours.payloadType !== payload.payloadType) {
      warnings.push(
        `${label}: ${encoding.name} answered as payload type ${payload.payloadType}, offered as ${ours.payloadType}`,
      );
    }
    chosen = { codec, payloadType: payload.payloadType };
  }
  if (chosen !== undefined && extras.length > 0) {
    warnings.push(
      `${label}: the answer also lists formats we did not offer (${extras.join(', ')}); not used`,
    );
  }
  return chosen;
}

function telephoneEventOf(
  payloads: readonly RtpPayload[],
  offered: MediaDescription,
  codec: Encoding,
): NegotiatedMedia['telephoneEvent'] {
  const atRate = (p: RtpPayload) =>
    isTelephoneEvent(p.encoding) && p.encoding?.clockRate === codec.clockRate;
  const ours = offered.payloads.find(atRate);
  const theirs = payloads.find(atRate);
  if (ours === undefined || theirs === undefined) return undefined;
  return theirs.payloadType === ours.payloadType
    ? { payloadType: theirs.payloadType }
    : { payloadType: theirs.payloadType, receivePayloadType: ours.payloadType };
}
