// RTP load generator shared by the media benches: a child process that sends 50 packets/s each way per call and measures latency.
//
// Two implementations speak the same steps (open → ports, run → result): the C program in
// media-gen/rtp-gen.c (the default where gcc is: a few sockets, sendmmsg/recvmmsg, a fraction of
// the CPU) and the Node child below, chosen with --generator=c|node (media-bench-args.ts).
//
// The Node child owns two UDP sockets per call (customer and agent side), each connect()ed to the port
// it sends to, so a send skips the per-packet address handling and the kernel filters strays.
// Each socket sends a 20 ms PCMU packet every 20 ms; the sends of a 20 ms period are spread over
// ten 2 ms slots. Every packet carries its send time (performance.now(), stamped just before the
// send) after the RTP header, so the child measures send → relay → receive latency on one clock.
// Packets sent during the warm-up are neither counted nor timed.
import { fork } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:dgram';
import { getPriority, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startCGenerator } from './media-gen/c-generator.ts';

export type ToGenerator =
  | { kind: 'open'; calls: number }
  | { kind: 'run'; targets: number[]; seconds: number; warmupSeconds: number };

export type FromGenerator =
  | { kind: 'ports'; ports: number[] }
  | {
      kind: 'result';
      sent: number;
      received: number;
      histogram: number[];
      maxMs: number;
      cpuMs: number;
      wallMs: number;
    };

const BUCKET_MS = 0.01; // histogram resolution
const BUCKETS = 20_000; // up to 200 ms
const SLOTS = 10;
const PACKET_BYTES = 12 + 160;

/** One measured run, as the bench prints it. */
export interface LoadResult {
  readonly sent: number;
  readonly received: number;
  readonly lossPercent: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** The generator's own CPU time over the run, in % of one core. */
  readonly generatorCpuPercent: number;
}

// ---- child process -------------------------------------------------------------------------

