// Call records are searched by agent too: a column for it, and the projection
// rebuilt from the log (its cursor back to 0) so earlier calls get theirs.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('call_records').addColumn('agent_id', 'text').execute();
  await db.schema
    .createIndex('call_records_agent')
    .on('call_records')
    .columns(['agent_id', 'started_at'])
    .execute();
  await sql`update projection_cursors set last_event_id = 0 where name = 'call-records'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('call_records_agent').execute();
  await db.schema.alterTable('call_records').dropColumn('agent_id').execute();
}
