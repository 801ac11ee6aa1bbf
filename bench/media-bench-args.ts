// Command line and report of the media benches (embedded engine and rtpengine): same options, same figures, medians of runs.
import { readFile } from 'node:fs/promises';
import { cpus, getPriority } from 'node:os';
import { gccVersion } from './media-gen/compile-c.ts';
import { useGenerator } from './media-load-generator.ts';
import type { GeneratorKind, LoadResult } from './media-load-generator.ts';

export interface MediaBenchArgs {
  readonly calls: readonly number[];
  readonly seconds: number;
  readonly record: boolean;
  /** Worker threads (embedded engine) or --num-threads (rtpengine). */
  readonly threads: readonly number[];
  readonly runs: number;
  /** Niceness of the load generator process. */
  readonly nice: number;
  /** A run during which other work used more CPU than this (% of one core) is retried. */
  readonly maxOthers: number;
  /** The load generator: the compiled C program (default where gcc is) or the Node child. */
  readonly generator: GeneratorKind;
  /** How the generator was chosen or built, for the header. */
  readonly generatorNote: string;
}

/** One run of one configuration. */
export interface BenchRow {
  readonly result: LoadResult;
  readonly baseline: LoadResult;
  /** The element's CPU time over the run, % of one core. */
  readonly elementCpuPercent: number;
  /** CPU used by everything else on the machine over the run (other users' work), % of one core. */
  readonly othersCpuPercent: number;
  readonly detail: string;
}

/** Busy CPU time of the whole machine so far, in ms (all cores; /proc/stat, USER_HZ = 100). */
export async function machineBusyMs(): Promise<number> {
  const line = (await readFile('/proc/stat', 'latin1')).split('\n')[0]!;
  // cpu  user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const busy = ticks.reduce((sum, t, i) => (i === 3 || i === 4 ? sum : sum + t), 0);
  return busy * 10;
}

/**
 * Runs `measure` (the generator's run) and works out the CPU the rest of the machine used meanwhile:
 * the box is shared, and a run during which other work took a core says little about the element.
 */
export async function withMachineLoad(
  measure: () => Promise<{ result: LoadResult; elementCpuMs: number }>,
): Promise<{ result: LoadResult; elementCpuPercent: number; othersCpuPercent: number }> {
  const busyBefore = await machineBusyMs();
  const wallBefore = performance.now();
  const { result, elementCpuMs } = await measure();
  const wallMs = performance.now() - wallBefore;
  const busy = ((await machineBusyMs()) - busyBefore) / (wallMs / 100);
  const elementCpuPercent = elementCpuMs / (wallMs / 100);
  return {
    result,
    elementCpuPercent,
    othersCpuPercent: Math.max(0, busy - elementCpuPercent - result.generatorCpuPercent),
  };
}

/** A comma-separated list of positive integers (call counts, thread counts). */
export function list(value: string, name: string): number[] {
  const numbers = value.split(',').map(Number);
  if (numbers.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`${name}: expected positive integers separated by commas, got "${value}"`);
  return numbers;
}

/** The --generator option: 'c' needs gcc; without the option, 'c' where gcc is and 'node' elsewhere. */
function pickGenerator(value: string | undefined): { kind: GeneratorKind; note: string } {
  if (value !== undefined && value !== 'c' && value !== 'node')
    throw new Error(`--generator: expected c or node, got "${value}"`);
  if (value === 'node') return { kind: 'node', note: 'Node generator' };
  const gcc = gccVersion();
  if (gcc !== undefined) return { kind: 'c', note: `C generator (${gcc})` };
  if (value === 'c')
    throw new Error('--generator=c: gcc was not found; install gcc or use --generator=node');
  return { kind: 'node', note: 'Node generator (gcc not found, so not the C one)' };
}

/**
 * `[calls[,calls…]] [seconds] [--record] [--<threadsFlag>=1,2] [--runs=N] [--nice=N] [--max-others=P]
 * [--generator=c|node]`. Also makes the chosen generator LoadGenerator.start's default, so the
 * benches start it without passing it on.
 */
