// Benchmark: memory Hotline keeps per ended call. Hotline runs in this process (demo center,
// SQLite); sipp calls it in rounds (extension 1001 through both B2BUA legs, and the demo
// hotline's IVR, audio both ways) and after each round, once every call has ended and the SIP
// transaction timers have run out, the bench forces full GCs in the main thread and the media
// workers and prints their heaps. Growth of heapUsed per call after GC is memory kept per call.
// Usage (memoryUsage): npm run bench:memory -- --rounds=3 --calls=2000 --rate=200 [--snapshots]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hotlineApi } from '../test/support/hotline-api.ts';
import { freePort } from '../test/support/sipp.ts';
import { ChildProcesses } from './load/child-processes.ts';
import { BENCH_EXTENSION, registerArgs, startInProcessHotline } from './load/in-process-hotline.ts';
import { writeCallerFiles } from './load/caller-files.ts';
import {
  configureAgents,
  loginAgents,
  prepareCenter,
  session,
  startPhones,
} from './load/load-setup.ts';
import { HeapProbe, type MemoryFigures } from './memory/heap-probe.ts';
import { countByName, describeGrowth, diffCounts } from './memory/heap-snapshot-diff.ts';
import { memoryUsage, parseMemoryOptions, type MemoryOptions } from './memory/memory-options.ts';

const HOTLINE_NUMBER = '4008001000';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const sippDir = new URL('./sipp/', import.meta.url).pathname;

type Started = Awaited<ReturnType<typeof startInProcessHotline>>;

function sippCompleted(output: string): { successful: number; failed: number } {
  const number = (label: string) => {
    const m = new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(output);
    return m ? Number(m[1]) : 0;
  };
  return { successful: number('Successful call'), failed: number('Failed call') };
}

/** One round: `calls` calls at `rate`/s to the targets, sipp's counts when the callers exit. */
async function runRound(
  children: ChildProcesses,
  dir: string,
  hotline: Started,
  options: MemoryOptions,
  calls: number,
  round: string,
): Promise<{ successful: number; failed: number }> {
  if (options.to === 'queue') return runQueueRound(children, dir, hotline, options, calls, round);
  const services =
    options.to === 'both'
      ? [BENCH_EXTENSION, HOTLINE_NUMBER]
      : [options.to === 'extension' ? BENCH_EXTENSION : HOTLINE_NUMBER];
  const runs = await Promise.all(
    services.map(async (service, i) => {
      const share = Math.floor(calls / services.length) + (i < calls % services.length ? 1 : 0);
      const rate = Math.max(1, Math.round(options.rate / services.length));
      const caller = children.start(
        `sipp caller ${service}`,
        'sipp',
        [
          `127.0.0.1:${hotline.sipUdpPort}`,
          ...['-sf', join(sippDir, 'memory-uac.xml'), '-s', service],
          ...['-i', '127.0.0.1', '-p', String(await freePort()), '-mi', '127.0.0.1'],
          ...['-mp', String(12000 + i * 2000)],
          ...['-r', String(rate), '-rp', '1000', '-m', String(share)],
          ...[
            '-l',
            String(rate * Math.ceil(options.holdMs / 1000 + 5)),
            '-d',
            String(options.holdMs),
          ],
          ...['-nostdin', '-buff_size', '4194304', '-max_socket', '10000'],
          ...['-timeout', `${Math.ceil(share / rate) + 120}s`, '-timeout_error'],
        ],
        join(dir, `caller-${round}-${service}.log`),
      );
      await caller.exited;
      return sippCompleted(caller.output());
    }),
  );
  return runs.reduce((a, b) => ({
    successful: a.successful + b.successful,
    failed: a.failed + b.failed,
  }));
}

