// A thread's own CPU time on Linux, from /proc/thread-self/stat (utime + stime). Event-loop
// utilization counts wall time, so a worker waiting for a core on a busy host looks busy; its CPU
// time says what the worker itself used. Node 20 has no per-thread CPU call (threadCpuUsage came
// in Node 23), and a synchronous read on the worker's own thread reads that thread's file.
import { readFileSync } from 'node:fs';

/** /proc reports times in USER_HZ, which Linux fixes at 100 per second for this interface. */
const MS_PER_TICK = 10;

/** utime + stime in ms from a stat line; undefined when it does not parse. */
export function parseThreadCpuMs(stat: string): number | undefined {
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return (utime + stime) * MS_PER_TICK;
}

/** The calling thread's CPU time in ms, or undefined where /proc/thread-self is not there. */
export function threadCpuMs(): number | undefined {
  try {
    return parseThreadCpuMs(readFileSync('/proc/thread-self/stat', 'utf8'));
  } catch {
    return undefined;
  }
}
