// What a migration needs to know about the engine so one migration serves both.
import type { ColumnDefinitionBuilder } from 'kysely';

export interface MigrationContext {
  engine: 'sqlite' | 'postgres';
  /** 64-bit integer column type: times in ms, references to ids. */
  int64: 'bigint' | 'integer';
  /** Makes a column an ever-increasing primary key that is never reused. */
  identity: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
}

export function migrationContext(engine: 'sqlite' | 'postgres'): MigrationContext {
  return engine === 'sqlite'
    ? {
        engine,
        int64: 'integer',
        // SQLite: AUTOINCREMENT so ids of deleted rows are never handed out again.
        identity: (c) => c.primaryKey().autoIncrement(),
      }
    : { engine, int64: 'bigint', identity: (c) => c.primaryKey().generatedByDefaultAsIdentity() };
}
