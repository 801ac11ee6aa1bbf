// Webhook subscriptions as admins manage them (validated, audited, each change an event), the
// deliveries and dead letters they can inspect, and the replay of a dead letter. The secret is
// generated here and shown once; afterwards only its last characters are.
import { randomBytes } from 'node:crypto';
import { HotlineError, type Clock } from '../../platform/index.ts';
import type { EventStore } from '../../store/index.ts';
import type { Actor, AuditTrail } from '../auth/index.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';
import { webhookEventTypes } from './webhook-event-types.ts';
import {
  webhookRepository,
  type DeliveryRow,
  type DeliveryStatus,
  type SubscriptionRow,
} from './webhook-repository.ts';
import type {
  CreateWebhookInput,
  UpdateWebhookInput,
  WebhookDelivery,
  WebhookSubscription,
} from './webhook-schemas.ts';

declare module '../../store/event-catalogue.ts' {
  interface EventCatalogue {
    'webhook.subscription-created': {
      subscriptionId: number;
      name: string;
      url: string;
      eventTypes: string[];
      by: string;
    };
    'webhook.subscription-updated': { subscriptionId: number; changed: string[]; by: string };
    'webhook.subscription-deleted': { subscriptionId: number; by: string };
    'webhook.delivery-replayed': { deliveryId: number; subscriptionId: number; by: string };
  }
}

const stream = (id: number) => `webhook:${id}`;

export class WebhookService {
  readonly dispatcher: WebhookDispatcher;
  readonly #events: EventStore;
  readonly #audit: AuditTrail;
  readonly #clock: Clock;

  constructor(deps: {
    events: EventStore;
    audit: AuditTrail;
    clock: Clock;
    dispatcher: WebhookDispatcher;
  }) {
    this.#events = deps.events;
    this.#audit = deps.audit;
    this.#clock = deps.clock;
    this.dispatcher = deps.dispatcher;
  }

  start(): Promise<void> {
    return this.dispatcher.start();
  }

  stop(): Promise<void> {
    return this.dispatcher.stop();
  }

