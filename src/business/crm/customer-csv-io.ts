// Importing and exporting the directory as CSV. An import checks every row
// first and reports each bad one with its line and reason; it writes only
// when all rows are good, in one transaction, so nothing is ever half
// imported. An export pages through the directory by id and is audited.
import type { CountryCode } from 'libphonenumber-js';
import type { Clock, InputProblem } from '../../platform/index.ts';
import type { EventStore } from '../../store/index.ts';
import type { CustomerPatch } from './customer.ts';
import { checkCustomerFields, tagKey } from './customer-fields.ts';
import { csvDocument, csvLine, parseCsv } from './customer-csv.ts';
import { customerRepository, type NewCustomerRecord } from './customer-repository.ts';
import { newCustomerRecord, toCustomer } from './customer-views.ts';
import { customerStream } from './crm-events.ts';
import type { CustomerChange } from './customer-directory.ts';
import { invalid } from './customer-directory.ts';

export const csvColumns = [
  'name',
  'phones',
  'email',
  'document',
  'birthday',
  'language',
  'tier',
  'tags',
  'notes',
  'consent_calls',
  'consent_sms',
  'consent_email',
] as const;
type Column = (typeof csvColumns)[number];
/** Written by an export, ignored by an import (so an export can be imported again). */
const exportOnly = ['id', 'created_at'];

export interface ImportReport {
  dryRun: boolean;
  /** Data rows read (the header not counted). */
  rows: number;
  imported: number;
  /** Every problem, each with its line (at most MAX_PROBLEMS). */
  problems: InputProblem[];
}

export interface ExportFilter {
  tag?: string;
  tier?: string;
  /** The ID document in full instead of masked (admins only, audited either way). */
  includeDocument?: boolean;
}

const MAX_PROBLEMS = 1000;
const MAX_ROWS = 100_000;
const LIST_SEPARATOR = /[;；|]/;
const YES = new Set(['1', 'true', 'yes', 'y', '是']);
const NO = new Set(['', '0', 'false', 'no', 'n', '否']);

