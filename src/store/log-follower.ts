// Follows the event log from a projection's stored cursor: reads pages of the
// events it wants after the cursor and hands each page to the projection,
// which writes its rows and the new cursor in one transaction. One run at a
// time; a wake-up during a run asks for one more, so nothing is missed.
// Because it reads the log rather than trusting notifications, a restart (or
// a rebuild from cursor 0) catches up exactly.
import type { Logger } from '../platform/index.ts';
import { projectionCursorRepository } from './call-record-repository.ts';
import type { EventCatalogue } from './event-catalogue.ts';
import type { EventStore, EventType, StoredEvent } from './event-store.ts';

export interface LogFollowerOptions {
  events: EventStore;
  /** The projection's name in projection_cursors. */
  cursor: string;
  types: readonly EventType<EventCatalogue>[];
  /** Folds a page and stores it with the cursor `last` (one transaction). */
  apply: (events: StoredEvent[], last: number) => Promise<void>;
  logger: Logger;
  /** For the log line when a run fails. */
  what: string;
  page?: number;
}

export class LogFollower {
  readonly #options: LogFollowerOptions;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(options: LogFollowerOptions) {
    this.#options = options;
  }

  /** Folds every wanted event after the cursor; concurrent calls share one run. */
  catchUp(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#run()
      .catch((error: unknown) =>
        this.#options.logger.error({ err: error }, `${this.#options.what} failed`),
      )
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  /** Waits for the run in progress, then follows no more. */
  async close(): Promise<void> {
    await this.#running;
    this.#closed = true;
  }

  /** The run in progress, if any (a rebuild waits for it before moving the cursor). */
  idle(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }

  async #run(): Promise<void> {
    const { events, cursor, types, apply } = this.#options;
    const page = this.#options.page ?? 1000;
    do {
      this.#again = false;
      for (;;) {
        const after = await projectionCursorRepository.get(events.database.db, cursor);
        const batch = await events.read({ after, types, limit: page });
        if (batch.length === 0) break;
        await apply(batch, batch.at(-1)!.id);
        if (batch.length < page) break;
      }
    } while (this.#again);
  }
}
