// Agents' configuration as managed data: each agent's skills with levels, usual extension,
// permission to place outside calls and team. Typed columns for what other parts join on
// (the extension, which cannot be deleted while a profile names it; the team, for supervisors'
// visibility rules); the skills as one JSON object, as the ACD takes them at login.
import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.ts';

export async function up(db: Kysely<unknown>, { int64 }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('agent_profiles')
    /** The agent's username: the id the ACD, the API and the events know them by. */
    .addColumn('agent_id', 'text', (c) => c.primaryKey())
    /** Skill name → level 1–5 (JSON). */
    .addColumn('skills', 'text', (c) => c.notNull())
    .addColumn('extension', 'text', (c) => c.references('sip_extensions.extension'))
    /** 0 or 1 (SQLite has no boolean): may place outside calls from the desk. */
    .addColumn('outbound_calls', 'integer', (c) => c.notNull())
    .addColumn('team', 'text')
    /** 1 at creation, +1 on every replace. */
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('updated_at', int64, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  // One agent per usual extension (NULLs do not collide in either engine).
  await db.schema
    .createIndex('agent_profiles_extension')
    .on('agent_profiles')
    .column('extension')
    .unique()
    .execute();
  await db.schema.createIndex('agent_profiles_team').on('agent_profiles').column('team').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('agent_profiles').execute();
}
