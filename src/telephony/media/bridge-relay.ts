// The bridge's packet path: a packet received on one endpoint goes out of the other with our SSRC, sequence and timestamp.
import { transcodeTable } from './audio-codec.ts';
import type { AudioCodecImpl } from './audio-codec.ts';
import { rewriteRtpHeader } from './rtp-packet.ts';
import type { RtpHeader } from './rtp-packet.ts';
import type { RtpSendStream } from './rtp-send-stream.ts';
import type { TimelineBuffer } from './timeline-buffer.ts';

/** The side of a bridge a relayed packet leaves from. */
export interface RelayTarget {
  readonly stream: RtpSendStream;
  readonly codec: AudioCodecImpl;
  readonly payloadType: number;
  /** -1 when the peer did not negotiate telephone-event. */
  readonly eventPayloadType: number;
  readonly ptimeSamples: number;
  readonly sentTaps: readonly TimelineBuffer[];
  /** Audio that must be repacketized: played out on the target's ticks. */
  readonly bridgeInput: TimelineBuffer;
  sendRtp(packet: Buffer, length: number): void;
}

/** Whether relaying this packet needs it decoded (for repacketizing or recording what is sent). */
export function relayNeedsPcm(target: RelayTarget, header: RtpHeader): boolean {
  return target.sentTaps.length > 0 || header.payloadLength !== target.ptimeSamples;
}

/**
 * Relays one audio packet, rewriting `packet` in place (it is ours: dgram gives each datagram its
 * own buffer, native-udp.ts a slot of its arena that the next batch reuses after the flush).
 * Same codec and size: only the header changes. G.711 u-law/A-law: the payload is mapped byte
 * for byte (RFC 3551 §4.5.14: the laws transcode without a linear detour). Another
 * packet size: the decoded audio goes to the target's timeline and leaves on its ticks.
 * `pcm` holds the decoded payload when `relayNeedsPcm` said so.
 */
export function relayAudio(
  target: RelayTarget,
  packet: Buffer,
  header: RtpHeader,
  codec: AudioCodecImpl,
  pcm: Int16Array,
  samples: number,
  now: number,
): void {
  if (header.payloadLength !== target.ptimeSamples) {
    target.bridgeInput.place(header.ssrc, header.timestamp, pcm, 0, samples);
    return;
  }
  if (codec !== target.codec) {
    const table = transcodeTable(codec, target.codec);
    if (table === undefined) {
      target.bridgeInput.place(header.ssrc, header.timestamp, pcm, 0, samples);
      return;
    }
    const end = header.payloadOffset + header.payloadLength;
    for (let i = header.payloadOffset; i < end; i++) packet[i] = table[packet[i]!]!;
  }
  const out = target.stream;
  out.relayed(
    header.ssrc,
    header.sequence,
    header.timestamp,
    header.marker,
    header.payloadLength,
    header.payloadLength,
    now,
  );
  rewriteRtpHeader(packet, out.marker, target.payloadType, out.seq, out.ts, out.ssrc);
  for (const tap of target.sentTaps) tap.place(out.ssrc, out.ts, pcm, 0, samples);
  target.sendRtp(packet, packet.length);
}

/** Relays an RFC 4733 packet when the target negotiated telephone-event; returns whether it did. */
export function relayEvent(
  target: RelayTarget,
  packet: Buffer,
  header: RtpHeader,
  now: number,
): boolean {
  if (target.eventPayloadType < 0) return false;
  const out = target.stream;
  out.relayedEvent(
    header.ssrc,
    header.sequence,
    header.timestamp,
    header.marker,
    header.payloadLength,
    now,
  );
  rewriteRtpHeader(packet, out.marker, target.eventPayloadType, out.seq, out.ts, out.ssrc);
  target.sendRtp(packet, packet.length);
  return true;
}
