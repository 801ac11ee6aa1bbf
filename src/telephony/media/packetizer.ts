// Turns our 20 ms frames into RTP packets of the negotiated ptime and codec, stamped by the endpoint's send stream.
import { FRAME_SAMPLES, PCMU } from './audio-codec.ts';
import type { AudioCodecImpl } from './audio-codec.ts';
import type { DtmfSender } from './dtmf-sender.ts';
import { DTMF_VOLUME_DBM0 } from './dtmf-sender.ts';
import { RTP_HEADER_SIZE, writeRtpHeader } from './rtp-packet.ts';
import type { RtpSendStream } from './rtp-send-stream.ts';
import { TELEPHONE_EVENT_SIZE, writeTelephoneEvent } from './telephone-event.ts';
import type { TimelineBuffer } from './timeline-buffer.ts';

export const MAX_PTIME_SAMPLES = 120 * 8;
// Packets we build come from a small ring: dgram may hold a buffer until the next turn of the
// event loop (address lookup), and one tick sends at most a few packets per endpoint.
const POOL_SIZE = 8;

export type PacketSink = (packet: Buffer, length: number) => void;

/**
 * Frames of any ptime: a 30 ms ptime sends on alternate ticks 40/20 ms apart (the 20 ms clock
 * cannot do better), 10 ms sends two packets per tick, 20/40/60 ms exactly on time.
 */
export class Packetizer {
  readonly sentTaps: TimelineBuffer[] = [];
  readonly #stream: RtpSendStream;
  readonly #send: PacketSink;
  readonly #pool: Buffer[] = [];
  #poolNext = 0;
  readonly #pcm = new Int16Array(MAX_PTIME_SAMPLES + FRAME_SAMPLES);
  #fill = 0;
  #codec: AudioCodecImpl = PCMU;
  #payloadType = 0;
  #ptimeMs = 20;
  #ptimeSamples = FRAME_SAMPLES;

  constructor(stream: RtpSendStream, send: PacketSink) {
    this.#stream = stream;
    this.#send = send;
    for (let i = 0; i < POOL_SIZE; i++)
      this.#pool.push(Buffer.alloc(RTP_HEADER_SIZE + MAX_PTIME_SAMPLES));
  }

  configure(codec: AudioCodecImpl, payloadType: number, ptimeMs: number): void {
    this.#codec = codec;
    this.#payloadType = payloadType;
    this.#ptimeMs = ptimeMs;
    this.#ptimeSamples = (ptimeMs * codec.clockRate) / 1000;
    this.#fill = 0;
  }

  /** Drops audio queued for a packet not yet full (a source stopped mid-packet). */
  reset(): void {
    this.#fill = 0;
  }

  #buffer(): Buffer {
    const buffer = this.#pool[this.#poolNext]!;
    this.#poolNext = (this.#poolNext + 1) % POOL_SIZE;
    return buffer;
  }

  /** Queues one frame; sends a packet whenever a ptime's worth is queued. */
  pushFrame(frame: Int16Array, now: number): void {
    this.#pcm.set(frame.subarray(0, FRAME_SAMPLES), this.#fill);
    this.#fill += FRAME_SAMPLES;
    const ptime = this.#ptimeSamples;
    const stream = this.#stream;
    while (this.#fill >= ptime) {
      const packet = this.#buffer();
      const bytes = this.#codec.encode(this.#pcm, 0, ptime, packet, RTP_HEADER_SIZE);
      stream.generated(ptime, bytes, now, this.#ptimeMs);
      writeRtpHeader(packet, stream.marker, this.#payloadType, stream.seq, stream.ts, stream.ssrc);
      for (const tap of this.sentTaps) tap.place(stream.ssrc, stream.ts, this.#pcm, 0, ptime);
      this.#send(packet, RTP_HEADER_SIZE + bytes);
      this.#pcm.copyWithin(0, ptime, this.#fill);
      this.#fill -= ptime;
    }
  }

  /** Sends the RFC 4733 packet the DTMF sender describes for this tick. */
  sendEvent(dtmf: DtmfSender, payloadType: number, now: number): void {
    const packet = this.#buffer();
    writeTelephoneEvent(
      packet,
      RTP_HEADER_SIZE,
      dtmf.event,
      dtmf.end,
      DTMF_VOLUME_DBM0,
      dtmf.duration,
    );
    const stream = this.#stream;
    stream.event(dtmf.first, dtmf.duration, TELEPHONE_EVENT_SIZE, now);
    writeRtpHeader(packet, stream.marker, payloadType, stream.seq, stream.ts, stream.ssrc);
    this.#send(packet, RTP_HEADER_SIZE + TELEPHONE_EVENT_SIZE);
  }
}
