// The append-only event log: every state change is an event, written in the
// same transaction as the state it describes, and published to in-process
// subscribers only after that transaction commits.
import { sql, type Transaction } from 'kysely';
import type { Clock } from '../platform/index.ts';
import type { Database, Executor } from './database.ts';
import type { EventCatalogue } from './event-catalogue.ts';
import type { Schema } from './schema.ts';

export type EventType<C> = keyof C & string;

/** One event as stored: `id` is the log's global sequence number. */
export type StoredEvent<C = EventCatalogue, K extends EventType<C> = EventType<C>> = {
  [T in K]: { id: number; time: number; type: T; stream: string; payload: C[T] };
}[K];

export interface WriteContext<C> {
  trx: Transaction<Schema>;
  /** Appends one event; it is visible to readers when the transaction commits. */
  append<K extends EventType<C>>(
    type: K,
    stream: string,
    payload: C[K],
  ): Promise<StoredEvent<C, K>>;
  /** Appends many events in one statement per chunk, in order (cheaper than append in a loop). */
  appendAll(events: readonly NewEvent<C>[]): Promise<StoredEvent<C>[]>;
}

export type NewEvent<C> = {
  /** When it happened, if earlier than now (a fact reported late, e.g. in a batch). */
  [K in EventType<C>]: { type: K; stream: string; payload: C[K]; time?: number };
}[EventType<C>];

/** Rows per INSERT: 4 bound values each stays far below SQLite's 32,766-variable limit. */
const INSERT_CHUNK = 500;

export interface ReadOptions<C> {
  /** Only events with an id greater than this (a reader's cursor). */
  after?: number;
  stream?: string;
  types?: readonly EventType<C>[];
  limit?: number;
}

// PostgreSQL assigns ids before commit, so two concurrent writers could commit
// ids out of order and a reader's cursor would skip the late one. Holding this
// transaction-scoped lock while appending makes commit order equal id order.
const APPEND_LOCK = 0x686f746c; // "hotl"

export class EventStore<C = EventCatalogue> {
  readonly #database: Database;
  readonly #clock: Clock;
  readonly #subscribers = new Set<(event: StoredEvent<C>) => void>();

  constructor(database: Database, clock: Clock) {
    this.#database = database;
    this.#clock = clock;
  }

  /** The database the log lives in, for reads beside it. */
  get database(): Database {
    return this.#database;
  }

  /**
   * Runs `fn` in one transaction. Events it appends commit with its writes;
   * subscribers hear of them after the commit, in order, never on rollback.
   */
  async write<T>(fn: (ctx: WriteContext<C>) => Promise<T>): Promise<T> {
    const appended: StoredEvent<C>[] = [];
    const result = await this.#database.transaction(async (trx) => {
      let locked = this.#database.engine !== 'postgres';
      const lock = async () => {
        if (!locked) {
          await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(trx);
          locked = true;
        }
      };
      const ctx: WriteContext<C> = {
        trx,
        appendAll: async (events) => {
          await lock();
          const stored: StoredEvent<C>[] = [];
          for (let i = 0; i < events.length; i += INSERT_CHUNK) {
            const chunk = events.slice(i, i + INSERT_CHUNK);
            const now = this.#clock.now();
            const rows = await trx
              .insertInto('events')
              .values(
                chunk.map((e) => ({
                  time: e.time ?? now,
                  type: e.type,
                  stream: e.stream,
                  payload: JSON.stringify(e.payload),
                })),
              )
              .returning('id')
              .execute();
            // Ids are handed out in VALUES order on both engines (one sequence, under our lock);
            // RETURNING itself promises no order, so sort.
            const ids = rows.map((r) => r.id).sort((a, b) => a - b);
            chunk.forEach((e, j) =>
              stored.push({
                id: ids[j]!,
                time: e.time ?? now,
                type: e.type,
                stream: e.stream,
                payload: e.payload,
              }),
            );
          }
          appended.push(...stored);
          return stored;
        },
        append: async (type, stream, payload) => {
          await lock();
          const time = this.#clock.now();
          const row = await trx
            .insertInto('events')
            .values({ time, type, stream, payload: JSON.stringify(payload) })
            .returning('id')
            .executeTakeFirstOrThrow();
          const event = { id: row.id, time, type, stream, payload } as StoredEvent<C, typeof type>;
          appended.push(event);
          return event;
        },
      };
      return fn(ctx);
    });
    for (const event of appended) this.#publish(event);
    return result;
  }

  /** Events in log order, optionally after a cursor, of one stream or some types. */
  async read(
    options: ReadOptions<C> = {},
    executor: Executor = this.#database.db,
  ): Promise<StoredEvent<C>[]> {
    let query = executor
      .selectFrom('events')
      .selectAll()
      .where('id', '>', options.after ?? 0)
      .orderBy('id')
      .limit(options.limit ?? 1000);
    if (options.stream !== undefined) query = query.where('stream', '=', options.stream);
    if (options.types !== undefined && options.types.length > 0) {
      query = query.where('type', 'in', [...options.types]);
    }
    const rows = await query.execute();
    return rows.map(
      (r) =>
        ({
          id: r.id,
          time: r.time,
          type: r.type,
          stream: r.stream,
          payload: JSON.parse(r.payload) as unknown,
        }) as StoredEvent<C>,
    );
  }

  /** The id of the newest event, 0 when the log is empty. */
  async lastId(executor: Executor = this.#database.db): Promise<number> {
    const row = await executor
      .selectFrom('events')
      .select((eb) => eb.fn.max('id').as('last'))
      .executeTakeFirst();
    return Number(row?.last ?? 0);
  }

  /** Hears every event after it commits. Returns the unsubscribe function. */
  subscribe(listener: (event: StoredEvent<C>) => void): () => void {
    this.#subscribers.add(listener);
    return () => this.#subscribers.delete(listener);
  }

  #publish(event: StoredEvent<C>): void {
    for (const listener of this.#subscribers) {
      try {
        listener(event);
      } catch (error) {
        console.error(`event subscriber failed on ${event.type} #${event.id}:`, error);
      }
    }
  }
}
