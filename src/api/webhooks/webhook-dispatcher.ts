// Sends the event log to webhook subscribers, at least once. It follows the log with a cursor
// (projection_cursors "webhooks"), writing one delivery per matching subscription in the same
// transaction as the cursor, so a crash never loses or doubles one; then a worker POSTs the due
// deliveries, signed, and retries failures with exponential backoff and jitter on the injected
// scheduler until they succeed or, after maxAttempts, become dead letters for an admin to replay.
import type { ClockScheduler, Logger, TimerHandle } from '../../platform/index.ts';
import {
  projectionCursorRepository,
  type EventStore,
  type StoredEvent,
} from '../../store/index.ts';
import { webhookEventTypes, matches } from './webhook-event-types.ts';
import { webhookRepository, type DeliveryRow } from './webhook-repository.ts';
import { signWebhook } from './webhook-signature.ts';

const CURSOR = 'webhooks';
const PAGE = 500;
const DUE_BATCH = 50;

export interface WebhookDispatcherOptions {
  events: EventStore;
  clock: ClockScheduler;
  logger: Logger;
  /** Attempts before a delivery becomes a dead letter. */
  maxAttempts?: number;
  /** The first retry's delay; each next one doubles, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** For jitter (0 ≤ r < 1); injected so tests repeat. */
  random?: () => number;
  /** How long one POST may take (real time: it is a network timeout). */
  timeoutMs?: number;
  /** Deliveries sent at once. */
  concurrency?: number;
  fetch?: typeof fetch;
}

export class WebhookDispatcher {
  readonly maxAttempts: number;
  readonly #events: EventStore;
  readonly #clock: ClockScheduler;
  readonly #logger: Logger;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #random: () => number;
  readonly #timeoutMs: number;
  readonly #concurrency: number;
  readonly #fetch: typeof fetch;
  #unsubscribe: (() => void) | undefined;
  #following: Promise<void> | undefined;
  #followAgain = false;
  #sending: Promise<void> | undefined;
  #sendAgain = false;
  #timer: TimerHandle | undefined;
  #started = false;
  #closed = false;

