// Call detail records (a projection of the call events, rebuildable from the
// log), IVR flows with every saved version kept (publish and roll back move a
// pointer), and which flow answers which dialed number.
import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

export async function up(
  db: Kysely<unknown>,
  { int64, identity }: MigrationContext,
): Promise<void> {
  await db.schema
    .createTable('call_records')
    .addColumn('call_id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', int64, (c) => c.notNull())
    .addColumn('ended_at', int64)
    .addColumn('caller', 'text', (c) => c.notNull())
    .addColumn('caller_e164', 'text')
    .addColumn('dialed', 'text', (c) => c.notNull())
    .addColumn('queue', 'text')
    .addColumn('connected_to', 'text')
    .addColumn('ended_in', 'text')
    .addColumn('end_cause', 'text')
    .addColumn('wait_ms', int64)
    .addColumn('talk_ms', int64)
    /** The whole record as JSON (IVR path, variables, recordings, …). */
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('last_event_id', int64, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('call_records_started')
    .on('call_records')
    .column('started_at')
    .execute();
  await db.schema
    .createIndex('call_records_caller')
    .on('call_records')
    .column('caller_e164')
    .execute();
  await db.schema
    .createIndex('call_records_queue')
    .on('call_records')
    .columns(['queue', 'started_at'])
    .execute();

  /** Where each projection of the log has got to (id of the last event folded in). */
  await db.schema
    .createTable('projection_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_event_id', int64, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ivr_flow_versions')
    .addColumn('id', 'integer', identity)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('ivr_flow_versions_name_version', ['name', 'version'])
    .execute();
  await db.schema
    .createTable('ivr_flows')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    /** The version calls run; null until the first publish. */
    .addColumn('published_version', 'integer')
    .addColumn('published_at', int64)
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dialed_numbers')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('flow', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', int64, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dialed_numbers').execute();
  await db.schema.dropTable('ivr_flows').execute();
  await db.schema.dropTable('ivr_flow_versions').execute();
  await db.schema.dropTable('projection_cursors').execute();
  await db.schema.dropTable('call_records').execute();
}
