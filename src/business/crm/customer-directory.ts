// The customer directory: create, edit, search, caller lookup, merge,
// erase and the timeline. Every change is one transaction holding the rows,
// the event (field names, never values) and the audit entry; the API layer
// hands in who acts and how to audit through a CustomerChange.
import type { CountryCode } from 'libphonenumber-js';
import { HotlineError, type Clock, type InputProblem } from '../../platform/index.ts';
import type { EventStore, Executor, WriteContext, EventCatalogue } from '../../store/index.ts';
import type {
  CallerCandidate,
  Customer,
  CustomerPatch,
  CustomerSummary,
  NewCustomer,
} from './customer.ts';
import {
  checkCustomerFields,
  customerPhoneE164,
  documentKey,
  emailKey,
  nameKey,
  tagKey,
} from './customer-fields.ts';
import {
  customerRepository,
  interactionRepository,
  type CustomerRow,
  type InteractionRow,
  type SearchCriteria,
} from './customer-repository.ts';
import { changedColumns, newCustomerRecord, toCustomer, toSummary } from './customer-views.ts';
import { customerStream } from './crm-events.ts';
import { eraseCustomer, mergeCustomers } from './customer-merge-erase.ts';
import {
  exportCustomersCsv,
  importCustomersCsv,
  type ExportFilter,
  type ImportReport,
} from './customer-csv-io.ts';

/** Who acts and how their change is audited (the API binds its actor and AuditTrail). */
export interface CustomerChange {
  /** As events name them: a username, `system`, `seed-demo`. */
  by: string;
  /** Writes the audit entry inside the change's transaction. */
  audit(
    trx: Executor,
    entry: {
      action: string;
      resource: string;
      resourceId?: string | number;
      details?: Record<string, unknown>;
    },
  ): Promise<void>;
}

/** Binds an actor and an audit trail (the API's, structurally) into a CustomerChange. */
export function customerChange<A extends { name: string }>(
  actor: A,
  audit: {
    record(trx: Executor, actor: A, entry: Parameters<CustomerChange['audit']>[1]): Promise<void>;
  },
): CustomerChange {
  return { by: actor.name, audit: (trx, entry) => audit.record(trx, actor, entry) };
}

export interface CustomerQuery {
  /** Anything: a name prefix, a phone number, an e-mail, an ID document. */
  q?: string;
  name?: string;
  phone?: string;
  email?: string;
  document?: string;
  tag?: string;
  tier?: string;
  limit?: number;
}

export interface Interaction {
  id: number;
  customerId: number;
  kind: string;
  ref: string;
  startedAt: number;
  endedAt: number | null;
  details: Record<string, unknown>;
}

/** What the directory needs: the log (and its database) and a clock. */
export interface CrmDeps {
  events: EventStore;
  clock: Clock;
  /** The region numbers without a country code belong to (CN by default). */
  region?: CountryCode;
}

const MAX_CANDIDATES = 10;
const DEFAULT_LIMIT = 20;

export class CustomerDirectory {
  readonly #events: EventStore;
  readonly #clock: Clock;
  readonly #region: CountryCode;

  constructor(deps: CrmDeps) {
    this.#events = deps.events;
    this.#clock = deps.clock;
    this.#region = deps.region ?? 'CN';
  }

