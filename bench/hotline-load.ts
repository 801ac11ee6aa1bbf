// Benchmark: the demo hotline under load, end to end on loopback. Callers (sipp, with RTP audio
// and RFC 4733 keys in one stream) arrive at a fixed rate up to a number open at once, go through
// the IVR into the demo queues and are served by agents on registered sipp phones, logged in
// ready through the API. Reports sipp's and Hotline's counts, each queue's service level and
// ASA, whether every agent came back ready, and Hotline's CPU and memory. Usage (loadUsage):
//   npm run bench:load -- --agents=20 --rate=5 --seconds=30     (a short run)
//   npm run bench:load                                           (400 callers, 20/s, 100 agents, 3 min)
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hotlineApi } from '../test/support/hotline-api.ts';
import { freePort } from '../test/support/sipp.ts';
import { writeCallerFiles } from './load/caller-files.ts';
import { callerMix, ivrMsOf, pathOfCaller } from './load/caller-scenario.ts';
import { ChildProcesses } from './load/child-processes.ts';
import {
  checkAgents,
  describeCallRecords,
  describeQueueFigures,
  sippCounts,
  summarizeHotlineLog,
  summarizeSippErrors,
  type AgentRow,
  type QueueFiguresRow,
} from './load/load-report.ts';
import { loadUsage, parseLoadOptions, type LoadOptions } from './load/load-options.ts';
import { callRecords, monitor } from './load/load-monitor.ts';
import {
  configureAgents,
  loginAgents,
  prepareCenter,
  session,
  startHotline,
  startPhones,
} from './load/load-setup.ts';
import { CpuWindow, processUsage, threadCpuMs, threadSplit } from './load/process-usage.ts';
import { machineBusyMs } from './media-bench-args.ts';

const HOTLINE_NUMBER = '4008001000';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** sipp's rate arguments: -r calls per -rp milliseconds (sipp takes whole calls). */
function rateArgs(rate: number): string[] {
  return Number.isInteger(rate)
    ? ['-r', String(rate)]
    : ['-r', String(Math.round(rate * 10)), '-rp', '10000'];
}

