// Schedules as administrators manage them: named opening hours (a time zone, hours per weekday,
// dated exceptions such as public holidays) that IVR flows refer to by name. Each document is
// validated with the IVR's own rules, stored with a version, every change an event and an audit
// entry. The running IVR reads a schedule from here as each call passes the node that names it,
// so a change applies to the next caller without publishing any flow again.
import {
  parseSchedule,
  scheduleHours,
  type BusinessHours,
  type IvrSchedules,
  type ScheduleDocument,
} from '../../callcenter/index.ts';
import { HotlineError, type Clock } from '../../platform/index.ts';
import type { EventStore } from '../../store/index.ts';
import type { Actor, AuditTrail } from '../auth/index.ts';
import { configRepository } from './config-repository.ts';
import { scheduleRepository, type ScheduleRow } from './schedule-repository.ts';
import type { ScheduleInput, ScheduleView } from './schedule-schemas.ts';
import { Serial } from './serial.ts';

declare module '../../store/event-catalogue.ts' {
  interface EventCatalogue {
    'config.schedule-saved': {
      schedule: string;
      version: number;
      created: boolean;
      document: ScheduleDocument;
      by: string;
    };
    'config.schedule-deleted': { schedule: string; version: number; by: string };
  }
}

/** One stream for every schedule: "were schedules ever configured here?" is one read. */
export const SCHEDULES_STREAM = 'config:schedules';

interface Entry {
  row: ScheduleRow;
  document: ScheduleDocument;
  /** What the interpreter tests instants against, the zone resolved. */
  hours: BusinessHours;
}

export class ScheduleService implements IvrSchedules {
  readonly #events: EventStore;
  readonly #audit: AuditTrail;
  readonly #clock: Clock;
  readonly #timeZone: string;
  readonly #flowsUsing: (schedule: string) => Promise<string[]>;
  readonly #entries = new Map<string, Entry>();
  readonly #serial = new Serial();

  constructor(deps: {
    events: EventStore;
    audit: AuditTrail;
    clock: Clock;
    /** The center's time zone (HOTLINE_TIMEZONE): a schedule without one is read in it. */
    timeZone: string;
    /** The published IVR flows that name a schedule (a schedule they name cannot go). */
    flowsUsing?: (schedule: string) => Promise<string[]>;
  }) {
    this.#events = deps.events;
    this.#audit = deps.audit;
    this.#clock = deps.clock;
    this.#timeZone = deps.timeZone;
    this.#flowsUsing = deps.flowsUsing ?? (async () => []);
  }

  /** Reads the stored schedules (at start). */
  async load(): Promise<void> {
    this.#entries.clear();
    for (const row of await scheduleRepository.all(this.#events.database.db))
      this.#entries.set(row.name, this.#entry(row, JSON.parse(row.document) as ScheduleDocument));
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** The schedule as it stands now, for the IVR (IvrSchedules). */
  get(name: string): BusinessHours | undefined {
    return this.#entries.get(name)?.hours;
  }

  list(): ScheduleView[] {
    return [...this.#entries.values()]
      .sort((a, b) => a.row.name.localeCompare(b.row.name))
      .map((e) => this.#view(e));
  }

  view(name: string): ScheduleView {
    const entry = this.#entries.get(name);
    if (!entry)
      throw new HotlineError('not-found', `There is no schedule "${name}".`, {
        field: 'params.name',
      });
    return this.#view(entry);
  }

  /** Creates or replaces a schedule; the next call through a node naming it follows it. */
  put(
    actor: Actor,
    name: string,
    input: ScheduleInput,
  ): Promise<{ schedule: ScheduleView; created: boolean }> {
    return this.#serial.run(async () => {
      const document = parseSchedule(input, 'body');
      const previous = this.#entries.get(name);
      const now = this.#clock.now();
      const row: ScheduleRow = {
        name,
        document: JSON.stringify(document),
        version: (previous?.row.version ?? 0) + 1,
        created_at: previous?.row.created_at ?? now,
        updated_at: now,
        updated_by: actor.name,
      };
      await this.#events.write(async (w) => {
        await scheduleRepository.upsert(w.trx, row);
        await w.append('config.schedule-saved', SCHEDULES_STREAM, {
          schedule: name,
          version: row.version,
          created: !previous,
          document,
          by: actor.name,
        });
        await this.#audit.record(w.trx, actor, {
          action: previous ? 'schedule.replace' : 'schedule.create',
          resource: 'schedules',
          resourceId: name,
          details: { version: row.version, document },
        });
      });
      const entry = this.#entry(row, document);
      this.#entries.set(name, entry);
      return { schedule: this.#view(entry), created: !previous };
    });
  }

  /** Removes a schedule no published flow names. */
  remove(actor: Actor, name: string): Promise<void> {
    return this.#serial.run(async () => {
      const entry = this.#entries.get(name);
      if (!entry)
        throw new HotlineError('not-found', `There is no schedule "${name}".`, {
          field: 'params.name',
        });
      const flows = await this.#flowsUsing(name);
      if (flows.length > 0)
        throw new HotlineError(
          'conflict',
          `Schedule "${name}" is used by the published IVR flow${flows.length === 1 ? '' : 's'} ${flows.map((f) => `"${f}"`).join(', ')}; publish ${flows.length === 1 ? 'it' : 'them'} without it first.`,
          { field: 'params.name' },
        );
      await this.#events.write(async (w) => {
        await scheduleRepository.delete(w.trx, name);
        await w.append('config.schedule-deleted', SCHEDULES_STREAM, {
          schedule: name,
          version: entry.row.version,
          by: actor.name,
        });
        await this.#audit.record(w.trx, actor, {
          action: 'schedule.delete',
          resource: 'schedules',
          resourceId: name,
          details: { version: entry.row.version },
        });
      });
      this.#entries.delete(name);
    });
  }

  /** Saves the starter schedules unless schedules were ever configured here. */
  async seed(
    actor: Actor,
    schedules: Readonly<Record<string, ScheduleDocument>>,
  ): Promise<boolean> {
    if (await configRepository.streamStarted(this.#events.database.db, SCHEDULES_STREAM))
      return false;
    for (const [name, document] of Object.entries(schedules)) await this.put(actor, name, document);
    return true;
  }

  #entry(row: ScheduleRow, document: ScheduleDocument): Entry {
    return { row, document, hours: scheduleHours(document, this.#timeZone) };
  }

  #view(entry: Entry): ScheduleView {
    return {
      name: entry.row.name,
      document: entry.document,
      timeZone: entry.hours.timeZone,
      version: entry.row.version,
      createdAt: Number(entry.row.created_at),
      updatedAt: Number(entry.row.updated_at),
      updatedBy: entry.row.updated_by,
    };
  }
}