/** The load bench's callers (bench/load/caller-files.ts): keys through the IVR into the queues. */
async function runQueueRound(
  children: ChildProcesses,
  dir: string,
  hotline: Started,
  options: MemoryOptions,
  calls: number,
  round: string,
): Promise<{ successful: number; failed: number }> {
  const files = writeCallerFiles(dir, { stay: { min: options.stayS, max: options.stayS } }, calls);
  const caller = children.start(
    'sipp queue callers',
    'sipp',
    [
      `127.0.0.1:${hotline.sipUdpPort}`,
      ...['-sf', files.scenario, '-inf', files.csv, '-s', HOTLINE_NUMBER],
      ...['-i', '127.0.0.1', '-p', String(await freePort()), '-mi', '127.0.0.1', '-mp', '10000'],
      ...['-r', String(options.rate), '-rp', '1000', '-m', String(calls)],
      ...['-l', String(options.rate * (options.stayS + 30))],
      ...['-nostdin', '-buff_size', '4194304', '-max_socket', '10000'],
      ...['-timeout', `${Math.ceil(calls / options.rate) + 300}s`, '-timeout_error'],
    ],
    join(dir, `caller-${round}-queue.log`),
  );
  await caller.exited;
  return sippCompleted(caller.output());
}

/** queue: the demo agents' extensions on sipp phones, the agents logged in ready. */
async function startAgents(
  children: ChildProcesses,
  dir: string,
  hotline: Started,
  options: MemoryOptions,
) {
  const api = hotlineApi(hotline.http);
  const admin = await session(api, 'admin', hotline.passwordOf('admin'));
  const passwords = await configureAgents(admin, hotline, options.agents);
  const load = { agents: options.agents, agentsPerPhone: 25, seconds: 3600 };
  await startPhones(children, dir, load as Parameters<typeof startPhones>[2], hotline.sipUdpPort);
  await loginAgents(api, passwords, options.agents);
}

/** The called extension: registered from its port, then answering there with the audio echoed. */
async function startCallee(children: ChildProcesses, dir: string, hotline: Started): Promise<void> {
  const uasPort = await freePort();
  const register = children.start(
    'sipp register',
    'sipp',
    registerArgs(hotline.sipUdpPort, uasPort),
    join(dir, 'register.log'),
  );
  if ((await register.exited) !== 0) throw new Error(`registering ${BENCH_EXTENSION} failed`);
  children.start(
    'sipp callee',
    'sipp',
    [
      ...['-sf', join(sippDir, 'uas.xml'), '-i', '127.0.0.1', '-p', String(uasPort)],
      ...['-mi', '127.0.0.1', '-mp', '16000', '-rtp_echo'],
      ...['-nostdin', '-buff_size', '4194304', '-max_socket', '10000'],
    ],
    join(dir, 'callee.log'),
  );
}

/** Waits until Hotline has no call, leg or media endpoint left (at most two minutes). */
async function untilIdle(hotline: Started): Promise<string> {
  const parts = () => hotline.hotline.telephony.healthParts;
  const left = () => {
    const { calls, media } = parts();
    const endpoints = media?.workers.reduce((n, w) => n + w.endpoints, 0) ?? 0;
    return { calls, legs: hotline.hotline.telephony.legs, endpoints };
  };
  for (let i = 0; i < 240; i++) {
    const now = left();
    if (now.calls + now.legs + now.endpoints === 0) return 'idle';
    await sleep(500);
  }
  const now = left();
  return `NOT idle after 2 min: ${now.calls} calls, ${now.legs} legs, ${now.endpoints} endpoints`;
}

function row(name: string, calls: number, m: MemoryFigures): string {
  const workers = m.workers.map((w) => `${mib(w.usedBytes)}/${mib(w.totalBytes)}`).join(', ');
  return (
    `${name.padEnd(9)} ${String(calls).padStart(6)}  ${mib(m.heapUsed).padStart(8)} ${mib(m.heapTotal).padStart(8)} ` +
    `${mib(m.external).padStart(8)} ${mib(m.arrayBuffers).padStart(8)} ${mib(m.rss).padStart(8)} ${mib(m.peakRss).padStart(8)}   ${workers}`
  );
}