async function main(children: ChildProcesses, dir: string, options: LoadOptions): Promise<number> {
  const calls = Math.round(options.rate * options.seconds);
  const meanIvrS = callerMix.reduce((sum, p) => sum + ivrMsOf(p), 0) / callerMix.length / 1000;
  const meanStayS = (options.stay.min + options.stay.max) / 2;
  console.log(
    `hotline-load: ${calls} calls at ${options.rate}/s for ${options.seconds} s, at most ${options.callers} open; ` +
      `${options.agents} agents, wrap-up ${options.wrapUp} s; callers ${meanIvrS.toFixed(1)} s in the IVR and queue prompts on average, ` +
      `then wait and talk ${options.stay.min === options.stay.max ? options.stay.min : `${options.stay.min}–${options.stay.max}`} s ` +
      `(open calls ≈ ${(options.rate * (meanIvrS + meanStayS)).toFixed(0)} by Little's law)`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, ` +
      `${process.env.BENCH_BUILD === 'dist' ? 'compiled (dist)' : 'sources through tsx'}; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const hotline = await startHotline(children, dir);
  const api = hotlineApi(hotline.http);
  const admin = await session(api, 'admin', hotline.passwordOf('admin'));
  const supervisor = await session(api, 'supervisor', hotline.passwordOf('supervisor'));
  await prepareCenter(admin, options.wrapUp);
  const passwords = await configureAgents(admin, hotline, options.agents);
  const phones = await startPhones(children, dir, options, hotline.sipUdpPort);
  await loginAgents(api, passwords, options.agents);
  console.log(
    `Hotline pid ${hotline.child.pid} at ${hotline.http}, SIP udp ${hotline.sipUdpPort}; ${options.agents} agents ready on ${phones.length} sipp phone processes`,
  );

  const files = writeCallerFiles(dir, options, calls);
  const callerPort = await freePort();
  const busyBefore = await machineBusyMs();
  const startedAt = performance.now();
  const from = Date.now() - 1000;
  const callers = children.start(
    'sipp callers',
    'sipp',
    [
      `127.0.0.1:${hotline.sipUdpPort}`,
      ...['-sf', files.scenario, '-inf', files.csv, '-s', HOTLINE_NUMBER],
      ...['-i', '127.0.0.1', '-p', String(callerPort), '-mi', '127.0.0.1', '-mp', '10000'],
      ...rateArgs(options.rate),
      ...['-l', String(options.callers), '-m', String(calls)],
      ...['-nostdin', '-buff_size', '4194304', '-max_socket', '10000'],
      ...[
        '-timeout',
        `${options.seconds + Math.ceil(meanIvrS + options.stay.max) + 300}s`,
        '-timeout_error',
      ],
      ...['-trace_err', '-error_file', join(dir, 'callers-errors.log')],
      ...['-trace_stat', '-stf', join(dir, 'callers-stat.csv'), '-fd', '5'],
    ],
    join(dir, 'callers.log'),
  );
  const sippPids = [callers.pid, ...phones.map((p) => p.pid)];
  const cpu = new CpuWindow([hotline.child.pid, ...sippPids]);
  const threadsBefore = threadCpuMs(hotline.child.pid);
  const watch = monitor(supervisor, cpu, hotline.child.pid, startedAt);
  await callers.exited;
  cpu.sample();
  const wallS = cpu.wallMs / 1000;
  const busy = ((await machineBusyMs()) - busyBefore) / (wallS * 10);
  await watch.stop();
  const hotlineCpu = cpu.percent([hotline.child.pid]);
  const sippCpu = cpu.percent(sippPids);
  const usage = processUsage(hotline.child.pid);
  const threads = threadSplit(
    threadsBefore,
    threadCpuMs(hotline.child.pid),
    hotline.child.pid,
    cpu.wallMs,
  );

  // Let after-call work end and the last calls clear before judging the agents.
  await sleep(options.wrapUp * 1000 + 2000);
  let snapshot:
    | {
        calls: { callId: string }[];
        agents: { agentId: string; callId: string | null }[];
        queues: QueueFiguresRow[];
      }
    | undefined;
  for (let tries = 0; tries < 30; tries++) {
    snapshot = (await supervisor('GET', '/api/v1/cti/snapshot')) as typeof snapshot;
    if (snapshot!.calls.length === 0) break;
    await sleep(1000);
  }
  const agents = ((await supervisor('GET', '/api/v1/agents')) as { agents: AgentRow[] }).agents;
  const records = await callRecords(supervisor, from);

  const stat = existsSync(join(dir, 'callers-stat.csv'))
    ? readFileSync(join(dir, 'callers-stat.csv'), 'utf8')
    : undefined;
  const sipp = sippCounts(callers.output(), stat);
  const described = describeCallRecords(records, (caller) => pathOfCaller(caller)?.queue);
  const agentCheck = checkAgents(
    agents,
    new Map(snapshot!.agents.map((a) => [a.agentId, a.callId])),
    new Set(snapshot!.calls.map((c) => c.callId)),
    Date.now() - (options.wrapUp + 5) * 1000,
  );
  const failedKinds = Object.entries(sipp.failures)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  // sipp counts a call it could not complete; Hotline's records say how each call went. Both
  // see the same failures (sipp's Call-IDs are not Hotline's, so they are not matched one to one).
  const recordFailures = {
    'no call record': Math.max(0, sipp.created - records.length),
    'ended before reaching a queue': described.failedBeforeQueue.length,
    'in another queue than the keys chose': described.wrongQueue.length,
  };
  const failedCalls = Math.max(
    sipp.failed,
    Object.values(recordFailures).reduce((a, b) => a + b, 0),
  );
  const peakCalls = Math.max(0, ...watch.samples.map((x) => x.calls));
  const lastWorkers = watch.samples.at(-1)?.workers ?? '?';

  console.log('\nResults');
  console.log(
    `sipp callers: ${sipp.created} calls placed at ${sipp.placedRate.toFixed(1)}/s (offered ${options.rate}/s), the last ended ${wallS.toFixed(0)} s after the first began; ` +
      `${sipp.successful} completed, ${sipp.failed} failed${failedKinds ? ` (${failedKinds})` : ''}; ` +
      `peak ${sipp.peak} open (Hotline's live calls: ${peakCalls} at the busiest 5 s sample); ${sipp.stray} stray messages`,
  );
  for (const line of described.lines) console.log(line);
  console.log(`queues (CTI figures for the center's day, ../shared/METRICS.md):`);
  for (const line of describeQueueFigures(snapshot!.queues)) console.log(line);
  for (const line of agentCheck.lines) console.log(line);
  console.log(
    `Hotline process: CPU ${hotlineCpu.toFixed(0)} % of one core on average over ${wallS.toFixed(0)} s ` +
      `(busiest 10 s: ${watch.peakCpu().toFixed(0)} %; main thread ${threads.main.toFixed(0)} %, busiest other threads ` +
      `${threads.others
        .slice(0, 3)
        .map((p) => `${p.toFixed(0)} %`)
        .join(', ')}), RSS peak ${usage ? mib(usage.peakRssBytes) : '?'}, ` +
      `at the end ${usage ? mib(usage.rssBytes) : '?'}; media workers at the end of the calls: ${lastWorkers}`,
  );
  console.log(
    `sipp processes: ${sippCpu.toFixed(0)} %; everything else on the machine: ${Math.max(0, busy - hotlineCpu - sippCpu).toFixed(0)} % ` +
      `(machine busy ${busy.toFixed(0)} % of ${cpus().length * 100} %); load average now ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `\nfailed calls: ${failedCalls} (target 0): sipp ${sipp.failed}; Hotline's records: ${Object.entries(
      recordFailures,
    )
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}. Abandoned waiting for an agent: ${described.abandonedWaiting.length}; ` +
      `stuck agents: ${agentCheck.stuck.length}; live calls left: ${snapshot!.calls.length}`,
  );
  if (failedCalls > 0) {
    const read = (file: string) =>
      existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : '';
    console.log(`sipp's errors by kind (${join(dir, 'callers-errors.log')}):`);
    for (const line of summarizeSippErrors(read('callers-errors.log'))) console.log(line);
    console.log(`Hotline's warnings and errors by kind (${join(dir, 'hotline.log')}):`);
    for (const line of summarizeHotlineLog(read('hotline.log'))) console.log(line);
    for (const r of [...described.failedBeforeQueue, ...described.wrongQueue].slice(0, 5))
      console.log(
        `  e.g. ${r.callId} from ${r.caller}: ${r.ivrPath.join(' > ') || 'no IVR'} -> ${r.queue ?? 'no queue'}, ` +
          `ended in ${r.endedIn ?? '?'} (${r.endCause ?? '?'}, by ${r.endedBy ?? '?'})`,
      );
  }
  return failedCalls + agentCheck.stuck.length + snapshot!.calls.length === 0 ? 0 : 1;
}

if (process.argv.includes('--help')) {
  console.log(loadUsage);
  process.exit(0);
}
const options = (() => {
  try {
    return parseLoadOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
})();
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-load-'));
const children = new ChildProcesses();
let finishing: Promise<void> | undefined;
const finish = (code: number) => {
  finishing ??= children.stopAll().then(() => {
    if (options.keep || code !== 0) console.log(`run folder kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  });
  return finishing;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    console.error(`\n${signal}: stopping sipp and Hotline…`);
    void finish(130);
  });
main(children, dir, options).then(
  (code) => finish(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    return finish(1);
  },
);
