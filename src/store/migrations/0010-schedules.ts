// Schedules as managed data: named opening hours (time zone, hours per weekday, dated
// exceptions) that IVR flows refer to by name. One JSON document per schedule, as queues are
// kept: nothing joins on its parts, and the whole is validated at once.
import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

export async function up(db: Kysely<unknown>, { int64 }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('schedules')
    .addColumn('name', 'text', (c) => c.primaryKey())
    /** The schedule as the administrator gave it (ScheduleDocument, JSON). */
    .addColumn('document', 'text', (c) => c.notNull())
    /** 1 at creation, +1 on every replace. */
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('schedules').execute();
}
