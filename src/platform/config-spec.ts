// Every setting Hotline reads: its environment variable, default, parser and meaning,
// and the configuration type they give.
import {
  boolean,
  trunkPeer,
  namedUrl,
  ipAddress,
  list,
  databaseUrl,
  integer,
  oneOf,
  port,
  portRange,
  text,
  timeZone,
  type DatabaseTarget,
} from './config-fields.ts';
import { regexPattern, trunkList, type TrunkConfig } from './trunk-config.ts';

/** One setting: where it comes from, what it is when unset, how it is read and what it means. */
export class Field<T> {
  constructor(
    readonly env: string | undefined,
    readonly defaultValue: T,
    readonly parse: (raw: unknown) => T,
    readonly doc: string,
  ) {}
}

function field<T>(
  env: string | undefined,
  defaultValue: T,
  parse: (raw: unknown) => T,
  doc: string,
) {
  return new Field(env, defaultValue, parse, doc);
}

/** Every setting, its environment variable, default and meaning. */
export const configSpec = {
  dataDir: field(
    'HOTLINE_DATA_DIR',
    './data',
    text,
    'Data folder: SQLite database, recordings, prompts.',
  ),
  demo: field(
    'HOTLINE_DEMO',
    true,
    boolean,
    'On first start, create the demo center: users, SIP extensions and the hotline IVR flows.',
  ),
  timezone: field(
    'HOTLINE_TIMEZONE',
    'Asia/Shanghai',
    timeZone,
    "The center's time zone for reports and schedules.",
  ),
  http: {
    host: field(
      'HOTLINE_HTTP_HOST',
      '0.0.0.0',
      text,
      'Address the HTTP and WebSocket server listens on.',
    ),
    port: field('HOTLINE_HTTP_PORT', 8080, port, 'HTTP and WebSocket port.'),
    trustProxy: field(
      'HOTLINE_TRUST_PROXY',
      false,
      boolean,
      'Take the client address from X-Forwarded-For (only behind your own proxy).',
    ),
    secureCookies: field(
      'HOTLINE_SECURE_COOKIES',
      false,
      boolean,
      'Mark session cookies Secure (set when served over HTTPS).',
    ),
    rateLimit: {
      perSecond: field(
        'HOTLINE_HTTP_RATE_LIMIT_PER_SECOND',
        20,
        integer(1, 100_000),
        'API requests (/api/v1) per second an API token, or a logged-in user over all their sessions, may make on average. Over budget: 429 with Retry-After.',
      ),
      burst: field(
        'HOTLINE_HTTP_RATE_LIMIT_BURST',
        300,
        integer(1, 1_000_000),
        'API requests an API token or a logged-in user may make at once after a quiet spell.',
      ),
      addressPerSecond: field(
        'HOTLINE_HTTP_RATE_LIMIT_ADDRESS_PER_SECOND',
        5,
        integer(1, 100_000),
        'API requests per second one client address may make on average without logging in or a token (an IPv6 address counts by its /64).',
      ),
      addressBurst: field(
        'HOTLINE_HTTP_RATE_LIMIT_ADDRESS_BURST',
        200,
        integer(1, 1_000_000),
        'API requests one client address may make at once without logging in or a token.',
      ),
      exemptAddresses: field(
        'HOTLINE_HTTP_RATE_LIMIT_EXEMPT',
        ['127.0.0.1', '::1'],
        list(ipAddress),
        'Client addresses whose API requests are never rate-limited (local tools and scripts). Behind a reverse proxy on this machine set HOTLINE_TRUST_PROXY, or every client shows as the proxy and goes unlimited.',
      ),
    },
  },
  sip: {
    host: field('HOTLINE_SIP_HOST', '0.0.0.0', text, 'Address SIP listens on.'),
    port: field('HOTLINE_SIP_PORT', 5060, port, 'SIP port (UDP and TCP).'),
    wsPort: field('HOTLINE_SIP_WS_PORT', 5066, port, 'SIP over WebSocket port (RFC 7118).'),
    tlsPort: field(
      'HOTLINE_SIP_TLS_PORT',
      5061,
      port,
      'SIP over TLS port, when tls is among HOTLINE_SIP_TRANSPORTS.',
    ),
    transports: field(
      'HOTLINE_SIP_TRANSPORTS',
      ['udp', 'tcp', 'ws'] as ('udp' | 'tcp' | 'tls' | 'ws')[],
      list(oneOf('udp', 'tcp', 'tls', 'ws')),
      'SIP transports to listen on: any of udp, tcp, tls, ws (tls needs HOTLINE_SIP_TLS_CERT and HOTLINE_SIP_TLS_KEY).',
    ),
    tlsCert: field(
      'HOTLINE_SIP_TLS_CERT',
      '',
      (raw) => (raw === '' ? '' : text(raw)),
      'PEM certificate file SIP over TLS presents (the chain, ours first), relative to the working folder.',
    ),
    tlsKey: field(
      'HOTLINE_SIP_TLS_KEY',
      '',
      (raw) => (raw === '' ? '' : text(raw)),
      'PEM private key file of HOTLINE_SIP_TLS_CERT, unencrypted; readable by Hotline alone.',
    ),
    realm: field(
      'HOTLINE_SIP_REALM',
      'hotline',
      text,
      'Digest realm extensions authenticate in (changing it needs new SIP passwords).',
    ),
    advertisedHost: field(
      'HOTLINE_SIP_ADVERTISED_HOST',
      '',
      (raw) => (raw === '' ? '' : text(raw)),
      'Address put in Via and Contact; empty: the first non-loopback IPv4 address.',
    ),
    trustedAddresses: field(
      'HOTLINE_SIP_TRUSTED_ADDRESSES',
      ['127.0.0.1', '::1'],
      list(ipAddress),
      'SIP sources never rate-limited (your trunk peers and proxies); the HTTP API has its own list, HOTLINE_HTTP_RATE_LIMIT_EXEMPT.',
    ),
    digestAlgorithms: field(
      'HOTLINE_SIP_DIGEST_ALGORITHMS',
      ['MD5', 'SHA-256'] as ('MD5' | 'SHA-256')[],
      list(oneOf('MD5', 'SHA-256')),
      'Digest algorithms offered to phones, one challenge each, in this order. Many phones answer only the first challenge, and many know only MD5.',
    ),
    trunkPeers: field(
      'HOTLINE_SIP_TRUNK_PEERS',
      [] as { name: string; address: string }[],
      list(trunkPeer),
      'Carriers whose calls are accepted by source address, as name=address pairs (e.g. telecom=203.0.113.5).',
    ),
    trunks: field(
      'HOTLINE_SIP_TRUNKS',
      [] as TrunkConfig[],
      trunkList,
      "SIP trunks (carriers) as a JSON array: name, host, port, transport (udp, tcp or tls), tlsAcceptSelfSigned, inbound (addresses, username, password), outbound (username, password, register, registerExpires, fromUser, fromDomain, passCallerId), keepAliveSeconds, maxConcurrentCalls, dial (stripPrefix, addPrefix). A call comes in as the carrier's when: inbound.addresses only: it comes from one of them; inbound.username and password only: it answers the digest challenge with them, from any address; both: it comes from a listed address and answers the challenge. Neither: no call comes in through the trunk. The inbound username must not be an extension. Best kept in the config file as `sip.trunks`.",
    ),
    outboundTrunk: field(
      'HOTLINE_SIP_OUTBOUND_TRUNK',
      '',
      (raw) => (raw === '' ? '' : text(raw)),
      'The trunk (a name in sip.trunks) that calls from extensions to outside numbers go through; empty: no outside calls.',
    ),
    outboundPattern: field(
      'HOTLINE_SIP_OUTBOUND_PATTERN',
      '^\\+?[0-9]{3,15}$',
      regexPattern,
      'Regular expression an outside number must match before an extension may dial it (toll-fraud guard).',
    ),
    answerTestNumbers: field(
      'HOTLINE_ANSWER_TEST_NUMBERS',
      ['9999'],
      list(text),
      'Numbers that answer and hang up after HOTLINE_ANSWER_TEST_SECONDS (a line check).',
    ),
    recordTestNumbers: field(
      'HOTLINE_RECORD_TEST_NUMBERS',
      ['9998'],
      list(text),
      'Numbers that answer, record what the caller sends (data folder, recordings/), and hang up like the answer test.',
    ),
    answerTestSeconds: field(
      'HOTLINE_ANSWER_TEST_SECONDS',
      5,
      integer(0, 3600),
      'How long an answer-test call lasts.',
    ),
    ringTimeoutSeconds: field(
      'HOTLINE_RING_TIMEOUT_SECONDS',
      30,
      integer(5, 600),
      'How long an extension rings before the caller is told it is unavailable.',
    ),
    minExpires: field(
      'HOTLINE_SIP_MIN_EXPIRES',
      60,
      integer(10, 86400),
      'Shortest registration accepted (shorter ones get 423).',
    ),
    maxExpires: field(
      'HOTLINE_SIP_MAX_EXPIRES',
      3600,
      integer(60, 604800),
      'Longest registration granted.',
    ),
    maxPendingInvites: field(
      'HOTLINE_SIP_MAX_PENDING_INVITES',
      1000,
      integer(0, 1_000_000),
      'New calls (INVITEs) waiting for their answer that SIP takes at once. Beyond it, and while the media has no free RTP port or worker, new calls get 503 with Retry-After and OPTIONS get 503, so carriers route elsewhere; calls in progress are never refused. 0: no limit.',
    ),
  },
  rtp: {
    ports: field(
      'HOTLINE_RTP_PORTS',
      { min: 20000, max: 29999 },
      portRange,
      'RTP port range, e.g. 20000-29999.',
    ),
    host: field('HOTLINE_RTP_HOST', '0.0.0.0', text, 'Address RTP sockets bind to.'),
    workers: field(
      'HOTLINE_MEDIA_WORKERS',
      0,
      integer(0, 64),
      'Media worker threads; 0: one per CPU core.',
    ),
    io: field(
      'HOTLINE_MEDIA_IO',
      'auto',
      oneOf('auto', 'native', 'node'),
      "RTP sockets and recording writes: native (the addon npm install builds from native/hotline-media.c: one call per wake-up's datagrams, one threadpool job per tick's recording chunks), node (Node's dgram and fs.write, more CPU per packet), or auto (native when built).",
    ),
  },
  recordings: {
    retentionDays: field(
      'HOTLINE_RECORDING_RETENTION_DAYS',
      180,
      integer(0, 36_500),
      'Days call recordings are kept, counted from the end of the call; 0 keeps them forever.',
    ),
  },
  ivr: {
    webhooks: field(
      'HOTLINE_IVR_WEBHOOKS',
      [] as { name: string; url: string }[],
      list(namedUrl),
      'Lookups IVR flows may call as HTTP webhooks, name=url (POST JSON in, JSON object out).',
    ),
  },
  database: {
    url: field<DatabaseTarget | undefined>(
      'HOTLINE_DATABASE_URL',
      undefined,
      databaseUrl,
      'sqlite:<path> or postgres://…; empty: SQLite in the data folder.',
    ),
    sqliteSynchronous: field(
      'HOTLINE_SQLITE_SYNCHRONOUS',
      'full',
      oneOf('full', 'normal'),
      'SQLite durability: full survives power loss, normal survives process crashes only.',
    ),
  },
  log: {
    level: field(
      'HOTLINE_LOG_LEVEL',
      'info',
      oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
      'Log level.',
    ),
  },
  auth: {
    maxFailedLogins: field(
      'HOTLINE_MAX_FAILED_LOGINS',
      5,
      integer(1, 100),
      'Failed logins in a row that lock an account.',
    ),
    maxFailedLoginsPerAddress: field(
      'HOTLINE_MAX_FAILED_LOGINS_PER_ADDRESS',
      30,
      integer(1, 10000),
      'Failed logins in a row from one client address that block it (whatever the usernames).',
    ),
    lockoutSeconds: field(
      'HOTLINE_LOCKOUT_SECONDS',
      900,
      integer(1, 86400),
      'How long a locked account stays locked.',
    ),
    sessionIdleSeconds: field(
      'HOTLINE_SESSION_IDLE_SECONDS',
      43200,
      integer(60, 2592000),
      'A session ends after this long without a request.',
    ),
    sessionMaxSeconds: field(
      'HOTLINE_SESSION_MAX_SECONDS',
      604800,
      integer(60, 31536000),
      'A session ends this long after login, however busy.',
    ),
    passwordMinLength: field(
      'HOTLINE_PASSWORD_MIN_LENGTH',
      10,
      integer(8, 128),
      'Shortest password accepted.',
    ),
    scryptCost: field(
      'HOTLINE_SCRYPT_COST',
      131072,
      integer(1024, 1048576),
      "scrypt N for new password hashes (a power of two; 131072 with r=8, p=1 is OWASP's minimum).",
    ),
  },
};

/** The configuration a spec describes: each field replaced by its value type. */
type ConfigOf<S> = S extends Field<infer T> ? T : { [K in keyof S]: ConfigOf<S[K]> };
export type HotlineConfig = ConfigOf<typeof configSpec>;
