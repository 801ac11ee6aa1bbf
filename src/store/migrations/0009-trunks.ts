// SIP trunks managed through the API (the config file's stay in the config file): one document
// per trunk in the shape of sip.trunks, versioned. A table of its own because a trunk carries its
// carrier passwords in clear (outbound digest needs them, as the config file does); they never go
// into the event log, which supervisors read.
import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

export async function up(db: Kysely<unknown>, { int64 }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('sip_trunks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    /** The trunk as parsed (TrunkConfig, JSON), passwords included. */
    .addColumn('document', 'text', (c) => c.notNull())
    /** 1 at creation, +1 on every replace. */
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sip_trunks').execute();
}
