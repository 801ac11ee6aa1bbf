// The telephony side of Hotline, wired from configuration: the SIP stack
// (built at once, so the registrar and its API work before sockets open),
// and on start the media engine, the dialog layer, the SIP telephony adapter,
// the trunks (trunk-runtime.ts) and the call handling (call-handling.ts).
// Extension credentials come from the database; registrations and leg events
// go to the event log.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  HotlineError,
  type ClockScheduler,
  type HotlineConfig,
  type Logger,
} from '../platform/index.ts';
import { sipExtensionRepository, type Database, type EventStore } from '../store/index.ts';
import {
  DialogLayer,
  MediaEngine,
  PromptLibrary,
  SipTelephony,
  inboundUsernameClashes,
  resolveSdpConfig,
  type BoundAddress,
  type SipStack,
  type TelephonyEvent,
  type Trunk,
  type TrunkStatus,
} from '../telephony/index.ts';
import type {
  Acd,
  CallController,
  CallerLookup,
  IvrLookups,
  IvrSchedules,
  KnownNames,
  QueueUpdateResult,
} from '../callcenter/index.ts';
import type { PhonePromptRecorder } from './phone-prompt-recorder.ts';
import type { PromptService } from '../api/index.ts';
import { packageRoot } from './package-info.ts';
import { EventBatcher } from './event-batcher.ts';
import { CallHandling } from './call-handling.ts';
import { createSipStack } from './sip-stack.ts';
import { TrunkRuntime } from './trunk-runtime.ts';
import './telephony-events.ts';

export interface TelephonyDeps {
  config: HotlineConfig;
  database: Database;
  events: EventStore;
  clock: ClockScheduler;
  logger: Logger;
  /** What IVR flows may call and name. */
  ivr: { lookups: IvrLookups; known: Omit<KnownNames, 'flows'>; schedules?: IvrSchedules };
  /** Where prompts recorded by phone are stored. */
  prompts: PromptService;
  /** Finds the customer behind a caller's number (the CRM). */
  callerLookup?: CallerLookup;
  /** The stored queue documents and not-ready reasons the ACD starts with (default: the demo's). */
  queues?: () => readonly unknown[];
  notReadyReasons?: () => readonly string[];
  /** The trunks managed through the API, started with the config file's (read at start). */
  trunks?: () => readonly Trunk[];
  /** Whether an agent's phone answers offered calls by itself (their profile's auto-answer). */
  autoAnswer?: (agentId: string) => boolean;
}

export class TelephonyRuntime {
  readonly stack: SipStack;
  readonly #deps: TelephonyDeps;
  readonly #batcher: EventBatcher;
  readonly #extensions = new Set<string>();
  readonly #trunks: TrunkRuntime;
  readonly #handling: CallHandling;
  #media: MediaEngine | undefined;
  #dialogs: DialogLayer | undefined;
  #telephony: SipTelephony | undefined;
  #stopEvents: (() => void) | undefined;
  #unsubscribe: (() => void) | undefined;

