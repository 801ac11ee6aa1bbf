// Benchmark of the embedded media engine: N bridged calls, 50 packets/s each way, loss and added latency per worker count.
// Run: node --import tsx bench/media-bridge.ts [calls] [seconds] [--record] [--workers=1,2]
//
// A load generator in a child process owns two UDP sockets per call (customer and agent side).
// Each sends a 20 ms PCMU packet every 20 ms to its endpoint; the engine relays it to the other
// side. The payload carries the send time, so the generator measures send → relay → receive
// latency on one clock. "added" latency is that minus the same path without the engine (a
// direct socket-to-socket send, measured first). --record adds a stereo recording per call.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaEngine } from '../src/telephony/media/index.ts';
import type { NegotiatedMedia } from '../src/telephony/sip/sdp/index.ts';

// ---- generator (child process) -------------------------------------------------------------

type ToGenerator =
  | { kind: 'open'; calls: number }
  | { kind: 'run'; targets: number[]; seconds: number }
  | { kind: 'baseline'; seconds: number };

type FromGenerator =
  | { kind: 'ports'; ports: number[] }
  | { kind: 'result'; sent: number; received: number; histogram: number[]; maxMs: number };

const BUCKET_MS = 0.01; // histogram resolution
const BUCKETS = 20_000; // up to 200 ms

function generator(): void {
  const sockets: Socket[] = [];
  let histogram = new Array<number>(BUCKETS).fill(0);
  let received = 0;
  let maxMs = 0;
  const post = (message: FromGenerator) => process.send!(message);

  const onMessage = (data: Buffer) => {
    if (data.length < 12 + 8 || (data[1]! >= 192 && data[1]! <= 223)) return; // RTCP
    const sentAt = data.readDoubleLE(12);
    const ms = performance.now() - sentAt;
    if (ms > maxMs) maxMs = ms;
    histogram[Math.min(BUCKETS - 1, Math.floor(ms / BUCKET_MS))]!++;
    received++;
  };

  /** Sends from every socket to its target every 20 ms, spread over ten 2 ms slots. */
  const load = async (targets: number[], seconds: number) => {
    histogram = new Array<number>(BUCKETS).fill(0);
    received = 0;
    maxMs = 0;
    let sent = 0;
    const packets = sockets.map((_, i) => {
      const p = Buffer.alloc(12 + 160, 0xff);
      p[0] = 0x80;
      p[1] = 0;
      p.writeUInt32BE(0x10000 + i, 8);
      return p;
    });
    const start = performance.now();
    const slots = 10;
    for (let tick = 0; performance.now() - start < seconds * 1000; tick++) {
      const slot = tick % slots;
      const packetIndex = Math.floor(tick / slots);
      const now = performance.now();
      for (let i = slot; i < sockets.length; i += slots) {
        const p = packets[i]!;
        p.writeUInt16BE(packetIndex & 0xffff, 2);
        p.writeUInt32BE((packetIndex * 160) >>> 0, 4);
        p.writeDoubleLE(now, 12);
        sockets[i]!.send(p, targets[i] ?? 0, '127.0.0.1');
        sent++;
      }
      const wait = start + (tick + 1) * 2 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await new Promise((r) => setTimeout(r, 300)); // let the last packets arrive
    post({ kind: 'result', sent, received, histogram, maxMs });
  };

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
          await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
          sockets.push(socket);
        }
        post({ kind: 'ports', ports: sockets.map((s) => s.address().port) });
      })();
    } else if (message.kind === 'run') {
      void load(message.targets, message.seconds);
    } else {
      // Baseline: each socket sends straight to its call partner (no engine in between).
      const ports = sockets.map((s) => s.address().port);
      void load(
        ports.map((_, i) => ports[i ^ 1]!),
        message.seconds,
      );
    }
  });
}

// ---- bench (main process) ------------------------------------------------------------------

interface Result {
  sent: number;
  received: number;
  p50: number;
  p99: number;
  max: number;
}

function startGenerator(): { child: ChildProcess; next: () => Promise<FromGenerator> } {
  const child = fork(new URL(import.meta.url).pathname, ['--generator'], {
    execArgv: ['--import', 'tsx'],
  });
  const queue: FromGenerator[] = [];
  let waiting: ((m: FromGenerator) => void) | undefined;
  child.on('message', (m: FromGenerator) => {
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(m);
    } else queue.push(m);
  });
  const next = () =>
    new Promise<FromGenerator>((resolve) => {
      const m = queue.shift();
      if (m) resolve(m);
      else waiting = resolve;
    });
  return { child, next };
}

