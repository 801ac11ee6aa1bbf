// The embedded media engine: N worker threads behind the media port; calls placed by load, ports allocated here.
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { TypedEmitter } from '../../platform/index.ts';
import { parseMediaCommand } from './command-validation.ts';
import type { MediaCommand, MediaCommandInput } from './media-commands.ts';
import { MediaError } from './media-error.ts';
import type { MediaEvent, MediaEventMap, MediaReply, MediaResultOf } from './media-events.ts';
import type { MediaPort } from './media-port.ts';
import { nativeAddonAvailable, nativeAddonProblem } from './native-addon.ts';
import { PortAllocator } from './port-allocator.ts';
import type { PortRange } from './port-allocator.ts';
import { spawnMediaWorker } from './worker-spawn.ts';
import { WorkerSlot } from './worker-slot.ts';
import type { WorkerFactory } from './worker-slot.ts';
import type { MediaIo, WorkerLoad, WorkerSettings } from './worker-messages.ts';

export interface MediaEngineOptions {
  readonly ports: PortRange;
  /** Address peers send RTP to, written into our SDP. */
  readonly advertisedAddress: string;
  /** Address the sockets bind to. Default 0.0.0.0. */
  readonly bindAddress?: string;
  /** Worker threads. Default: one per CPU core. */
  readonly workers?: number;
  readonly inactivityTimeoutMs?: number;
  readonly holdTimeoutMs?: number;
  readonly qualityIntervalMs?: number;
  readonly latching?: boolean;
  /** Mean RTCP report interval. Default 5000 ms (RFC 3550 §6.2). */
  readonly rtcpIntervalMs?: number;
  /** The workers' RTP sockets and recording writes (WorkerSettings.io). Default 'auto': native where built. */
  readonly io?: MediaIo;
  /**
   * A worker busier than this (0-1) takes no new calls. Default 0.85. Busy is the share of a core
   * its thread used (on Linux), else its event-loop utilization.
   */
  readonly maxWorkerLoad?: number;
  /** A worker silent this long (no load report) is deemed hung and restarted. Default 10 s. */
  readonly watchdogMs?: number;
  /** How long the workers may take to start. Default 30 s. */
  readonly startTimeoutMs?: number;
  /** For tests: how worker threads are made. */
  readonly spawn?: WorkerFactory;
}

export interface MediaEngineStats {
  readonly portsInUse: number;
  readonly portCapacity: number;
  readonly workers: readonly {
    readonly index: number;
    readonly ready: boolean;
    readonly endpoints: number;
    readonly restarts: number;
    readonly load: WorkerLoad | undefined;
  }[];
}

interface EndpointRoute {
  readonly callId: string;
  readonly legId: string;
  readonly slot: WorkerSlot;
  readonly rtpPort: number;
}

// A port another program holds is left alone for this long before being tried again.
const PORT_BLOCK_MS = 60_000;
const BIND_ATTEMPTS = 5;

export class MediaEngine implements MediaPort {
  readonly #events = new TypedEmitter<MediaEventMap>();
  readonly #ports: PortAllocator;
  readonly #slots: WorkerSlot[];
  readonly #maxLoad: number;
  readonly #endpoints = new Map<string, EndpointRoute>();
  /** Worker of each call with endpoints or mixers, and how many it has. */
  readonly #calls = new Map<string, { slot: WorkerSlot; users: number }>();
  readonly #recordings = new Map<string, WorkerSlot>();
  readonly #mixers = new Map<string, { slot: WorkerSlot; callId: string }>();
  readonly #watchdog: ReturnType<typeof setInterval>;
  #closed = false;

  /** The workers' RTP sockets and recording writes: the native addon's or Node's. */
  readonly io: 'native' | 'node';

