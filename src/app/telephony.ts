// Builds the SIP stack from configuration and connects it to the store:
// extension credentials come from the database, registrations go to the
// event log. The telephony layer itself never sees the database.
import { randomBytes } from 'node:crypto';
import type { ClockScheduler, HotlineConfig, Logger } from '../platform/index.ts';
import {
  secretRepository,
  sipExtensionRepository,
  type Database,
  type EventStore,
} from '../store/index.ts';
import { SipStack } from '../telephony/index.ts';
import './telephony-events.ts';

export async function createSipStack(deps: {
  config: HotlineConfig;
  database: Database;
  events: EventStore;
  clock: ClockScheduler;
  logger: Logger;
}): Promise<SipStack> {
  const { config, database, events, clock, logger } = deps;
  const realm = config.sip.realm;
  const nonceSecret = await secretRepository.getOrCreate(
    database.db,
    'sip-digest-nonce',
    () => randomBytes(32).toString('base64url'),
    clock.now(),
  );
  const listen = config.sip.transports.map((protocol) => ({
    protocol,
    host: config.sip.host,
    port: protocol === 'ws' ? config.sip.wsPort : config.sip.port,
  }));
  const stack = new SipStack({
    clock,
    logger: logger.child({ part: 'sip' }),
    listen,
    ...(config.sip.advertisedHost ? { advertisedHost: config.sip.advertisedHost } : {}),
    rateLimitExempt: config.sip.trustedAddresses,
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

  const record = (write: Parameters<EventStore['write']>[0]) =>
    void events
      .write(write)
      .catch((error: unknown) => logger.error({ err: error }, 'writing a SIP event failed'));
  stack.location.on('registered', ({ binding, refreshed }) => {
    if (refreshed) return; // a refresh changes nothing worth a line in the log
    record((w) =>
      w.append('sip.registered', `extension:${binding.aor}`, {
        extension: binding.aor,
        contact: binding.contact,
        source: `${binding.source.address}:${binding.source.port}`,
        transport: binding.source.protocol,
        userAgent: binding.userAgent ?? null,
        expiresAt: binding.expiresAt,
      }),
    );
  });
  stack.location.on('unregistered', ({ binding, reason }) => {
    record((w) =>
      w.append('sip.unregistered', `extension:${binding.aor}`, {
        extension: binding.aor,
        contact: binding.contact,
        reason,
      }),
    );
  });
  stack.on('authFailed', (detail) => logger.warn({ ...detail }, 'SIP authentication failed'));
  return stack;
}
