// IVR flows: every saved version is kept; publishing (or rolling back) points
// the flow at one of them. And the dialed numbers each flow answers.
import type { Executor } from './database.ts';
import type { DialedNumbersTable, IvrFlowsTable, IvrFlowVersionsTable } from './schema.ts';

export type IvrFlowVersionRow = Omit<IvrFlowVersionsTable, 'id'> & { id: number };

export const ivrFlowRepository = {
  async list(db: Executor): Promise<IvrFlowsTable[]> {
    return db.selectFrom('ivr_flows').selectAll().orderBy('name').execute();
  },

  async byName(db: Executor, name: string): Promise<IvrFlowsTable | undefined> {
    return db.selectFrom('ivr_flows').selectAll().where('name', '=', name).executeTakeFirst();
  },

  async versions(db: Executor, name: string): Promise<IvrFlowVersionRow[]> {
    return db
      .selectFrom('ivr_flow_versions')
      .selectAll()
      .where('name', '=', name)
      .orderBy('version', 'desc')
      .execute();
  },

  async version(
    db: Executor,
    name: string,
    version: number,
  ): Promise<IvrFlowVersionRow | undefined> {
    return db
      .selectFrom('ivr_flow_versions')
      .selectAll()
      .where('name', '=', name)
      .where('version', '=', version)
      .executeTakeFirst();
  },

  /** Saves a new version (1 for a new flow) and returns its number; call inside a transaction. */
  async saveVersion(
    db: Executor,
    input: {
      name: string;
      document: string;
      comment: string | null;
      by: string;
      at: number;
      description?: string;
    },
  ): Promise<number> {
    const flow = await ivrFlowRepository.byName(db, input.name);
    if (!flow) {
      await db
        .insertInto('ivr_flows')
        .values({
          name: input.name,
          description: input.description ?? '',
          published_version: null,
          published_at: null,
          created_at: input.at,
          updated_at: input.at,
        })
        .execute();
    } else {
      await db
        .updateTable('ivr_flows')
        .set({
          updated_at: input.at,
          ...(input.description !== undefined ? { description: input.description } : {}),
        })
        .where('name', '=', input.name)
        .execute();
    }
    const last = await db
      .selectFrom('ivr_flow_versions')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('name', '=', input.name)
      .executeTakeFirst();
    const version = Number(last?.version ?? 0) + 1;
    await db
      .insertInto('ivr_flow_versions')
      .values({
        name: input.name,
        version,
        document: input.document,
        comment: input.comment,
        created_at: input.at,
        created_by: input.by,
      })
      .execute();
    return version;
  },

  async publish(db: Executor, name: string, version: number, at: number): Promise<void> {
    await db
      .updateTable('ivr_flows')
      .set({ published_version: version, published_at: at, updated_at: at })
      .where('name', '=', name)
      .execute();
  },

  /** Every flow's published document (what calls run), for loading at start. */
  async published(db: Executor): Promise<{ name: string; version: number; document: string }[]> {
    return db
      .selectFrom('ivr_flows')
      .innerJoin('ivr_flow_versions', (join) =>
        join
          .onRef('ivr_flow_versions.name', '=', 'ivr_flows.name')
          .onRef('ivr_flow_versions.version', '=', 'ivr_flows.published_version'),
      )
      .select([
        'ivr_flows.name as name',
        'ivr_flow_versions.version as version',
        'ivr_flow_versions.document as document',
      ])
      .execute();
  },
};

export const dialedNumberRepository = {
  async list(db: Executor): Promise<DialedNumbersTable[]> {
    return db.selectFrom('dialed_numbers').selectAll().orderBy('number').execute();
  },

  async upsert(db: Executor, row: DialedNumbersTable): Promise<void> {
    await db
      .insertInto('dialed_numbers')
      .values(row)
      .onConflict((oc) =>
        oc.column('number').doUpdateSet({ flow: row.flow, description: row.description }),
      )
      .execute();
  },

  async remove(db: Executor, number: string): Promise<boolean> {
    const result = await db
      .deleteFrom('dialed_numbers')
      .where('number', '=', number)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  },
};
