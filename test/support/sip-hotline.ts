// A whole Hotline listening on loopback with SIP on free ports, for
// end-to-end tests with real SIP peers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, silentLogger } from '../../src/platform/index.ts';
import { Hotline } from '../../src/app/index.ts';
import { setExtensionPassword } from '../../src/app/index.ts';
import { systemActor } from '../../src/api/index.ts';

export interface SipHotline {
  hotline: Hotline;
  adminPassword: string;
  /** Every account created at first start (the demo users when HOTLINE_DEMO=true), with passwords. */
  credentials: { username: string; password: string }[];
  /** Bound SIP ports; 0 for a transport not listening (tls needs HOTLINE_SIP_TRANSPORTS and a certificate). */
  sip: { udp: number; tcp: number; ws: number; tls: number };
  http: string;
  /** Creates an extension with this password. */
  addExtension(extension: string, password: string): Promise<void>;
  dispose(): Promise<void>;
}

/** Each test process's own RTP ports, 10000-19999 (the browser tests' Hotline has 20000-29999). */
const rtpLow = 10000 + (process.pid % 100) * 100;

export async function startSipHotline(env: Record<string, string> = {}): Promise<SipHotline> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-sip-'));
  const { config } = loadConfig({
    env: {
      HOTLINE_DATA_DIR: dir,
      HOTLINE_DEMO: 'false',
      HOTLINE_SCRYPT_COST: '1024',
      HOTLINE_HTTP_HOST: '127.0.0.1',
      HOTLINE_HTTP_PORT: '0',
      HOTLINE_SIP_HOST: '127.0.0.1',
      HOTLINE_SIP_PORT: '0',
      HOTLINE_SIP_WS_PORT: '0',
      HOTLINE_SIP_TLS_PORT: '0',
      HOTLINE_SIP_ADVERTISED_HOST: '127.0.0.1',
      HOTLINE_RTP_HOST: '127.0.0.1',
      // 100 ports below Linux's ephemeral range (32768-60999), which sipp's and the test phones'
      // ports come from: a port picked free for sipp is then never taken for RTP meanwhile.
      HOTLINE_RTP_PORTS: `${rtpLow}-${rtpLow + 99}`,
      HOTLINE_MEDIA_WORKERS: '1',
      ...env,
    },
    cwd: dir,
  });
  // HOTLINE_TEST_LOG=debug shows the server's log while a test runs.
  const logger = process.env.HOTLINE_TEST_LOG
    ? createLogger({ level: process.env.HOTLINE_TEST_LOG })
    : silentLogger();
  const hotline = await Hotline.create({ config, logger });
  const { users } = await hotline.bootstrap();
  const { http, sip } = await hotline.listen();
  const port = (protocol: string) => sip.find((s) => s.protocol === protocol)?.port ?? 0;
  return {
    hotline,
    adminPassword: users[0]!.password,
    credentials: users.map((u) => ({ username: u.username, password: u.password })),
    http,
    sip: { udp: port('udp'), tcp: port('tcp'), ws: port('ws'), tls: port('tls') },
    async addExtension(extension, password) {
      await setExtensionPassword(hotline.extensionDeps, systemActor('test'), {
        extension,
        password,
      });
    },
    async dispose() {
      await hotline.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