function child(): void {
  const sockets: Socket[] = [];
  let histogram = new Array<number>(BUCKETS).fill(0);
  let received = 0;
  let maxMs = 0;
  let measureFrom = Infinity;
  const post = (message: FromGenerator) => process.send!(message);

  const onMessage = (data: Buffer) => {
    if (data.length < PACKET_BYTES || (data[1]! >= 192 && data[1]! <= 223)) return; // RTCP
    const sentAt = data.readDoubleLE(12);
    if (sentAt < measureFrom) return; // warm-up traffic
    const ms = performance.now() - sentAt;
    if (ms > maxMs) maxMs = ms;
    histogram[Math.min(BUCKETS - 1, Math.floor(ms / BUCKET_MS))]!++;
    received++;
  };

  const connectAll = async (targets: number[]) => {
    await Promise.all(
      sockets.map(
        (socket, i) =>
          new Promise<void>((resolve, reject) => {
            try {
              socket.disconnect();
            } catch {
              // not connected yet
            }
            socket.connect(targets[i]!, '127.0.0.1', () => resolve());
            socket.once('error', reject);
          }),
      ),
    );
  };

  const load = async (targets: number[], seconds: number, warmupSeconds: number) => {
    await connectAll(targets);
    histogram = new Array<number>(BUCKETS).fill(0);
    received = 0;
    maxMs = 0;
    let sent = 0;
    const packets = sockets.map((_, i) => {
      const p = Buffer.alloc(PACKET_BYTES, 0xff);
      p[0] = 0x80;
      p[1] = 0;
      p.writeUInt32BE(0x10000 + i, 8);
      return p;
    });
    const start = performance.now();
    measureFrom = start + warmupSeconds * 1000;
    const end = measureFrom + seconds * 1000;
    let cpuAtMeasure: NodeJS.CpuUsage | undefined;
    for (let tick = 0; performance.now() < end; tick++) {
      const slot = tick % SLOTS;
      const packetIndex = Math.floor(tick / SLOTS);
      if (cpuAtMeasure === undefined && performance.now() >= measureFrom)
        cpuAtMeasure = process.cpuUsage();
      for (let i = slot; i < sockets.length; i += SLOTS) {
        const p = packets[i]!;
        const now = performance.now();
        p.writeUInt16BE(packetIndex & 0xffff, 2);
        p.writeUInt32BE((packetIndex * 160) >>> 0, 4);
        p.writeDoubleLE(now, 12);
        sockets[i]!.send(p);
        if (now >= measureFrom) sent++; // the receiver times the same packets by this stamp
      }
      const wait = start + (tick + 1) * 2 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const cpu = process.cpuUsage(cpuAtMeasure);
    const wallMs = performance.now() - measureFrom;
    await new Promise((r) => setTimeout(r, 300)); // let the last packets arrive
    measureFrom = Infinity;
    post({
      kind: 'result',
      sent,
      received,
      histogram,
      maxMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs,
    });
  };

  process.on('disconnect', () => process.exit(0)); // the bench went away: never linger
  process.on('message', (message: ToGenerator) => {
    if (message.kind === 'open') {
      void (async () => {
        for (let i = 0; i < message.calls * 2; i++) {
          // An IP-literal lookup that answers at once (dns.lookup would cost a tick per packet).
          const socket = createSocket({
            type: 'udp4',
            lookup: (
              address: string,
              _family: unknown,
              callback: (e: null, a: string, f: number) => void,
            ) => callback(null, address, 4),
          });
          socket.on('message', onMessage);
          socket.on('error', () => undefined); // ICMP unreachable while the element starts
          await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
          sockets.push(socket);
        }
        post({ kind: 'ports', ports: sockets.map((s) => s.address().port) });
      })();
    } else {
      void load(message.targets, message.seconds, message.warmupSeconds);
    }
  });
}

// ---- parent side ---------------------------------------------------------------------------

function summarize(m: Extract<FromGenerator, { kind: 'result' }>): LoadResult {
  const quantile = (q: number) => {
    let seen = 0;
    const target = q * m.received;
    for (let i = 0; i < m.histogram.length; i++) {
      seen += m.histogram[i]!;
      if (seen >= target) return (i + 1) * BUCKET_MS;
    }
    return Infinity;
  };
  return {
    sent: m.sent,
    received: m.received,
    lossPercent: m.sent === 0 ? 0 : (1 - m.received / m.sent) * 100,
    p50: quantile(0.5),
    p99: quantile(0.99),
    max: m.maxMs,
    generatorCpuPercent: m.wallMs > 0 ? (m.cpuMs / m.wallMs) * 100 : 0,
  };
}

/** The generator's process as LoadGenerator drives it, whichever program it is. */
export interface GeneratorChannel {
  readonly pid: number | undefined;
  send(message: ToGenerator): void;
  onMessage(listener: (message: FromGenerator) => void): void;
  kill(): void;
}

/** Which program generates the load: the compiled C one or the Node child. */
export type GeneratorKind = 'c' | 'node';

let defaultKind: GeneratorKind = 'node';

/** The generator LoadGenerator.start uses when its options name none (the bench's --generator). */
export function useGenerator(kind: GeneratorKind): void {
  defaultKind = kind;
}

export interface GeneratorOptions {
  /** Niceness added to the generator process over this one's (0: same priority as the element). */
  readonly nice?: number;
  /** Default: the one given to useGenerator(), else 'node'. */
  readonly generator?: GeneratorKind;
}

function startNodeGenerator(): GeneratorChannel {
  const child = fork(fileURLToPath(import.meta.url), ['--media-load-generator'], {
    execArgv: ['--import', 'tsx'],
  });
  return {
    pid: child.pid,
    send: (message) => void child.send(message),
    onMessage: (listener) => void child.on('message', listener),
    kill: () => void child.kill(),
  };
}

/** The generator child process; one per bench run, closed with close(). */
export class LoadGenerator {
  readonly #child: GeneratorChannel;
  readonly #queue: FromGenerator[] = [];
  #waiting: ((m: FromGenerator) => void) | undefined;
  #ports: number[] = [];

  private constructor(child: GeneratorChannel) {
    this.#child = child;
    child.onMessage((m) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (waiting) waiting(m);
      else this.#queue.push(m);
    });
  }

  static start(options: GeneratorOptions = {}): LoadGenerator {
    const kind = options.generator ?? defaultKind;
    const child = kind === 'c' ? startCGenerator() : startNodeGenerator();
    if (options.nice !== undefined && options.nice !== 0 && child.pid !== undefined)
      setPriority(child.pid, Math.min(19, getPriority() + options.nice));
    return new LoadGenerator(child);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /**
   * The port each call side sends from: [call 0 side A, call 0 side B, call 1 side A, ...]. The
   * Node generator has a socket per side; the C one shares a socket among 256 sides.
   */
  get ports(): readonly number[] {
    return this.#ports;
  }

  #next(): Promise<FromGenerator> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => (this.#waiting = resolve));
  }

  /** Binds the sockets for `calls` calls; returns each side's port in call order. */
  async open(calls: number): Promise<readonly number[]> {
    this.#child.send({ kind: 'open', calls });
    const m = await this.#next();
    if (m.kind !== 'ports') throw new Error('the load generator did not open its sockets');
    this.#ports = m.ports;
    return m.ports;
  }

  /** Sends side i's packets to `targets[i]`; measures after the warm-up. */
  async run(targets: readonly number[], seconds: number, warmupSeconds = 1): Promise<LoadResult> {
    if (targets.length !== this.#ports.length)
      throw new Error(`targets: ${targets.length} given for ${this.#ports.length} sockets`);
    this.#child.send({ kind: 'run', targets: [...targets], seconds, warmupSeconds });
    const m = await this.#next();
    if (m.kind !== 'result') throw new Error('the load generator sent no result');
    return summarize(m);
  }

  /** The same load with no element: each side sends straight to its call partner's port. */
  baseline(seconds: number): Promise<LoadResult> {
    return this.run(
      this.#ports.map((_, i) => this.#ports[i ^ 1]!),
      seconds,
      1,
    );
  }

  close(): void {
    this.#child.kill();
  }
}

/** A process's CPU time so far (user + system, ms) from /proc; for an element in another process. */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'latin1');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

if (
  process.argv[1] === fileURLToPath(import.meta.url) &&
  process.argv.includes('--media-load-generator')
)
  child();
