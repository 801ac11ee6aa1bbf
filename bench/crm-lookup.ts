// Benchmark: caller lookup (by E.164) and customer search (name prefix, number, e-mail, ID
// document, tag) at a million customers, on SQLite (a temporary file) and PostgreSQL (a schema
// dropped afterwards). Customers are generated (the demo generator, seeded) and bulk-loaded
// with multi-row inserts, 10,000 per transaction, into both engines side by side.
// Usage: npm run bench:crm [-- <customers> <samples per query kind>]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { systemClock } from '../src/platform/index.ts';
import { EventStore, migrateToLatest, openDatabase, type Database } from '../src/store/index.ts';
import {
  CustomerDirectory,
  customerRepository,
  newCustomerRecord,
  type CustomerQuery,
  type NewCustomerRecord,
} from '../src/business/crm/index.ts';
import { checkCustomerFields } from '../src/business/crm/customer-fields.ts';
import { generateCustomer, Rng } from '../src/business/crm/demo-customers.ts';

const count = Number(process.argv[2] ?? 1_000_000);
const samples = Number(process.argv[3] ?? 2000);
const BATCH = 10_000;
const postgresUrl =
  process.env.HOTLINE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Engine {
  name: string;
  database: Database;
  directory: CustomerDirectory;
  loadMs: number;
}

/** Reservoir samples of what was loaded, so queries hit real rows. */
class Reservoir<T> {
  readonly items: T[] = [];
  #seen = 0;
  readonly #rng = new Rng(7);
  constructor(readonly size: number) {}
  add(item: T): void {
    this.#seen++;
    if (this.items.length < this.size) this.items.push(item);
    else {
      const j = this.#rng.int(this.#seen);
      if (j < this.size) this.items[j] = item;
    }
  }
}

const seen = {
  phones: new Reservoir<{ e164: string; raw: string }>(samples),
  names: new Reservoir<string>(samples),
  emails: new Reservoir<string>(samples),
  documents: new Reservoir<string>(samples),
};

function batch(rng: Rng, size: number): NewCustomerRecord[] {
  const records: NewCustomerRecord[] = [];
  for (let i = 0; i < size; i++) {
    const c = generateCustomer(rng);
    const { values } = checkCustomerFields(
      { ...c, tier: c.tier as 'standard' },
      { prefix: '', today: '2026-11-28' },
    );
    const record = newCustomerRecord({ ...values, name: values.name! }, Date.now());
    records.push(record);
    for (const p of record.phones) seen.phones.add(p);
    seen.names.add(record.row.name);
    if (record.row.email) seen.emails.add(record.row.email);
    if (record.row.document) seen.documents.add(record.row.document);
  }
  return records;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(
  queries: (() => Promise<unknown>)[],
): Promise<{ p50: number; p99: number; max: number }> {
  for (const q of queries.slice(0, 100)) await q(); // warm-up
  const ms: number[] = [];
  for (const q of queries) {
    const start = process.hrtime.bigint();
    await q();
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1)! };
}

