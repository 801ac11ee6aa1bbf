// Agents' auto-answer: offers to an agent whose profile says so ring their phone with the headers
// that make desk phones answer by themselves (Call-Info answer-after=0). Off for every existing
// profile.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('agent_profiles')
    /** 0 or 1 (SQLite has no boolean): the agent's phone answers offered calls by itself. */
    .addColumn('auto_answer', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agent_profiles').dropColumn('auto_answer').execute();
}
