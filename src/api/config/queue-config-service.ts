// Queue configurations as administrators manage them: each document validated with the ACD's
// own schema and checked against the other queues, stored with a version, every change an
// event and an audit entry, and the whole set applied live to the running ACD (in the
// transaction of the change, so a set the ACD refuses is not saved either).
import {
  parseQueueConfig,
  type QueueConfig,
  type QueueConfigInput,
} from '../../callcenter/index.ts';
import { HotlineError, type Clock } from '../../platform/index.ts';
import type { EventStore } from '../../store/index.ts';
import type { Actor, AuditTrail } from '../auth/index.ts';
import { configRepository, type QueueConfigRow } from './config-repository.ts';
import type { QueueDocumentInput, QueueUpdateApplied, QueueView } from './config-schemas.ts';
import { Serial } from './serial.ts';

declare module '../../store/event-catalogue.ts' {
  interface EventCatalogue {
    'config.queue-saved': {
      queue: string;
      version: number;
      created: boolean;
      document: QueueConfigInput;
      by: string;
    };
    'config.queue-deleted': { queue: string; version: number; by: string };
  }
}

/** One stream for the set: the set is what the ACD applies, and "ever configured" is one read. */
export const QUEUES_STREAM = 'config:queues';

/** The running ACD, as the service reaches it (absent until telephony is wired). */
export interface QueueLive {
  /** Applies the whole set; throws, changing nothing, when the ACD refuses it. Null: not running. */
  apply(documents: readonly QueueConfigInput[]): QueueUpdateApplied;
  /** Calls and callbacks waiting in the queue now; null when telephony is not running. */
  waiting(name: string): number | null;
}

interface Entry {
  row: QueueConfigRow;
  document: QueueConfigInput;
  config: QueueConfig;
}

export class QueueConfigService {
  readonly #events: EventStore;
  readonly #audit: AuditTrail;
  readonly #clock: Clock;
  readonly #strategies: readonly string[];
  readonly #flowsUsing: (queue: string) => Promise<string[]>;
  readonly #entries = new Map<string, Entry>();
  readonly #serial = new Serial();
  #live: QueueLive | undefined;

  constructor(deps: {
    events: EventStore;
    audit: AuditTrail;
    clock: Clock;
    /** The routing strategies the ACD knows. */
    strategies: readonly string[];
    /** The published IVR flows that send calls to a queue (a queue they name cannot go). */
    flowsUsing?: (queue: string) => Promise<string[]>;
  }) {
    this.#events = deps.events;
    this.#audit = deps.audit;
    this.#clock = deps.clock;
    this.#strategies = deps.strategies;
    this.#flowsUsing = deps.flowsUsing ?? (async () => []);
  }

  /** Reads the stored set (at start). */
  async load(): Promise<void> {
    this.#entries.clear();
    for (const row of await configRepository.queues(this.#events.database.db)) {
      const document = JSON.parse(row.document) as QueueConfigInput;
      this.#entries.set(row.name, { row, document, config: parseQueueConfig(document) });
    }
  }

  /** Hands changes to the running ACD from now on. */
  connect(live: QueueLive): void {
    this.#live = live;
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** The stored documents, for the ACD at start. */
  documents(): QueueConfigInput[] {
    return [...this.#entries.values()].map((e) => e.document);
  }

  list(): QueueView[] {
    return [...this.#entries.values()]
      .sort((a, b) => a.row.name.localeCompare(b.row.name))
      .map((e) => this.#view(e));
  }

  get(name: string): QueueView {
    return this.#view(this.#require(name));
  }

  /** Creates or replaces a queue and applies the new set live. */
  put(
    actor: Actor,
    name: string,
    input: QueueDocumentInput,
  ): Promise<{ queue: QueueView; created: boolean; applied: QueueUpdateApplied }> {
    return this.#serial.run(async () => {
      const document = this.#check(name, input);
      const config = parseQueueConfig(document);
      const previous = this.#entries.get(name);
      const now = this.#clock.now();
      const row: QueueConfigRow = {
        name,
        document: JSON.stringify(document),
        version: (previous?.row.version ?? 0) + 1,
        created_at: previous?.row.created_at ?? now,
        updated_at: now,
        updated_by: actor.name,
      };
      const next = [...this.#entries.values()].map((e) =>
        e.row.name === name ? document : e.document,
      );
      if (!previous) next.push(document);
      const applied = await this.#events.write(async (w) => {
        await configRepository.upsertQueue(w.trx, row);
        await w.append('config.queue-saved', QUEUES_STREAM, {
          queue: name,
          version: row.version,
          created: !previous,
          document,
          by: actor.name,
        });
        await this.#audit.record(w.trx, actor, {
          action: previous ? 'queue.replace' : 'queue.create',
          resource: 'queues',
          resourceId: name,
          details: { version: row.version, document },
        });
        // Last, so a set the ACD refuses rolls the change back.
        return this.#live?.apply(next) ?? null;
      });
      const entry = { row, document, config };
      this.#entries.set(name, entry);
      return { queue: this.#view(entry), created: !previous, applied };
    });
  }