async function measure(engine: Engine): Promise<void> {
  const d = engine.directory;
  const search = (q: CustomerQuery) => () => d.search(q);
  const rng = new Rng(99);
  const kinds: [string, (() => Promise<unknown>)[]][] = [
    ['lookup hit (matchCaller e164)', seen.phones.items.map((p) => () => d.matchCaller(p.e164))],
    ['lookup miss', seen.phones.items.map(() => () => d.matchCaller(`+86139${rng.digits(8)}`))],
    ['search number (q, as written)', seen.phones.items.map((p) => search({ q: p.raw }))],
    [
      'search name prefix (1-2 chars / 3 letters)',
      seen.names.items.map((n) =>
        search({
          q: /^[A-Za-z]/.test(n) ? n.slice(0, 3) : [...n].slice(0, 1 + rng.int(2)).join(''),
        }),
      ),
    ],
    ['search full name', seen.names.items.map((n) => search({ q: n }))],
    ['search e-mail', seen.emails.items.map((e) => search({ q: e }))],
    ['search ID document', seen.documents.items.map((doc) => search({ document: doc }))],
    [
      'search tag (+ tier)',
      seen.names.items.map(() =>
        search({
          tag: rng.pick(['frequent-flyer', 'family', 'group-booking']),
          tier: rng.pick(['gold', 'platinum', 'silver']),
        }),
      ),
    ],
  ];
  for (const [label, queries] of kinds) {
    const r = await time(queries);
    console.log(
      `${engine.name.padEnd(11)} ${label.padEnd(44)} p50 ${r.p50.toFixed(3).padStart(7)} ms   p99 ${r.p99
        .toFixed(3)
        .padStart(7)} ms   max ${r.max.toFixed(1).padStart(6)} ms   (${queries.length})`,
    );
  }
}

const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-crm-'));
const schema = `hotline_bench_crm_${process.pid}`;
const admin = new pg.Client({ connectionString: postgresUrl });
const engines: Engine[] = [];
try {
  console.log(
    `customers: ${count} generated and loaded, ${samples} samples per query (node ${process.version})`,
  );
  const sqlite = openDatabase({ engine: 'sqlite', path: join(dir, 'crm.db') });
  engines.push({ name: 'sqlite', database: sqlite, directory: undefined!, loadMs: 0 });
  try {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    engines.push({
      name: 'postgresql',
      database: openDatabase({ engine: 'postgres', url: postgresUrl }, { postgresSchema: schema }),
      directory: undefined!,
      loadMs: 0,
    });
  } catch (error) {
    console.log(`postgresql: skipped (${(error as Error).message})`);
  }
  for (const e of engines) {
    await migrateToLatest(e.database);
    e.directory = new CustomerDirectory({
      events: new EventStore(e.database, systemClock),
      clock: systemClock,
    });
  }
  const rng = new Rng(20261128);
  let generateMs = 0;
  for (let loaded = 0; loaded < count; loaded += BATCH) {
    let start = process.hrtime.bigint();
    const records = batch(rng, Math.min(BATCH, count - loaded));
    generateMs += Number(process.hrtime.bigint() - start) / 1e6;
    for (const e of engines) {
      start = process.hrtime.bigint();
      await e.database.transaction((trx) => customerRepository.insertMany(trx, records));
      e.loadMs += Number(process.hrtime.bigint() - start) / 1e6;
    }
    if ((loaded / BATCH) % 20 === 0) process.stderr.write(`  loaded ${loaded + records.length}\n`);
  }
  console.log(`generated and normalized in ${(generateMs / 1000).toFixed(1)} s`);
  for (const e of engines) {
    // Fresh statistics, as autovacuum (PostgreSQL) or `optimize` (SQLite) would have by now.
    await sql`analyze`.execute(e.database.db);
    const size =
      e.database.engine === 'sqlite'
        ? `${(statSync(join(dir, 'crm.db')).size / 2 ** 20).toFixed(0)} MiB file`
        : `${(
            Number(
              (
                await admin.query<{ bytes: string }>(
                  `select sum(pg_total_relation_size(c.oid))::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'`,
                  [schema],
                )
              ).rows[0]!.bytes,
            ) /
            2 ** 20
          ).toFixed(0)} MiB with indexes`;
    console.log(
      `${e.name.padEnd(11)} loaded ${count} customers in ${(e.loadMs / 1000).toFixed(1)} s (${Math.round(
        count / (e.loadMs / 1000),
      )} customers/s), ${size}`,
    );
  }
  for (const e of engines) await measure(e);
} finally {
  for (const e of engines) await e.database.close();
  if (engines.some((e) => e.name === 'postgresql'))
    await admin.query(`drop schema ${schema} cascade`).catch(() => undefined);
  await admin.end().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
