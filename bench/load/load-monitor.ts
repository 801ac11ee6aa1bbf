// Reading Hotline while the load benchmark runs and after: the CTI snapshot every 5 s (live
// calls, calls waiting, agents by state, media workers) with Hotline's CPU, and at the end every
// call record of the run.
import type { CallRecordRow } from './load-report.ts';
import type { Call } from './load-setup.ts';
import { CpuWindow, processUsage } from './process-usage.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

export interface Sample {
  at: number;
  calls: number;
  waiting: number;
  agents: Record<string, number>;
  workers: string;
}

/** Reads the live state every few seconds while calls run; prints a line every 10 s. */
export function monitor(supervisor: Call, cpu: CpuWindow, hotlinePid: number, startedAt: number) {
  const samples: Sample[] = [];
  let peakCpu = 0;
  let stopped = false;
  const interval = new CpuWindow([hotlinePid]);
  const loop = (async () => {
    while (!stopped) {
      await sleep(5000);
      if (stopped) break;
      cpu.sample();
      interval.sample();
      const snapshot = (await supervisor('GET', '/api/v1/cti/snapshot').catch(() => undefined)) as
        | {
            calls: unknown[];
            queues: { waiting: number }[];
            agentsByState: Record<string, number>;
            telephony?: {
              media?: { workers?: { busyPercent: number | null; lateTicks: number | null }[] };
            } | null;
          }
        | undefined;
      const cpuNow = interval.percent();
      peakCpu = Math.max(peakCpu, cpuNow);
      interval.restart();
      if (!snapshot) continue;
      const workers = (snapshot.telephony?.media?.workers ?? [])
        .map((w) => `${w.busyPercent ?? '?'} % (${w.lateTicks ?? '?'} late)`)
        .join(', ');
      const sample: Sample = {
        at: (performance.now() - startedAt) / 1000,
        calls: snapshot.calls.length,
        waiting: snapshot.queues.reduce((sum, q) => sum + q.waiting, 0),
        agents: snapshot.agentsByState,
        workers,
      };
      samples.push(sample);
      const usage = processUsage(hotlinePid);
      if (samples.length % 2 === 0)
        console.log(
          `  ${sample.at.toFixed(0).padStart(4)} s  calls ${String(sample.calls).padStart(4)}  waiting ${String(sample.waiting).padStart(3)}  ` +
            `agents ${Object.entries(sample.agents)
              .map(([s, n]) => `${s} ${n}`)
              .join(', ')}  ` +
            `Hotline CPU ${cpuNow.toFixed(0)} %, RSS ${usage ? mib(usage.rssBytes) : '?'}  media workers ${workers}`,
        );
    }
  })();
  return {
    samples,
    peakCpu: () => peakCpu,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** Every call record of the run, once the projection has caught up (the count stops moving). */
export async function callRecords(supervisor: Call, from: number): Promise<CallRecordRow[]> {
  const read = async () => {
    const all: CallRecordRow[] = [];
    for (let before: string | undefined; ;) {
      const page = (await supervisor(
        'GET',
        `/api/v1/calls?from=${from}&limit=500${before ? `&before=${before}` : ''}`,
      )) as { calls: CallRecordRow[] };
      all.push(...page.calls);
      if (page.calls.length < 500) return all;
      before = page.calls.at(-1)!.callId;
    }
  };
  let records = await read();
  for (let tries = 0; tries < 30; tries++) {
    await sleep(1000);
    const again = await read();
    if (again.length === records.length && again.every((r) => r.endedIn !== null)) return again;
    records = again;
  }
  return records;
}