export async function importCustomersCsv(
  deps: { events: EventStore; clock: Clock; region: CountryCode; today: string },
  change: CustomerChange,
  text: string,
  options: { dryRun: boolean; source?: 'import' | 'seed' },
): Promise<ImportReport> {
  const { records, error } = parseCsv(text);
  const problems: InputProblem[] = [];
  const add = (p: InputProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  if (error) add({ field: 'csv', line: error.line, message: error.message });
  const [header, ...rows] = records;
  if (!header) {
    add({
      field: 'csv',
      line: 1,
      message: `the file is empty: the first line names the columns (${csvColumns.join(',')})`,
    });
    return report(options.dryRun, 0, 0, problems);
  }
  const columns = header.cells.map((c) => c.trim().toLowerCase());
  columns.forEach((name) => {
    if (!(csvColumns as readonly string[]).includes(name) && !exportOnly.includes(name))
      add({
        field: `header.${name}`,
        line: header.line,
        message: `is not a known column (${csvColumns.join(', ')})`,
      });
  });
  if (!columns.includes('name'))
    add({
      field: 'header.name',
      line: header.line,
      message: 'is required: every customer has a name',
    });
  if (rows.length > MAX_ROWS)
    add({
      field: 'csv',
      line: rows[MAX_ROWS]!.line,
      message: `more than ${MAX_ROWS} rows: split the file`,
    });
  const at = deps.clock.now();
  const accepted: NewCustomerRecord[] = [];
  if (problems.length === 0) {
    for (const row of rows) {
      if (row.cells.length !== columns.length) {
        add({
          field: 'csv',
          line: row.line,
          message: `has ${row.cells.length} cells; the header has ${columns.length}`,
        });
        continue;
      }
      const cell = (name: Column): string | undefined => {
        const i = columns.indexOf(name);
        return i < 0 ? undefined : unguard(row.cells[i]!.trim());
      };
      const { input, problems: cellProblems } = rowInput(cell);
      const { values, problems: fieldProblems } = checkCustomerFields(input, {
        prefix: '',
        region: deps.region,
        today: deps.today,
      });
      const all = [...cellProblems, ...fieldProblems];
      if (values.name === undefined && !all.some((p) => p.field === 'name'))
        all.push({ field: 'name', message: 'is required' });
      for (const p of all) add({ ...p, line: row.line });
      if (all.length === 0) accepted.push(newCustomerRecord({ ...values, name: values.name! }, at));
    }
  }
  if (options.dryRun || problems.length > 0) {
    if (!options.dryRun) throw invalid(problems);
    return report(true, rows.length, 0, problems);
  }
  const fields = columns.filter((c) => (csvColumns as readonly string[]).includes(c));
  await deps.events.write(async (w) => {
    const ids = await customerRepository.insertMany(w.trx, accepted);
    await w.appendAll(
      ids.map((id) => ({
        type: 'customer.created' as const,
        stream: customerStream(id),
        payload: {
          customerId: id,
          by: change.by,
          source: options.source ?? 'import',
          fields,
        },
      })),
    );
    await change.audit(w.trx, {
      action: 'customers.import',
      resource: 'customers',
      details: { rows: ids.length, firstId: ids[0] ?? null, lastId: ids.at(-1) ?? null },
    });
  });
  return report(false, rows.length, accepted.length, []);
}

function report(
  dryRun: boolean,
  rows: number,
  imported: number,
  problems: InputProblem[],
): ImportReport {
  return { dryRun, rows, imported, problems };
}

/** Undoes the export's formula guard ('=1 → =1) so files round-trip. */
function unguard(text: string): string {
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}

function rowInput(cell: (name: Column) => string | undefined): {
  input: CustomerPatch;
  problems: InputProblem[];
} {
  const problems: InputProblem[] = [];
  const input: CustomerPatch = {};
  const name = cell('name');
  if (name !== undefined && name !== '') input.name = name;
  const list = (text: string | undefined) =>
    text === undefined
      ? undefined
      : text
          .split(LIST_SEPARATOR)
          .map((s) => s.trim())
          .filter((s) => s !== '');
  const phones = list(cell('phones'));
  if (phones) input.phones = phones;
  for (const key of ['email', 'document', 'birthday'] as const) {
    const value = cell(key);
    if (value !== undefined) input[key] = value === '' ? null : value;
  }
  const language = cell('language');
  if (language !== undefined)
    input.language = language === '' ? null : (language.toLowerCase() as 'zh');
  const tier = cell('tier');
  if (tier !== undefined && tier !== '') input.tier = tier.toLowerCase() as 'standard';
  const tags = list(cell('tags'));
  if (tags) input.tags = tags.map(tagKey);
  const notes = cell('notes');
  if (notes !== undefined) input.notes = notes;
  const consent: { calls?: boolean; sms?: boolean; email?: boolean } = {};
  for (const [column, key] of [
    ['consent_calls', 'calls'],
    ['consent_sms', 'sms'],
    ['consent_email', 'email'],
  ] as const) {
    const value = cell(column)?.toLowerCase();
    if (value === undefined) continue;
    if (YES.has(value)) consent[key] = true;
    else if (NO.has(value)) consent[key] = false;
    else
      problems.push({
        field: column,
        message: `"${value}" is not yes or no (1/0, true/false, 是/否)`,
      });
  }
  input.consent = consent;
  return { input, problems };
}

export async function exportCustomersCsv(
  events: EventStore,
  change: CustomerChange,
  filter: ExportFilter,
): Promise<{ csv: string; rows: number }> {
  const db = events.database.db;
  const parts = [csvDocument(['id', ...csvColumns, 'created_at'])];
  let afterId = 0;
  let count = 0;
  for (;;) {
    const rows = await customerRepository.search(db, {
      limit: 1000,
      afterId,
      ...(filter.tag !== undefined ? { tag: tagKey(filter.tag) } : {}),
      ...(filter.tier !== undefined ? { tier: filter.tier } : {}),
    });
    if (rows.length === 0) break;
    const phones = await customerRepository.phonesOf(
      db,
      rows.map((r) => r.id),
    );
    for (const row of rows) {
      const c = toCustomer(row, phones.get(row.id) ?? []);
      parts.push(
        csvLine([
          c.id,
          c.name,
          c.phones.map((p) => p.e164).join(';'),
          c.email,
          filter.includeDocument ? row.document : c.document,
          c.birthday,
          c.language,
          c.tier,
          c.tags.join(';'),
          c.notes,
          c.consent.calls ? 1 : 0,
          c.consent.sms ? 1 : 0,
          c.consent.email ? 1 : 0,
          new Date(c.createdAt).toISOString(),
        ]),
      );
    }
    count += rows.length;
    afterId = rows.at(-1)!.id;
  }
  await events.write((w) =>
    change.audit(w.trx, {
      action: 'customers.export',
      resource: 'customers',
      details: { rows: count, filter: { ...filter } },
    }),
  );
  return { csv: parts.join(''), rows: count };
}
