// Runs the migrations up to the latest, refusing to start on a failed one.
import { Migrator, sql, type Migration } from 'kysely';
import { HotlineError } from '../platform/index.ts';
import type { Database } from './database.ts';
import { migrations } from './migrations/index.ts';

export interface MigrationOutcome {
  applied: string[];
}

/**
 * Brings the schema to the latest version. `extra` lets vertical slices
 * (business modules) contribute their own migrations; names sort globally.
 */
export async function migrateToLatest(
  database: Database,
  extra: Record<string, Migration> = {},
): Promise<MigrationOutcome> {
  const all = { ...migrations(database.engine), ...extra };
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: () => Promise.resolve(all) },
    // Kysely looks for its bookkeeping tables in every schema; name ours, or
    // another schema's tables in the same database would be taken for ours.
    ...(database.engine === 'postgres'
      ? { migrationTableSchema: await currentSchema(database) }
      : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new HotlineError(
      'unavailable',
      `database migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      {
        cause: error,
      },
    );
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

async function currentSchema(database: Database): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    database.db,
  );
  return rows[0]?.schema ?? 'public';
}
