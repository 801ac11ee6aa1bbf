// Where an endpoint sends RTP and RTCP: the SDP's address until media arrives, then where it really comes from (RFC 4961).
import type { NegotiatedMedia } from '../sip/sdp/index.ts';
import type { DatagramSource } from './media-socket.ts';

// A latched source silent this long may be replaced by a new one (the NAT rebinding after a
// re-INVITE or a mobile network change); within it, other sources are foreign and dropped.
export const RELATCH_AFTER_MS = 2000;

export class RtpPeer {
  readonly #latching: boolean;
  rtpAddress: string | undefined;
  rtpPort = 0;
  rtcpAddress: string | undefined;
  rtcpPort = 0;
  #latched = false;
  #rtcpLatched = false;
  #lastSeenMs = 0;
  #sdp: NegotiatedMedia['remote'] | undefined;

  constructor(latching: boolean) {
    this.#latching = latching;
  }

  /** Takes the SDP's addresses; a moved peer is learned again. */
  update(remote: NegotiatedMedia['remote'], rtcpMux: boolean): void {
    const before = this.#sdp;
    this.#sdp = remote;
    // RFC 3264 §8.4 and RFC 2543: c=0.0.0.0 (or port 0) means "send nothing".
    const usable = remote.port > 0 && remote.address !== '0.0.0.0' && remote.address !== '::';
    const moved =
      before === undefined || before.address !== remote.address || before.port !== remote.port;
    if (!usable) {
      this.rtpAddress = undefined;
      this.rtcpAddress = undefined;
      this.#latched = false;
      return;
    }
    if (!moved && this.rtpAddress !== undefined) return;
    this.#latched = false;
    this.#rtcpLatched = false;
    this.rtpAddress = remote.address;
    this.rtpPort = remote.port;
    this.rtcpAddress = remote.rtcpAddress ?? remote.address;
    this.rtcpPort = rtcpMux ? remote.port : (remote.rtcpPort ?? remote.port + 1);
  }

  /** Whether a packet from `from` belongs to the peer; may latch onto it. */
  acceptRtp(from: DatagramSource, now: number): boolean {
    if (this.#latched) {
      if (from.port === this.rtpPort && from.address === this.rtpAddress) {
        this.#lastSeenMs = now;
        return true;
      }
      if (!this.#latching || now - this.#lastSeenMs < RELATCH_AFTER_MS) return false;
    } else if (!this.#latching) {
      return (
        this.rtpAddress === undefined ||
        (from.port === this.rtpPort && from.address === this.rtpAddress)
      );
    }
    this.#latched = true;
    this.#lastSeenMs = now;
    this.rtpAddress = from.address;
    this.rtpPort = from.port;
    return true;
  }

  /** RTCP latches on its own socket's first valid packet. */
  acceptRtcp(from: DatagramSource): void {
    if (!this.#latching || this.#rtcpLatched) return;
    this.#rtcpLatched = true;
    this.rtcpAddress = from.address;
    this.rtcpPort = from.port;
  }
}
