// The media worker's state and command handling, free of worker_threads so tests can run it in-process.
import { parseMediaCommand } from './command-validation.ts';
import type { MediaCommand, RecordChannel } from './media-commands.ts';
import { MediaError, isMediaError } from './media-error.ts';
import type { MediaEvent, MediaReply } from './media-events.ts';
import { FrameTicker } from './frame-ticker.ts';
import type { TickerClock, TickerFigures } from './frame-ticker.ts';
import { Mixer } from './mixer.ts';
import { closeClips, openPlayFiles } from './play-files.ts';
import { Player } from './player.ts';
import { PromptCache } from './prompt-cache.ts';
import { CHUNK_FRAMES, Recorder, recordingTimeline } from './recorder.ts';
import type { RecorderChannel } from './recorder.ts';
import type { ChunkWrites } from './chunk-writes.ts';
import { threadMediaIo } from './media-io.ts';
import { RtpEndpoint } from './rtp-endpoint.ts';
import { SendBatch } from './send-batch.ts';
import type { EndpointHost } from './rtp-endpoint.ts';
import type { TimelineBuffer } from './timeline-buffer.ts';
import type { WorkerSettings } from './worker-messages.ts';
import { WavWriter } from './wav-writer.ts';
import { SAMPLE_RATE } from './audio-codec.ts';

export interface WorkerCoreOptions {
  readonly settings: WorkerSettings;
  /** Where events go (postMessage in a worker). */
  readonly emit: (event: MediaEvent) => void;
  readonly tickerClock?: TickerClock;
  readonly wallNow?: () => number;
}

export class MediaWorkerCore {
  readonly #settings: WorkerSettings;
  readonly #emit: (event: MediaEvent) => void;
  readonly #endpoints = new Map<string, RtpEndpoint>();
  readonly #recorders = new Map<string, Recorder>();
  readonly #mixers = new Map<string, Mixer>();
  readonly #prompts = new PromptCache();
  readonly #ticker: FrameTicker;
  readonly #host: EndpointHost;
  readonly #unhookUdp: (() => void) | undefined;
  readonly #writes: ChunkWrites;
  #closed = false;
  #recordingsStarted = 0;

  constructor(options: WorkerCoreOptions) {
    this.#settings = options.settings;
    this.#emit = options.emit;
    const clock = options.tickerClock;
    this.#ticker = new FrameTicker(() => this.#tick(), clock === undefined ? {} : { clock });
    const now = clock === undefined ? () => performance.now() : () => clock.now();
    const sends = new SendBatch();
    // Reported after the constructor, once whoever made this core can hear it.
    const { udp, writes } = threadMediaIo(this.#settings.io, (event) =>
      queueMicrotask(() => this.#emit(event)),
    );
    this.#writes = writes;
    // Relayed packets are views into the native arena: they leave before the next batch reuses it.
    this.#unhookUdp = udp?.afterBatch(sends.flush);
    this.#host = {
      udp,
      emit: (event) => this.#emit(event),
      now,
      wallNow: options.wallNow ?? (() => Date.now()),
      // 256 ms of G.711, beyond any ptime we accept; a longer payload is decoded in part.
      scratch: new Int16Array(2048),
      send: (socket, packet, length, port, address) =>
        sends.send(socket, packet, length, port, address),
    };
  }

  get endpointCount(): number {
    return this.#endpoints.size;
  }

  get recordingCount(): number {
    return this.#recorders.size;
  }

  get tickerFigures(): TickerFigures {
    return this.#ticker.figures;
  }

