// Hotline in the bench's own process (bench:sip, bench:memory): SQLite in a temp folder, UDP SIP
// on loopback, the callers' address a trunk peer, extension 1001 given a known SIP password.
import type * as ApiModule from '../../src/api/index.ts';
import type * as AppModule from '../../src/app/index.ts';
import type * as PlatformModule from '../../src/platform/index.ts';

export interface InProcessOptions {
  /** The data folder (SQLite, recordings). */
  dir: string;
  sipPort: number;
  /** Seed the demo center (IVR flow on the hotline number, queues, agents). Default false. */
  demo?: boolean;
  /** Log warnings and errors to stderr instead of nothing. */
  trace?: boolean;
  /** More environment for loadConfig (wins over the defaults here). */
  env?: Record<string, string>;
}

export const BENCH_EXTENSION = '1001';
export const BENCH_EXTENSION_PASSWORD = 'bench-password-1';

/**
 * BENCH_BUILD=dist measures the compiled code `npm start` runs (npm run build first); the
 * default runs the sources through tsx, whose helpers (__name) cost a few per cent.
 */
export async function startInProcessHotline(options: InProcessOptions): Promise<{
  hotline: AppModule.Hotline;
  sipUdpPort: number;
  /** The HTTP API's base URL. */
  http: string;
  /** The password bootstrap gave a user it created (admin, the demo's users). */
  passwordOf(username: string): string;
}> {
  const root = process.env.BENCH_BUILD === 'dist' ? '../../dist/src' : '../../src';
  const ext = process.env.BENCH_BUILD === 'dist' ? 'js' : 'ts';
  const { createLogger, loadConfig, silentLogger } = (await import(
    `${root}/platform/index.${ext}`
  )) as typeof PlatformModule;
  const { Hotline, setExtensionPassword } = (await import(
    `${root}/app/index.${ext}`
  )) as typeof AppModule;
  const { systemActor } = (await import(`${root}/api/index.${ext}`)) as typeof ApiModule;
  const { config } = loadConfig({
    env: {
      HOTLINE_DATA_DIR: options.dir,
      HOTLINE_DEMO: options.demo ? 'true' : 'false',
      HOTLINE_SCRYPT_COST: '1024',
      HOTLINE_HTTP_HOST: '127.0.0.1',
      HOTLINE_HTTP_PORT: '0',
      HOTLINE_SIP_HOST: '127.0.0.1',
      HOTLINE_SIP_PORT: String(options.sipPort),
      HOTLINE_SIP_WS_PORT: '0',
      HOTLINE_SIP_TRANSPORTS: 'udp',
      HOTLINE_SIP_ADVERTISED_HOST: '127.0.0.1',
      HOTLINE_SIP_TRUNK_PEERS: 'sipp=127.0.0.1',
      HOTLINE_RTP_HOST: '127.0.0.1',
      HOTLINE_RTP_PORTS: '20000-39999',
      HOTLINE_LOG_LEVEL: 'error',
      ...options.env,
    },
    cwd: options.dir,
  });
  const hotline = await Hotline.create({
    config,
    logger: options.trace ? createLogger({ level: 'warn' }) : silentLogger(),
  });
  const { users } = await hotline.bootstrap();
  await setExtensionPassword(hotline.extensionDeps, systemActor('bench'), {
    extension: BENCH_EXTENSION,
    password: BENCH_EXTENSION_PASSWORD,
  });
  const { sip, http } = await hotline.listen();
  return {
    hotline,
    sipUdpPort: sip.find((s) => s.protocol === 'udp')!.port,
    http,
    passwordOf: (username) => {
      const user = users.find((u) => u.username === username);
      if (user === undefined) throw new Error(`bootstrap created no user "${username}"`);
      return user.password;
    },
  };
}

/** sipp's arguments to register extension 1001 from `localPort` (test/e2e/sipp/register.xml). */
export function registerArgs(sipUdpPort: number, localPort: number): string[] {
  return [
    `127.0.0.1:${sipUdpPort}`,
    ...['-sf', new URL('../../test/e2e/sipp/register.xml', import.meta.url).pathname],
    ...['-i', '127.0.0.1', '-p', String(localPort)],
    ...['-s', BENCH_EXTENSION, '-au', BENCH_EXTENSION, '-ap', BENCH_EXTENSION_PASSWORD],
    ...['-m', '1', '-nostdin', '-timeout', '10s'],
  ];
}
