// One leg's RTP/RTCP endpoint in a worker: sockets, receive dispatch, tick-driven sending, RTCP and liveness.
import type { NegotiatedMedia } from '../sip/sdp/index.ts';
import { FRAME_SAMPLES, PCMU, codecForMedia, codecByStaticPayloadType } from './audio-codec.ts';
import type { AudioCodecImpl } from './audio-codec.ts';
import { relayAudio, relayEvent, relayNeedsPcm } from './bridge-relay.ts';
import type { RelayTarget } from './bridge-relay.ts';
import { DtmfReceiver } from './dtmf-receiver.ts';
import { DtmfSender } from './dtmf-sender.ts';
import { EndpointMonitor } from './endpoint-monitor.ts';
import type { DatagramSource, MediaSocket } from './media-socket.ts';
import type { MediaEvent, PlayEndReason, QualityReport } from './media-events.ts';
import type { MixerSeat } from './mixer.ts';
import { Packetizer } from './packetizer.ts';
import type { NativeUdp } from './native-udp.ts';
import type { Player } from './player.ts';
import { createRtpHeader, looksLikeRtcp, parseRtp } from './rtp-packet.ts';
import { RtpPeer } from './rtp-peer.ts';
import { RtpSendStream } from './rtp-send-stream.ts';
import { openSocketPair } from './socket-pair.ts';
import { TimelineBuffer } from './timeline-buffer.ts';

/** What the worker gives its endpoints: time, event output, a shared decode buffer. */
export interface EndpointHost {
  emit(event: MediaEvent): void;
  /** Monotonic ms. */
  now(): number;
  /** ms since the epoch. */
  wallNow(): number;
  /** Decode scratch shared by the worker's endpoints (one packet is handled at a time). */
  readonly scratch: Int16Array;
  /** Sends an RTP packet, possibly later in this event-loop turn (the worker's SendBatch). */
  send(socket: MediaSocket, packet: Buffer, length: number, port: number, address: string): void;
  /** The thread's native sockets (native-udp.ts); undefined: Node's dgram. */
  readonly udp: NativeUdp | undefined;
}

export interface EndpointSettings {
  readonly endpointId: string;
  readonly callId: string;
  readonly legId: string;
  readonly bindAddress: string;
  readonly advertisedAddress: string;
  readonly rtpPort: number;
  readonly inbandDtmf: boolean | undefined;
  readonly inactivityTimeoutMs: number;
  readonly holdTimeoutMs: number;
  readonly latching: boolean;
  readonly qualityIntervalMs: number;
  readonly rtcpIntervalMs: number;
}

const COMFORT_NOISE = 13; // RFC 3389: counts as alive, heard as silence

export class RtpEndpoint implements RelayTarget {
  readonly id: string;
  readonly callId: string;
  readonly legId: string;
  readonly localPort: number;
  readonly stream = new RtpSendStream();
  readonly dtmf = new DtmfSender();
  readonly receivedTaps: TimelineBuffer[] = [];
  /** Audio from a bridge peer that cannot be relayed packet for packet (another ptime). */
  readonly bridgeInput = new TimelineBuffer({ delayFrames: 2, capacityFrames: 25 });
  player: Player | undefined;
  bridgePeer: RtpEndpoint | undefined;
  seat: MixerSeat | undefined;
  codec: AudioCodecImpl = PCMU;
  payloadType = 0;
  eventPayloadType = -1;
  ptimeSamples = FRAME_SAMPLES;
  readonly #host: EndpointHost;
  readonly #settings: EndpointSettings;
  readonly #rtp: MediaSocket;
  readonly #rtcp: MediaSocket;
  readonly #peer: RtpPeer;
  readonly #packetizer: Packetizer;
  readonly #monitor: EndpointMonitor;
  readonly #header = createRtpHeader();
  readonly #dtmfIn: DtmfReceiver;
  readonly #frame = new Int16Array(FRAME_SAMPLES);
  #media: NegotiatedMedia | undefined;
  #receiveEventPt = -1;
  #sends = false;
  #receives = true;
  #rtcpMux = false;
  #closed = false;
  #faulted = false;

