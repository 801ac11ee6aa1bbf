// IVR flows as an administrator manages them: every save is validated first
// (refused with errors naming node and field) and kept as a new version;
// publishing points calls at a version, rolling back points them at an
// earlier one; dialed numbers are mapped to flows. Each change is an event
// and an audit entry in the transaction that makes it.
import {
  validateFlow,
  type Flow,
  type FlowError,
  type KnownNames,
} from '../../callcenter/index.ts';
import { HotlineError, type Clock } from '../../platform/index.ts';
import {
  dialedNumberRepository,
  ivrFlowRepository,
  type EventStore,
  type IvrFlowsTable,
} from '../../store/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { AuditTrail } from '../auth/audit-trail.ts';

declare module '../../store/event-catalogue.ts' {
  interface EventCatalogue {
    'ivr.flow-saved': { name: string; version: number; by: string };
    'ivr.flow-published': { name: string; version: number; previous: number | null; by: string };
    'ivr.number-mapped': { number: string; flow: string | null; by: string };
  }
}

/** A flow refused on save: every problem, each naming its node and field. */
export class FlowRejected extends HotlineError {
  readonly errors: FlowError[];

  constructor(errors: FlowError[]) {
    const first = errors[0];
    const where = first
      ? [first.node && `nodes.${first.node}`, first.field].filter(Boolean).join('.')
      : '';
    super(
      'invalid-input',
      `The flow is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'})` +
        (first ? `: ${where ? `${where}: ` : ''}${first.message}` : ''),
      {
        field: where ? `body.document.${where}` : 'body.document',
        problems: errors.map((e) => ({
          field: e.field,
          message: e.message,
          ...(e.node !== undefined ? { node: e.node } : {}),
        })),
      },
    );
    this.errors = errors;
  }
}

