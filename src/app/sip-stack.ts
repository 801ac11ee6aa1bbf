// The SIP stack built from configuration: its transports, TLS, rate-limit exemptions, registrar
// and overload limits, and digest credentials looked up in the extensions table.
import { randomBytes } from 'node:crypto';
import {
  sipTlsCredentials,
  type ClockScheduler,
  type HotlineConfig,
  type Logger,
} from '../platform/index.ts';
import { secretRepository, sipExtensionRepository, type Database } from '../store/index.ts';
import { SipStack } from '../telephony/index.ts';

export interface SipStackDeps {
  config: HotlineConfig;
  database: Database;
  clock: ClockScheduler;
  logger: Logger;
  /** Carriers' inbound usernames, kept current by the caller: none authenticates an extension. */
  trunkUsernames: ReadonlySet<string>;
}

/** Builds the stack (sockets open on its start()); authentication failures are logged. */
export async function createSipStack(deps: SipStackDeps): Promise<SipStack> {
  const { config, database, clock, logger, trunkUsernames } = deps;
  const realm = config.sip.realm;
  const nonceSecret = await secretRepository.getOrCreate(
    database.db,
    'sip-digest-nonce',
    () => randomBytes(32).toString('base64url'),
    clock.now(),
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
  return stack;
}