async function main(children: ChildProcesses, dir: string, options: MemoryOptions): Promise<void> {
  console.log(
    `memory-per-call: warm-up ${options.warmup} calls, then ${options.rounds} rounds of ${options.calls} calls at ` +
      `${options.rate}/s to ${options.to === 'both' ? `extension ${BENCH_EXTENSION} and the hotline ${HOTLINE_NUMBER} (half each)` : options.to}, ` +
      (options.to === 'queue'
        ? `through the IVR to ${options.agents} agents, ${options.stayS} s wait and talk`
        : `${options.holdMs} ms up after the answer`) +
      `, audio both ways; ${options.settleS} s settle after each round`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, ` +
      `${process.env.BENCH_BUILD === 'dist' ? 'compiled (dist)' : 'sources through tsx'}; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const hotline = await startInProcessHotline({
    dir,
    sipPort: await freePort(),
    demo: true,
    trace: Boolean(process.env.BENCH_TRACE),
  });
  const admin = await session(hotlineApi(hotline.http), 'admin', hotline.passwordOf('admin'));
  await prepareCenter(admin, 1);
  if (options.to === 'queue') await startAgents(children, dir, hotline, options);
  else await startCallee(children, dir, hotline);
  await sleep(500);
  const probe = await HeapProbe.open();
  console.log(
    `media workers attached: ${(await probe.figures()).workers.map((w) => w.title).join(', ')}\n`,
  );
  console.log(
    `round      calls  heapUsed heapTotal external arrayBuf      RSS RSS peak   workers used/total (MiB, after GC)`,
  );
  const results: { name: string; calls: number; m: MemoryFigures }[] = [];
  let snapshotOne: string | undefined;
  for (let r = 0; r <= options.rounds; r++) {
    const name = r === 0 ? 'warm-up' : `round ${r}`;
    const calls = r === 0 ? options.warmup : options.calls;
    const counts =
      calls > 0
        ? await runRound(children, dir, hotline, options, calls, String(r))
        : { successful: 0, failed: 0 };
    const idle = await untilIdle(hotline);
    await sleep(options.settleS * 1000);
    await probe.collectAll();
    const m = await probe.figures();
    results.push({ name, calls: counts.successful, m });
    console.log(
      row(name, counts.successful, m) +
        (counts.failed || idle !== 'idle' ? `   (${counts.failed} failed; ${idle})` : ''),
    );
    if (options.snapshots && (r === 1 || r === options.rounds)) {
      const file = probe.writeMainSnapshot(join(dir, `main-round-${r}.heapsnapshot`));
      if (r === 1) snapshotOne = file;
      else if (snapshotOne) {
        const between = results.slice(2).reduce((n, x) => n + x.calls, 0);
        console.log(`\nmain thread, objects kept from round 1 to round ${r} (by constructor):`);
        const growth = diffCounts(
          countByName(readFileSync(snapshotOne, 'utf8')),
          countByName(readFileSync(file, 'utf8')),
        );
        for (const line of describeGrowth(growth, 30, between)) console.log(`  ${line}`);
      }
    }
  }
  probe.close();
  const first = results[1]!;
  const last = results.at(-1)!;
  const calls = results.slice(2).reduce((n, x) => n + x.calls, 0);
  const per = (a: number, b: number) => ((b - a) / Math.max(1, calls)).toFixed(0);
  const workersUsed = (m: MemoryFigures) => m.workers.reduce((n, w) => n + w.usedBytes, 0);
  console.log(
    `\nkept per call from round 1 to round ${options.rounds} (${calls} calls): main heapUsed ${per(first.m.heapUsed, last.m.heapUsed)} B, ` +
      `external ${per(first.m.external, last.m.external)} B, workers' heaps ${per(workersUsed(first.m), workersUsed(last.m))} B, ` +
      `RSS ${per(first.m.rss, last.m.rss)} B`,
  );
  await hotline.hotline.stop();
}

if (process.argv.includes('--help')) {
  console.log(memoryUsage);
  process.exit(0);
}
const options = (() => {
  try {
    return parseMemoryOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
})();
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-memory-'));
const children = new ChildProcesses();
const finish = async (code: number) => {
  await children.stopAll();
  if (options.keep || options.snapshots || code !== 0) console.log(`run folder kept: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  process.exit(code);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void finish(130));
main(children, dir, options).then(
  () => finish(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    return finish(1);
  },
);
