// Opens the store: Kysely over better-sqlite3 (embedded default, WAL) or
// PostgreSQL (pg), chosen by configuration. Both speak the same Schema.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../platform/index.ts';
import type { Schema } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Schema>;
/** Anything queries can run on: the database itself or an open transaction. */
export type Executor = Kysely<Schema> | Transaction<Schema>;

export interface Database {
  readonly engine: Engine;
  readonly db: Db;
  /** Runs `fn` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(fn: (trx: Transaction<Schema>) => Promise<T>): Promise<T>;
  /** Answers whether the database responds. */
  ping(): Promise<boolean>;
  /** Closes every connection; safe to call twice. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** SQLite `synchronous`: full survives power loss; normal survives process crashes. */
  sqliteSynchronous?: 'full' | 'normal';
  /** PostgreSQL schema to use (tests isolate themselves in their own schema). */
  postgresSchema?: string;
  postgresPoolSize?: number;
}

const INT8_OID = 20;

export function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions = {}): Database {
  const db =
    target.engine === 'sqlite'
      ? new Kysely<Schema>({
          dialect: new SqliteDialect({ database: openSqlite(target.path, options) }),
        })
      : new Kysely<Schema>({
          dialect: new PostgresDialect({
            pool: new pg.Pool({
              connectionString: target.url,
              max: options.postgresPoolSize ?? 10,
              // Ids and millisecond times are int8: read them as numbers (exact below 2^53).
              types: { getTypeParser: readInt8AsNumber },
              ...(options.postgresSchema
                ? { options: `-c search_path=${options.postgresSchema}` }
                : {}),
            }),
          }),
        });
  let closed: Promise<void> | undefined;
  return {
    engine: target.engine,
    db,
    transaction: (fn) => db.transaction().execute(fn),
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close() {
      closed ??= db.destroy();
      return closed;
    },
  };
}

const readInt8AsNumber = ((oid: number, format?: 'text' | 'binary'): unknown =>
  oid === INT8_OID
    ? (v: string) => Number(v)
    : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

function openSqlite(path: string, options: OpenDatabaseOptions): SqliteDatabase.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${options.sqliteSynchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return database;
}
