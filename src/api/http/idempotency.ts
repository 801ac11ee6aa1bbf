// Idempotency keys for call control (IETF draft "The Idempotency-Key HTTP
// Header Field"): a request retried with the same key gets the first answer
// again and changes nothing twice — a retried transfer never transfers twice.
// Answers are kept in memory for a day (live calls do not outlive a process).
import { HotlineError, type Clock } from '../../platform/index.ts';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

interface Entry {
  /** Who asked for what: a key reused for another request is refused. */
  scope: string;
  answer: StoredAnswer;
  expiresAt: number;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export class IdempotencyCache {
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #max: number;
  /** In insertion order, so the oldest are first to go when full. */
  readonly #entries = new Map<string, Entry>();
  /** Actions still running: a concurrent retry waits for the first answer instead of acting. */
  readonly #running = new Map<string, { scope: string; answer: Promise<StoredAnswer> }>();

  constructor(clock: Clock, options: { ttlMs?: number; max?: number } = {}) {
    this.#clock = clock;
    this.#ttlMs = options.ttlMs ?? 24 * 3600_000;
    this.#max = options.max ?? 50_000;
  }

  /**
   * Runs `action` once per key and scope: a repeat gets the stored answer (`replayed`). Only
   * successes are kept: an action that failed changed nothing, so its retry may run again.
   */
  async run(
    key: string | undefined,
    scope: string,
    action: () => Promise<StoredAnswer>,
  ): Promise<StoredAnswer & { replayed: boolean }> {
    if (key === undefined) return { ...(await action()), replayed: false };
    if (!KEY_PATTERN.test(key))
      throw new HotlineError(
        'invalid-input',
        'The Idempotency-Key header must be 1 to 200 visible ASCII characters.',
        { field: 'headers.idempotency-key' },
      );
    this.#expire();
    const id = `${scope.split(' ')[0]}\n${key}`;
    const seen = this.#entries.get(id) ?? this.#running.get(id);
    if (seen) {
      if (seen.scope !== scope)
        throw new HotlineError(
          'conflict',
          'This Idempotency-Key was used for a different request; use a new key for each action.',
          { field: 'headers.idempotency-key' },
        );
      return { ...(await seen.answer), replayed: true };
    }
    const running = action();
    this.#running.set(id, { scope, answer: running });
    let answer: StoredAnswer;
    try {
      answer = await running;
    } finally {
      this.#running.delete(id);
    }
    this.#entries.set(id, { scope, answer, expiresAt: this.#clock.now() + this.#ttlMs });
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value!;
      this.#entries.delete(oldest);
    }
    return { ...answer, replayed: false };
  }

  #expire(): void {
    const now = this.#clock.now();
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#entries.delete(id);
    }
  }
}