  /** Runs one command; always resolves with its reply (a refusal is a reply too). */
  async handle(raw: unknown, rtpPort?: number): Promise<MediaReply> {
    const requestId =
      typeof (raw as { requestId?: unknown } | null)?.requestId === 'string'
        ? (raw as { requestId: string }).requestId
        : '';
    let command: MediaCommand | undefined;
    try {
      if (this.#closed) throw new MediaError('closed', 'The media worker is shutting down.');
      command = parseMediaCommand(raw);
      return await this.#run(command, rtpPort);
    } catch (error) {
      const refusal = isMediaError(error)
        ? error
        : new MediaError(
            'worker-failed',
            `The media worker failed on ${command?.type ?? 'a command'}: ${String(error)}`,
          );
      return {
        type: 'refused',
        requestId,
        ...(command === undefined ? {} : { command: command.type }),
        code: refusal.mediaCode,
        message: refusal.message,
      };
    }
  }

  #endpoint(endpointId: string): RtpEndpoint {
    const endpoint = this.#endpoints.get(endpointId);
    if (endpoint === undefined)
      throw new MediaError(
        'unknown-endpoint',
        `No media endpoint "${endpointId}" (destroyed, or never created).`,
      );
    return endpoint;
  }

  #recorder(recordingId: string): Recorder {
    const recorder = this.#recorders.get(recordingId);
    if (recorder === undefined)
      throw new MediaError('unknown-recording', `No recording "${recordingId}" in progress.`);
    return recorder;
  }

  #mixer(mixerId: string): Mixer {
    const mixer = this.#mixers.get(mixerId);
    if (mixer === undefined) throw new MediaError('unknown-mixer', `No mixer "${mixerId}".`);
    return mixer;
  }

  async #run(command: MediaCommand, rtpPort: number | undefined): Promise<MediaReply> {
    const done: MediaReply = { type: 'done', requestId: command.requestId };
    switch (command.type) {
      case 'endpoint.create': {
        if (this.#endpoints.has(command.endpointId)) {
          throw new MediaError(
            'duplicate-id',
            `Media endpoint "${command.endpointId}" exists already.`,
          );
        }
        if (rtpPort === undefined)
          throw new MediaError(
            'invalid-command',
            'endpoint.create reached a worker without a port.',
          );
        const s = this.#settings;
        const o = command.options ?? {};
        const endpoint = await RtpEndpoint.open(this.#host, {
          endpointId: command.endpointId,
          callId: command.callId,
          legId: command.legId,
          bindAddress: s.bindAddress,
          advertisedAddress: s.advertisedAddress,
          rtpPort,
          inbandDtmf: o.inbandDtmf,
          inactivityTimeoutMs: o.inactivityTimeoutMs ?? s.inactivityTimeoutMs,
          holdTimeoutMs: o.holdTimeoutMs ?? s.holdTimeoutMs,
          latching: o.latching ?? s.latching,
          qualityIntervalMs: o.qualityIntervalMs ?? s.qualityIntervalMs,
          rtcpIntervalMs: s.rtcpIntervalMs,
        });
        try {
          if (command.media !== undefined) endpoint.update(command.media);
        } catch (error) {
          await endpoint.close();
          throw error;
        }
        if (this.#closed || this.#endpoints.has(command.endpointId)) {
          await endpoint.close();
          throw new MediaError(
            'duplicate-id',
            `Media endpoint "${command.endpointId}" exists already.`,
          );
        }
        this.#endpoints.set(command.endpointId, endpoint);
        this.#ticker.start();
        return {
          type: 'endpoint.created',
          requestId: command.requestId,
          endpointId: command.endpointId,
          local: { address: s.advertisedAddress, port: rtpPort, rtcpPort: rtpPort + 1 },
        };
      }
      case 'endpoint.update':
        this.#endpoint(command.endpointId).update(command.media);
        return done;
      case 'endpoint.destroy': {
        const quality = await this.#destroyEndpoint(this.#endpoint(command.endpointId));
        return {
          type: 'endpoint.destroyed',
          requestId: command.requestId,
          endpointId: command.endpointId,
          quality,
        };
      }
      case 'play': {
        this.#endpoint(command.endpointId);
        const clips = await openPlayFiles(command.files, this.#prompts);
        // The endpoint may have gone while the files loaded.
        let endpoint: RtpEndpoint;
        try {
          endpoint = this.#endpoint(command.endpointId);
        } catch (error) {
          closeClips(clips);
          throw error;
        }
        endpoint.finishPlay('replaced');
        endpoint.player = new Player({
          playId: command.playId,
          clips,
          loop: command.loop ?? false,
          stopOnDtmf: command.stopOnDtmf ?? false,
        });
        return done;
      }
      case 'play.stop':
        this.#endpoint(command.endpointId).finishPlay('stopped');
        return done;
      case 'play.source.complete':
        this.#endpoint(command.endpointId).player?.sourceComplete(command.path, command.bytes);
        return done;
      case 'play.source.failed':
        this.#endpoint(command.endpointId).player?.sourceFailed(command.path, 'its writer failed');
        return done;
      case 'dtmf.send': {
        const endpoint = this.#endpoint(command.endpointId);
        const negotiated = endpoint.eventPayloadType >= 0;
        const mode = command.mode ?? 'auto';
        if (mode === 'rfc4733' && !negotiated) {
          throw new MediaError(
            'not-supported',
            `Endpoint "${endpoint.id}" did not negotiate telephone-event; send inband or auto.`,
          );
        }
        const method = mode === 'inband' || !negotiated ? 'inband' : 'rfc4733';
        endpoint.dtmf.start(command.digits, command.durationMs ?? 100, command.gapMs ?? 60, method);
        return done;
      }
      case 'record.start':
        await this.#startRecording(command);
        return done;
      case 'record.pause':
        this.#recorder(command.recordingId).pause();
        return done;
      case 'record.resume':
        this.#recorder(command.recordingId).resume();
        return done;
      case 'record.stop':
        await this.#stopRecording(this.#recorder(command.recordingId), 'stopped');
        return done;
      case 'bridge': {
        const [a, b] = command.endpointIds.map((e) => this.#endpoint(e)) as [
          RtpEndpoint,
          RtpEndpoint,
        ];
        for (const e of [a, b]) {
          this.#unbridge(e);
          this.#leaveMixer(e);
        }
        a.bridgePeer = b;
        b.bridgePeer = a;
        return done;
      }
      case 'unbridge':
        this.#unbridge(this.#endpoint(command.endpointId));
        return done;
      case 'mixer.create':
        if (this.#mixers.has(command.mixerId))
          throw new MediaError('duplicate-id', `Mixer "${command.mixerId}" exists already.`);
        this.#mixers.set(command.mixerId, new Mixer(command.mixerId, command.callId));
        return done;
      case 'mixer.join': {
        const mixer = this.#mixer(command.mixerId);
        const endpoint = this.#endpoint(command.endpointId);
        this.#unbridge(endpoint);
        if (endpoint.seat !== undefined && !mixer.seats.has(endpoint.id))
          this.#leaveMixer(endpoint);
        endpoint.seat = mixer.seat(endpoint.id, command.mode, command.whisperTo);
        return done;
      }
      case 'mixer.leave':
        this.#mixer(command.mixerId);
        this.#leaveMixer(this.#endpoint(command.endpointId));
        return done;
      case 'mixer.destroy': {
        const mixer = this.#mixer(command.mixerId);
        for (const id of mixer.seats.keys()) {
          const endpoint = this.#endpoints.get(id);
          if (endpoint !== undefined) endpoint.seat = undefined;
        }
        this.#mixers.delete(mixer.id);
        return done;
      }
    }
  }

  #unbridge(endpoint: RtpEndpoint): void {
    const peer = endpoint.bridgePeer;
    if (peer === undefined) return;
    endpoint.bridgePeer = undefined;
    if (peer.bridgePeer === endpoint) peer.bridgePeer = undefined;
  }

  #leaveMixer(endpoint: RtpEndpoint): void {
    if (endpoint.seat === undefined) return;
    for (const mixer of this.#mixers.values()) mixer.unseat(endpoint.id);
    endpoint.seat = undefined;
  }

  async #startRecording(command: Extract<MediaCommand, { type: 'record.start' }>): Promise<void> {
    if (this.#recorders.has(command.recordingId)) {
      throw new MediaError('duplicate-id', `Recording "${command.recordingId}" exists already.`);
    }
    const sides = [command.left, command.right].filter((c): c is RecordChannel => c !== undefined);
    for (const side of sides) this.#endpoint(side.endpointId);
    const writer = await WavWriter.create(command.path, sides.length, SAMPLE_RATE, this.#writes);
    const channels = sides.map((side): RecorderChannel | undefined => {
      const endpoint = this.#endpoints.get(side.endpointId);
      if (endpoint === undefined) return undefined;
      const source = side.source ?? 'received';
      return {
        info: { endpointId: endpoint.id, legId: endpoint.legId, source },
        timeline: recordingTimeline(),
      };
    });
    const [left, right] = channels;
    if (
      left === undefined ||
      (sides.length === 2 && right === undefined) ||
      this.#recorders.has(command.recordingId)
    ) {
      await writer.close();
      throw new MediaError(
        'unknown-endpoint',
        'An endpoint to record was destroyed while the recording started.',
      );
    }
    const first = this.#endpoint(command.left.endpointId);
    const recorder = new Recorder(
      command.recordingId,
      first.callId,
      writer,
      left,
      right,
      command.pauseMode ?? 'silence',
      this.#host.wallNow(),
      // Recordings started together would all write in the same tick, once a second: a stall
      // of that tick at hundreds of calls. Successive phases spread the writes over the second.
      this.#recordingsStarted++ % CHUNK_FRAMES,
    );
    for (const channel of [left, right])
      if (channel !== undefined) this.#taps(channel).push(channel.timeline);
    this.#recorders.set(recorder.id, recorder);
    this.#ticker.start();
  }

  #taps(channel: RecorderChannel): TimelineBuffer[] {
    const endpoint = this.#endpoint(channel.info.endpointId);
    return channel.info.source === 'sent' ? endpoint.sentTaps : endpoint.receivedTaps;
  }

  async #stopRecording(
    recorder: Recorder,
    reason: 'stopped' | 'endpoint-destroyed' | 'error',
  ): Promise<void> {
    if (!this.#recorders.delete(recorder.id)) return;
    for (const channel of [recorder.left, recorder.right]) {
      if (channel === undefined || !this.#endpoints.has(channel.info.endpointId)) continue;
      const taps = this.#taps(channel);
      const index = taps.indexOf(channel.timeline);
      if (index >= 0) taps.splice(index, 1);
    }
    this.#emit(await recorder.stop(reason));
  }

  async #destroyEndpoint(endpoint: RtpEndpoint) {
    this.#endpoints.delete(endpoint.id);
    this.#unbridge(endpoint);
    this.#leaveMixer(endpoint);
    const recordings = [...this.#recorders.values()].filter(
      (r) => r.left.info.endpointId === endpoint.id || r.right?.info.endpointId === endpoint.id,
    );
    const quality = await endpoint.close();
    await Promise.all(recordings.map((r) => this.#stopRecording(r, 'endpoint-destroyed')));
    if (this.#endpoints.size === 0 && this.#recorders.size === 0) this.#ticker.stop();
    return quality;
  }

  /** One 20 ms tick for everything in the worker: mix, send, record, then housekeeping. */
  #tick(): void {
    const now = this.#host.now();
    for (const mixer of this.#mixers.values()) mixer.tick();
    for (const endpoint of this.#endpoints.values()) {
      // A bug in one endpoint's tick must not stop the clock of every call in the worker.
      try {
        endpoint.tick(now);
        endpoint.housekeeping(now);
      } catch (error) {
        endpoint.fault(error);
      }
    }
    for (const recorder of this.#recorders.values()) {
      recorder.tick();
      const failure = recorder.failed;
      if (failure !== undefined) {
        this.#emit({
          type: 'error',
          code: 'file-unwritable',
          recordingId: recorder.id,
          message: `Recording "${recorder.id}" stopped: writing its file failed (${failure.message}).`,
        });
        void this.#stopRecording(recorder, 'error');
      }
    }
  }

  /** Stops recordings (files closed properly) and closes every endpoint. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#recorders.values()].map((r) => this.#stopRecording(r, 'stopped')));
    await Promise.all([...this.#endpoints.values()].map((e) => this.#destroyEndpoint(e)));
    this.#mixers.clear();
    this.#ticker.stop();
    this.#unhookUdp?.();
  }
}
