// Benchmark: sustained calls per second through a SIP element, with sipp as
// the load generator (UAC) and the answering side (UAS) on loopback, bounded
// in time. Usage:
//   npm run bench:sip -- kamailio [rate] [calls]
//   npm run bench:sip -- hotline  [rate] [calls]
// kamailio: sipp UAC -> Kamailio stateful proxy -> sipp UAS.
// hotline:  sipp UAC -> Hotline B2BUA (inbound leg, outbound leg to a
//           registered extension) -> sipp UAS, every call's events persisted.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerArgs, startInProcessHotline } from './load/in-process-hotline.ts';

const [element = 'kamailio', rateArg = '1000', callsArg] = process.argv.slice(2);
const rate = Number(rateArg);
const calls = Number(callsArg ?? rate * 10);
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-sip-'));
const children: ChildProcess[] = [];

function start(command: string, args: string[], name: string): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  child.on('exit', (code) => {
    if (code && code !== 0 && !stopping)
      console.error(`${name} exited ${code}:\n${output.slice(-2000)}`);
  });
  (child as ChildProcess & { output: () => string }).output = () => output;
  children.push(child);
  return child;
}

let stopping = false;
function stopAll(): void {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
}
process.on('exit', stopAll);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sippStats(output: string): { successful: number; failed: number; elapsed: string } {
  const number = (label: string) => {
    const m = new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(output);
    return m ? Number(m[1]) : NaN;
  };
  const elapsed = /Elapsed Time\s*\|[^|]*\|\s*(\S+)/.exec(output)?.[1] ?? '?';
  return { successful: number('Successful call'), failed: number('Failed call'), elapsed };
}

async function runUac(
  target: string,
  extraArgs: string[] = [],
): Promise<{ successful: number; failed: number; seconds: number }> {
  const started = Date.now();
  const uac = start(
    'sipp',
    [
      target,
      '-sf',
      new URL('./sipp/uac.xml', import.meta.url).pathname,
      '-i',
      '127.0.0.1',
      '-p',
      '5090',
      '-r',
      String(rate),
      '-rp',
      '1000',
      '-m',
      String(calls),
      '-l',
      String(rate * 4),
      '-buff_size',
      '1048576',
      '-timeout',
      `${Math.ceil(calls / rate) + 30}s`,
      '-timeout_error',
      '-nostdin',
      '-max_socket',
      '5000',
      '-s',
      '1001',
      '-d',
      '200',
      ...extraArgs,
    ],
    'sipp uac',
  );
  await new Promise((resolve) => uac.on('exit', resolve));
  const stats = sippStats((uac as ChildProcess & { output: () => string }).output());
  return { ...stats, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<void> {
  console.log(
    `${element}: ${calls} calls offered at ${rate}/s (sipp ${'3.6.1'}, node ${process.version})`,
  );
  if (element === 'kamailio') {
    const cfg = readFileSync(new URL('./kamailio/stateful-proxy.cfg', import.meta.url), 'utf8')
      .replaceAll('__PORT__', '5070')
      .replaceAll('__UAS__', '127.0.0.1:5080');
    const cfgPath = join(dir, 'kamailio.cfg');
    writeFileSync(cfgPath, cfg);
    start(
      'kamailio',
      [
        '-f',
        cfgPath,
        '-DD',
        '-E',
        '-x',
        'fm',
        '-X',
        'fm',
        '-m',
        '4096',
        '-M',
        '64',
        '-Y',
        join(dir, 'run'),
      ],
      'kamailio',
    );
    await sleep(1500);
    startUas();
    const result = await runUac('127.0.0.1:5070');
    report(result);
  } else {
    const hotline = await startHotline();
    const { monitorEventLoopDelay } = await import('node:perf_hooks');
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    // BENCH_PROFILE=<file>: a CPU profile of the main thread only (media workers unprofiled).
    const profile = process.env.BENCH_PROFILE ? await startProfile() : undefined;
    startUas();
    await sleep(500);
    try {
      const result = await runUac(
        `127.0.0.1:${hotline.port}`,
        process.env.BENCH_TRACE ? ['-trace_err', '-error_file', '/tmp/bench_err.log'] : [],
      );
      await hotline.telephony.flushEvents();
      const persisted = await hotline.countLegEvents();
      report(result);
      lag.disable();
      if (profile) await profile.stop(process.env.BENCH_PROFILE!);
      console.log(
        `main thread event-loop delay: p50 ${(lag.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`,
      );
      console.log(
        `leg events persisted: ${persisted} (${(persisted / Math.max(1, result.successful)).toFixed(1)} per call)`,
      );
      console.log(
        (await hotline.legEventsByType()).map((r) => `${r.type} ${Number(r.n)}`).join(', '),
      );
    } finally {
      await hotline.stop();
    }
  }
}

/** Hotline in this process: SQLite on a temp folder, sipp's address a trunk peer, the sipp UAS registered as 1001. */
async function startProfile() {
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    stop: async (file: string) => {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** The answering side: sipp on 5080 with the benchmark UAS scenario. */
function startUas(): void {
  start(
    'sipp',
    [
      '-sf',
      new URL('./sipp/uas.xml', import.meta.url).pathname,
      '-i',
      '127.0.0.1',
      '-p',
      '5080',
      '-buff_size',
      '1048576',
      '-nostdin',
      '-max_socket',
      '5000',
    ],
    'sipp uas',
  );
}

async function startHotline() {
  const { hotline } = await startInProcessHotline({
    dir,
    sipPort: 5070,
    trace: Boolean(process.env.BENCH_TRACE),
  });
  const register = start('sipp', registerArgs(5070, 5080), 'sipp register');
  await new Promise((resolve) => register.on('exit', resolve));
  return {
    port: 5070,
    telephony: hotline.telephony,
    countLegEvents: async () =>
      (
        await hotline.database.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('type', 'like', 'leg.%')
          .executeTakeFirstOrThrow()
      ).n,
    legEventsByType: async () =>
      hotline.database.db
        .selectFrom('events')
        .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
        .where('type', 'like', 'leg.%')
        .groupBy('type')
        .execute(),
    stop: () => hotline.stop(),
  };
}

function report(r: { successful: number; failed: number; seconds: number }): void {
  console.log(
    `successful ${r.successful}, failed ${r.failed} (${((r.failed / Math.max(1, r.successful + r.failed)) * 100).toFixed(2)} %), ` +
      `${(r.successful / r.seconds).toFixed(0)} calls/s over ${r.seconds.toFixed(1)} s wall time`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    stopAll();
    rmSync(dir, { recursive: true, force: true });
  });
