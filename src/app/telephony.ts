// The telephony side of Hotline, wired from configuration: the SIP stack
// (built at once, so the registrar and its API work before sockets open),
// and on start the media engine, the dialog layer, the SIP telephony adapter
// and the call router. Extension credentials come from the database;
// registrations and leg events go to the event log.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  HotlineError,
  sipTlsCredentials,
  type ClockScheduler,
  type HotlineConfig,
  type Logger,
} from '../platform/index.ts';
import {
  secretRepository,
  sipExtensionRepository,
  type Database,
  type EventCatalogue,
  type EventStore,
} from '../store/index.ts';
import {
  DialogLayer,
  LiveTrunkDirectory,
  MediaEngine,
  PromptLibrary,
  SipStack,
  SipTelephony,
  TrunkManager,
  inboundPeer,
  inboundUsernameClashes,
  resolveSdpConfig,
  type BoundAddress,
  type TelephonyEvent,
  type Trunk,
  type TrunkPeer,
  type TrunkStatus,
} from '../telephony/index.ts';
import {
  Acd,
  BasicCallRouter,
  CallController,
  type CallerLookup,
  type IvrLookups,
  type IvrSchedules,
  type KnownNames,
  type QueueUpdateResult,
} from '../callcenter/index.ts';
import { IvrRuntime } from './ivr-runtime.ts';
import { PhonePromptRecorder } from './phone-prompt-recorder.ts';
import type { PromptService } from '../api/index.ts';
import { packageRoot } from './package-info.ts';
import { DEMO_VOICEMAIL_FLOW, demoQueueConfigs } from './demo-center.ts';
import { EventBatcher } from './event-batcher.ts';
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
  #media: MediaEngine | undefined;
  #dialogs: DialogLayer | undefined;
  #telephony: SipTelephony | undefined;
  #calls: CallController | undefined;
  #acd: Acd | undefined;
  #recorder: PhonePromptRecorder | undefined;
  #stopEvents: (() => void) | undefined;
  #ivr: IvrRuntime | undefined;
  #trunks: TrunkManager | undefined;
  #trunkDirectory: LiveTrunkDirectory | undefined;
  /** Carriers' inbound usernames, which never authenticate an extension (kept current). */
  readonly #trunkUsernames: Set<string>;
  #unsubscribe: (() => void) | undefined;

  private constructor(deps: TelephonyDeps, stack: SipStack, trunkUsernames: Set<string>) {
    this.#deps = deps;
    this.stack = stack;
    this.#trunkUsernames = trunkUsernames;
    this.#batcher = new EventBatcher({
      events: deps.events,
      scheduler: deps.clock,
      logger: deps.logger,
    });
    this.#recordRegistrations();
  }

  static async create(deps: TelephonyDeps): Promise<TelephonyRuntime> {
    const { config, database, clock, logger } = deps;
    const realm = config.sip.realm;
    const nonceSecret = await secretRepository.getOrCreate(
      database.db,
      'sip-digest-nonce',
      () => randomBytes(32).toString('base64url'),
      clock.now(),
    );
    const trunkUsernames = new Set(
      [...config.sip.trunks, ...(deps.trunks?.() ?? [])].flatMap((t) => t.inbound.username ?? []),
    );
    // Read at start (the paths were checked with the configuration): a renewed certificate needs a restart.
    const tls = sipTlsCredentials(config.sip);
    const stack = new SipStack({
      clock,
      logger: logger.child({ part: 'sip' }),
      listen: config.sip.transports.map((protocol) => ({
        protocol,
        host: config.sip.host,
        port:
          protocol === 'ws'
            ? config.sip.wsPort
            : protocol === 'tls'
              ? config.sip.tlsPort
              : config.sip.port,
      })),
      ...(tls ? { tls } : {}),
      ...(config.sip.advertisedHost ? { advertisedHost: config.sip.advertisedHost } : {}),
      rateLimitExempt: [
        ...config.sip.trustedAddresses,
        ...config.sip.trunkPeers.map((t) => t.address),
        ...config.sip.trunks.flatMap((t) => t.inbound.addresses),
      ],
      nonceSecrets: [nonceSecret],
      digestAlgorithms: config.sip.digestAlgorithms,
      registrar: {
        realm,
        minExpires: config.sip.minExpires,
        maxExpires: config.sip.maxExpires,
        defaultExpires: config.sip.maxExpires,
        maxContacts: 3,
      },
      overload: { maxPendingInvites: config.sip.maxPendingInvites },
      lookupHa1: async (username, askedRealm, hash) => {
        // A carrier's inbound username is never an extension, even one created after start.
        if (askedRealm !== realm || trunkUsernames.has(username)) return undefined;
        const row = await sipExtensionRepository.byExtension(database.db, username);
        if (!row || row.disabled_at !== null || row.realm !== realm) return undefined;
        return hash === 'MD5' ? row.ha1_md5 : hash === 'SHA-256' ? row.ha1_sha256 : undefined;
      },
    });
    stack.on('authFailed', (detail) => logger.warn({ ...detail }, 'SIP authentication failed'));
    return new TelephonyRuntime(deps, stack, trunkUsernames);
  }

  /** Each trunk's keep-alive, registration and calls (for the API and the wallboard). */
  trunkStatus(): TrunkStatus[] {
    return this.#trunks?.status() ?? [];
  }

  /**
   * Starts an API-managed trunk, or restarts it with new settings: only it unregisters and
   * registers again; it is an outbound trunk and an inbound peer at once. When telephony is not
   * running, start() reads it with the others.
   */
  async putTrunk(trunk: Trunk): Promise<void> {
    this.#syncTrunkUsernames();
    if (!this.#trunks || !this.#trunkDirectory) return;
    this.#trunkDirectory.set(trunk);
    this.#telephony?.setTrunkPeers(this.#inboundPeers());
    await this.#trunks.reload(trunk.name);
  }

  /** Stops an API-managed trunk: it unregisters (Expires: 0) and takes no more calls. */
  async removeTrunk(name: string): Promise<void> {
    this.#syncTrunkUsernames();
    if (!this.#trunks || !this.#trunkDirectory) return;
    this.#trunkDirectory.delete(name);
    this.#telephony?.setTrunkPeers(this.#inboundPeers());
    await this.#trunks.reload(name);
  }

  /** Calls out through a trunk now (0 when telephony is not running). */
  trunkCalls(name: string): number {
    return this.#trunks?.activeCalls(name) ?? 0;
  }

  /** Whether a number is a SIP extension (registered or not). */
  isExtension(extension: string): boolean {
    return this.#extensions.has(extension);
  }

  /** The ACD (agents and queues) once telephony runs. */
  get acd(): Acd {
    if (!this.#acd) throw new HotlineError('unavailable', 'Telephony is not started.');
    return this.#acd;
  }

  /** Applies a whole queue set to the running ACD (null when it is not running); throws if refused. */
  applyQueues(documents: readonly unknown[]): QueueUpdateResult | null {
    return this.#acd ? this.#acd.updateQueues(documents) : null;
  }

  /** Calls and callbacks waiting in a queue now; null when the ACD is not running. */
  waitingIn(queue: string): number | null {
    if (!this.#acd) return null;
    const q = this.#acd.queue(queue);
    // A ringing call may have left the line but still needs the queue if the ring fails.
    return q ? Math.max(q.waiting.size, q.live) : 0;
  }

  /** The not-ready reasons agents may choose, from now on. */
  applyNotReadyReasons(codes: readonly string[]): void {
    this.#acd?.registry.setAgentReasons(codes);
  }

  /** The call model (live calls, call control) once telephony runs. */
  get calls(): CallController {
    if (!this.#calls) throw new HotlineError('unavailable', 'Telephony is not started.');
    return this.#calls;
  }

  /** Records a prompt by calling an extension (see PhonePromptRecorder). */
  get promptRecorder(): PhonePromptRecorder {
    if (!this.#recorder) throw new HotlineError('unavailable', 'Telephony is not started.');
    return this.#recorder;
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
      calls: this.#calls?.activeCalls ?? 0,
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
      });
      const media = this.#media;
      // A new call the media cannot take is refused 503 at once, before anything is done for it.
      this.stack.overload.setAdmission(() => media.admission() === undefined);
      this.#dialogs = new DialogLayer({
        stack: this.stack,
        clock,
        logger: logger.child({ part: 'dialogs' }),
        extraAllow: ['REGISTER'],
      });
      this.#trunkDirectory = new LiveTrunkDirectory(config.sip.trunks, this.#deps.trunks?.() ?? []);
      const trunks = new TrunkManager({
        directory: this.#trunkDirectory,
        transactions: this.stack.transactions,
        transport: this.stack.transport,
        clock,
        logger: logger.child({ part: 'trunks' }),
      });
      this.#trunks = trunks;
      this.#recordTrunks(trunks);
      const telephony = new SipTelephony({
        stack: this.stack,
        dialogs: this.#dialogs,
        media: this.#media,
        clock,
        logger: logger.child({ part: 'b2bua' }),
        sdp: resolveSdpConfig(),
        realm: config.sip.realm,
        trunks: this.#inboundPeers(),
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
      const router = new BasicCallRouter({
        clock,
        execute: (command) => telephony.execute(command),
        isExtension: (number) => this.#extensions.has(number),
        answerTestNumbers: config.sip.answerTestNumbers,
        answerTestHoldMs: config.sip.answerTestSeconds * 1000,
        recordTestNumbers: config.sip.recordTestNumbers,
        recordingPath: (legId) => join(recordings, `test-${legId}.wav`),
        ringTimeoutMs: config.sip.ringTimeoutSeconds * 1000,
        newLegId: () => randomUUID(),
        ...(config.sip.outboundTrunk === ''
          ? {}
          : {
              outbound: {
                trunk: config.sip.outboundTrunk,
                pattern: new RegExp(config.sip.outboundPattern),
              },
            }),
      });
      const ivr = new IvrRuntime({
        events,
        clock,
        logger: logger.child({ part: 'ivr' }),
        lookups: this.#deps.ivr.lookups,
        known: this.#deps.ivr.known,
        ...(this.#deps.ivr.schedules ? { schedules: this.#deps.ivr.schedules } : {}),
        newId: () => randomUUID(),
        recordingPath: (recordingId) => join(recordings, `${recordingId}.wav`),
      });
      await ivr.open();
      this.#ivr = ivr;
      // eslint-disable-next-line prefer-const -- the ACD's dispatch reaches the controller made next
      let calls: CallController;
      const acd = new Acd({
        clock,
        dispatch: (command) => calls.acdCommand(command),
        // ACD events are part of the catalogue (acd-events.ts and agent-events.ts merge them in).
        record: (type, stream, payload) =>
          this.#batcher.append(type, stream, payload as EventCatalogue[typeof type]),
        queues: this.#deps.queues?.() ?? demoQueueConfigs,
        ...(this.#deps.notReadyReasons ? { notReadyReasons: this.#deps.notReadyReasons() } : {}),
        reconcile: {
          everyMs: 30_000,
          view: {
            liveCallsOf: (agentId) => calls.callsOfAgent(agentId),
            isRegistered: (extension) => this.stack.location.lookup(extension).length > 0,
          },
        },
      });
      this.#acd = acd;
      // Phones that registered while the rest started up.
      for (const binding of this.stack.location.all()) acd.agents.deviceRegistered(binding.aor);
      calls = new CallController({
        clock,
        execute: (command) => telephony.execute(command),
        // Call events are part of the catalogue (call-events.ts merges them in).
        record: (type, stream, payload, at) =>
          this.#batcher.append(type, stream, payload as EventCatalogue[typeof type], at),
        routes: ivr,
        ivr,
        fallback: (event) => router.handle(event),
        newId: () => randomUUID(),
        logger: logger.child({ part: 'calls' }),
        ringTimeoutMs: config.sip.ringTimeoutSeconds * 1000,
        ...(config.sip.outboundTrunk ? { outboundTrunk: config.sip.outboundTrunk } : {}),
        outboundPattern: new RegExp(config.sip.outboundPattern),
        holdPrompt: 'please-hold',
        // A phone's REFER to one of ours is an extension; anything else goes out (allow-list).
        referTarget: (number) =>
          this.#extensions.has(number)
            ? { kind: 'extension', extension: number }
            : { kind: 'external', number },
        voicemailFlow: DEMO_VOICEMAIL_FLOW,
        recordingPath: (callId, segment) =>
          join(callRecordings, segment === 1 ? `${callId}.wav` : `${callId}-${segment}.wav`),
        acd,
        ...(this.#deps.callerLookup ? { callerLookup: this.#deps.callerLookup } : {}),
        ...(this.#deps.autoAnswer ? { autoAnswer: this.#deps.autoAnswer } : {}),
      });
      this.#calls = calls;
      const recorder = new PhonePromptRecorder({
        clock,
        logger: logger.child({ part: 'prompt-recorder' }),
        prompts: this.#deps.prompts,
        execute: (command) => telephony.execute(command),
        newId: () => randomUUID(),
        workDir: recordings,
      });
      this.#recorder = recorder;
      this.#stopEvents = telephony.onEvent((event) => {
        this.#record(event);
        if (recorder.owns(event)) recorder.handle(event);
        else calls.handle(event);
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
    this.#calls?.endAll();
    this.#recorder?.stop();
    this.#acd?.stop();
    this.#ivr?.close();
    // Unregister from carriers while the transport can still carry it.
    await this.#trunks?.stop();
    this.#dialogs?.close();
    await this.stack.stop();
    await this.#media?.close();
    this.#stopEvents?.();
    await this.#batcher.flush();
    this.#media = undefined;
    this.#dialogs = undefined;
    this.#telephony = undefined;
    this.#trunks = undefined;
    this.#trunkDirectory = undefined;
  }

  /** Writes everything queued (tests read the log after a call). */
  flushEvents(): Promise<void> {
    return this.#batcher.flush();
  }

  /** Who INVITEs are recognised as carriers by: the address-only peers and every trunk. */
  #inboundPeers(): TrunkPeer[] {
    return [
      ...this.#deps.config.sip.trunkPeers.map((t) => ({ name: t.name, addresses: [t.address] })),
      ...(this.#trunkDirectory?.list() ?? []).map(inboundPeer),
    ];
  }

  #syncTrunkUsernames(): void {
    this.#trunkUsernames.clear();
    for (const trunk of [...this.#deps.config.sip.trunks, ...(this.#deps.trunks?.() ?? [])])
      if (trunk.inbound.username !== undefined) this.#trunkUsernames.add(trunk.inbound.username);
  }

  #record(event: TelephonyEvent): void {
    const { type, at, ...payload } = event;
    const stream = 'legId' in event ? `leg:${event.legId}` : `recording:${event.recordingId}`;
    this.#batcher.append(type, stream, payload, at);
  }

  #recordTrunks(trunks: TrunkManager): void {
    trunks.on('status', ({ trunk, from, to, status }) => {
      this.#deps.logger.info({ trunk, from, to }, 'trunk status');
      this.#batcher.append(
        'trunk.status',
        `trunk:${trunk}`,
        {
          trunk,
          from,
          to,
          lastStatus: status.lastStatus ?? null,
          lastRttMs: status.lastRttMs ?? null,
        },
        status.since,
      );
    });
    trunks.on('registration', ({ trunk, from, to, status }) => {
      if (from === to) return; // a refresh changes nothing worth a line in the log
      this.#deps.logger.info({ trunk, from, to, reason: status.reason }, 'trunk registration');
      this.#batcher.append(
        'trunk.registration',
        `trunk:${trunk}`,
        {
          trunk,
          from,
          to,
          lastStatus: status.lastStatus ?? null,
          expiresAt: status.expiresAt ?? null,
          reason: status.reason ?? null,
        },
        status.since,
      );
    });
  }

  #recordRegistrations(): void {
    // An agent's phone is routable only while registered (the ACD skips it otherwise).
    this.stack.location.on('registered', ({ binding }) =>
      this.#acd?.agents.deviceRegistered(binding.aor),
    );
    this.stack.location.on('unregistered', ({ binding }) => {
      if (this.stack.location.lookup(binding.aor).length === 0)
        this.#acd?.agents.deviceUnregistered(binding.aor);
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
