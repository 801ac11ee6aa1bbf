// Webhook subscriptions and deliveries in the database (both engines, through Kysely).
import type { Selectable } from 'kysely';
import type {
  Executor,
  WebhookDeliveriesTable,
  WebhookSubscriptionsTable,
} from '../../store/index.ts';

export type SubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;
export type DeliveryStatus = DeliveryRow['status'];

export const webhookRepository = {
  async subscriptions(db: Executor): Promise<SubscriptionRow[]> {
    return db.selectFrom('webhook_subscriptions').selectAll().orderBy('id').execute();
  },

  async subscription(db: Executor, id: number): Promise<SubscriptionRow | undefined> {
    return db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async insertSubscription(
    db: Executor,
    row: Omit<SubscriptionRow, 'id'>,
  ): Promise<SubscriptionRow> {
    return db
      .insertInto('webhook_subscriptions')
      .values(row)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  async updateSubscription(
    db: Executor,
    id: number,
    changes: Partial<Omit<SubscriptionRow, 'id'>>,
  ): Promise<SubscriptionRow | undefined> {
    return db
      .updateTable('webhook_subscriptions')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  async deleteSubscription(db: Executor, id: number): Promise<boolean> {
    await db.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
    const result = await db
      .deleteFrom('webhook_subscriptions')
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** Adds deliveries; one per subscription and event however often it is asked. */
  async enqueue(db: Executor, rows: Omit<DeliveryRow, 'id'>[]): Promise<void> {
    if (rows.length === 0) return;
    await db
      .insertInto('webhook_deliveries')
      .values(rows)
      .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
      .execute();
  },

  /** Pending deliveries due by `now` whose subscription is active, oldest due first. */
  async due(
    db: Executor,
    now: number,
    limit: number,
  ): Promise<(DeliveryRow & { url: string; secret: string })[]> {
    return db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
      .selectAll('d')
      .select(['s.url', 's.secret'])
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .where('s.active', '=', 1)
      .orderBy('d.next_attempt_at')
      .orderBy('d.id')
      .limit(limit)
      .execute();
  },

  /** When the next pending delivery of an active subscription falls due. */
  async nextDue(db: Executor): Promise<number | undefined> {
    const row = await db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
      .select((eb) => eb.fn.min('d.next_attempt_at').as('next'))
      .where('d.status', '=', 'pending')
      .where('s.active', '=', 1)
      .executeTakeFirst();
    return row?.next == null ? undefined : Number(row.next);
  },

  async delivery(db: Executor, id: number): Promise<DeliveryRow | undefined> {
    return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async updateDelivery(
    db: Executor,
    id: number,
    changes: Partial<Omit<DeliveryRow, 'id'>>,
  ): Promise<DeliveryRow | undefined> {
    return db
      .updateTable('webhook_deliveries')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  /** Newest first, paged with `before` (a delivery id). */
  async deliveries(
    db: Executor,
    filter: { subscriptionId?: number; status?: DeliveryStatus; before?: number; limit: number },
  ): Promise<DeliveryRow[]> {
    let query = db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.subscriptionId !== undefined)
      query = query.where('subscription_id', '=', filter.subscriptionId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.before !== undefined) query = query.where('id', '<', filter.before);
    return query.execute();
  },
};