  async list(): Promise<WebhookSubscription[]> {
    return (await webhookRepository.subscriptions(this.#events.database.db)).map(subscriptionView);
  }

  async get(id: number): Promise<WebhookSubscription> {
    return subscriptionView(await this.#require(id));
  }

  async create(
    actor: Actor,
    input: CreateWebhookInput,
  ): Promise<{ subscription: WebhookSubscription; secret: string }> {
    checkUrl(input.url);
    checkEventTypes(input.eventTypes);
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const now = this.#clock.now();
    const row = await this.#events.write(async (w) => {
      const row = await webhookRepository.insertSubscription(w.trx, {
        name: input.name,
        url: input.url,
        event_types: JSON.stringify(input.eventTypes),
        secret,
        active: input.active === false ? 0 : 1,
        after_event_id: await this.#events.lastId(w.trx),
        created_at: now,
        updated_at: now,
      });
      await w.append('webhook.subscription-created', stream(row.id), {
        subscriptionId: row.id,
        name: row.name,
        url: row.url,
        eventTypes: input.eventTypes,
        by: actor.name,
      });
      await this.#audit.record(w.trx, actor, {
        action: 'webhook.create',
        resource: 'webhooks',
        resourceId: row.id,
        details: { name: row.name, url: row.url, eventTypes: input.eventTypes },
      });
      return row;
    });
    return { subscription: subscriptionView(row), secret };
  }

  async update(actor: Actor, id: number, input: UpdateWebhookInput): Promise<WebhookSubscription> {
    await this.#require(id);
    if (input.url !== undefined) checkUrl(input.url);
    if (input.eventTypes !== undefined) checkEventTypes(input.eventTypes);
    const row = await this.#events.write(async (w) => {
      const row = await webhookRepository.updateSubscription(w.trx, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.eventTypes !== undefined
          ? { event_types: JSON.stringify(input.eventTypes) }
          : {}),
        ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
        updated_at: this.#clock.now(),
      });
      const changed = Object.keys(input);
      await w.append('webhook.subscription-updated', stream(id), {
        subscriptionId: id,
        changed,
        by: actor.name,
      });
      await this.#audit.record(w.trx, actor, {
        action: 'webhook.update',
        resource: 'webhooks',
        resourceId: id,
        details: { ...input },
      });
      return row!;
    });
    // Re-activated: its waiting deliveries may be due.
    if (input.active === true) void this.dispatcher.sendDue();
    return subscriptionView(row);
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await this.#require(id);
    await this.#events.write(async (w) => {
      await webhookRepository.deleteSubscription(w.trx, id);
      await w.append('webhook.subscription-deleted', stream(id), {
        subscriptionId: id,
        by: actor.name,
      });
      await this.#audit.record(w.trx, actor, {
        action: 'webhook.delete',
        resource: 'webhooks',
        resourceId: id,
      });
    });
  }

  async deliveries(filter: {
    subscriptionId?: number;
    status?: DeliveryStatus;
    before?: number;
    limit?: number;
  }): Promise<WebhookDelivery[]> {
    const rows = await webhookRepository.deliveries(this.#events.database.db, {
      ...filter,
      limit: filter.limit ?? 100,
    });
    return rows.map(deliveryView);
  }

  /** Sends a dead letter again from a fresh count of attempts (same id, so receivers dedupe). */
  async replay(actor: Actor, deliveryId: number): Promise<WebhookDelivery> {
    const db = this.#events.database.db;
    const delivery = await webhookRepository.delivery(db, deliveryId);
    if (!delivery)
      throw new HotlineError('not-found', `There is no webhook delivery ${deliveryId}.`, {
        field: 'params.id',
      });
    if (delivery.status !== 'dead')
      throw new HotlineError(
        'conflict',
        `Delivery ${deliveryId} is ${delivery.status}; only dead letters are replayed.`,
        { field: 'params.id' },
      );
    const row = await this.#events.write(async (w) => {
      const row = await webhookRepository.updateDelivery(w.trx, deliveryId, {
        status: 'pending',
        attempts: 0,
        next_attempt_at: this.#clock.now(),
      });
      await w.append('webhook.delivery-replayed', stream(delivery.subscription_id), {
        deliveryId,
        subscriptionId: delivery.subscription_id,
        by: actor.name,
      });
      await this.#audit.record(w.trx, actor, {
        action: 'webhook.replay',
        resource: 'webhooks',
        resourceId: delivery.subscription_id,
        details: { deliveryId, eventId: delivery.event_id },
      });
      return row!;
    });
    void this.dispatcher.sendDue();
    return deliveryView(row);
  }

  async #require(id: number): Promise<SubscriptionRow> {
    const row = await webhookRepository.subscription(this.#events.database.db, id);
    if (!row)
      throw new HotlineError('not-found', `There is no webhook subscription ${id}.`, {
        field: 'params.id',
      });
    return row;
  }
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HotlineError('invalid-input', `body.url "${url}" is not a URL; give http(s)://…`, {
      field: 'body.url',
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new HotlineError(
      'invalid-input',
      `body.url must be an http:// or https:// address, not ${parsed.protocol}`,
      { field: 'body.url' },
    );
}

function checkEventTypes(types: readonly string[]): void {
  types.forEach((type, i) => {
    if (type !== '*' && !webhookEventTypes.has(type))
      throw new HotlineError(
        'invalid-input',
        `body.eventTypes.${i}: "${type}" is not an event webhooks carry; use call.*, agent.* or queue.* event types, or "*"`,
        { field: `body.eventTypes.${i}` },
      );
  });
}

function subscriptionView(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    eventTypes: JSON.parse(row.event_types) as string[],
    active: row.active === 1,
    secretHint: `whsec_…${row.secret.slice(-4)}`,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function deliveryView(row: DeliveryRow): WebhookDelivery {
  const num = (v: number | null) => (v === null ? null : Number(v));
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: Number(row.event_id),
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: num(row.next_attempt_at),
    lastAttemptAt: num(row.last_attempt_at),
    lastStatus: row.last_status,
    lastError: row.last_error,
    deliveredAt: num(row.delivered_at),
    createdAt: Number(row.created_at),
  };
}
