// What offer/answer hands the media engine: plain data (worker threads get it by structured clone).
import type { AudioCodecName, AudioCodecSpec } from './codecs.ts';
import type { Direction } from './direction.ts';
import type { Connection, MediaDescription } from './media-description.ts';

export interface NegotiatedMedia {
  /** Where to send RTP (and RTCP). 0.0.0.0 (RFC 2543 hold) comes with a direction that does not send. */
  readonly remote: {
    readonly address: string;
    readonly port: number;
    /**
     * Where to send RTCP: a=rtcp (RFC 3605) or port + 1 (RFC 3550 §11). Absent when RTCP is
     * multiplexed on the RTP port (rtcpMux).
     */
    readonly rtcpPort?: number;
    /** Only when a=rtcp names an address other than `address`. */
    readonly rtcpAddress?: string;
  };
  /** RFC 5761: both sides send RTCP to the RTP port and demultiplex it there. */
  readonly rtcpMux: boolean;
  /** The codec to send with; payloadType is the one the peer expects to receive. */
  readonly codec: {
    readonly name: AudioCodecName;
    readonly payloadType: number;
    readonly clockRate: number;
  };
  /** RFC 4733 events; absent when not negotiated (then no in-band DTMF events flow). */
  readonly telephoneEvent?: {
    /** The payload type to send events with (the peer's). */
    readonly payloadType: number;
    /** Only when the peer answered another number than the one we offered to receive on. */
    readonly receivePayloadType?: number;
  };
  /** ms of audio per packet we send (RFC 4566 §6 ptime, honoured within the peer's maxptime). */
  readonly ptime: number;
  /** From our side: sendrecv, sendonly (we play, e.g. music on hold), recvonly, inactive. */
  readonly direction: Direction;
}

/**
 * How an offer (or an answer) asks us to hold: RFC 3264 §8.4 sendonly or inactive, or RFC 2543's
 * c=0.0.0.0. 'none' when the peer both sends and receives, or only receives.
 */
export type RemoteHold = 'none' | 'sendonly' | 'inactive' | 'zero-address';

/** `direction` is the peer's own, as written in its SDP. */
export function remoteHoldOf(direction: Direction, zeroAddress: boolean): RemoteHold {
  if (direction === 'inactive') return 'inactive';
  if (direction === 'sendonly') return 'sendonly';
  return zeroAddress ? 'zero-address' : 'none';
}

/**
 * The ms per packet to send: the peer's a=ptime when the codec can do it within its maxptime,
 * else ours, else the largest the codec can do within maxptime (RFC 4566 §6: ptime is a hint,
 * maxptime a limit).
 */
export function choosePtime(
  codec: AudioCodecSpec,
  peer: Pick<MediaDescription, 'ptime' | 'maxptime'>,
  ours: number,
): number {
  const limit = peer.maxptime ?? Infinity;
  if (peer.ptime !== undefined && codec.ptimes.includes(peer.ptime) && peer.ptime <= limit) {
    return peer.ptime;
  }
  if (ours <= limit) return ours;
  const fitting = codec.ptimes.filter((p) => p <= limit);
  return fitting.length > 0 ? Math.max(...fitting) : Math.min(...codec.ptimes);
}

/** The peer's RTP and RTCP destinations for an accepted stream. */
export function remoteTransport(
  connection: Connection,
  peer: MediaDescription,
  rtcpMux: boolean,
): NegotiatedMedia['remote'] {
  if (rtcpMux) return { address: connection.address, port: peer.port };
  const rtcpAddress = peer.rtcp?.connection?.address;
  return {
    address: connection.address,
    port: peer.port,
    rtcpPort: peer.rtcp?.port ?? peer.port + 1,
    ...(rtcpAddress === undefined || rtcpAddress === connection.address ? {} : { rtcpAddress }),
  };
}

/** True when the media engine would do something different (not just the SDP version moved). */
export function mediaChanged(before: NegotiatedMedia | undefined, after: NegotiatedMedia): boolean {
  return before === undefined || JSON.stringify(before) !== JSON.stringify(after);
}
