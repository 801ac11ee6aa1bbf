// A whole Hotline (database, services, HTTP API) on a fake clock for API
// tests: SQLite in a temporary folder by default, or a fresh PostgreSQL schema.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import {
  FakeClock,
  loadConfig,
  silentLogger,
  type DeepPartial,
  type HotlineConfig,
} from '../../src/platform/index.ts';
import { Hotline, type Credential } from '../../src/app/index.ts';
import { postgresUrl } from './test-databases.ts';

export const T0 = Date.UTC(2026, 10, 28, 1, 0, 0);

export interface TestHotline {
  hotline: Hotline;
  clock: FakeClock;
  admin: Credential;
  credentials: Credential[];
  request(options: {
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
    url: string;
    cookie?: string;
    token?: string;
    body?: unknown;
    payload?: string;
    headers?: Record<string, string>;
  }): Promise<LightMyRequestResponse>;
  /** Logs in and returns the session cookie header value. */
  login(username: string, password: string): Promise<string>;
  dispose(): Promise<void>;
}

export async function startTestHotline(
  options: {
    engine?: 'sqlite' | 'postgres';
    demo?: boolean;
    config?: DeepPartial<HotlineConfig>;
  } = {},
): Promise<TestHotline> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-api-'));
  let schema: string | undefined;
  let databaseUrl: string | undefined;
  if (options.engine === 'postgres') {
    schema = `hotline_api_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = new URL(postgresUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
  }
  const { config } = loadConfig({
    env: {
      HOTLINE_DATA_DIR: dir,
      HOTLINE_SCRYPT_COST: '1024', // fast tests; the default cost is tested in password.test.ts
      // Every injected request comes from 127.0.0.1: the per-address limit is tested on its own.
      HOTLINE_MAX_FAILED_LOGINS_PER_ADDRESS: '10000',
      HOTLINE_DEMO: options.demo ? 'true' : 'false',
      ...(databaseUrl ? { HOTLINE_DATABASE_URL: databaseUrl } : {}),
    },
    cwd: dir,
    ...(options.config ? { overrides: options.config } : {}),
  });
  const clock = new FakeClock(T0);
  const hotline = await Hotline.create({ config, clock, logger: silentLogger() });
  const { users: credentials } = await hotline.bootstrap();
  const admin = credentials[0]!;

  const request: TestHotline['request'] = async (r) => {
    const headers: Record<string, string> = { ...r.headers };
    if (r.cookie) headers.cookie = r.cookie;
    if (r.token) headers.authorization = `Bearer ${r.token}`;
    if (r.body !== undefined) headers['content-type'] ??= 'application/json';
    return hotline.http.inject({
      method: r.method,
      url: r.url,
      headers,
      ...(r.body !== undefined ? { payload: JSON.stringify(r.body) } : {}),
      ...(r.payload !== undefined ? { payload: r.payload } : {}),
    });
  };

  return {
    hotline,
    clock,
    admin,
    credentials,
    request,
    async login(username, password) {
      const res = await request({
        method: 'POST',
        url: '/api/v1/auth/login',
        body: { username, password },
      });
      if (res.statusCode !== 200)
        throw new Error(`login of ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'hotline_session');
      if (!cookie) throw new Error('login set no session cookie');
      return `hotline_session=${cookie.value}`;
    },
    async dispose() {
      await hotline.stop();
      rmSync(dir, { recursive: true, force: true });
      if (schema) {
        const client = new pg.Client({ connectionString: postgresUrl });
        await client.connect();
        await client.query(`drop schema ${schema} cascade`);
        await client.end();
      }
    },
  };
}
