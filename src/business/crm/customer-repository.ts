// The customer tables: rows in and out, in batches, each query served by an
// index (phone by E.164, name and e-mail by key range, document and tag by
// key). Callers pass the executor so writes join their transaction.
import type {
  CustomerInteractionsTable,
  CustomersTable,
  Executor,
  Schema,
} from '../../store/index.ts';
import type { Expression, ExpressionBuilder, Insertable, Selectable, SqlBool } from 'kysely';
import { prefixEnd } from './customer-fields.ts';

export type CustomerRow = Selectable<CustomersTable>;
export type NewCustomerRow = Omit<Insertable<CustomersTable>, 'id'>;
export type InteractionRow = Selectable<CustomerInteractionsTable>;
export type NewInteractionRow = Omit<Insertable<CustomerInteractionsTable>, 'id'>;

/** A new customer with the rows of its side tables. */
export interface NewCustomerRecord {
  row: NewCustomerRow;
  phones: { e164: string; raw: string }[];
  tags: string[];
}

export interface SearchCriteria {
  /** Folded name prefix. */
  namePrefix?: string;
  /** Folded e-mail prefix. */
  emailPrefix?: string;
  e164?: string;
  documentKey?: string;
  tag?: string;
  tier?: string;
  /** Only customers with a greater id (paging the export). */
  afterId?: number;
  limit: number;
}

/** Rows per INSERT: 19 bound values each stays far below SQLite's 32,766-variable limit. */
const CHUNK = 500;
/** How many merges a chain may have before it is taken for a loop. */
const MAX_MERGE_HOPS = 32;

type Db = Executor;

