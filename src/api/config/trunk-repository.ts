// SIP trunks managed through the API, in the database (both engines, through Kysely).
import type { Selectable } from 'kysely';
import type { Executor, SipTrunksTable } from '../../store/index.ts';

export type TrunkRow = Selectable<SipTrunksTable>;

export const trunkRepository = {
  async all(db: Executor): Promise<TrunkRow[]> {
    return db.selectFrom('sip_trunks').selectAll().orderBy('name').execute();
  },

  async upsert(db: Executor, row: TrunkRow): Promise<void> {
    await db
      .insertInto('sip_trunks')
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
    await db.deleteFrom('sip_trunks').where('name', '=', name).execute();
  },
};
