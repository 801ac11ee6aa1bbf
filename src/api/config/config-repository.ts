// Queue configurations and reason codes in the database (both engines, through Kysely).
import type { Selectable } from 'kysely';
import type {
  Executor,
  QueueConfigsTable,
  ReasonCodeKind,
  ReasonCodesTable,
} from '../../store/index.ts';

export type QueueConfigRow = Selectable<QueueConfigsTable>;
export type ReasonCodeRow = Selectable<ReasonCodesTable>;

export const configRepository = {
  async queues(db: Executor): Promise<QueueConfigRow[]> {
    return db.selectFrom('queue_configs').selectAll().orderBy('name').execute();
  },

  async upsertQueue(db: Executor, row: QueueConfigRow): Promise<void> {
    await db
      .insertInto('queue_configs')
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

  async deleteQueue(db: Executor, name: string): Promise<void> {
    await db.deleteFrom('queue_configs').where('name', '=', name).execute();
  },

  async codes(db: Executor, kind?: ReasonCodeKind): Promise<ReasonCodeRow[]> {
    let query = db.selectFrom('reason_codes').selectAll();
    if (kind !== undefined) query = query.where('kind', '=', kind);
    return query.orderBy('kind').orderBy('position').orderBy('code').execute();
  },

  async upsertCode(db: Executor, row: ReasonCodeRow): Promise<void> {
    await db
      .insertInto('reason_codes')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['kind', 'code']).doUpdateSet({
          label_zh: row.label_zh,
          label_en: row.label_en,
          active: row.active,
          position: row.position,
          updated_at: row.updated_at,
          updated_by: row.updated_by,
        }),
      )
      .execute();
  },

  async deleteCode(db: Executor, kind: ReasonCodeKind, code: string): Promise<void> {
    await db.deleteFrom('reason_codes').where('kind', '=', kind).where('code', '=', code).execute();
  },

  /** Whether a stream of the log has any event: "was this ever configured?". */
  async streamStarted(db: Executor, stream: string): Promise<boolean> {
    const row = await db
      .selectFrom('events')
      .select('id')
      .where('stream', '=', stream)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },
};