export const customerRepository = {
  /** Inserts customers with their phones and tags; returns the new ids in input order. */
  async insertMany(db: Db, records: readonly NewCustomerRecord[]): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < records.length; i += CHUNK) {
      const chunk = records.slice(i, i + CHUNK);
      const rows = await db
        .insertInto('customers')
        .values(chunk.map((r) => r.row))
        .returning('id')
        .execute();
      // Identity values are handed out in VALUES order; RETURNING promises no order, so sort.
      const chunkIds = rows.map((r) => r.id).sort((a, b) => a - b);
      const phones = chunk.flatMap((r, j) =>
        r.phones.map((p, position) => ({
          customer_id: chunkIds[j]!,
          e164: p.e164,
          raw: p.raw,
          position,
        })),
      );
      const tags = chunk.flatMap((r, j) =>
        r.tags.map((tag) => ({ tag, customer_id: chunkIds[j]! })),
      );
      for (let k = 0; k < phones.length; k += CHUNK)
        await db
          .insertInto('customer_phones')
          .values(phones.slice(k, k + CHUNK))
          .execute();
      for (let k = 0; k < tags.length; k += CHUNK)
        await db
          .insertInto('customer_tags')
          .values(tags.slice(k, k + CHUNK))
          .execute();
      ids.push(...chunkIds);
    }
    return ids;
  },

  async byId(db: Db, id: number): Promise<CustomerRow | undefined> {
    return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The customer an id stands for now: itself, or the survivor it was merged into. */
  async resolve(db: Db, id: number): Promise<CustomerRow | undefined> {
    let row = await customerRepository.byId(db, id);
    for (let hops = 0; row?.merged_into != null && hops < MAX_MERGE_HOPS; hops++)
      row = await customerRepository.byId(db, row.merged_into);
    return row;
  },

  /** Ids of the customers merged into `id`, directly or through earlier merges. */
  async mergedInto(db: Db, id: number): Promise<number[]> {
    const found: number[] = [];
    let frontier = [id];
    for (let hops = 0; frontier.length > 0 && hops < MAX_MERGE_HOPS; hops++) {
      const rows = await db
        .selectFrom('customers')
        .select('id')
        .where('merged_into', 'in', frontier)
        .execute();
      frontier = rows.map((r) => r.id);
      found.push(...frontier);
    }
    return found;
  },

  async phonesOf(
    db: Db,
    ids: readonly number[],
  ): Promise<Map<number, { e164: string; raw: string }[]>> {
    const byCustomer = new Map<number, { e164: string; raw: string }[]>();
    if (ids.length === 0) return byCustomer;
    const rows = await db
      .selectFrom('customer_phones')
      .select(['customer_id', 'e164', 'raw'])
      .where('customer_id', 'in', [...ids])
      .orderBy('customer_id')
      .orderBy('position')
      .execute();
    for (const r of rows) {
      const list = byCustomer.get(r.customer_id) ?? [];
      list.push({ e164: r.e164, raw: r.raw });
      byCustomer.set(r.customer_id, list);
    }
    return byCustomer;
  },

  /** Live customers reachable at this number (the caller-lookup path: one index probe). */
  async byPhone(
    db: Db,
    e164: string,
    limit: number,
  ): Promise<Pick<CustomerRow, 'id' | 'name' | 'tier'>[]> {
    return db
      .selectFrom('customer_phones as p')
      .innerJoin('customers as c', 'c.id', 'p.customer_id')
      .select(['c.id', 'c.name', 'c.tier'])
      .where('p.e164', '=', e164)
      .where('c.merged_into', 'is', null)
      .where('c.erased_at', 'is', null)
      .orderBy('c.id')
      .limit(limit)
      .execute();
  },

  /**
   * Live customers matching every criterion given, ordered by the index that serves the most
   * selective one (phone, document, tag, e-mail, then name), at most `limit`.
   */
  async search(db: Db, c: SearchCriteria): Promise<CustomerRow[]> {
    // The most selective key drives the query through its index (a number, then a tag, walked in
    // customer id order so a limit stops early); the other criteria filter what it finds.
    if (c.e164 !== undefined) {
      const e164 = c.e164;
      let query = db
        .selectFrom('customer_phones as p')
        .innerJoin('customers as c', 'c.id', 'p.customer_id')
        .selectAll('c')
        .where('p.e164', '=', e164)
        .where((eb) => conditions(eb as unknown as CustomerEb, { ...c, e164: undefined }));
      if (c.afterId !== undefined) query = query.where('p.customer_id', '>', c.afterId);
      return query.orderBy('p.customer_id').limit(c.limit).execute();
    }
    if (c.tag !== undefined) {
      const tag = c.tag;
      let query = db
        .selectFrom('customer_tags as t')
        .innerJoin('customers as c', 'c.id', 't.customer_id')
        .selectAll('c')
        .where('t.tag', '=', tag)
        .where((eb) => conditions(eb as unknown as CustomerEb, { ...c, tag: undefined }));
      if (c.afterId !== undefined) query = query.where('t.customer_id', '>', c.afterId);
      return query.orderBy('t.customer_id').limit(c.limit).execute();
    }
    let query = db
      .selectFrom('customers as c')
      .selectAll('c')
      .where((eb) => conditions(eb, c));
    if (c.afterId !== undefined) query = query.where('c.id', '>', c.afterId);
    // The order names the index to walk, so a limit stops early instead of sorting all matches.
    if (c.documentKey !== undefined) query = query.orderBy('c.id');
    else if (c.emailPrefix !== undefined) query = query.orderBy('c.email_key').orderBy('c.id');
    else if (c.namePrefix !== undefined) query = query.orderBy('c.name_key').orderBy('c.id');
    else query = query.orderBy('c.id');
    return query.limit(c.limit).execute();
  },

  async update(db: Db, id: number, set: Partial<NewCustomerRow>): Promise<void> {
    await db.updateTable('customers').set(set).where('id', '=', id).execute();
  },

  async replacePhones(
    db: Db,
    id: number,
    phones: readonly { e164: string; raw: string }[],
  ): Promise<void> {
    await db.deleteFrom('customer_phones').where('customer_id', '=', id).execute();
    if (phones.length > 0)
      await db
        .insertInto('customer_phones')
        .values(
          phones.map((p, position) => ({ customer_id: id, e164: p.e164, raw: p.raw, position })),
        )
        .execute();
  },

  async replaceTags(db: Db, id: number, tags: readonly string[]): Promise<void> {
    await db.deleteFrom('customer_tags').where('customer_id', '=', id).execute();
    if (tags.length > 0)
      await db
        .insertInto('customer_tags')
        .values(tags.map((tag) => ({ tag, customer_id: id })))
        .execute();
  },

  async count(db: Db): Promise<number> {
    const row = await db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
};

export const interactionRepository = {
  async byRef(db: Db, kind: string, ref: string): Promise<InteractionRow[]> {
    return db
      .selectFrom('customer_interactions')
      .selectAll()
      .where('kind', '=', kind)
      .where('ref', '=', ref)
      .execute();
  },

  async upsertMany(db: Db, rows: readonly NewInteractionRow[]): Promise<void> {
    for (const row of rows) {
      const { kind: _k, ref: _r, customer_id: _c, ...changes } = row;
      await db
        .insertInto('customer_interactions')
        .values(row)
        .onConflict((oc) => oc.columns(['kind', 'ref', 'customer_id']).doUpdateSet(changes))
        .execute();
    }
  },

  /** Newest first, across the customer and those merged into it; `before` (an interaction id) pages. */
  async list(
    db: Db,
    customerIds: readonly number[],
    options: { before?: number; limit: number },
  ): Promise<InteractionRow[]> {
    let query = db
      .selectFrom('customer_interactions')
      .selectAll()
      .where('customer_id', 'in', [...customerIds]);
    if (options.before !== undefined) {
      const before = await db
        .selectFrom('customer_interactions')
        .select(['id', 'started_at'])
        .where('id', '=', options.before)
        .executeTakeFirst();
      if (before)
        query = query.where((eb) =>
          eb.or([
            eb('started_at', '<', before.started_at),
            eb.and([eb('started_at', '=', before.started_at), eb('id', '<', before.id)]),
          ]),
        );
    }
    return query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  },

  /** Moves interactions to the survivor of a merge; ones it already has stay once. */
  async move(db: Db, fromId: number, toId: number): Promise<number> {
    await db
      .deleteFrom('customer_interactions')
      .where('customer_id', '=', fromId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('customer_interactions as s')
            .select('s.id')
            .where('s.customer_id', '=', toId)
            .whereRef('s.kind', '=', 'customer_interactions.kind')
            .whereRef('s.ref', '=', 'customer_interactions.ref'),
        ),
      )
      .execute();
    const result = await db
      .updateTable('customer_interactions')
      .set({ customer_id: toId })
      .where('customer_id', '=', fromId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async forCustomer(db: Db, customerId: number): Promise<InteractionRow[]> {
    return db
      .selectFrom('customer_interactions')
      .selectAll()
      .where('customer_id', '=', customerId)
      .execute();
  },

  /** The customer's latest interactions, newest first (the index on customer and time serves it). */
  async latest(db: Db, customerId: number, limit: number): Promise<InteractionRow[]> {
    return db
      .selectFrom('customer_interactions')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
  },

  async setDetails(db: Db, id: number, details: string): Promise<void> {
    await db.updateTable('customer_interactions').set({ details }).where('id', '=', id).execute();
  },
};

type CustomerEb = ExpressionBuilder<Schema & { c: CustomersTable }, 'c'>;

/** Live customers only, and every criterion other than the one driving the query. */
function conditions(eb: CustomerEb, c: SearchCriteria): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [
    eb('c.merged_into', 'is', null),
    eb('c.erased_at', 'is', null),
  ];
  if (c.documentKey !== undefined) all.push(eb('c.document_key', '=', c.documentKey));
  if (c.namePrefix !== undefined)
    all.push(eb('c.name_key', '>=', c.namePrefix), eb('c.name_key', '<', prefixEnd(c.namePrefix)));
  if (c.emailPrefix !== undefined)
    all.push(
      eb('c.email_key', '>=', c.emailPrefix),
      eb('c.email_key', '<', prefixEnd(c.emailPrefix)),
    );
  if (c.tier !== undefined) all.push(eb('c.tier', '=', c.tier));
  if (c.e164 !== undefined)
    all.push(
      eb.exists(
        eb
          .selectFrom('customer_phones as p2')
          .select('p2.customer_id')
          .whereRef('p2.customer_id', '=', 'c.id')
          .where('p2.e164', '=', c.e164),
      ),
    );
  if (c.tag !== undefined)
    all.push(
      eb.exists(
        eb
          .selectFrom('customer_tags as t2')
          .select('t2.customer_id')
          .whereRef('t2.customer_id', '=', 'c.id')
          .where('t2.tag', '=', c.tag),
      ),
    );
  return eb.and(all);
}
