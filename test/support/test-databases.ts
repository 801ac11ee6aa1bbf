// Test databases for both engines: a fresh SQLite file, and a fresh schema in
// the PostgreSQL of HOTLINE_TEST_POSTGRES_URL (default: the local `test`
// database). Outside CI a missing PostgreSQL skips its half with a reason;
// in CI (CI=true) it fails, because the contract must hold on both engines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database } from '../../src/store/index.ts';

export const postgresUrl =
  process.env.HOTLINE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  database: Database;
  /** Closes the database and removes what the test created. */
  dispose(): Promise<void>;
}

export interface EngineUnderTest {
  engine: 'sqlite' | 'postgres';
  /** Why this engine's tests are skipped, or false to run them. */
  skip: string | false;
  open(options?: { migrate?: boolean }): Promise<TestDatabase>;
}

let postgresReachable: Promise<string | false> | undefined;

function checkPostgres(): Promise<string | false> {
  postgresReachable ??= (async () => {
    const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return false;
    } catch (error) {
      const reason = `PostgreSQL at ${postgresUrl} unreachable (${(error as Error).message})`;
      if (process.env.CI) throw new Error(`${reason}; CI must test both engines`, { cause: error });
      return reason;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresReachable;
}

export async function sqliteDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-test-'));
  const database = openDatabase({ engine: 'sqlite', path: join(dir, 'hotline.db') });
  if (options.migrate !== false) await migrateToLatest(database);
  return {
    database,
    async dispose() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const schema = `hotline_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase(
    { engine: 'postgres', url: postgresUrl },
    { postgresSchema: schema, postgresPoolSize: 4 },
  );
  if (options.migrate !== false) await migrateToLatest(database);
  return {
    database,
    async dispose() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: postgresUrl });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}

/** Both engines, for contract suites: `for (const e of await enginesUnderTest()) describe(e.engine, { skip: e.skip }, ...)`. */
export async function enginesUnderTest(): Promise<EngineUnderTest[]> {
  return [
    { engine: 'sqlite', skip: false, open: sqliteDatabase },
    { engine: 'postgres', skip: await checkPostgres(), open: postgresDatabase },
  ];
}
