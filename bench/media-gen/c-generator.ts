// The C load generator (rtp-gen.c) behind the media benches' generator protocol: compiled with the machine's gcc, spoken to in lines.
//
// The binary is built once per bench process by compile-c.ts, never committed.
// The generator's steps (ToGenerator / FromGenerator in ../media-load-generator.ts) become lines on
// the program's stdin and stdout: `open <calls>` → `ports …`, `run <seconds> <warm-up> <targets…>`
// → `result <sent> <received> <maxMs> <cpuMs> <wallMs> <bucket>:<count>…` (the histogram sparse).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FromGenerator, GeneratorChannel, ToGenerator } from '../media-load-generator.ts';
import { compileC } from './compile-c.ts';

const SOURCE = fileURLToPath(new URL('./rtp-gen.c', import.meta.url));
const BUCKETS = 20_000; // as the Node generator's histogram

function parseLine(line: string): FromGenerator {
  const [kind, ...fields] = line.trim().split(' ');
  if (kind === 'ports') return { kind: 'ports', ports: fields.map(Number) };
  if (kind !== 'result') throw new Error(`rtp-gen: unexpected line "${line.slice(0, 80)}"`);
  const [sent, received, maxMs, cpuMs, wallMs] = fields.slice(0, 5).map(Number);
  const histogram = new Array<number>(BUCKETS).fill(0);
  for (const pair of fields.slice(5)) {
    const [bucket, count] = pair.split(':').map(Number);
    histogram[bucket!] = count!;
  }
  return {
    kind: 'result',
    sent: sent!,
    received: received!,
    histogram,
    maxMs: maxMs!,
    cpuMs: cpuMs!,
    wallMs: wallMs!,
  };
}

function toLine(message: ToGenerator): string {
  if (message.kind === 'open') return `open ${message.calls}\n`;
  return `run ${message.seconds} ${message.warmupSeconds} ${message.targets.join(' ')}\n`;
}

/** Starts the compiled generator; its stderr goes to the bench's. */
export function startCGenerator(): GeneratorChannel {
  const child: ChildProcess = spawn(compileC(SOURCE), [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const listeners: ((m: FromGenerator) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = parseLine(line);
    for (const listener of listeners) listener(message);
  });
  child.stdin!.on('error', () => undefined); // the program exited: the bench reports the missing answer
  return {
    pid: child.pid,
    send: (message) => void child.stdin!.write(toLine(message)),
    onMessage: (listener) => void listeners.push(listener),
    kill: () => void child.kill(),
  };
}