  private constructor(
    host: EndpointHost,
    settings: EndpointSettings,
    rtp: MediaSocket,
    rtcp: MediaSocket,
  ) {
    this.#host = host;
    this.#settings = settings;
    this.id = settings.endpointId;
    this.callId = settings.callId;
    this.legId = settings.legId;
    this.localPort = settings.rtpPort;
    this.#rtp = rtp;
    this.#rtcp = rtcp;
    this.#peer = new RtpPeer(settings.latching);
    this.#packetizer = new Packetizer(this.stream, (packet, length) =>
      this.sendRtp(packet, length),
    );
    this.#monitor = new EndpointMonitor(host.now(), settings);
    this.#dtmfIn = new DtmfReceiver({
      started: (digit) => this.#dtmfStarted(digit),
      ended: (digit, durationMs, source) => this.#dtmfEnded(digit, durationMs, source),
    });
    // Whatever a packet holds, handling it must not throw out of the socket and crash the worker
    // with every call on it: a failure is counted, reported once, and the packet dropped.
    const guarded =
      (handle: (data: Buffer, from: DatagramSource) => void) =>
      (data: Buffer, from: DatagramSource) => {
        try {
          handle(data, from);
        } catch (error) {
          this.fault(error);
        }
      };
    rtp.onMessage(guarded((data, from) => this.#onRtp(data, from)));
    rtcp.onMessage(guarded((data, from) => this.#onRtcp(data, from, false)));
  }

  /** Binds the RTP port and RTCP = RTP + 1; MediaError('port-in-use') if taken. */
  static async open(host: EndpointHost, settings: EndpointSettings): Promise<RtpEndpoint> {
    const { rtp, rtcp } = await openSocketPair(settings.bindAddress, settings.rtpPort, host.udp);
    return new RtpEndpoint(host, settings, rtp, rtcp);
  }

  get media(): NegotiatedMedia | undefined {
    return this.#media;
  }

  get sentTaps(): TimelineBuffer[] {
    return this.#packetizer.sentTaps;
  }

  /** Takes relayed RTP now: it has a destination, sends, and nothing of its own to send. */
  get acceptsRelay(): boolean {
    return (
      this.#sends &&
      this.#peer.rtpAddress !== undefined &&
      this.player === undefined &&
      !this.dtmf.busy &&
      this.seat === undefined
    );
  }

  /** Applies an offer/answer result. Throws MediaError for a codec or ptime we cannot do. */
  update(media: NegotiatedMedia): void {
    const codec = codecForMedia(media.codec.name, media.ptime);
    const before = this.#media;
    this.#media = media;
    this.codec = codec;
    this.payloadType = media.codec.payloadType;
    this.eventPayloadType = media.telephoneEvent?.payloadType ?? -1;
    this.#receiveEventPt = media.telephoneEvent?.receivePayloadType ?? this.eventPayloadType;
    this.ptimeSamples = (media.ptime * codec.clockRate) / 1000;
    this.#packetizer.configure(codec, this.payloadType, media.ptime);
    this.#sends = media.direction === 'sendrecv' || media.direction === 'sendonly';
    this.#receives = media.direction === 'sendrecv' || media.direction === 'recvonly';
    this.#rtcpMux = media.rtcpMux;
    this.#peer.update(media.remote, media.rtcpMux);
    if (before === undefined || before.direction !== media.direction) {
      this.#monitor.restartTimeout(this.#host.now());
    }
    this.#dtmfIn.setInband(this.#settings.inbandDtmf ?? media.telephoneEvent === undefined);
  }

  // ---- receiving ----------------------------------------------------------------------------

  #onRtp(data: Buffer, from: DatagramSource): void {
    if (this.#closed) return;
    if (this.#rtcpMux && looksLikeRtcp(data, data.length)) {
      this.#onRtcp(data, from, true);
      return;
    }
    const header = this.#header;
    if (!parseRtp(data, data.length, header)) {
      this.#monitor.malformed++;
      return;
    }
    const now = this.#host.now();
    const pt = header.payloadType;
    const isEvent = pt === this.#receiveEventPt;
    const codec = isEvent
      ? undefined
      : pt === this.payloadType
        ? this.codec
        : codecByStaticPayloadType(pt);
    if (
      (!isEvent && codec === undefined && pt !== COMFORT_NOISE) ||
      !this.#peer.acceptRtp(from, now)
    ) {
      this.#monitor.foreign++;
      return;
    }
    this.#monitor.stats.onPacket(header.ssrc, header.sequence, header.timestamp, now, !isEvent);
    this.#monitor.rtpArrived(now);
    if (isEvent) {
      const { payloadOffset, payloadLength, timestamp } = header;
      if (!this.#dtmfIn.events.onPacket(data, payloadOffset, payloadLength, timestamp, now)) {
        this.#monitor.malformed++;
      } else if (this.bridgePeer?.acceptsRelay) {
        relayEvent(this.bridgePeer, data, header, now);
      }
    } else if (codec !== undefined) {
      this.#onAudio(data, codec, now);
    }
  }

  #onAudio(data: Buffer, codec: AudioCodecImpl, now: number): void {
    const header = this.#header;
    const peer = this.bridgePeer;
    const relay = peer !== undefined && peer.acceptsRelay;
    const pcm = this.#host.scratch;
    const samples = Math.min(header.payloadLength, pcm.length);
    const taps = this.receivedTaps;
    const othersNeedPcm =
      this.#dtmfIn.detector !== undefined ||
      this.seat !== undefined ||
      (relay && relayNeedsPcm(peer, header));
    // A recorder alone (the common case) decodes straight into its timeline: one pass, no copy.
    const tapDecodes = taps.length === 1 && codec.bytePerSample && !othersNeedPcm;
    if (tapDecodes) {
      taps[0]!.placeDecoded(
        header.ssrc,
        header.timestamp,
        codec,
        data,
        header.payloadOffset,
        samples,
      );
    } else if (taps.length > 0 || othersNeedPcm) {
      codec.decode(data, header.payloadOffset, samples, pcm, 0);
      for (const tap of taps) tap.place(header.ssrc, header.timestamp, pcm, 0, samples);
    }
    this.seat?.input.place(header.ssrc, header.timestamp, pcm, 0, samples);
    this.#dtmfIn.detector?.process(pcm, 0, samples);
    if (relay) relayAudio(peer, data, header, codec, pcm, samples, now);
  }

  #onRtcp(data: Buffer, from: DatagramSource, muxed: boolean): void {
    if (this.#closed) return;
    const now = this.#host.now();
    if (
      !this.#monitor.rtcp.receive(data, data.length, this.stream.ssrc, this.#host.wallNow(), now)
    ) {
      this.#monitor.malformed++;
      return;
    }
    this.#monitor.rtcpArrived(now);
    if (!muxed) this.#peer.acceptRtcp(from);
  }

  #dtmfStarted(digit: string): void {
    if (this.player?.stopOnDtmf) this.finishPlay('dtmf', digit);
  }

  #dtmfEnded(digit: string, durationMs: number, source: 'rfc4733' | 'inband'): void {
    const at = Math.round(this.#host.wallNow() - durationMs);
    this.#host.emit({
      type: 'dtmf',
      endpointId: this.id,
      digit,
      durationMs: Math.round(durationMs),
      source,
      at,
    });
    // A bridge peer without telephone-event gets the digit as tones (RFC 4733 §2.6 allows either).
    const peer = this.bridgePeer;
    if (
      source === 'rfc4733' &&
      peer !== undefined &&
      peer.eventPayloadType < 0 &&
      !peer.dtmf.busy
    ) {
      peer.dtmf.start(digit, Math.max(40, durationMs), 0, 'inband');
    }
  }

  // ---- sending ------------------------------------------------------------------------------

  sendRtp(packet: Buffer, length: number): void {
    const address = this.#peer.rtpAddress;
    if (address === undefined) return;
    this.#host.send(this.#rtp, packet, length, this.#peer.rtpPort, address);
  }

  /** The worker's 20 ms tick: DTMF first, then a prompt, the mixer, or repacketized bridge audio. */
  tick(now: number): void {
    if (this.#closed) return;
    const frame = this.#frame;
    if (this.dtmf.busy) {
      const step = this.dtmf.next(frame);
      if (this.#sends && step === 'event')
        this.#packetizer.sendEvent(this.dtmf, this.eventPayloadType, now);
      else if (this.#sends && step === 'audio') this.#packetizer.pushFrame(frame, now);
      if (!this.dtmf.busy)
        this.#host.emit({ type: 'dtmf.sent', endpointId: this.id, digits: this.dtmf.label });
      return;
    }
    const player = this.player;
    if (player !== undefined) {
      // 'wait': a growing file (streamed TTS) has no frame yet; nothing is sent, the prompt still wins.
      const step = player.next(frame);
      if (step === 'end') this.finishPlay(player.failure === undefined ? 'completed' : 'error');
      else if (step === 'audio' && this.#sends) this.#packetizer.pushFrame(frame, now);
      return;
    }
    const seat = this.seat;
    if (seat !== undefined) {
      if (seat.audible && this.#sends) this.#packetizer.pushFrame(seat.output, now);
      return;
    }
    // Skipping the read while nothing is queued is safe: a packet anchors relative to the read
    // position whenever it comes, so the buffer's clock need not run while it is empty.
    const input = this.bridgeInput;
    if (this.bridgePeer !== undefined && input.holdsAudio && input.take(frame) && this.#sends) {
      this.#packetizer.pushFrame(frame, now);
    }
  }

  /** Ends the current playback and reports it. */
  finishPlay(reason: PlayEndReason, digit?: string): void {
    const player = this.player;
    if (player === undefined) return;
    this.player = undefined;
    player.close();
    this.#packetizer.reset();
    this.#host.emit({
      type: 'play.finished',
      endpointId: this.id,
      playId: player.playId,
      reason,
      playedMs: player.playedMs,
      ...(digit === undefined ? {} : { digit }),
    });
  }

  /** A bug met while handling this endpoint: counted, reported once, the endpoint carries on. */
  fault(error: unknown): void {
    this.#monitor.malformed++;
    if (this.#faulted) return;
    this.#faulted = true;
    this.#host.emit({
      type: 'error',
      code: 'worker-failed',
      endpointId: this.id,
      message: `Media endpoint "${this.id}" hit an internal error and dropped what caused it: ${String(error)}`,
    });
  }

  // ---- housekeeping -------------------------------------------------------------------------

  /** Per tick: RTCP reports, quality events, the inactivity timeout, lost DTMF ends. */
  housekeeping(now: number): void {
    if (this.#closed) return;
    this.#dtmfIn.poll(now);
    const monitor = this.#monitor;
    if (monitor.rtcp.due(now)) void this.#sendRtcp(now, false);
    const expecting = this.#receives && this.#media !== undefined;
    const found = monitor.check(now, expecting);
    const { id: endpointId, callId, legId } = this;
    if (found.quality)
      this.#host.emit({ type: 'quality', endpointId, callId, legId, report: this.quality() });
    if (found.silentMs > 0) {
      this.#host.emit({
        type: 'endpoint.inactive',
        endpointId,
        callId,
        legId,
        silentMs: found.silentMs,
        onHold: !expecting,
      });
    }
  }

  /** Resolves when the report has left: close() waits for its BYE before closing the socket. */
  #sendRtcp(now: number, bye: boolean): Promise<void> {
    const peer = this.#peer;
    const rtcp = this.#monitor.rtcp;
    const length = rtcp.build(now, this.#host.wallNow(), this.stream, this.#monitor.stats, bye);
    const address = this.#rtcpMux ? peer.rtpAddress : peer.rtcpAddress;
    if (address === undefined) return Promise.resolve();
    const socket = this.#rtcpMux ? this.#rtp : this.#rtcp;
    const port = this.#rtcpMux ? peer.rtpPort : peer.rtcpPort;
    const buffer = rtcp.buffer;
    return new Promise((resolve) => socket.send(buffer, 0, length, port, address, resolve));
  }

  quality(): QualityReport {
    return this.#monitor.quality(this.stream.packets);
  }

  /** Sends RTCP BYE (RFC 3550 §6.6), ends playback and DTMF, closes the sockets. Idempotent. */
  async close(): Promise<QualityReport> {
    const report = this.quality();
    if (this.#closed) return report;
    this.#closed = true;
    const bye = this.#sendRtcp(this.#host.now(), true);
    this.finishPlay('destroyed');
    this.dtmf.cancel();
    this.#dtmfIn.flush();
    await bye;
    await Promise.all([this.#rtp.close(), this.#rtcp.close()]);
    return report;
  }
}