  constructor(options: WebhookDispatcherOptions) {
    this.#events = options.events;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.#baseDelayMs = options.baseDelayMs ?? 10_000;
    this.#maxDelayMs = options.maxDelayMs ?? 3_600_000;
    this.#random = options.random ?? Math.random;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#concurrency = options.concurrency ?? 4;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Catches up with the log and sends what is due, then follows both. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const db = this.#events.database.db;
    const known = await db
      .selectFrom('projection_cursors')
      .select('last_event_id')
      .where('name', '=', CURSOR)
      .executeTakeFirst();
    // The first start delivers from now on, not the whole history.
    if (!known) await projectionCursorRepository.set(db, CURSOR, await this.#events.lastId());
    this.#unsubscribe = this.#events.subscribe((event) => {
      if (webhookEventTypes.has(event.type)) void this.catchUp();
    });
    await this.catchUp();
  }

  async stop(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe?.();
    this.#timer?.cancel();
    await this.#following;
    await this.#sending;
  }

  /** The delay before attempt `attempts + 1`: base·2^(attempts−1), capped, half of it jittered. */
  retryDelayMs(attempts: number): number {
    const full = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(full / 2 + (this.#random() * full) / 2);
  }

  /** Turns new log events into deliveries (one run at a time), then sends what is due. */
  catchUp(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#following) {
      this.#followAgain = true;
      return this.#following;
    }
    this.#following = this.#follow()
      .catch((error: unknown) => this.#logger.error({ err: error }, 'webhook fan-out failed'))
      .finally(() => {
        this.#following = undefined;
      });
    return this.#following.then(() => this.sendDue());
  }

  /** Sends every due delivery (one run at a time) and sets the timer for the next. */
  sendDue(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#sending) {
      this.#sendAgain = true;
      return this.#sending;
    }
    this.#sending = this.#send()
      .catch((error: unknown) => this.#logger.error({ err: error }, 'webhook sending failed'))
      .finally(() => {
        this.#sending = undefined;
      });
    return this.#sending;
  }

  /** Resolves when no fan-out or sending is running (tests step the fake clock with it). */
  async idle(): Promise<void> {
    while (this.#following || this.#sending) {
      await this.#following;
      await this.#sending;
    }
  }

  async #follow(): Promise<void> {
    const db = this.#events.database.db;
    do {
      this.#followAgain = false;
      for (;;) {
        const after = await projectionCursorRepository.get(db, CURSOR);
        const events = await this.#events.read({
          after,
          types: [...webhookEventTypes] as never,
          limit: PAGE,
        });
        const last = events.at(-1)?.id;
        if (last === undefined) break;
        const subscriptions = (await webhookRepository.subscriptions(db)).filter(
          (s) => s.active === 1,
        );
        const now = this.#clock.now();
        const rows: Omit<DeliveryRow, 'id'>[] = [];
        for (const event of events)
          for (const s of subscriptions)
            if (
              event.id > s.after_event_id &&
              matches(JSON.parse(s.event_types) as string[], event.type)
            )
              rows.push(deliveryRow(s.id, event, now));
        await db.transaction().execute(async (trx) => {
          await webhookRepository.enqueue(trx, rows);
          await projectionCursorRepository.set(trx, CURSOR, last);
        });
        if (events.length < PAGE) break;
      }
    } while (this.#followAgain);
  }

  async #send(): Promise<void> {
    const db = this.#events.database.db;
    do {
      this.#sendAgain = false;
      for (;;) {
        const due = await webhookRepository.due(db, this.#clock.now(), DUE_BATCH);
        if (due.length === 0) break;
        let next = 0;
        const worker = async () => {
          while (next < due.length) await this.#attempt(due[next++]!);
        };
        await Promise.all(Array.from({ length: Math.min(this.#concurrency, due.length) }, worker));
        if (this.#closed) return;
      }
    } while (this.#sendAgain);
    this.#schedule(await webhookRepository.nextDue(db));
  }

  #schedule(at: number | undefined): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    if (at === undefined || this.#closed) return;
    this.#timer = this.#clock.after(Math.max(0, at - this.#clock.now()), () => {
      this.#timer = undefined;
      void this.sendDue();
    });
  }

  async #attempt(delivery: DeliveryRow & { url: string; secret: string }): Promise<void> {
    const attempt = delivery.attempts + 1;
    const sentAt = this.#clock.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await this.#fetch(delivery.url, {
        method: 'POST',
        // Redirects are not followed: a subscription names the one address it trusts.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Hotline-Webhooks/1',
          'x-hotline-signature': signWebhook(
            delivery.secret,
            delivery.body,
            Math.floor(sentAt / 1000),
          ),
          // The same on every attempt and replay: receivers drop what they already processed.
          'x-hotline-delivery': String(delivery.id),
          'idempotency-key': `hotline-delivery-${delivery.id}`,
          'x-hotline-event': delivery.event_type,
          'x-hotline-attempt': String(attempt),
        },
        body: delivery.body,
      });
      status = response.status;
      await response.body?.cancel();
      if (status < 200 || status >= 300) error = `the receiver answered ${status}`;
    } catch (failure) {
      error = (failure as Error).message;
    }
    const db = this.#events.database.db;
    const now = this.#clock.now();
    if (error === null) {
      await webhookRepository.updateDelivery(db, delivery.id, {
        status: 'delivered',
        attempts: attempt,
        last_attempt_at: sentAt,
        last_status: status,
        last_error: null,
        delivered_at: now,
        next_attempt_at: null,
      });
      return;
    }
    const dead = attempt >= this.maxAttempts;
    await webhookRepository.updateDelivery(db, delivery.id, {
      status: dead ? 'dead' : 'pending',
      attempts: attempt,
      last_attempt_at: sentAt,
      last_status: status,
      last_error: error.slice(0, 500),
      next_attempt_at: dead ? null : now + this.retryDelayMs(attempt),
    });
    if (dead)
      this.#logger.warn(
        { delivery: delivery.id, url: delivery.url, attempts: attempt, error },
        'webhook delivery is a dead letter',
      );
  }
}

function deliveryRow(
  subscriptionId: number,
  event: StoredEvent,
  now: number,
): Omit<DeliveryRow, 'id'> {
  return {
    subscription_id: subscriptionId,
    event_id: event.id,
    event_type: event.type,
    body: JSON.stringify({
      subscriptionId,
      event: {
        id: event.id,
        type: event.type,
        time: event.time,
        stream: event.stream,
        payload: event.payload,
      },
    }),
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    last_attempt_at: null,
    last_status: null,
    last_error: null,
    delivered_at: null,
    created_at: now,
  };
}