function summarize(m: Extract<FromGenerator, { kind: 'result' }>): Result {
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
    p50: quantile(0.5),
    p99: quantile(0.99),
    max: m.maxMs,
  };
}

function media(port: number): NegotiatedMedia {
  return {
    remote: { address: '127.0.0.1', port },
    rtcpMux: true,
    codec: { name: 'PCMU', payloadType: 0, clockRate: 8000 },
    telephoneEvent: { payloadType: 101 },
    ptime: 20,
    direction: 'sendrecv',
  };
}

async function inBatches<T>(
  items: T[],
  size: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function run(
  calls: number,
  seconds: number,
  workers: number,
  record: boolean,
): Promise<{ engine: Result; baseline: Result; load: string }> {
  const { child, next } = startGenerator();
  child.send({ kind: 'open', calls } satisfies ToGenerator);
  const opened = await next();
  if (opened.kind !== 'ports') throw new Error('generator did not open its sockets');
  child.send({ kind: 'baseline', seconds: Math.min(3, seconds) } satisfies ToGenerator);
  const baselineMessage = await next();
  if (baselineMessage.kind !== 'result') throw new Error('no baseline');
  const engine = await MediaEngine.start({
    ports: { min: 30000, max: 39999 },
    advertisedAddress: '127.0.0.1',
    bindAddress: '127.0.0.1',
    workers,
    qualityIntervalMs: 0,
    inactivityTimeoutMs: 0,
  });
  const dir = record ? await mkdtemp(join(tmpdir(), 'hotline-bench-')) : undefined;
  const targets: number[] = new Array<number>(calls * 2);
  await inBatches([...Array(calls).keys()], 50, async (call) => {
    for (const side of [0, 1]) {
      const i = call * 2 + side;
      const created = await engine.request({
        type: 'endpoint.create',
        endpointId: `e${i}`,
        callId: `call-${call}`,
        legId: side === 0 ? 'customer' : 'agent',
        media: media(opened.ports[i]!),
      });
      targets[i] = created.local.port;
    }
    await engine.request({ type: 'bridge', endpointIds: [`e${call * 2}`, `e${call * 2 + 1}`] });
    if (dir !== undefined) {
      await engine.request({
        type: 'record.start',
        recordingId: `r${call}`,
        path: join(dir, `call-${call}.wav`),
        left: { endpointId: `e${call * 2}` },
        right: { endpointId: `e${call * 2 + 1}` },
      });
    }
  });
  child.send({ kind: 'run', targets, seconds } satisfies ToGenerator);
  const result = await next();
  if (result.kind !== 'result') throw new Error('no result');
  const load = engine.stats.workers
    .map(
      (w) =>
        `w${w.index}: ${Math.round((w.load?.utilization ?? 0) * 100)}% busy, ${w.load?.lateTicks ?? 0} late ticks, max tick lateness ${(w.load?.maxTickLatenessMs ?? 0).toFixed(1)} ms`,
    )
    .join('; ');
  await engine.close();
  child.kill();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  return { engine: summarize(result), baseline: summarize(baselineMessage), load };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const calls = numbers[0] ?? 200;
  const seconds = numbers[1] ?? 10;
  const record = args.includes('--record');
  const workerCounts = (args.find((a) => a.startsWith('--workers='))?.slice(10) ?? '1,2')
    .split(',')
    .map(Number);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `media-bridge: ${calls} bridged calls${record ? ' with stereo recording' : ''}, 50 packets/s each way, ${seconds} s; ${cpus().length} × ${cpu}, node ${process.version}`,
  );
  for (const workers of workerCounts) {
    const { engine, baseline, load } = await run(calls, seconds, workers, record);
    const loss = engine.sent === 0 ? 0 : (1 - engine.received / engine.sent) * 100;
    console.log(
      `workers=${workers}: sent ${engine.sent}, received ${engine.received}, loss ${loss.toFixed(3)}%, ` +
        `latency p50 ${engine.p50.toFixed(2)} ms p99 ${engine.p99.toFixed(2)} ms max ${engine.max.toFixed(1)} ms; ` +
        `direct path p50 ${baseline.p50.toFixed(2)} p99 ${baseline.p99.toFixed(2)} ms → added p99 ${(engine.p99 - baseline.p99).toFixed(2)} ms`,
    );
    console.log(`  ${load}`);
  }
}

if (process.argv.includes('--generator')) generator();
else await main();