  /** Removes a queue nothing uses any more: no waiting calls, no queue escalating to it, no flow. */
  remove(actor: Actor, name: string): Promise<{ applied: QueueUpdateApplied }> {
    return this.#serial.run(async () => {
      const entry = this.#require(name);
      const waiting = this.#live?.waiting(name) ?? 0;
      if (waiting > 0)
        throw new HotlineError(
          'conflict',
          `Queue "${name}" still has ${waiting} call${waiting === 1 ? '' : 's'} waiting; delete it once they are answered or gone.`,
          { field: 'params.name' },
        );
      const escalating = [...this.#entries.values()]
        .filter((e) =>
          e.config.escalation.some((s) => s.action === 'add-queue' && s.queue === name),
        )
        .map((e) => e.row.name);
      if (escalating.length > 0)
        throw new HotlineError(
          'conflict',
          `Queue "${name}" is named in the escalation of ${list(escalating)}; change those first.`,
          { field: 'params.name' },
        );
      const flows = await this.#flowsUsing(name);
      if (flows.length > 0)
        throw new HotlineError(
          'conflict',
          `Queue "${name}" is used by the published IVR flow${flows.length === 1 ? '' : 's'} ${list(flows)}; publish them without it first.`,
          { field: 'params.name' },
        );
      const next = [...this.#entries.values()]
        .filter((e) => e.row.name !== name)
        .map((e) => e.document);
      const applied = await this.#events.write(async (w) => {
        await configRepository.deleteQueue(w.trx, name);
        await w.append('config.queue-deleted', QUEUES_STREAM, {
          queue: name,
          version: entry.row.version,
          by: actor.name,
        });
        await this.#audit.record(w.trx, actor, {
          action: 'queue.delete',
          resource: 'queues',
          resourceId: name,
          details: { version: entry.row.version },
        });
        return this.#live?.apply(next) ?? null;
      });
      this.#entries.delete(name);
      return { applied };
    });
  }

  /** Saves the starter queues unless queues were ever configured here (a deleted set stays deleted). */
  async seed(actor: Actor, documents: readonly QueueConfigInput[]): Promise<boolean> {
    if (await configRepository.streamStarted(this.#events.database.db, QUEUES_STREAM)) return false;
    for (const { name, ...rest } of documents) await this.put(actor, name, rest);
    return true;
  }

  /** Validates a document for `name` against the schema, the strategies and the other queues. */
  #check(name: string, input: QueueDocumentInput): QueueConfigInput {
    if (input.name !== undefined && input.name !== name)
      throw new HotlineError(
        'invalid-input',
        `body.name "${input.name}" differs from the queue in the address, "${name}"; leave it out or make them equal.`,
        { field: 'body.name' },
      );
    const document = { ...input, name };
    const config = parseQueueConfig(document, 'body');
    if (!this.#strategies.includes(config.strategy))
      throw new HotlineError(
        'invalid-input',
        `body.strategy: unknown strategy "${config.strategy}"; expected one of ${this.#strategies.join(', ')}`,
        { field: 'body.strategy' },
      );
    config.escalation.forEach((step, i) => {
      if (step.action === 'add-queue' && !this.#entries.has(step.queue))
        throw new HotlineError(
          'invalid-input',
          `body.escalation.${i}.addQueue: no queue is named "${step.queue}"`,
          { field: `body.escalation.${i}.addQueue` },
        );
    });
    return document;
  }

  #require(name: string): Entry {
    const entry = this.#entries.get(name);
    if (!entry)
      throw new HotlineError('not-found', `There is no queue "${name}".`, { field: 'params.name' });
    return entry;
  }

  #view(entry: Entry): QueueView {
    return {
      name: entry.row.name,
      document: entry.document,
      config: entry.config,
      version: entry.row.version,
      createdAt: Number(entry.row.created_at),
      updatedAt: Number(entry.row.updated_at),
      updatedBy: entry.row.updated_by,
      waiting: this.#live?.waiting(entry.row.name) ?? null,
    };
  }
}

function list(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}
