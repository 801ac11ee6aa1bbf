// What the kernel alone costs for bench:media's load on this machine: the system calls of a relay that does nothing else.
// Run: npm run bench:udp-floor -- [calls[,calls…]] [--periods=250] [--runs=3]
//
// bench/media-gen/udp-floor.c plays both sides of bench:media's traffic in one thread, with the
// same system calls as the C generator and the engine's native I/O (see its header), and times
// each side by its thread's CPU clock. The figures are a lower bound for any element relaying this
// load on loopback here (waking a sleeping reader is not in them), and for the generator beside
// it: the two share the machine's cores in bench:media.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { list, median } from './media-bench-args.ts';
import { compileC, gccVersion } from './media-gen/compile-c.ts';

const SOURCE = fileURLToPath(new URL('./media-gen/udp-floor.c', import.meta.url));
/** Packets through the element per call and second: 50 each way. */
const PACKETS_PER_CALL = 100;

function option(name: string, fallback: number): number {
  const raw = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name}: expected a positive integer, got "${raw}"`);
  return value;
}

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const callCounts = list(positional[0] ?? '300,600,1000', 'calls');
const periods = option('periods', 250);
const runs = option('runs', 3);
const gcc = gccVersion();
if (gcc === undefined) throw new Error('bench:udp-floor needs gcc to build udp-floor.c');
const binary = compileC(SOURCE);
const machine = cpus();

console.log(
  `udp-floor: loopback system calls of bench:media's relaying, ${periods} periods × ${runs} runs per row (median), ` +
    `${gcc}; ${machine.length} × ${machine[0]?.model.trim() ?? 'unknown CPU'}, node ${process.version}`,
);
for (const calls of callCounts) {
  const element: number[] = [];
  const generator: number[] = [];
  for (let run = 0; run < runs; run++) {
    const result = spawnSync(binary, [String(calls), String(periods)], { encoding: 'utf8' });
    const fields = result.stdout.trim().split(' ');
    if (result.status !== 0 || fields[0] !== 'floor')
      throw new Error(`udp-floor ${calls} failed (${result.status}): ${result.stderr.trim()}`);
    element.push(Number(fields[3]));
    generator.push(Number(fields[4]));
  }
  const e = median(element);
  const g = median(generator);
  const cores = (us: number): number => (calls * PACKETS_PER_CALL * us) / 1e6;
  console.log(
    `${calls} calls: element ${e.toFixed(2)} µs, generator ${g.toFixed(2)} µs of CPU per relayed packet ` +
      `(element runs ${element.map((v) => v.toFixed(2)).join(', ')}) → at 50 packets/s each way: ` +
      `element ≥ ${(cores(e) * 100).toFixed(0)} %, generator ≥ ${(cores(g) * 100).toFixed(0)} % of a core, ` +
      `together ${((cores(e) + cores(g)) * 100).toFixed(0)} % of the ${machine.length * 100} %`,
  );
}