  private constructor(options: MediaEngineOptions) {
    const io = options.io ?? 'auto';
    if (io === 'native' && !nativeAddonAvailable())
      throw new MediaError(
        'not-supported',
        `Native media I/O was asked for (io: native), but ${nativeAddonProblem() ?? 'it is not available'}; or use io auto or node.`,
      );
    this.io = io === 'node' || !nativeAddonAvailable() ? 'node' : 'native';
    this.#ports = new PortAllocator(options.ports);
    this.#maxLoad = options.maxWorkerLoad ?? 0.85;
    const settings: WorkerSettings = {
      bindAddress: options.bindAddress ?? '0.0.0.0',
      advertisedAddress: options.advertisedAddress,
      inactivityTimeoutMs: options.inactivityTimeoutMs ?? 30_000,
      holdTimeoutMs: options.holdTimeoutMs ?? 3_600_000,
      qualityIntervalMs: options.qualityIntervalMs ?? 5_000,
      latching: options.latching ?? true,
      rtcpIntervalMs: options.rtcpIntervalMs ?? 5_000,
      io: this.io,
    };
    const count = Math.max(1, options.workers ?? availableParallelism());
    const factory = options.spawn ?? spawnMediaWorker;
    const listener = {
      event: (slot: WorkerSlot, event: MediaEvent) => this.#onEvent(slot, event),
      crashed: (slot: WorkerSlot, reason: string) => this.#onCrash(slot, reason),
    };
    this.#slots = Array.from(
      { length: count },
      (_, i) => new WorkerSlot(i, factory, settings, listener),
    );
    const watchdogMs = options.watchdogMs ?? 10_000;
    this.#watchdog = setInterval(
      () => {
        const now = Date.now();
        for (const slot of this.#slots)
          if (slot.ready && now - slot.lastHeardMs > watchdogMs) slot.kill();
      },
      Math.min(watchdogMs, 2000),
    );
    this.#watchdog.unref();
  }

  /** Starts the workers and resolves once every one is ready. */
  static async start(options: MediaEngineOptions): Promise<MediaEngine> {
    const engine = new MediaEngine(options);
    const limitMs = options.startTimeoutMs ?? 30_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const message = `The media workers did not start within ${limitMs / 1000} s; check the log for errors in media-worker.`;
        reject(new MediaError('worker-failed', message));
      }, limitMs);
    });
    try {
      await Promise.race([Promise.all(engine.#slots.map((s) => s.whenReady())), late]);
    } catch (error) {
      await engine.close();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return engine;
  }

  on<K extends keyof MediaEventMap>(
    type: K,
    listener: (event: MediaEventMap[K]) => void,
  ): () => void {
    return this.#events.on(type, listener);
  }

  get stats(): MediaEngineStats {
    return {
      portsInUse: this.#ports.inUse,
      portCapacity: this.#ports.capacity,
      workers: this.#slots.map((s) => ({
        index: s.index,
        ready: s.ready,
        endpoints: s.endpoints.size,
        restarts: s.restarts,
        load: s.load,
      })),
    };
  }

  /**
   * Whether a new call would get an endpoint now, else why not: no free port pair, every worker
   * past its load limit, none running, or shut down. The SIP stack asks before it takes an INVITE.
   */
  admission(): 'ports-exhausted' | 'overloaded' | 'worker-failed' | 'closed' | undefined {
    if (this.#closed) return 'closed';
    if (this.#ports.inUse >= this.#ports.capacity) return 'ports-exhausted';
    const ready = this.#slots.filter((s) => s.ready);
    if (ready.length === 0) return 'worker-failed';
    return ready.some((s) => this.#underLimit(s)) ? undefined : 'overloaded';
  }

  async request<C extends MediaCommandInput>(input: C): Promise<MediaResultOf<C['type']>> {
    const command = parseMediaCommand({ ...input, requestId: input.requestId ?? randomUUID() });
    if (this.#closed) throw new MediaError('closed', 'The media engine is shut down.');
    const reply = await this.#dispatch(command);
    if (reply.type === 'refused') throw new MediaError(reply.code, reply.message);
    return reply as MediaResultOf<C['type']>;
  }

  #route(endpointId: string): EndpointRoute {
    const route = this.#endpoints.get(endpointId);
    if (route === undefined)
      throw new MediaError(
        'unknown-endpoint',
        `No media endpoint "${endpointId}" (destroyed, failed, or never created).`,
      );
    return route;
  }

  #sameWorker(a: WorkerSlot, b: WorkerSlot, what: string): void {
    if (a !== b) {
      throw new MediaError(
        'different-workers',
        `${what} belong to different calls in different media workers; give legs that meet the same callId.`,
      );
    }
  }

  /** The worker of a call, or the least busy worker under the load limit for a new one. */
  #slotForCall(callId: string): WorkerSlot {
    const known = this.#calls.get(callId);
    if (known !== undefined) return known.slot;
    const ready = this.#slots.filter((s) => s.ready);
    if (ready.length === 0)
      throw new MediaError(
        'worker-failed',
        'No media worker is running (restarting after a crash); try again shortly.',
      );
    // The worker's own CPU time where known: event-loop utilization also counts the time a worker
    // waits for a core, which refused calls on a busy host while the workers used a third of one.
    const candidates = ready.filter((s) => this.#underLimit(s));
    if (candidates.length === 0) {
      throw new MediaError(
        'overloaded',
        `Every media worker is over ${Math.round(this.#maxLoad * 100)}% busy; refusing new calls until load drops.`,
      );
    }
    return candidates.reduce((best, s) => (s.endpoints.size < best.endpoints.size ? s : best));
  }

  #underLimit(slot: WorkerSlot): boolean {
    return (slot.load?.cpu ?? slot.load?.utilization ?? 0) < this.#maxLoad;
  }

  #useCall(callId: string, slot: WorkerSlot): void {
    const entry = this.#calls.get(callId);
    if (entry === undefined) this.#calls.set(callId, { slot, users: 1 });
    else entry.users++;
  }

  #releaseCall(callId: string): void {
    const entry = this.#calls.get(callId);
    if (entry !== undefined && --entry.users <= 0) this.#calls.delete(callId);
  }

  async #dispatch(command: MediaCommand): Promise<MediaReply> {
    switch (command.type) {
      case 'endpoint.create':
        return this.#createEndpoint(command);
      case 'endpoint.destroy': {
        const route = this.#route(command.endpointId);
        const reply = await route.slot.send(command);
        this.#forgetEndpoint(command.endpointId);
        return reply;
      }
      case 'endpoint.update':
      case 'play':
      case 'play.stop':
      case 'play.source.complete':
      case 'play.source.failed':
      case 'dtmf.send':
      case 'unbridge':
        return this.#route(command.endpointId).slot.send(command);
      case 'record.start': {
        const slot = this.#route(command.left.endpointId).slot;
        if (command.right !== undefined)
          this.#sameWorker(
            slot,
            this.#route(command.right.endpointId).slot,
            'The endpoints to record',
          );
        if (this.#recordings.has(command.recordingId)) {
          throw new MediaError(
            'duplicate-id',
            `Recording "${command.recordingId}" exists already.`,
          );
        }
        this.#recordings.set(command.recordingId, slot);
        const reply = await slot.send(command).catch((error: unknown) => {
          this.#recordings.delete(command.recordingId);
          throw error;
        });
        if (reply.type === 'refused') this.#recordings.delete(command.recordingId);
        return reply;
      }
      case 'record.pause':
      case 'record.resume':
      case 'record.stop': {
        const slot = this.#recordings.get(command.recordingId);
        if (slot === undefined)
          throw new MediaError(
            'unknown-recording',
            `No recording "${command.recordingId}" in progress.`,
          );
        return slot.send(command);
      }
      case 'bridge': {
        const [a, b] = command.endpointIds.map((e) => this.#route(e)) as [
          EndpointRoute,
          EndpointRoute,
        ];
        this.#sameWorker(a.slot, b.slot, 'The endpoints to bridge');
        return a.slot.send(command);
      }
      case 'mixer.create': {
        if (this.#mixers.has(command.mixerId))
          throw new MediaError('duplicate-id', `Mixer "${command.mixerId}" exists already.`);
        const slot = this.#slotForCall(command.callId);
        this.#mixers.set(command.mixerId, { slot, callId: command.callId });
        this.#useCall(command.callId, slot);
        const reply = await slot.send(command).catch((error: unknown) => {
          this.#forgetMixer(command.mixerId);
          throw error;
        });
        if (reply.type === 'refused') this.#forgetMixer(command.mixerId);
        return reply;
      }
      case 'mixer.join':
      case 'mixer.leave': {
        const mixer = this.#mixers.get(command.mixerId);
        if (mixer === undefined)
          throw new MediaError('unknown-mixer', `No mixer "${command.mixerId}".`);
        this.#sameWorker(
          mixer.slot,
          this.#route(command.endpointId).slot,
          'The mixer and the endpoint',
        );
        return mixer.slot.send(command);
      }
      case 'mixer.destroy': {
        const mixer = this.#mixers.get(command.mixerId);
        if (mixer === undefined)
          throw new MediaError('unknown-mixer', `No mixer "${command.mixerId}".`);
        const reply = await mixer.slot.send(command);
        this.#forgetMixer(command.mixerId);
        return reply;
      }
    }
  }

  async #createEndpoint(
    command: Extract<MediaCommand, { type: 'endpoint.create' }>,
  ): Promise<MediaReply> {
    if (this.#endpoints.has(command.endpointId)) {
      throw new MediaError(
        'duplicate-id',
        `Media endpoint "${command.endpointId}" exists already.`,
      );
    }
    const slot = this.#slotForCall(command.callId);
    for (let attempt = 1; ; attempt++) {
      const rtpPort = this.#ports.allocate();
      // Registered before the worker answers, so the id cannot be taken twice meanwhile.
      this.#endpoints.set(command.endpointId, {
        callId: command.callId,
        legId: command.legId,
        slot,
        rtpPort,
      });
      slot.endpoints.add(command.endpointId);
      this.#useCall(command.callId, slot);
      let reply: MediaReply;
      try {
        reply = await slot.send(command, rtpPort);
      } catch (error) {
        this.#forgetEndpoint(command.endpointId);
        throw error;
      }
      if (reply.type !== 'refused') return reply;
      this.#forgetEndpoint(command.endpointId, reply.code === 'port-in-use');
      if (reply.code !== 'port-in-use' || attempt >= BIND_ATTEMPTS) return reply;
    }
  }

  #forgetEndpoint(endpointId: string, blockPort = false): void {
    const route = this.#endpoints.get(endpointId);
    if (route === undefined) return;
    this.#endpoints.delete(endpointId);
    route.slot.endpoints.delete(endpointId);
    if (blockPort) this.#ports.block(route.rtpPort, PORT_BLOCK_MS);
    else this.#ports.release(route.rtpPort);
    this.#releaseCall(route.callId);
  }

  #forgetMixer(mixerId: string): void {
    const mixer = this.#mixers.get(mixerId);
    if (mixer === undefined) return;
    this.#mixers.delete(mixerId);
    this.#releaseCall(mixer.callId);
  }

  #onEvent(_slot: WorkerSlot, event: MediaEvent): void {
    if (event.type === 'record.finished') this.#recordings.delete(event.recordingId);
    this.#events.emit(event.type, event);
  }

  /** Everything the dead worker held is gone: report its endpoints failed, free their ports. */
  #onCrash(slot: WorkerSlot, reason: string): void {
    const message = `media worker ${slot.index} ${reason}`;
    for (const endpointId of [...slot.endpoints]) {
      const route = this.#endpoints.get(endpointId);
      this.#forgetEndpoint(endpointId);
      if (route === undefined) continue;
      this.#events.emit('endpoint.failed', {
        type: 'endpoint.failed',
        endpointId,
        callId: route.callId,
        legId: route.legId,
        reason: message,
      });
    }
    for (const [recordingId, owner] of [...this.#recordings]) {
      if (owner !== slot) continue;
      this.#recordings.delete(recordingId);
      this.#events.emit('error', {
        type: 'error',
        code: 'worker-failed',
        recordingId,
        message: `Recording "${recordingId}" ended with the ${message}; its file holds the audio up to the last second written.`,
      });
    }
    for (const [mixerId, mixer] of [...this.#mixers])
      if (mixer.slot === slot) this.#forgetMixer(mixerId);
    for (const [callId, entry] of [...this.#calls])
      if (entry.slot === slot) this.#calls.delete(callId);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#watchdog);
    await Promise.all(this.#slots.map((s) => s.close()));
    for (const id of [...this.#endpoints.keys()]) this.#forgetEndpoint(id);
    this.#events.removeAllListeners();
  }
}
