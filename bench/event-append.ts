// Benchmark: how many events per second the log commits, one transaction per
// event (each durable when acknowledged), on SQLite (synchronous full and
// normal) and PostgreSQL. Usage: npm run bench:events [-- <count>]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { systemClock } from '../src/platform/index.ts';
import { EventStore, migrateToLatest, openDatabase, type Database } from '../src/store/index.ts';

interface BenchEvents {
  'bench.event': { n: number; caller: string; queue: string };
}

const count = Number(process.argv[2] ?? 2000);
const postgresUrl =
  process.env.HOTLINE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function measure(name: string, database: Database): Promise<void> {
  await migrateToLatest(database);
  const events = new EventStore<BenchEvents>(database, systemClock);
  const payload = (n: number) => ({ n, caller: '+8613800138000', queue: 'flights' });
  for (let n = 0; n < 50; n++)
    await events.write((w) => w.append('bench.event', `call:${n}`, payload(n))); // warm-up

  let start = process.hrtime.bigint();
  for (let n = 0; n < count; n++)
    await events.write((w) => w.append('bench.event', `call:${n}`, payload(n)));
  const serialMs = Number(process.hrtime.bigint() - start) / 1e6;

  start = process.hrtime.bigint();
  const writers = 8;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let n = w; n < count; n += writers) {
        await events.write((ctx) => ctx.append('bench.event', `call:${n}`, payload(n)));
      }
    }),
  );
  const concurrentMs = Number(process.hrtime.bigint() - start) / 1e6;

  start = process.hrtime.bigint();
  const read = await events.read({ after: 0, limit: count });
  const readMs = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    `${name.padEnd(26)} serial ${Math.round((count / serialMs) * 1000)
      .toString()
      .padStart(6)} events/s (${(serialMs / count).toFixed(3)} ms each)   8 writers ${Math.round(
      (count / concurrentMs) * 1000,
    )
      .toString()
      .padStart(6)} events/s   read ${read.length} in ${readMs.toFixed(1)} ms`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
try {
  console.log(`event log: ${count} appends, one transaction each (node ${process.version})`);
  for (const synchronous of ['full', 'normal'] as const) {
    const database = openDatabase(
      { engine: 'sqlite', path: join(dir, `${synchronous}.db`) },
      { sqliteSynchronous: synchronous },
    );
    await measure(`sqlite synchronous=${synchronous}`, database);
    await database.close();
  }
  const schema = `hotline_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  try {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const database = openDatabase(
      { engine: 'postgres', url: postgresUrl },
      { postgresSchema: schema },
    );
    await measure('postgresql', database);
    await database.close();
    await admin.query(`drop schema ${schema} cascade`);
  } catch (error) {
    console.log(`postgresql: skipped (${(error as Error).message})`);
  } finally {
    await admin.end().catch(() => undefined);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
