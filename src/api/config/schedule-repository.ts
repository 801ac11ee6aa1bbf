// Schedules in the database (both engines, through Kysely).
import type { Selectable } from 'kysely';
import type { Executor, SchedulesTable } from '../../store/index.ts';

export type ScheduleRow = Selectable<SchedulesTable>;

export const scheduleRepository = {
  async all(db: Executor): Promise<ScheduleRow[]> {
    return db.selectFrom('schedules').selectAll().orderBy('name').execute();
  },

  async upsert(db: Executor, row: ScheduleRow): Promise<void> {
    await db
      .insertInto('schedules')
      .values(row)
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          document: row.document,
          version: row.version,
          updated_at: row.updated_at,
          updated_by: row.updated_by,
        }),
      )
      .execute();
  },

  async delete(db: Executor, name: string): Promise<void> {
    await db.deleteFrom('schedules').where('name', '=', name).execute();
  },
};
