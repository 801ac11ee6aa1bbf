// The telephony side of Hotline, wired from configuration: the SIP stack
// (built at once, so the registrar and its API work before sockets open),
// and on start the media engine, the dialog layer, the SIP telephony adapter
// and the call router. Extension credentials come from the database;
// registrations and leg events go to the event log.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClockScheduler, HotlineConfig, Logger } from '../platform/index.ts';
import {
  secretRepository,
  sipExtensionRepository,
  type Database,
  type EventStore,
} from '../store/index.ts';
import {
  DialogLayer,
  MediaEngine,
  SipStack,
  SipTelephony,
  resolveSdpConfig,
  type BoundAddress,
  type TelephonyEvent,
} from '../telephony/index.ts';
import { BasicCallRouter } from '../callcenter/index.ts';
import { EventBatcher } from './event-batcher.ts';
import './telephony-events.ts';

export interface TelephonyDeps {
  config: HotlineConfig;
  database: Database;
  events: EventStore;
  clock: ClockScheduler;
  logger: Logger;
}

export class TelephonyRuntime {
  readonly stack: SipStack;
  readonly #deps: TelephonyDeps;
  readonly #batcher: EventBatcher;
  readonly #extensions = new Set<string>();
  #media: MediaEngine | undefined;
  #dialogs: DialogLayer | undefined;
  #telephony: SipTelephony | undefined;
  #unsubscribe: (() => void) | undefined;

  private constructor(deps: TelephonyDeps, stack: SipStack) {
    this.#deps = deps;
    this.stack = stack;
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
    const stack = new SipStack({
      clock,
      logger: logger.child({ part: 'sip' }),
      listen: config.sip.transports.map((protocol) => ({
        protocol,
        host: config.sip.host,
        port: protocol === 'ws' ? config.sip.wsPort : config.sip.port,
      })),
      ...(config.sip.advertisedHost ? { advertisedHost: config.sip.advertisedHost } : {}),
      rateLimitExempt: [
        ...config.sip.trustedAddresses,
        ...config.sip.trunkPeers.map((t) => t.address),
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
      lookupHa1: async (username, askedRealm, hash) => {
        if (askedRealm !== realm) return undefined;
        const row = await sipExtensionRepository.byExtension(database.db, username);
        if (!row || row.disabled_at !== null || row.realm !== realm) return undefined;
        return hash === 'MD5' ? row.ha1_md5 : hash === 'SHA-256' ? row.ha1_sha256 : undefined;
      },
    });
    stack.on('authFailed', (detail) => logger.warn({ ...detail }, 'SIP authentication failed'));
    return new TelephonyRuntime(deps, stack);
  }

  /** Legs in progress (for health views and tests). */
  get legs(): number {
    return this.#telephony?.size ?? 0;
  }

  /** Opens media workers and SIP sockets and starts routing calls. */
  async start(): Promise<BoundAddress[]> {
    const { config, clock, logger, database, events } = this.#deps;
    // Subscribe first, so an extension created while the list loads is not missed.
    this.#unsubscribe = events.subscribe((event) => {
      if (event.type === 'sip.extension-credentials-set')
        this.#extensions.add(event.payload.extension);
    });
    for (const row of await sipExtensionRepository.list(database.db))
      this.#extensions.add(row.extension);
    const recordings = join(config.dataDir, 'recordings');
    await mkdir(recordings, { recursive: true });
    const bound = await this.stack.start();
    try {
      const advertised = this.stack.transport.sentBy('udp').host.replace(/^\[|\]$/g, '');
      this.#media = await MediaEngine.start({
        ports: config.rtp.ports,
        advertisedAddress: advertised,
        bindAddress: config.rtp.host,
        ...(config.rtp.workers > 0 ? { workers: config.rtp.workers } : {}),
      });
      this.#dialogs = new DialogLayer({
        stack: this.stack,
        clock,
        logger: logger.child({ part: 'dialogs' }),
        extraAllow: ['REGISTER'],
      });
      const telephony = new SipTelephony({
        stack: this.stack,
        dialogs: this.#dialogs,
        media: this.#media,
        clock,
        logger: logger.child({ part: 'b2bua' }),
        sdp: resolveSdpConfig(),
        realm: config.sip.realm,
        trunks: config.sip.trunkPeers.map((t) => ({ name: t.name, addresses: [t.address] })),
        localHost: this.stack.transport.sentBy('udp').host,
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
      });
      telephony.onEvent((event) => {
        this.#record(event);
        router.handle(event);
      });
    } catch (error) {
      await this.stop();
      throw error;
    }
    return bound;
  }

  /** Stops taking calls, closes SIP and media, and writes the last events. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#dialogs?.close();
    await this.stack.stop();
    await this.#media?.close();
    await this.#batcher.flush();
    this.#media = undefined;
    this.#dialogs = undefined;
    this.#telephony = undefined;
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