export interface FlowSummary {
  name: string;
  description: string;
  publishedVersion: number | null;
  publishedAt: number | null;
  latestVersion: number;
  updatedAt: number;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const NUMBER = /^\+?[0-9*#]{1,20}$/;

export class FlowService {
  readonly #events: EventStore;
  readonly #audit: AuditTrail;
  readonly #clock: Clock;
  readonly #known: Omit<KnownNames, 'flows'>;

  constructor(deps: {
    events: EventStore;
    audit: AuditTrail;
    clock: Clock;
    /** Prompts, queues and lookups a flow may name (flows are looked up in the store). */
    known: Omit<KnownNames, 'flows'>;
  }) {
    this.#events = deps.events;
    this.#audit = deps.audit;
    this.#clock = deps.clock;
    this.#known = deps.known;
  }

  /** Validates a document without saving it. */
  async validate(
    name: string,
    document: unknown,
  ): Promise<{ ok: true; flow: Flow } | { ok: false; errors: FlowError[] }> {
    const flows = new Set((await ivrFlowRepository.list(this.#db)).map((f) => f.name));
    flows.add(name);
    return validateFlow(document, { ...this.#known, flows: (n) => flows.has(n) });
  }

  /** Saves a new version when the document is valid; refuses it (FlowRejected) otherwise. */
  async save(
    actor: Actor,
    input: {
      name: string;
      document: unknown;
      comment?: string;
      description?: string;
      publish?: boolean;
    },
  ): Promise<{ name: string; version: number; published: boolean }> {
    checkName(input.name);
    const result = await this.validate(input.name, input.document);
    if (!result.ok) throw new FlowRejected(result.errors);
    const at = this.#clock.now();
    return this.#events.write(async (w) => {
      const version = await ivrFlowRepository.saveVersion(w.trx, {
        name: input.name,
        document: JSON.stringify(input.document),
        comment: input.comment ?? null,
        by: actor.name,
        at,
        ...(input.description !== undefined ? { description: input.description } : {}),
      });
      await w.append('ivr.flow-saved', flowStream(input.name), {
        name: input.name,
        version,
        by: actor.name,
      });
      await this.#audit.record(w.trx, actor, {
        action: 'ivr-flow.save',
        resource: 'ivr-flows',
        resourceId: input.name,
        details: { version, comment: input.comment ?? null },
      });
      if (input.publish) await this.#publishIn(w, actor, input.name, version, at);
      return { name: input.name, version, published: input.publish === true };
    });
  }

  /** Points calls at `version` (a newer one, or an earlier one to roll back). */
  async publish(actor: Actor, name: string, version: number): Promise<void> {
    const at = this.#clock.now();
    await this.#events.write((w) => this.#publishIn(w, actor, name, version, at));
  }

  /** Publishes the version before the one published now. */
  async rollback(actor: Actor, name: string): Promise<number> {
    const flow = await this.#flow(name);
    const versions = (await ivrFlowRepository.versions(this.#db, name)).map((v) => v.version);
    const previous = versions.find(
      (v) => flow.published_version !== null && v < flow.published_version,
    );
    if (previous === undefined) {
      throw new HotlineError('conflict', `Flow "${name}" has no earlier version to roll back to.`, {
        field: 'params.name',
      });
    }
    await this.publish(actor, name, previous);
    return previous;
  }

  async list(): Promise<FlowSummary[]> {
    const flows = await ivrFlowRepository.list(this.#db);
    return Promise.all(flows.map((f) => this.#summary(f)));
  }

  async get(
    name: string,
    version?: number,
  ): Promise<{
    summary: FlowSummary;
    version: number;
    document: unknown;
    comment: string | null;
    createdAt: number;
    createdBy: string;
  }> {
    const flow = await this.#flow(name);
    const wanted = version ?? flow.published_version ?? (await this.#latest(name));
    const row = await ivrFlowRepository.version(this.#db, name, wanted);
    if (!row)
      throw new HotlineError('not-found', `Flow "${name}" has no version ${wanted}.`, {
        field: 'querystring.version',
      });
    return {
      summary: await this.#summary(flow),
      version: row.version,
      document: JSON.parse(row.document) as unknown,
      comment: row.comment,
      createdAt: row.created_at,
      createdBy: row.created_by,
    };
  }

  async versions(
    name: string,
  ): Promise<{ version: number; comment: string | null; createdAt: number; createdBy: string }[]> {
    await this.#flow(name);
    return (await ivrFlowRepository.versions(this.#db, name)).map((v) => ({
      version: v.version,
      comment: v.comment,
      createdAt: v.created_at,
      createdBy: v.created_by,
    }));
  }

  /** Which flow answers a dialed number; `flow: null` removes the mapping. */
  async mapNumber(
    actor: Actor,
    number: string,
    flow: string | null,
    description = '',
  ): Promise<void> {
    if (!NUMBER.test(number)) {
      throw new HotlineError(
        'invalid-input',
        `"${number}" is not a dialable number (digits, *, #, optional leading +).`,
        {
          field: 'params.number',
        },
      );
    }
    if (flow !== null) await this.#flow(flow, 'body.flow');
    await this.#events.write(async (w) => {
      if (flow === null) {
        if (!(await dialedNumberRepository.remove(w.trx, number)))
          throw new HotlineError('not-found', `Number ${number} is not mapped to a flow.`, {
            field: 'params.number',
          });
      } else {
        await dialedNumberRepository.upsert(w.trx, {
          number,
          flow,
          description,
          created_at: this.#clock.now(),
        });
      }
      await w.append('ivr.number-mapped', `number:${number}`, { number, flow, by: actor.name });
      await this.#audit.record(w.trx, actor, {
        action: flow === null ? 'number.unmap' : 'number.map',
        resource: 'dialed-numbers',
        resourceId: number,
        details: { flow },
      });
    });
  }

  async numbers(): Promise<{ number: string; flow: string; description: string }[]> {
    return (await dialedNumberRepository.list(this.#db)).map((r) => ({
      number: r.number,
      flow: r.flow,
      description: r.description,
    }));
  }

  async #publishIn(
    w: Parameters<Parameters<EventStore['write']>[0]>[0],
    actor: Actor,
    name: string,
    version: number,
    at: number,
  ): Promise<void> {
    const flow = await ivrFlowRepository.byName(w.trx, name);
    if (!flow)
      throw new HotlineError('not-found', `No flow named "${name}".`, { field: 'params.name' });
    if (!(await ivrFlowRepository.version(w.trx, name, version))) {
      throw new HotlineError('not-found', `Flow "${name}" has no version ${version}.`, {
        field: 'body.version',
      });
    }
    await ivrFlowRepository.publish(w.trx, name, version, at);
    await w.append('ivr.flow-published', flowStream(name), {
      name,
      version,
      previous: flow.published_version,
      by: actor.name,
    });
    await this.#audit.record(w.trx, actor, {
      action: 'ivr-flow.publish',
      resource: 'ivr-flows',
      resourceId: name,
      details: { version, previous: flow.published_version },
    });
  }

  async #flow(name: string, field = 'params.name'): Promise<IvrFlowsTable> {
    const flow = await ivrFlowRepository.byName(this.#db, name);
    if (!flow) throw new HotlineError('not-found', `No flow named "${name}".`, { field });
    return flow;
  }

  async #latest(name: string): Promise<number> {
    return (await ivrFlowRepository.versions(this.#db, name))[0]?.version ?? 0;
  }

  async #summary(flow: IvrFlowsTable): Promise<FlowSummary> {
    return {
      name: flow.name,
      description: flow.description,
      publishedVersion: flow.published_version,
      publishedAt: flow.published_at,
      latestVersion: await this.#latest(flow.name),
      updatedAt: flow.updated_at,
    };
  }

  get #db() {
    return this.#events.database.db;
  }
}

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw new HotlineError(
      'invalid-input',
      `"${name}" is not a flow name: use lower-case letters, digits and dashes (up to 63).`,
      { field: 'params.name' },
    );
  }
}

function flowStream(name: string): string {
  return `ivr-flow:${name}`;
}