  get #db() {
    return this.#events.database.db;
  }

  /** Today's date (UTC) as YYYY-MM-DD: birthdays may not be later. */
  #today(): string {
    return new Date(this.#clock.now()).toISOString().slice(0, 10);
  }

  /** The customers a caller's number belongs to: none, one, or several candidates. */
  async matchCaller(e164: string): Promise<{ customers: CallerCandidate[] }> {
    const rows = await customerRepository.byPhone(this.#db, e164, MAX_CANDIDATES);
    const customers: CallerCandidate[] = rows.map((r) => ({
      id: r.id,
      name: r.name,
      tier: r.tier,
    }));
    const [only] = customers.length === 1 ? customers : [];
    if (only) {
      // Sticky routing: the agent who last talked with them (a few recent contacts suffice).
      for (const row of await interactionRepository.latest(this.#db, only.id, 5)) {
        const agentId = (JSON.parse(row.details) as { agentId?: string | null }).agentId;
        if (agentId) {
          only.lastAgentId = agentId;
          break;
        }
      }
    }
    return { customers };
  }

  /** Caller lookup from a number as written (normalized as calls are). */
  async lookup(number: string): Promise<{ e164: string | null; customers: CallerCandidate[] }> {
    const e164 = customerPhoneE164(number, this.#region);
    if (e164 === undefined) return { e164: null, customers: [] };
    return { e164, ...(await this.matchCaller(e164)) };
  }

  /** The customer an id stands for (a merged id resolves to its survivor). */
  async get(id: number): Promise<Customer> {
    const row = await this.#resolve(this.#db, id);
    const phones = await customerRepository.phonesOf(this.#db, [row.id]);
    return toCustomer(row, phones.get(row.id) ?? []);
  }

  async search(query: CustomerQuery): Promise<CustomerSummary[]> {
    const limit = Math.min(Math.max(query.limit ?? DEFAULT_LIMIT, 1), 100);
    const base: SearchCriteria = { limit };
    if (query.tier !== undefined) base.tier = query.tier;
    if (query.tag !== undefined) base.tag = tagKey(query.tag);
    if (query.name !== undefined) base.namePrefix = nameKey(query.name);
    if (query.email !== undefined) base.emailPrefix = emailKey(query.email);
    if (query.document !== undefined) base.documentKey = documentKey(query.document);
    if (query.phone !== undefined) {
      const e164 = customerPhoneE164(query.phone, this.#region);
      if (e164 === undefined)
        throw new HotlineError('invalid-input', `"${query.phone}" is not a phone number`, {
          field: 'querystring.phone',
        });
      base.e164 = e164;
    }
    // A free-text query may be several things at once (digits: a phone or a document); try each.
    const variants: SearchCriteria[] = [];
    const q = query.q?.trim();
    if (q) {
      if (q.includes('@')) variants.push({ ...base, emailPrefix: emailKey(q) });
      else {
        const e164 =
          q.replace(/\D/g, '').length >= 7 ? customerPhoneE164(q, this.#region) : undefined;
        if (e164 !== undefined) variants.push({ ...base, e164 });
        if (/\d/.test(q) && /^[0-9A-Za-z -]{5,40}$/.test(q))
          variants.push({ ...base, documentKey: documentKey(q) });
        if (nameKey(q) !== '') variants.push({ ...base, namePrefix: nameKey(q) });
      }
    } else variants.push(base);
    const rows: CustomerRow[] = [];
    const seen = new Set<number>();
    for (const criteria of variants) {
      for (const row of await customerRepository.search(this.#db, criteria)) {
        if (rows.length < limit && !seen.has(row.id)) {
          seen.add(row.id);
          rows.push(row);
        }
      }
    }
    const phones = await customerRepository.phonesOf(
      this.#db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toSummary(r, phones.get(r.id) ?? []));
  }

  async create(change: CustomerChange, input: NewCustomer): Promise<Customer> {
    const { fromCallId, ...fields } = input;
    const values = this.#check(fields, 'body');
    const at = this.#clock.now();
    const id = await this.#events.write(async (w) => {
      const [id] = await customerRepository.insertMany(w.trx, [
        newCustomerRecord({ ...values, name: values.name! }, at),
      ]);
      await w.append('customer.created', customerStream(id!), {
        customerId: id!,
        by: change.by,
        source: 'api',
        fields: Object.keys(fields),
      });
      if (fromCallId !== undefined)
        await this.#linkCall(w, change, id!, fromCallId, 'body.fromCallId');
      await change.audit(w.trx, {
        action: 'customer.create',
        resource: 'customers',
        resourceId: id!,
        details: { fields: Object.keys(fields), ...(fromCallId ? { fromCallId } : {}) },
      });
      return id!;
    });
    return this.get(id);
  }

  async update(change: CustomerChange, id: number, patch: CustomerPatch): Promise<Customer> {
    const values = this.#check(patch, 'body');
    const at = this.#clock.now();
    const customerId = await this.#events.write(async (w) => {
      const row = await this.#resolve(w.trx, id);
      if (row.erased_at !== null)
        throw new HotlineError('conflict', `Customer ${row.id} was erased and cannot be edited.`, {
          field: 'params.id',
        });
      await customerRepository.update(w.trx, row.id, changedColumns(values, at));
      if (values.phones !== undefined)
        await customerRepository.replacePhones(w.trx, row.id, values.phones);
      if (values.tags !== undefined)
        await customerRepository.replaceTags(w.trx, row.id, values.tags);
      const fields = Object.keys(patch);
      await w.append('customer.updated', customerStream(row.id), {
        customerId: row.id,
        by: change.by,
        fields,
      });
      await change.audit(w.trx, {
        action: 'customer.update',
        resource: 'customers',
        resourceId: row.id,
        details: { fields },
      });
      return row.id;
    });
    return this.get(customerId);
  }

  /** Merges `duplicateId` into `survivorId`; returns the survivor as it is now. */
  async merge(change: CustomerChange, survivorId: number, duplicateId: number): Promise<Customer> {
    const at = this.#clock.now();
    const id = await this.#events.write((w) =>
      mergeCustomers(w, change, { survivorId, duplicateId, at }),
    );
    return this.get(id);
  }

  /** Removes the customer's personal fields (and those of customers merged into it). */
  async erase(change: CustomerChange, id: number, reason?: string): Promise<Customer> {
    const at = this.#clock.now();
    const erasedId = await this.#events.write((w) => eraseCustomer(w, change, { id, at, reason }));
    return this.get(erasedId);
  }

  /** Adds a call to the customer's timeline (the screen pop's "this is the caller"). */
  async linkCall(change: CustomerChange, id: number, callId: string): Promise<void> {
    await this.#events.write(async (w) => {
      const row = await this.#resolve(w.trx, id);
      await this.#linkCall(w, change, row.id, callId, 'body.callId');
      await change.audit(w.trx, {
        action: 'customer.link-call',
        resource: 'customers',
        resourceId: row.id,
        details: { callId },
      });
    });
  }

  /** The unmasked ID document, for the roles allowed; every reveal is audited. */
  async revealDocument(change: CustomerChange, id: number): Promise<string | null> {
    return this.#events.write(async (w) => {
      const row = await this.#resolve(w.trx, id);
      await change.audit(w.trx, {
        action: 'customer.reveal-document',
        resource: 'customers',
        resourceId: row.id,
      });
      return row.document;
    });
  }

  /** The customer's interactions, newest first (including those of customers merged into it). */
  async timeline(
    id: number,
    options: { before?: number; limit?: number } = {},
  ): Promise<Interaction[]> {
    const row = await this.#resolve(this.#db, id);
    const ids = [row.id, ...(await customerRepository.mergedInto(this.#db, row.id))];
    const rows = await interactionRepository.list(this.#db, ids, {
      limit: Math.min(options.limit ?? 50, 200),
      ...(options.before !== undefined ? { before: options.before } : {}),
    });
    return rows.map(toInteraction);
  }

  async importCsv(
    change: CustomerChange,
    text: string,
    options: { dryRun: boolean; source?: 'import' | 'seed' },
  ): Promise<ImportReport> {
    return importCustomersCsv(
      { events: this.#events, clock: this.#clock, region: this.#region, today: this.#today() },
      change,
      text,
      options,
    );
  }

  async exportCsv(
    change: CustomerChange,
    filter: ExportFilter = {},
  ): Promise<{ csv: string; rows: number }> {
    return exportCustomersCsv(this.#events, change, filter);
  }

  async count(): Promise<number> {
    return customerRepository.count(this.#db);
  }

  #check(input: CustomerPatch, prefix: string) {
    const { values, problems } = checkCustomerFields(input, {
      prefix,
      region: this.#region,
      today: this.#today(),
    });
    if (problems.length > 0) throw invalid(problems);
    return values;
  }

  async #resolve(db: Executor, id: number): Promise<CustomerRow> {
    const row = await customerRepository.resolve(db, id);
    if (!row) throw new HotlineError('not-found', `No customer ${id}.`, { field: 'params.id' });
    return row;
  }

  async #linkCall(
    w: WriteContext<EventCatalogue>,
    change: CustomerChange,
    customerId: number,
    callId: string,
    field: string,
  ): Promise<void> {
    const offered = await this.#events.read(
      { stream: `call:${callId}`, types: ['call.offered'], limit: 1 },
      w.trx,
    );
    if (offered.length === 0) throw new HotlineError('not-found', `No call ${callId}.`, { field });
    await w.append('customer.call-linked', customerStream(customerId), {
      customerId,
      callId,
      by: change.by,
    });
  }
}

/** Validation problems as one error naming the first field, carrying all of them. */
export function invalid(problems: InputProblem[]): HotlineError {
  const first = problems[0]!;
  const more =
    problems.length > 1
      ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})`
      : '';
  return new HotlineError('invalid-input', `${first.field} ${first.message}${more}`, {
    field: first.field,
    problems,
  });
}

function toInteraction(row: InteractionRow): Interaction {
  return {
    id: row.id,
    customerId: row.customer_id,
    kind: row.kind,
    ref: row.ref,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
