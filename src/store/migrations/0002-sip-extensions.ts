// SIP extensions with their digest credentials (stored as HA1s, never
// passwords), and server secrets shared by every node (digest nonce keys).
import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

export async function up(db: Kysely<unknown>, { int64 }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('sip_extensions')
    .addColumn('extension', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('realm', 'text', (c) => c.notNull())
    .addColumn('ha1_md5', 'text', (c) => c.notNull())
    .addColumn('ha1_sha256', 'text', (c) => c.notNull())
    .addColumn('max_contacts', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('disabled_at', int64)
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('secrets').execute();
  await db.schema.dropTable('sip_extensions').execute();
}
