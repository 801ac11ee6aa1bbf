// The ordered list of migrations. Append only: a released migration never changes.
import type { Migration } from 'kysely';
import { migrationContext } from './migration-context.ts';
import * as foundation from './0001-foundation.ts';

export function migrations(engine: 'sqlite' | 'postgres'): Record<string, Migration> {
  const ctx = migrationContext(engine);
  return {
    '0001-foundation': { up: (db) => foundation.up(db, ctx), down: foundation.down },
  };
}