export function parseBenchArgs(argv: readonly string[], threadsFlag: string): MediaBenchArgs {
  const positional = argv.filter((a) => !a.startsWith('--'));
  const option = (name: string) =>
    argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const known = new Set(['record', threadsFlag, 'runs', 'nice', 'max-others', 'generator']);
  for (const a of argv.filter((x) => x.startsWith('--'))) {
    const name = a.slice(2).split('=')[0]!;
    if (!known.has(name))
      throw new Error(`unknown option ${a}; known: ${[...known].map((k) => `--${k}`).join(' ')}`);
  }
  const seconds = Number(positional[1] ?? 10);
  if (!(seconds > 0))
    throw new Error(`seconds: expected a positive number, got "${positional[1]}"`);
  const nice = Number(option('nice') ?? 0);
  if (!Number.isInteger(nice) || nice < 0 || nice > 19)
    throw new Error(`--nice: expected 0-19, got "${option('nice')}"`);
  const maxOthers = Number(option('max-others') ?? Infinity);
  if (!(maxOthers >= 0))
    throw new Error(`--max-others: expected a CPU percentage, got "${option('max-others')}"`);
  const generator = pickGenerator(option('generator'));
  useGenerator(generator.kind);
  return {
    generator: generator.kind,
    generatorNote: generator.note,
    maxOthers,
    calls: list(positional[0] ?? '200', 'calls'),
    seconds,
    record: argv.includes('--record'),
    threads: list(option(threadsFlag) ?? '1,2', `--${threadsFlag}`),
    runs: list(option('runs') ?? '1', '--runs')[0]!,
    nice,
  };
}

export function printHeader(name: string, args: MediaBenchArgs): void {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `${name}: 50 packets/s each way per call, ${args.seconds} s measured after 1 s of warm-up, ` +
      `${args.runs} run(s) each, ${args.generatorNote}, bench at nice ${getPriority()}` +
      `${args.nice > 0 ? `, generator ${args.nice} nicer` : ''}; ` +
      `${cpus().length} × ${cpu}, node ${process.version}`,
  );
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Prints every run, then the medians when there were several. */
export function printRuns(label: string, rows: readonly BenchRow[]): void {
  for (const row of rows) {
    const { result: r, baseline: b } = row;
    console.log(
      `${label}: loss ${r.lossPercent.toFixed(3)}% (${r.sent - r.received} of ${r.sent}), ` +
        `p50 ${r.p50.toFixed(2)} p99 ${r.p99.toFixed(2)} max ${r.max.toFixed(1)} ms, ` +
        `direct p99 ${b.p99.toFixed(2)} → added p99 ${(r.p99 - b.p99).toFixed(2)} ms; ` +
        `CPU element ${row.elementCpuPercent.toFixed(0)}% generator ${r.generatorCpuPercent.toFixed(0)}% others ${row.othersCpuPercent.toFixed(0)}%`,
    );
    if (row.detail) console.log(`  ${row.detail}`);
  }
  if (rows.length < 2) return;
  const pick = (f: (row: BenchRow) => number) => median(rows.map(f));
  console.log(
    `${label}: MEDIAN of ${rows.length}: loss ${pick((r) => r.result.lossPercent).toFixed(3)}%, ` +
      `added p99 ${pick((r) => r.result.p99 - r.baseline.p99).toFixed(2)} ms, ` +
      `CPU element ${pick((r) => r.elementCpuPercent).toFixed(0)}% generator ${pick((r) => r.result.generatorCpuPercent).toFixed(0)}% ` +
      `others ${pick((r) => r.othersCpuPercent).toFixed(0)}%`,
  );
}

/**
 * Collects `args.runs` runs. The machine is shared: a run during which other work used more than
 * `--max-others` is printed as discarded and done again (at most 3 × runs attempts), after a pause.
 */
export async function collectRuns(
  args: MediaBenchArgs,
  label: string,
  runOnce: () => Promise<BenchRow>,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (let attempt = 0; rows.length < args.runs && attempt < 3 * args.runs; attempt++) {
    const row = await runOnce();
    if (row.othersCpuPercent <= args.maxOthers) rows.push(row);
    else {
      console.log(
        `${label}: discarded, other work used ${row.othersCpuPercent.toFixed(0)}% CPU meanwhile ` +
          `(p99 ${row.result.p99.toFixed(2)} ms, loss ${row.result.lossPercent.toFixed(3)}%)`,
      );
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  }
  printRuns(label, rows);
  return rows;
}
