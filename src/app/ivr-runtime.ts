// The IVR as the running process sees it: the published version of every
// flow and the dialed numbers they answer, kept current by following the
// log (a publish or a number mapping applies to the next call, no restart),
// and the adapter that runs an IvrSession for the call model.
import type {
  Flow,
  IvrFinished,
  IvrLookups,
  IvrOutcome,
  IvrResult,
  IvrRun,
  IvrSchedules,
  IvrStarter,
  KnownNames,
  NumberRoute,
  NumberRoutes,
} from '../callcenter/index.ts';
import { IvrSession, validateFlow } from '../callcenter/index.ts';
import type { ClockScheduler, Logger } from '../platform/index.ts';
import { dialedNumberRepository, ivrFlowRepository, type EventStore } from '../store/index.ts';

export interface IvrRuntimeDeps {
  events: EventStore;
  clock: ClockScheduler;
  logger: Logger;
  lookups: IvrLookups;
  known: Omit<KnownNames, 'flows'>;
  /** The named schedules flows' schedule nodes read as each call passes them. */
  schedules?: IvrSchedules;
  newId: () => string;
  recordingPath: (recordingId: string) => string;
}

export class IvrRuntime implements NumberRoutes, IvrStarter {
  readonly #deps: IvrRuntimeDeps;
  #flows = new Map<string, { flow: Flow; version: number }>();
  #numbers = new Map<string, string>();
  #unsubscribe: (() => void) | undefined;
  #reloading: Promise<void> = Promise.resolve();

  constructor(deps: IvrRuntimeDeps) {
    this.#deps = deps;
  }

  /** Loads what is published, then follows publishes and number mappings. */
  async open(): Promise<void> {
    this.#unsubscribe = this.#deps.events.subscribe((event) => {
      if (event.type === 'ivr.flow-published' || event.type === 'ivr.number-mapped') {
        // A failed reload is logged and the next publish tries again (the chain never stays broken).
        this.#reloading = this.#reloading
          .then(() => this.reload())
          .catch((error: unknown) =>
            this.#deps.logger.error(
              { err: error },
              'reloading IVR flows failed; keeping the previous ones',
            ),
          );
      }
    });
    await this.reload();
  }

  close(): void {
    this.#unsubscribe?.();
  }

  /** Waits for reloads triggered by events so far (tests). */
  settled(): Promise<void> {
    return this.#reloading;
  }

  async reload(): Promise<void> {
    const db = this.#deps.events.database.db;
    const published = await ivrFlowRepository.published(db);
    const names = new Set(published.map((p) => p.name));
    const flows = new Map<string, { flow: Flow; version: number }>();
    for (const row of published) {
      // Saved flows were valid when saved; a prompt or queue removed since makes one invalid now.
      const result = validateFlow(JSON.parse(row.document) as unknown, {
        ...this.#deps.known,
        flows: (n) => names.has(n),
      });
      if (result.ok) flows.set(row.name, { flow: result.flow, version: row.version });
      else
        this.#deps.logger.error(
          { flow: row.name, version: row.version, problems: result.errors.slice(0, 5) },
          'a published IVR flow is no longer valid; calls to it are not answered by the IVR',
        );
    }
    const numbers = new Map<string, string>();
    for (const row of await dialedNumberRepository.list(db)) numbers.set(row.number, row.flow);
    this.#flows = flows;
    this.#numbers = numbers;
  }

  forNumber(dialed: string): NumberRoute | undefined {
    const flow = this.#numbers.get(dialed);
    return flow !== undefined && this.#flows.has(flow) ? { kind: 'flow', flow } : undefined;
  }

  start(...[init, hooks]: Parameters<IvrStarter['start']>): IvrRun {
    const entry = this.#flows.get(init.flow);
    if (!entry) throw new Error(`IVR flow ${init.flow} is not published`);
    const session = new IvrSession({
      flow: entry.flow,
      legId: init.legId,
      call: { callId: init.callId, caller: { number: init.caller.number }, dialed: init.dialed },
      clock: this.#deps.clock,
      execute: init.execute,
      lookups: this.#deps.lookups,
      ...(this.#deps.schedules ? { schedules: this.#deps.schedules } : {}),
      newId: this.#deps.newId,
      recordingPath: this.#deps.recordingPath,
      loadFlow: (name) => {
        const other = this.#flows.get(name);
        if (!other) throw new Error(`IVR flow ${name} is not published`);
        return other.flow;
      },
    });
    session.onProgress((progress) => {
      if (progress.type === 'node.entered')
        hooks.onNode(progress.nodeId, progress.nodeType, progress.selfService);
    });
    session.onFinished((outcome) => {
      const finished = toIvrFinished(outcome);
      if (finished) hooks.onFinished(finished);
    });
    session.start();
    return { handle: (event) => session.handle(event), stop: () => session.stop() };
  }
}

export function toIvrFinished(outcome: IvrOutcome): IvrFinished | undefined {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(outcome.vars)) vars[name] = String(value);
  const base = { path: outcome.path, vars, language: outcome.language };
  let result: IvrResult;
  switch (outcome.kind) {
    case 'stopped':
      return undefined;
    case 'hangup':
      result = { kind: 'hangup', by: outcome.by };
      break;
    case 'queue':
      result = {
        kind: 'queue',
        queue: outcome.queue,
        priority: outcome.priority,
        skills: outcome.skills,
      };
      break;
    case 'transfer':
      result = {
        kind: 'transfer',
        target:
          outcome.target.kind === 'extension'
            ? { kind: 'extension', extension: outcome.target.extension }
            : {
                kind: 'external',
                number: outcome.target.number,
                ...(outcome.target.trunk !== undefined ? { trunk: outcome.target.trunk } : {}),
              },
      };
      break;
    case 'voicemail':
      result = {
        kind: 'voicemail',
        recordingId: outcome.recordingId,
        path: outcome.recordingPath,
        durationMs: outcome.durationMs,
      };
      break;
    case 'callback':
      result = { kind: 'callback', number: outcome.number, queue: outcome.queue };
      break;
    case 'survey':
      result = { kind: 'survey', score: outcome.score };
      break;
  }
  return { result, ...base };
}
