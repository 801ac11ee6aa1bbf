// Benchmark of the embedded media engine: N bridged calls, 50 packets/s each way, loss and added latency per worker count.
// Run: npm run bench:media -- [calls[,calls…]] [seconds] [--record] [--workers=1,2] [--runs=3] [--nice=N] [--io=native,node]
//
// The load generator (bench/media-load-generator.ts, shared with bench/rtpengine/) owns two UDP
// sockets per call and sends a 20 ms PCMU packet every 20 ms from each to its endpoint; the engine
// relays it to the other side. "added" latency is the p99 through the engine minus the p99 of the
// same load sent socket to socket without it (measured first, on the same sockets). --record adds
// a stereo recording per call. Element CPU is this process's CPU time (all its threads) over the
// run, in % of one core; the engine's main thread only idles meanwhile. --io picks the engine's
// RTP sockets and recording writes (MediaEngine's io): native (the addon), node (dgram and
// fs.write), or both, alternating run by run (default: auto, native where built).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaEngine } from '../src/telephony/media/index.ts';
import type { MediaIo } from '../src/telephony/media/index.ts';
import type { NegotiatedMedia } from '../src/telephony/sip/sdp/index.ts';
import { collectRuns, parseBenchArgs, printHeader, withMachineLoad } from './media-bench-args.ts';
import type { BenchRow } from './media-bench-args.ts';
import { LoadGenerator } from './media-load-generator.ts';

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
  nice: number,
  io: MediaIo,
): Promise<BenchRow> {
  const generator = LoadGenerator.start({ nice });
  const ports = await generator.open(calls);
  const baseline = await generator.baseline(Math.min(3, seconds));
  const engine = await MediaEngine.start({
    ports: { min: 10000, max: 19999 }, // below the ephemeral range and Hotline's default 20000-29999
    advertisedAddress: '127.0.0.1',
    bindAddress: '127.0.0.1',
    workers,
    qualityIntervalMs: 0,
    inactivityTimeoutMs: 0,
    io,
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
        media: media(ports[i]!),
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
  let kernelShare = 0;
  const { result, elementCpuPercent, othersCpuPercent } = await withMachineLoad(async () => {
    const cpuBefore = process.cpuUsage();
    const result = await generator.run(targets, seconds);
    const cpu = process.cpuUsage(cpuBefore);
    kernelShare = cpu.system / Math.max(1, cpu.user + cpu.system);
    return { result, elementCpuMs: (cpu.user + cpu.system) / 1000 };
  });
  const detail = engine.stats.workers
    .map(
      (w) =>
        `w${w.index}: ${Math.round((w.load?.utilization ?? 0) * 100)}% busy, ${w.load?.lateTicks ?? 0} late ticks, max tick lateness ${(w.load?.maxTickLatenessMs ?? 0).toFixed(1)} ms`,
    )
    .join('; ')
    .concat(`; element CPU ${Math.round(kernelShare * 100)}% in the kernel`);
  await engine.close();
  generator.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  return { result, baseline, elementCpuPercent, othersCpuPercent, detail };
}

const ioOption = process.argv.find((a) => a.startsWith('--io='));
const ios = (ioOption?.slice('--io='.length).split(',') ?? ['auto']) as MediaIo[];
if (ios.some((io) => io !== 'auto' && io !== 'native' && io !== 'node'))
  throw new Error(`--io: expected native, node or both separated by a comma, got "${ioOption}"`);
const args = parseBenchArgs(
  process.argv.slice(2).filter((a) => a !== ioOption),
  'workers',
);
printHeader('media-bridge (embedded engine)', args);
for (const calls of args.calls) {
  for (const workers of args.threads) {
    for (const io of ios) {
      const label = `${calls} calls, workers=${workers}${args.record ? ', recording' : ''}${io === 'auto' ? '' : `, io=${io}`}`;
      await collectRuns(args, label, () =>
        run(calls, args.seconds, workers, args.record, args.nice, io),
      );
    }
  }
}
