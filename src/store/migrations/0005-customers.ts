// Customers (CRM): the directory, its phone numbers (indexed by E.164 for
// caller lookup), tags, and the interaction history projected from the log.
// Search keys are separate normalized columns so every lookup is an index
// range, never a scan, at a million customers on both engines.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

export async function up(
  db: Kysely<unknown>,
  { engine, int64, identity }: MigrationContext,
): Promise<void> {
  // Prefix search compares bytes: PostgreSQL's default collation would sort by locale
  // and make `key >= prefix and key < next(prefix)` miss rows; "C" orders like SQLite's BINARY.
  const key = engine === 'postgres' ? sql`text collate "C"` : 'text';
  await db.schema
    .createTable('customers')
    .addColumn('id', 'integer', identity)
    .addColumn('name', 'text', (c) => c.notNull())
    /** The name folded for prefix search (NFKC, lower case, no spaces or punctuation). */
    .addColumn('name_key', key, (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('email_key', key)
    /** The ID document as entered; APIs and logs show it masked. */
    .addColumn('document', 'text')
    .addColumn('document_key', key)
    .addColumn('birthday', 'text')
    .addColumn('language', 'text')
    .addColumn('tier', 'text', (c) => c.notNull())
    /** Tags as a JSON array, for display; customer_tags indexes them. */
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('consent_calls', 'integer', (c) => c.notNull())
    .addColumn('consent_sms', 'integer', (c) => c.notNull())
    .addColumn('consent_email', 'integer', (c) => c.notNull())
    /** Set when this customer was merged into another: the id resolves to that one. */
    .addColumn('merged_into', 'integer')
    .addColumn('erased_at', int64)
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('customers_name_key')
    .on('customers')
    .columns(['name_key', 'id'])
    .execute();
  await db.schema.createIndex('customers_email_key').on('customers').column('email_key').execute();
  await db.schema
    .createIndex('customers_document_key')
    .on('customers')
    .column('document_key')
    .execute();
  await db.schema
    .createIndex('customers_merged_into')
    .on('customers')
    .column('merged_into')
    .execute();

  await db.schema
    .createTable('customer_phones')
    .addColumn('customer_id', 'integer', (c) => c.notNull())
    .addColumn('e164', 'text', (c) => c.notNull())
    /** As entered (`010-12345678`), shown beside the normalized number. */
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_phones_pk', ['customer_id', 'e164'])
    .execute();
  await db.schema
    .createIndex('customer_phones_e164')
    .on('customer_phones')
    .columns(['e164', 'customer_id'])
    .execute();

  await db.schema
    .createTable('customer_tags')
    .addColumn('tag', key, (c) => c.notNull())
    .addColumn('customer_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_tags_pk', ['tag', 'customer_id'])
    .execute();
  await db.schema
    .createIndex('customer_tags_customer')
    .on('customer_tags')
    .column('customer_id')
    .execute();

  /** A projection of the log (calls now; bookings, complaints, messages later): rebuildable. */
  await db.schema
    .createTable('customer_interactions')
    .addColumn('id', int64, identity)
    .addColumn('customer_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** What it refers to in its own module (a call id, later a booking or complaint id). */
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('started_at', int64, (c) => c.notNull())
    .addColumn('ended_at', int64)
    /** The interaction as JSON (for a call: IVR path, queue, agent, disposition, recordings). */
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('last_event_id', int64, (c) => c.notNull())
    .addUniqueConstraint('customer_interactions_ref', ['kind', 'ref', 'customer_id'])
    .execute();
  await db.schema
    .createIndex('customer_interactions_customer')
    .on('customer_interactions')
    .columns(['customer_id', 'started_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('customer_interactions').execute();
  await db.schema.dropTable('customer_tags').execute();
  await db.schema.dropTable('customer_phones').execute();
  await db.schema.dropTable('customers').execute();
}
