// Agent profiles in the database (both engines, through Kysely).
import type { Selectable } from 'kysely';
import type { AgentProfilesTable, Executor } from '../../store/index.ts';

export type AgentProfileRow = Selectable<AgentProfilesTable>;

export const agentProfileRepository = {
  async all(db: Executor): Promise<AgentProfileRow[]> {
    return db.selectFrom('agent_profiles').selectAll().orderBy('agent_id').execute();
  },

  async upsert(db: Executor, row: AgentProfileRow): Promise<void> {
    await db
      .insertInto('agent_profiles')
      .values(row)
      .onConflict((oc) =>
        oc.column('agent_id').doUpdateSet({
          skills: row.skills,
          extension: row.extension,
          outbound_calls: row.outbound_calls,
          team: row.team,
          auto_answer: row.auto_answer,
          version: row.version,
          updated_at: row.updated_at,
          updated_by: row.updated_by,
        }),
      )
      .execute();
  },

  async delete(db: Executor, agentId: string): Promise<void> {
    await db.deleteFrom('agent_profiles').where('agent_id', '=', agentId).execute();
  },
};
