// Call detail records: the call events folded by the call model's reducer,
// stored for search (columns) and display (the whole record as JSON), and
// the cursors that say how far each projection of the log has got.
import type { Executor } from './database.ts';
import type { CallRecordsTable } from './schema.ts';

export interface CallRecordFilter {
  from?: number;
  to?: number;
  caller?: string;
  queue?: string;
  /** The agent who took the call. */
  agent?: string;
  /** Only records started before this one (paging, newest first). */
  before?: string;
  limit?: number;
}

export const callRecordRepository = {
  async byId(db: Executor, callId: string): Promise<CallRecordsTable | undefined> {
    return db
      .selectFrom('call_records')
      .selectAll()
      .where('call_id', '=', callId)
      .executeTakeFirst();
  },

  async upsertMany(db: Executor, rows: readonly CallRecordsTable[]): Promise<void> {
    for (const row of rows) {
      const { call_id: _id, ...changes } = row;
      await db
        .insertInto('call_records')
        .values(row)
        .onConflict((oc) => oc.column('call_id').doUpdateSet(changes))
        .execute();
    }
  },

  /** Newest first. */
  async list(db: Executor, filter: CallRecordFilter): Promise<CallRecordsTable[]> {
    let query = db.selectFrom('call_records').selectAll();
    if (filter.from !== undefined) query = query.where('started_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('started_at', '<', filter.to);
    if (filter.queue !== undefined) query = query.where('queue', '=', filter.queue);
    if (filter.agent !== undefined) query = query.where('agent_id', '=', filter.agent);
    if (filter.caller !== undefined) {
      const caller = filter.caller;
      query = query.where((eb) =>
        eb.or([eb('caller', '=', caller), eb('caller_e164', '=', caller)]),
      );
    }
    if (filter.before !== undefined) {
      const before = await callRecordRepository.byId(db, filter.before);
      if (before) {
        query = query.where((eb) =>
          eb.or([
            eb('started_at', '<', before.started_at),
            eb.and([eb('started_at', '=', before.started_at), eb('call_id', '<', before.call_id)]),
          ]),
        );
      }
    }
    return query
      .orderBy('started_at', 'desc')
      .orderBy('call_id', 'desc')
      .limit(filter.limit ?? 100)
      .execute();
  },
};

export const projectionCursorRepository = {
  async get(db: Executor, name: string): Promise<number> {
    const row = await db
      .selectFrom('projection_cursors')
      .select('last_event_id')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.last_event_id ?? 0;
  },

  async set(db: Executor, name: string, lastEventId: number): Promise<void> {
    await db
      .insertInto('projection_cursors')
      .values({ name, last_event_id: lastEventId })
      .onConflict((oc) => oc.column('name').doUpdateSet({ last_event_id: lastEventId }))
      .execute();
  },
};
