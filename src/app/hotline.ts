// The composition root: picks the implementations from configuration, wires
// them, and starts and stops the whole service in order.
import { join } from 'node:path';
import { Registry, collectDefaultMetrics } from 'prom-client';
import {
  createLogger,
  databaseTarget,
  describeConfig,
  systemClock,
  type ClockScheduler,
  type HotlineConfig,
  type Logger,
  type TimerHandle,
} from '../platform/index.ts';
import { EventStore, migrateToLatest, openDatabase, type Database } from '../store/index.ts';
import {
  AuditTrail,
  AuthService,
  FlowService,
  PromptService,
  UserService,
  buildHttpServer,
  CtiLiveState,
  WebhookDispatcher,
  WebhookService,
  generatePassword,
  systemActor,
  type ApiServices,
  type HttpApp,
} from '../api/index.ts';
import type { BoundAddress } from '../telephony/index.ts';
import { LookupRegistry, demoFlightStatus } from './ivr-lookups.ts';
import { agentsPort } from './agents-port.ts';
import { callControlPort } from './call-control-port.ts';
import { ctiDirectory } from './cti-directory.ts';
import {
  seedDemoCenter,
  seedDemoExtensions,
  seedDemoFlow,
  seedDemoAgentProfiles,
  type Credential,
  type SipCredential,
} from './demo-center.ts';
import type { ExtensionCredentialDeps } from './extension-credentials.ts';
import { TelephonyRuntime } from './telephony.ts';
import { installSipMetrics } from './sip-metrics.ts';
import { telephonyHealthFeed } from './telephony-health.ts';
import { connectConfiguration, openConfiguration } from './configuration.ts';
import { openTrunkConfiguration, trunksLive } from './trunk-config-live.ts';
import { CallRecordProjector } from './call-record-projector.ts';
import {
  CustomerDirectory,
  CustomerInteractionProjector,
  customerChange,
  seedDemoCustomers,
} from '../business/crm/index.ts';
import { RecordingRetention } from './recording-retention.ts';
import { packageRoot, packageVersion } from './package-info.ts';

export interface HotlineOptions {
  config: HotlineConfig;
  clock?: ClockScheduler;
  logger?: Logger;
}

const SESSION_PURGE_INTERVAL_MS = 15 * 60_000;
/** Recording retention is applied daily (and at start). */
const RETENTION_INTERVAL_MS = 86_400_000;

export class Hotline {
  readonly config: HotlineConfig;
  readonly clock: ClockScheduler;
  readonly logger: Logger;
  readonly database: Database;
  readonly services: ApiServices;
  readonly http: HttpApp;
  readonly metrics: Registry;
  readonly telephony: TelephonyRuntime;
  /** Keeps call detail records in step with the log. */
  readonly callRecords: CallRecordProjector;
  /** Keeps customers' interaction history in step with the log. */
  customerInteractions: CustomerInteractionProjector | undefined;
  #stopping = false;
  #stopped: Promise<void> | undefined;
  #timers: TimerHandle[] = [];

  private constructor(parts: {
    config: HotlineConfig;
    clock: ClockScheduler;
    logger: Logger;
    database: Database;
    services: ApiServices;
    http: HttpApp;
    metrics: Registry;
    telephony: TelephonyRuntime;
    callRecords: CallRecordProjector;
  }) {
    this.config = parts.config;
    this.clock = parts.clock;
    this.logger = parts.logger;
    this.database = parts.database;
    this.services = parts.services;
    this.http = parts.http;
    this.metrics = parts.metrics;
    this.telephony = parts.telephony;
    this.callRecords = parts.callRecords;
  }

