// CPU time and memory of a running process, read from /proc (Linux), for the load benchmark:
// user+system time of all its threads (media workers included) and its resident set, now and at
// its peak (VmHWM, which the kernel keeps, so a peak between samples is not missed).
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: /proc reports CPU time in clock ticks of 10 ms on Linux. */
const TICK_MS = 10;

export interface ProcessUsage {
  /** User + system CPU time so far, ms. */
  cpuMs: number;
  rssBytes: number;
  peakRssBytes: number;
}

/** The process's usage now; undefined once it has exited. */
export function processUsage(pid: number): ProcessUsage | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuMs = (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { cpuMs, rssBytes: kb('VmRSS') * 1024, peakRssBytes: kb('VmHWM') * 1024 };
  } catch {
    return undefined;
  }
}

/** CPU time so far of each thread of a process (ms, by thread id; the main thread's id is the pid). */
export function threadCpuMs(pid: number): Map<number, number> {
  const threads = new Map<number, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    }
  } catch {
    // The process (or a thread) ended meanwhile: what was read so far.
  }
  return threads;
}

/**
 * How a process's CPU over a window split between its main thread and its busiest other threads
 * (Node names every thread "node": in Hotline the busiest others are the media workers).
 */
export function threadSplit(
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
  pid: number,
  wallMs: number,
): { main: number; others: number[] } {
  const percent = (tid: number) =>
    (((after.get(tid) ?? 0) - (before.get(tid) ?? 0)) / wallMs) * 100;
  const others = [...after.keys()]
    .filter((tid) => tid !== pid)
    .map(percent)
    .sort((a, b) => b - a);
  return { main: percent(pid), others };
}

/** CPU of several processes over a window, in % of one core, from two readings. */
export class CpuWindow {
  readonly #start = new Map<number, number>();
  readonly #last = new Map<number, number>();
  #startedAt = performance.now();

  constructor(pids: readonly number[]) {
    for (const pid of pids) this.add(pid);
  }

  /** Starts counting a process (from its CPU time now). */
  add(pid: number): void {
    const cpu = processUsage(pid)?.cpuMs ?? 0;
    this.#start.set(pid, cpu);
    this.#last.set(pid, cpu);
  }

  /** Reads every process again (an exited one keeps its last reading). */
  sample(): void {
    for (const pid of this.#start.keys()) {
      const usage = processUsage(pid);
      if (usage) this.#last.set(pid, usage.cpuMs);
    }
  }

  /** CPU used since the window opened, % of one core, summed over the processes given. */
  percent(pids: readonly number[] = [...this.#start.keys()]): number {
    const wallMs = performance.now() - this.#startedAt;
    const used = pids.reduce(
      (sum, pid) => sum + (this.#last.get(pid) ?? 0) - (this.#start.get(pid) ?? 0),
      0,
    );
    return wallMs > 0 ? (used / wallMs) * 100 : 0;
  }

  get wallMs(): number {
    return performance.now() - this.#startedAt;
  }

  /** Opens a new window from the last readings. */
  restart(): void {
    for (const [pid, cpu] of this.#last) this.#start.set(pid, cpu);
    this.#startedAt = performance.now();
  }
}