  private constructor(deps: TelephonyDeps, stack: SipStack, trunks: TrunkRuntime) {
    this.#deps = deps;
    this.stack = stack;
    this.#trunks = trunks;
    this.#batcher = new EventBatcher({
      events: deps.events,
      scheduler: deps.clock,
      logger: deps.logger,
    });
    this.#handling = new CallHandling({
      ...deps,
      batcher: this.#batcher,
      stack,
      isExtension: (number) => this.#extensions.has(number),
    });
    this.#recordRegistrations();
  }

  static async create(deps: TelephonyDeps): Promise<TelephonyRuntime> {
    const trunks = new TrunkRuntime({
      config: deps.config,
      ...(deps.trunks ? { managed: deps.trunks } : {}),
      logger: deps.logger,
    });
    const stack = await createSipStack({ ...deps, trunkUsernames: trunks.usernames });
    return new TelephonyRuntime(deps, stack, trunks);
  }

  /** Each trunk's keep-alive, registration and calls (for the API and the wallboard). */
  trunkStatus(): TrunkStatus[] {
    return this.#trunks.status();
  }

  /**
   * Starts an API-managed trunk, or restarts it with new settings: only it unregisters and
   * registers again; it is an outbound trunk and an inbound peer at once. When telephony is not
   * running, start() reads it with the others.
   */
  putTrunk(trunk: Trunk): Promise<void> {
    return this.#trunks.put(trunk);
  }

  /** Stops an API-managed trunk: it unregisters (Expires: 0) and takes no more calls. */
  removeTrunk(name: string): Promise<void> {
    return this.#trunks.remove(name);
  }

  /** Calls out through a trunk now (0 when telephony is not running). */
  trunkCalls(name: string): number {
    return this.#trunks.activeCalls(name);
  }

  /** Whether a number is a SIP extension (registered or not). */
  isExtension(extension: string): boolean {
    return this.#extensions.has(extension);
  }

  /** The ACD (agents and queues) once telephony runs. */
  get acd(): Acd {
    const acd = this.#handling.acd;
    if (!acd) throw new HotlineError('unavailable', 'Telephony is not started.');
    return acd;
  }

  /** Applies a whole queue set to the running ACD (null when it is not running); throws if refused. */
  applyQueues(documents: readonly unknown[]): QueueUpdateResult | null {
    return this.#handling.acd?.updateQueues(documents) ?? null;
  }

  /** Calls and callbacks waiting in a queue now; null when the ACD is not running. */
  waitingIn(queue: string): number | null {
    const acd = this.#handling.acd;
    if (!acd) return null;
    const q = acd.queue(queue);
    // A ringing call may have left the line but still needs the queue if the ring fails.
    return q ? Math.max(q.waiting.size, q.live) : 0;
  }

  /** The not-ready reasons agents may choose, from now on. */
  applyNotReadyReasons(codes: readonly string[]): void {
    this.#handling.acd?.registry.setAgentReasons(codes);
  }

  /** The call model (live calls, call control) once telephony runs. */
  get calls(): CallController {
    const calls = this.#handling.calls;
    if (!calls) throw new HotlineError('unavailable', 'Telephony is not started.');
    return calls;
  }

  /** Records a prompt by calling an extension (see PhonePromptRecorder). */
  get promptRecorder(): PhonePromptRecorder {
    const recorder = this.#handling.recorder;
    if (!recorder) throw new HotlineError('unavailable', 'Telephony is not started.');
    return recorder;
  }

  /** Legs in progress (for health views and tests). */
  get legs(): number {
    return this.#telephony?.size ?? 0;
  }

  /** Calls in progress, the SIP extensions that exist and the media workers (for the health view). */
  get healthParts(): {
    calls: number;
    extensions: ReadonlySet<string>;
    media: MediaEngine['stats'] | undefined;
  } {
    return {
      calls: this.#handling.calls?.activeCalls ?? 0,
      extensions: this.#extensions,
      media: this.#media?.stats,
    };
  }

  /** Opens media workers and SIP sockets and starts routing calls. */
  async start(): Promise<BoundAddress[]> {
    const { config, clock, logger, database, events } = this.#deps;
    // Subscribe first, so an extension created while the list loads is not missed.
    this.#unsubscribe = events.subscribe((event) => {
      if (event.type === 'sip.extension-credentials-set')
        this.#extensions.add(event.payload.extension);
      else if (event.type === 'sip.extension-deleted')
        this.#extensions.delete(event.payload.extension);
    });
    for (const row of await sipExtensionRepository.list(database.db))
      this.#extensions.add(row.extension);
    const clashes = inboundUsernameClashes(config.sip.trunks, (u) => this.#extensions.has(u));
    if (clashes.length > 0) {
      this.#unsubscribe?.();
      const message = `Invalid configuration:\n  - ${clashes.join('\n  - ')}`;
      throw new HotlineError('invalid-config', message, { field: 'sip.trunks' });
    }
    const recordings = join(config.dataDir, 'recordings');
    const callRecordings = join(recordings, 'calls');
    await mkdir(callRecordings, { recursive: true });
    const bound = await this.stack.start();
    try {
      const advertised = this.stack.transport.sentBy('udp').host.replace(/^\[|\]$/g, '');
      this.#media = await MediaEngine.start({
        ports: config.rtp.ports,
        advertisedAddress: advertised,
        bindAddress: config.rtp.host,
        ...(config.rtp.workers > 0 ? { workers: config.rtp.workers } : {}),
        io: config.rtp.io,
      });
      const media = this.#media;
      logger.info({ io: media.io, workers: media.stats.workers.length }, 'media engine started');
      // A new call the media cannot take is refused 503 at once, before anything is done for it.
      this.stack.overload.setAdmission(() => media.admission() === undefined);
      this.#dialogs = new DialogLayer({
        stack: this.stack,
        clock,
        logger: logger.child({ part: 'dialogs' }),
        extraAllow: ['REGISTER'],
      });
      const trunks = this.#trunks.open({
        stack: this.stack,
        clock,
        batcher: this.#batcher,
        peersChanged: (peers) => this.#telephony?.setTrunkPeers(peers),
      });
      const telephony = new SipTelephony({
        stack: this.stack,
        dialogs: this.#dialogs,
        media: this.#media,
        clock,
        logger: logger.child({ part: 'b2bua' }),
        sdp: resolveSdpConfig(),
        realm: config.sip.realm,
        trunks: this.#trunks.inboundPeers(),
        localHost: this.stack.transport.sentBy('udp').host,
        outboundTrunks: trunks,
        prompts: new PromptLibrary({
          // The shipped prompt set, at the package root (src/ and dist/src/ sit at different depths).
          promptsDir: join(packageRoot(), 'prompts'),
          cacheDir: join(config.dataDir, 'cache', 'prompts'),
          uploadsDir: join(config.dataDir, 'prompts'),
          fallbackLanguage: 'zh',
          logger: logger.child({ part: 'prompts' }),
        }),
      });
      this.#telephony = telephony;
      await this.#handling.start((command) => telephony.execute(command), {
        recordings,
        callRecordings,
      });
      this.#stopEvents = telephony.onEvent((event) => {
        this.#record(event);
        this.#handling.handle(event);
      });
      await trunks.start();
    } catch (error) {
      await this.stop();
      throw error;
    }
    return bound;
  }

  /** Stops taking calls, closes SIP and media, and writes the last events. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    // Calls end as the system's hang-up: their last events are written before the log closes.
    this.#handling.stop();
    // Unregister from carriers while the transport can still carry it.
    await this.#trunks.stop();
    this.#dialogs?.close();
    await this.stack.stop();
    await this.#media?.close();
    this.#stopEvents?.();
    await this.#batcher.flush();
    this.#media = undefined;
    this.#dialogs = undefined;
    this.#telephony = undefined;
    this.#trunks.close();
  }

  /** Writes everything queued (tests read the log after a call). */
  flushEvents(): Promise<void> {
    return this.#batcher.flush();
  }

  #record(event: TelephonyEvent): void {
    const { type, at, ...payload } = event;
    const stream = 'legId' in event ? `leg:${event.legId}` : `recording:${event.recordingId}`;
    this.#batcher.append(type, stream, payload, at);
  }

  #recordRegistrations(): void {
    // An agent's phone is routable only while registered (the ACD skips it otherwise).
    this.stack.location.on('registered', ({ binding }) =>
      this.#handling.acd?.agents.deviceRegistered(binding.aor),
    );
    this.stack.location.on('unregistered', ({ binding }) => {
      if (this.stack.location.lookup(binding.aor).length === 0)
        this.#handling.acd?.agents.deviceUnregistered(binding.aor);
    });
    this.stack.location.on('registered', ({ binding, refreshed }) => {
      if (refreshed) return; // a refresh changes nothing worth a line in the log
      this.#batcher.append('sip.registered', `extension:${binding.aor}`, {
        extension: binding.aor,
        contact: binding.contact,
        source: `${binding.source.address}:${binding.source.port}`,
        transport: binding.source.protocol,
        userAgent: binding.userAgent ?? null,
        expiresAt: binding.expiresAt,
      });
    });
    this.stack.location.on('unregistered', ({ binding, reason }) => {
      this.#batcher.append('sip.unregistered', `extension:${binding.aor}`, {
        extension: binding.aor,
        contact: binding.contact,
        reason,
      });
    });
  }
}