  /** Opens the database, migrates it and builds every part; nothing listens yet. */
  static async create(options: HotlineOptions): Promise<Hotline> {
    const { config } = options;
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? createLogger({ level: config.log.level });
    const database = openDatabase(databaseTarget(config), {
      sqliteSynchronous: config.database.sqliteSynchronous,
    });
    try {
      const { applied } = await migrateToLatest(database);
      if (applied.length > 0) logger.info({ applied }, 'database migrated');
      const events = new EventStore(database, clock);
      const audit = new AuditTrail(clock);
      const services: ApiServices = {
        clock,
        events,
        audit,
        auth: new AuthService({ events, clock, audit, settings: config.auth }),
        users: new UserService({ events, clock, audit, settings: config.auth }),
      };
      const lookups = ivrLookups(config);
      const prompts = new PromptService({
        uploadsDir: join(config.dataDir, 'prompts'),
        events,
        audit,
      });
      await prompts.load();
      services.prompts = prompts;
      const configuration = await openConfiguration({
        events,
        audit,
        clock,
        flows: () => services.flows,
        users: services.users,
        realm: config.sip.realm,
        timeZone: config.timezone,
      });
      services.config = configuration;
      const trunks = await openTrunkConfiguration({
        config,
        events,
        audit,
        clock,
        logger: logger.child({ part: 'trunks' }),
        flows: () => services.flows,
      });
      configuration.trunks = trunks;
      // A demo center from before agent profiles were data gets the demo agents' skills.
      if (config.demo) await seedDemoAgentProfiles(configuration.agentProfiles);
      const known = {
        prompts: (name: string) => prompts.isKnown(name),
        queues: (name: string) => configuration.queues.has(name),
        lookups: (name: string) => lookups.has(name),
        schedules: (name: string) => configuration.schedules.has(name),
      };
      services.flows = new FlowService({ events, audit, clock, known });
      const customers = new CustomerDirectory({ events, clock });
      services.customers = customers;
      const customerInteractions = new CustomerInteractionProjector({
        events,
        logger: logger.child({ part: 'crm' }),
      });
      await customerInteractions.start();
      const callRecords = new CallRecordProjector({
        events,
        logger: logger.child({ part: 'cdr' }),
      });
      await callRecords.start();
      const telephony = await TelephonyRuntime.create({
        config,
        database,
        events,
        clock,
        logger,
        ivr: { lookups, known, schedules: configuration.schedules },
        prompts,
        queues: () => configuration.queues.documents(),
        notReadyReasons: () => configuration.reasonCodes.activeCodes(),
        trunks: () => trunks.trunks(),
        // The agent's profile says whether their phone answers offers by itself (default: no).
        autoAnswer: (agentId) => configuration.agentProfiles.autoAnswer(agentId),
        callerLookup: async (e164) => ({
          customers: (await customers.matchCaller(e164)).customers.map((c) => ({
            id: String(c.id),
            name: c.name,
            tier: c.tier,
            ...(c.lastAgentId !== undefined ? { lastAgentId: c.lastAgentId } : {}),
          })),
        }),
      });
      connectConfiguration(configuration, telephony);
      trunks.connect(trunksLive(telephony));
      services.callControl = callControlPort({
        calls: () => telephony.calls,
        acd: () => telephony.acd,
        isExtension: (extension) => telephony.isExtension(extension),
        dispositionCodes: () => configuration.dispositionCodes.activeCodes(),
        // The agent's profile says whether they may place outside calls (default: no).
        mayDialOut: (agentId) => configuration.agentProfiles.mayDialOut(agentId),
      });
      services.agents = agentsPort({
        acd: () => telephony.acd,
        isExtension: (extension) => telephony.isExtension(extension),
        skillsOf: (agentId) => configuration.agentProfiles.skillsOf(agentId),
        reasons: () => configuration.reasonCodes.activeCodes(),
        remoteAnswerable: (callId, agentId) => telephony.calls.remoteAnswerable(callId, agentId),
      });
      services.cti = new CtiLiveState({
        events,
        clock,
        logger: logger.child({ part: 'cti' }),
        timeZone: config.timezone,
        directory: ctiDirectory(() => telephony.acd),
      });
      await services.cti.start();
      services.webhooks = new WebhookService({
        events,
        audit,
        clock,
        dispatcher: new WebhookDispatcher({
          events,
          clock,
          logger: logger.child({ part: 'webhooks' }),
        }),
      });
      services.promptRecorder = {
        start: (actor, input) => telephony.promptRecorder.start(actor, input),
        status: (id) => telephony.promptRecorder.status(id),
      };
      services.telephony = { registrations: () => telephony.stack.location.all() };
      services.telephonyHealth = telephonyHealthFeed({
        telephony,
        events,
        clock,
        logger: logger.child({ part: 'telephony-health' }),
      });
      services.telephonyHealth.start();
      const metrics = new Registry();
      collectDefaultMetrics({ register: metrics, prefix: 'hotline_' });
      installSipMetrics(metrics, telephony.stack);
      const startedAt = clock.now();
      // eslint-disable-next-line prefer-const -- assigned after the server that reads it exists
      let hotline: Hotline | undefined;
      const http = await buildHttpServer({
        services,
        logger,
        trustProxy: config.http.trustProxy,
        secureCookies: config.http.secureCookies,
        rateLimit: config.http.rateLimit,
        webRoot: join(packageRoot(), 'dist', 'web'),
        system: {
          version: packageVersion(),
          engine: database.engine,
          startedAt,
          metrics,
          config: () => describeConfig(config),
          ready: async () => {
            const checks = {
              database: await database.ping(),
              accepting: !(hotline?.stopping ?? true),
            };
            return { ready: checks.database && checks.accepting, checks };
          },
        },
      });
      hotline = new Hotline({
        config,
        clock,
        logger,
        database,
        services,
        http,
        metrics,
        telephony,
        callRecords,
      });
      hotline.customerInteractions = customerInteractions;
      return hotline;
    } catch (error) {
      await database.close();
      throw error;
    }
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /**
   * On an empty database: creates the admin (and the demo center when
   * configured) and returns the generated credentials, to be shown once.
   */
  async bootstrap(): Promise<{ users: Credential[]; extensions: SipCredential[] }> {
    if ((await this.services.users.count()) > 0) return { users: [], extensions: [] };
    const password = generatePassword();
    const { user } = await this.services.users.create(systemActor('first-start'), {
      username: 'admin',
      displayName: '系统管理员 Administrator',
      role: 'admin',
      password,
    });
    const admin: Credential = {
      username: 'admin',
      role: 'admin',
      displayName: user.displayName,
      password,
    };
    if (!this.config.demo) return { users: [admin], extensions: [] };
    const users = [admin, ...(await seedDemoCenter(this.services.users))];
    const extensions = await seedDemoExtensions(this.extensionDeps);
    if (this.services.config) await seedDemoAgentProfiles(this.services.config.agentProfiles);
    if (this.services.flows) await seedDemoFlow(this.services.flows);
    if (this.services.customers)
      await seedDemoCustomers(
        this.services.customers,
        customerChange(systemActor('seed-demo'), this.services.audit),
      );
    return { users, extensions };
  }

  /** What setting an extension's SIP password needs. */
  get extensionDeps(): ExtensionCredentialDeps {
    return {
      events: this.services.events,
      audit: this.services.audit,
      clock: this.clock,
      realm: this.config.sip.realm,
    };
  }

  /** Starts listening (SIP, then HTTP) and the periodic jobs; returns the HTTP address and SIP sockets. */
  async listen(): Promise<{ http: string; sip: BoundAddress[] }> {
    const sip = await this.telephony.start();
    let address: string;
    try {
      address = await this.http.listen({
        host: this.config.http.host,
        port: this.config.http.port,
      });
    } catch (error) {
      await this.telephony.stop();
      throw error;
    }
    await this.services.webhooks?.start();
    const retention = new RecordingRetention({
      events: this.services.events,
      clock: this.clock,
      logger: this.logger.child({ part: 'retention' }),
      days: this.config.recordings.retentionDays,
    });
    const applyRetention = () =>
      retention.run().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'applying recording retention failed');
      });
    void applyRetention();
    this.#timers.push(this.clock.every(RETENTION_INTERVAL_MS, () => void applyRetention()));
    this.#timers.push(
      this.clock.every(SESSION_PURGE_INTERVAL_MS, () => {
        this.services.auth.purgeExpiredSessions().catch((error: unknown) => {
          this.logger.warn({ err: error }, 'purging expired sessions failed');
        });
      }),
    );
    this.logger.info(
      { address, sip, engine: this.database.engine, dataDir: this.config.dataDir },
      'Hotline is listening',
    );
    return { http: address, sip };
  }

  /** Stops accepting, lets requests in flight finish, then closes the database. Safe to call twice. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#stopping = true;
      for (const timer of this.#timers) timer.cancel();
      this.services.telephonyHealth?.stop();
      try {
        await this.telephony.stop();
        await this.http.close();
        await this.callRecords.stop();
        await this.customerInteractions?.stop();
        await this.services.cti?.stop();
        await this.services.webhooks?.stop();
      } finally {
        await this.database.close();
        this.logger.info('Hotline stopped');
      }
    })();
    return this.#stopped;
  }
}

/** The lookups flows may call: the demo flight status (until the flights module) and configured webhooks. */
function ivrLookups(config: HotlineConfig): LookupRegistry {
  const registry = new LookupRegistry().register('flight-status', demoFlightStatus);
  for (const { name, url } of config.ivr.webhooks) registry.webhook(name, url);
  return registry;
}
