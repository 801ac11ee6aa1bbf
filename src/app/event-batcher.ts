// Writes events that report facts already done elsewhere (a SIP leg was
// answered) in batches: one transaction per batch instead of per event, so a
// thousand calls a second do not wait on a thousand fsyncs. A batch commits
// within `maxDelayMs` (100 ms by default: better-sqlite3 commits, fsync
// included, block the event loop, so fewer and larger is better); flush()
// writes what is left. Each event keeps the time it happened.
import type { Logger, Scheduler, TimerHandle } from '../platform/index.ts';
import type { EventCatalogue, EventStore } from '../store/index.ts';

type Pending = {
  [K in keyof EventCatalogue]: {
    type: K;
    stream: string;
    payload: EventCatalogue[K];
    time?: number;
  };
}[keyof EventCatalogue];

export class EventBatcher {
  readonly #events: EventStore;
  readonly #scheduler: Scheduler;
  readonly #logger: Logger;
  readonly #maxDelayMs: number;
  readonly #maxBatch: number;
  #queue: Pending[] = [];
  #timer: TimerHandle | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(deps: {
    events: EventStore;
    scheduler: Scheduler;
    logger: Logger;
    maxDelayMs?: number;
    maxBatch?: number;
  }) {
    this.#events = deps.events;
    this.#scheduler = deps.scheduler;
    this.#logger = deps.logger;
    this.#maxDelayMs = deps.maxDelayMs ?? 100;
    this.#maxBatch = deps.maxBatch ?? 1000;
  }

  /** Events waiting to be written. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Queues an event; `time` is when it happened (the batch commits later). */
  append<K extends keyof EventCatalogue>(
    type: K,
    stream: string,
    payload: EventCatalogue[K],
    time?: number,
  ): void {
    this.#queue.push({ type, stream, payload, ...(time !== undefined ? { time } : {}) } as Pending);
    if (this.#queue.length >= this.#maxBatch) this.#schedule(0);
    else this.#schedule(this.#maxDelayMs);
  }

  /** Writes everything queued so far; resolves when it is committed. */
  flush(): Promise<void> {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#flushing = this.#flushing.then(() => this.#write());
    return this.#flushing;
  }

  #schedule(delayMs: number): void {
    if (this.#timer && delayMs > 0) return;
    this.#timer?.cancel();
    this.#timer = this.#scheduler.after(delayMs, () => {
      this.#timer = undefined;
      void this.flush();
    });
  }

  async #write(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      try {
        await this.#events.write((w) => w.appendAll(batch));
      } catch (error) {
        this.#logger.error({ err: error, lost: batch.length }, 'writing a batch of events failed');
      }
    }
  }
}
