// Configuration as managed data: queue configurations (one JSON document per queue, the ACD's
// own schema) and the reason codes agents choose (not-ready reasons, disposition codes).
// Two typed tables rather than one generic document table: codes are rows with labels and an
// active flag that reports join on, queues are whole documents the ACD validates as a set.
import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

export async function up(db: Kysely<unknown>, { int64 }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('queue_configs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    /** The queue document as the administrator gave it (QueueConfigInput); defaults fill at load. */
    .addColumn('document', 'text', (c) => c.notNull())
    /** 1 at creation, +1 on every replace. */
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reason_codes')
    /** not-ready or disposition: the same code may exist in both lists. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('label_zh', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text', (c) => c.notNull())
    /** 0 or 1 (SQLite has no boolean): an inactive code is kept for reports, not offered. */
    .addColumn('active', 'integer', (c) => c.notNull())
    /** The order the desk lists the codes in. */
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reason_codes_pk', ['kind', 'code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reason_codes').execute();
  await db.schema.dropTable('queue_configs').execute();
}
