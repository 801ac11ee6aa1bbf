// The m= section of the session description model (RFC 4566 §5.14) and what applies to it from the session level.
import type { Direction } from './direction.ts';
import { describeEncoding } from './codecs.ts';
import type { Encoding } from './codecs.ts';
import type { SessionDescription } from './session-description.ts';

export type AddressType = 'IP4' | 'IP6';

/** A c= line (RFC 4566 §5.7); a multicast TTL or address count ("/127") is dropped. */
export interface Connection {
  readonly addressType: AddressType;
  /** An IP literal, or (RFC 4566 allows it) a fully qualified domain name. */
  readonly address: string;
  readonly multicast: boolean;
}

/** One RTP payload type of an m= line, resolved through a=rtpmap or the RFC 3551 table. */
export interface RtpPayload {
  readonly payloadType: number;
  /** Absent for a dynamic payload type without a usable a=rtpmap: nobody can use it. */
  readonly encoding?: Encoding;
  /** a=fmtp parameters, as written. */
  readonly fmtp?: string;
}

/** a=rtcp (RFC 3605): where RTCP goes when not to the RTP port + 1. */
export interface RtcpAttribute {
  readonly port: number;
  readonly connection?: Connection;
}

export interface MediaDescription {
  /** audio, video, image, application, text, message… */
  readonly type: string;
  /** 0 means the stream is rejected or removed (RFC 3264 §6, §8.2). */
  readonly port: number;
  /** Transport protocol as written: RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF, udptl… */
  readonly proto: string;
  /** The <fmt> tokens as written (payload type numbers for RTP). */
  readonly formats: readonly string[];
  /**
   * For RTP transports, one entry per format, in the m= line's order of preference. Empty on the
   * port-0 lines we write (disabledMedia): nothing is negotiated there.
   */
  readonly payloads: readonly RtpPayload[];
  readonly connection?: Connection;
  /** The direction attribute written at media level, if any (see effectiveDirection). */
  readonly direction?: Direction;
  /** a=ptime (RFC 4566 §6): ms of media per packet the sender of this SDP wants to receive. */
  readonly ptime?: number;
  /** a=maxptime (RFC 4566 §6): the most ms per packet this SDP's sender can receive. */
  readonly maxptime?: number;
  readonly rtcp?: RtcpAttribute;
  /** a=rtcp-mux (RFC 5761 §5.1.1): RTP and RTCP share the port. */
  readonly rtcpMux: boolean;
}

/** RTP-based transports carry payload type numbers as formats (RFC 4566 §5.14). */
export function isRtpProto(proto: string): boolean {
  return proto.toUpperCase().split('/').includes('RTP');
}

/** Plain RTP/AVP (RFC 3551): the only transport the media engine speaks for now. */
export function isPlainRtp(proto: string): boolean {
  return proto.toUpperCase() === 'RTP/AVP';
}

/** RFC 4566 §6: a media-level direction overrides the session-level one; sendrecv by default. */
export function effectiveDirection(
  session: Pick<SessionDescription, 'direction'>,
  media: MediaDescription,
): Direction {
  return media.direction ?? session.direction ?? 'sendrecv';
}

/** RFC 4566 §5.7: a media-level c= overrides the session-level one. */
export function effectiveConnection(
  session: Pick<SessionDescription, 'connection'>,
  media: MediaDescription,
): Connection | undefined {
  return media.connection ?? session.connection;
}

/** RFC 2543's hold: a connection address of all zeros ("0.0.0.0", and "::" by analogy). */
export function isZeroAddress(connection: Connection): boolean {
  return connection.address === '0.0.0.0' || connection.address === '::';
}

/** "m=audio line 2", the way messages name an m= line (1-based, as a person counts). */
export function mediaLabel(media: Pick<MediaDescription, 'type'>, index: number): string {
  return `m=${media.type} line ${index + 1}`;
}

/**
 * The m= line that refuses or keeps disabled a stream: port 0, same media type and transport,
 * the formats echoed (RFC 3264 §6: at least one is required and they are ignored; §8.2).
 */
export function disabledMedia(media: MediaDescription): MediaDescription {
  return {
    type: media.type,
    port: 0,
    proto: media.proto,
    formats: media.formats,
    payloads: [],
    rtcpMux: false,
  };
}

/** "0 PCMU/8000", "96 without rtpmap": a payload type as messages show it. */
export function describePayload(payload: RtpPayload): string {
  return payload.encoding === undefined
    ? `${payload.payloadType} without rtpmap`
    : `${payload.payloadType} ${describeEncoding(payload.encoding)}`;
}
