// Webhooks: subscriptions (where to send which event types, signed with whose secret) and every
// delivery with its attempts, so a restart resumes what was pending and admins see dead letters.
import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

export async function up(
  db: Kysely<unknown>,
  { int64, identity }: MigrationContext,
): Promise<void> {
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'integer', identity)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    /** JSON array of event types ("*": every type webhooks may carry). */
    .addColumn('event_types', 'text', (c) => c.notNull())
    /** The HMAC key; needed in the clear to sign, never returned after creation. */
    .addColumn('secret', 'text', (c) => c.notNull())
    /** 0 or 1 (SQLite has no boolean). */
    .addColumn('active', 'integer', (c) => c.notNull())
    /** The log's last event at creation: only later events are delivered. */
    .addColumn('after_event_id', int64, (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'integer', identity)
    .addColumn('subscription_id', 'integer', (c) => c.notNull())
    /** The log event delivered (its sequence number). */
    .addColumn('event_id', int64, (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    /** The exact body sent on every attempt. */
    .addColumn('body', 'text', (c) => c.notNull())
    /** pending, delivered or dead. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', int64)
    .addColumn('last_attempt_at', int64)
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', int64)
    .addColumn('created_at', int64, (c) => c.notNull())
    // One delivery per subscription and event, however often the log is re-read.
    .addUniqueConstraint('webhook_deliveries_subscription_event', ['subscription_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_subscriptions').execute();
}
