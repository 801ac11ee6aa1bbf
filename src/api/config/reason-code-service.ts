// One list of reason codes as administrators manage it: the not-ready reasons agents pick when
// they step away, or the disposition codes they close a call with. Each change is an event and
// an audit entry; the active codes are kept in memory for the desk and handed on at once to
// whatever applies them (the ACD takes the not-ready reasons).
import { systemNotReadyReasons } from '../../callcenter/index.ts';
import { HotlineError, type Clock } from '../../platform/index.ts';
import type { EventStore, ReasonCodeKind } from '../../store/index.ts';
import type { Actor, AuditTrail } from '../auth/index.ts';
import { configRepository, type ReasonCodeRow } from './config-repository.ts';
import type { ReasonCode, ReasonCodeInput } from './config-schemas.ts';
import { Serial } from './serial.ts';

declare module '../../store/event-catalogue.ts' {
  interface EventCatalogue {
    'config.reason-code-saved': {
      kind: ReasonCodeKind;
      code: string;
      labels: { zh: string; en: string };
      active: boolean;
      created: boolean;
      by: string;
    };
    'config.reason-code-deleted': { kind: ReasonCodeKind; code: string; by: string };
  }
}

/** How each list is named in streams, audit entries and messages. */
const names = {
  'not-ready': {
    stream: 'config:not-ready-reasons',
    resource: 'reason-codes',
    what: 'not-ready reason',
  },
  disposition: {
    stream: 'config:disposition-codes',
    resource: 'disposition-codes',
    what: 'disposition code',
  },
} as const satisfies Record<ReasonCodeKind, { stream: string; resource: string; what: string }>;

/** A code as the starter configuration gives it. */
export interface StarterCode {
  code: string;
  labels: { zh: string; en: string };
}

export class ReasonCodeService {
  readonly kind: ReasonCodeKind;
  readonly #events: EventStore;
  readonly #audit: AuditTrail;
  readonly #clock: Clock;
  readonly #serial = new Serial();
  readonly #listeners = new Set<(active: readonly string[]) => void>();
  #rows: ReasonCodeRow[] = [];
  #active: readonly string[] = [];

  constructor(deps: { kind: ReasonCodeKind; events: EventStore; audit: AuditTrail; clock: Clock }) {
    this.kind = deps.kind;
    this.#events = deps.events;
    this.#audit = deps.audit;
    this.#clock = deps.clock;
  }

  /** Reads the stored list (at start). */
  async load(): Promise<void> {
    this.#set(await configRepository.codes(this.#events.database.db, this.kind));
  }

  /** The active codes in their order: what the desk offers and the API accepts. */
  activeCodes(): readonly string[] {
    return this.#active;
  }

  /** Hears the active codes after every change. Returns the unsubscribe function. */
  onChange(listener: (active: readonly string[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  list(): ReasonCode[] {
    return this.#rows.map(view);
  }

  /** Creates or replaces a code (a new one goes last in the list). */
  put(
    actor: Actor,
    code: string,
    input: ReasonCodeInput,
  ): Promise<{ code: ReasonCode; created: boolean }> {
    return this.#serial.run(async () => {
      if (this.kind === 'not-ready' && (systemNotReadyReasons as readonly string[]).includes(code))
        throw new HotlineError(
          'invalid-input',
          `params.code "${code}" is set by the system only (${systemNotReadyReasons.join(', ')}); choose another code.`,
          { field: 'params.code' },
        );
      const previous = this.#rows.find((r) => r.code === code);
      const now = this.#clock.now();
      const row: ReasonCodeRow = {
        kind: this.kind,
        code,
        label_zh: input.labels.zh,
        label_en: input.labels.en,
        active: input.active === false ? 0 : 1,
        position: previous?.position ?? Math.max(0, ...this.#rows.map((r) => r.position)) + 1,
        created_at: previous?.created_at ?? now,
        updated_at: now,
        updated_by: actor.name,
      };
      const { stream, resource } = names[this.kind];
      await this.#events.write(async (w) => {
        await configRepository.upsertCode(w.trx, row);
        await w.append('config.reason-code-saved', stream, {
          kind: this.kind,
          code,
          labels: input.labels,
          active: row.active === 1,
          created: !previous,
          by: actor.name,
        });
        await this.#audit.record(w.trx, actor, {
          action: previous ? `${resource}.replace` : `${resource}.create`,
          resource,
          resourceId: code,
          details: { labels: input.labels, active: row.active === 1 },
        });
      });
      this.#set(
        previous ? this.#rows.map((r) => (r.code === code ? row : r)) : [...this.#rows, row],
      );
      return { code: view(row), created: !previous };
    });
  }

  remove(actor: Actor, code: string): Promise<void> {
    return this.#serial.run(async () => {
      const { stream, resource, what } = names[this.kind];
      if (!this.#rows.some((r) => r.code === code))
        throw new HotlineError('not-found', `There is no ${what} "${code}".`, {
          field: 'params.code',
        });
      await this.#events.write(async (w) => {
        await configRepository.deleteCode(w.trx, this.kind, code);
        await w.append('config.reason-code-deleted', stream, {
          kind: this.kind,
          code,
          by: actor.name,
        });
        await this.#audit.record(w.trx, actor, {
          action: `${resource}.delete`,
          resource,
          resourceId: code,
        });
      });
      this.#set(this.#rows.filter((r) => r.code !== code));
    });
  }

  /** Saves the starter codes unless this list was ever configured here. */
  async seed(actor: Actor, codes: readonly StarterCode[]): Promise<boolean> {
    const db = this.#events.database.db;
    if (await configRepository.streamStarted(db, names[this.kind].stream)) return false;
    for (const { code, labels } of codes) await this.put(actor, code, { labels });
    return true;
  }

  #set(rows: ReasonCodeRow[]): void {
    this.#rows = [...rows].sort((a, b) => a.position - b.position || a.code.localeCompare(b.code));
    this.#active = this.#rows.filter((r) => r.active === 1).map((r) => r.code);
    for (const listener of this.#listeners) listener(this.#active);
  }
}

function view(row: ReasonCodeRow): ReasonCode {
  return {
    code: row.code,
    labels: { zh: row.label_zh, en: row.label_en },
    active: row.active === 1,
    position: row.position,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
  };
}
