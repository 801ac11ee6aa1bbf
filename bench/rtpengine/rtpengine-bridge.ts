// The media-bridge load through rtpengine in userspace mode (no kernel module), for comparison with the embedded engine.
// Run: npm run bench:rtpengine -- [calls[,calls…]] [seconds] [--record] [--threads=1,2] [--runs=3] [--nice=N]
//
// Starts its own rtpengine in the foreground (never the packaged service): --table=-1 keeps
// forwarding in userspace, --num-threads sets the packet threads. Each call is an ng offer/answer
// pair (plain RTP/AVP, PCMU, both sides on the generator's loopback sockets), so rtpengine relays
// between the generator's two sockets of a call exactly as the embedded engine's bridge does; the
// calls are deleted at the end. --record asks rtpengine to record each call (pcap method, the one
// that works without the kernel module): packets are written as captured, not decoded to WAV.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectRuns, parseBenchArgs, printHeader, withMachineLoad } from '../media-bench-args.ts';
import type { BenchRow } from '../media-bench-args.ts';
import { LoadGenerator, processCpuMs } from '../media-load-generator.ts';
import { NgClient } from './ng-client.ts';

/** A UDP port nobody holds right now (the kernel's pick), for rtpengine's ng listener. */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
const PORTS = { min: 10000, max: 19999 }; // the same range bench/media-bridge.ts gives the engine

function sdp(port: number, session: number): string {
  return [
    'v=0',
    `o=- ${session} 1 IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 0`,
    'a=rtpmap:0 PCMU/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

/** The port of the first m=audio line of an SDP rtpengine returned. */
function audioPort(body: unknown, what: string): number {
  const match = typeof body === 'string' ? /^m=audio (\d+) /m.exec(body) : null;
  if (match === null) throw new Error(`rtpengine's ${what} reply has no m=audio line`);
  return Number(match[1]);
}

async function startRtpengine(
  threads: number,
  recordingDir: string | undefined,
): Promise<{ child: ChildProcess; ng: NgClient; log: () => string }> {
  // Not a fixed port: Hotline's own RTP range (20000-29999) is in use by other tests at times.
  const ngPort = await freeUdpPort();
  const args = [
    '--config-file=none',
    '--foreground',
    '--log-stderr',
    '--log-level=4',
    '--table=-1',
    '--interface=127.0.0.1',
    `--port-min=${PORTS.min}`,
    `--port-max=${PORTS.max}`,
    `--listen-ng=127.0.0.1:${ngPort}`,
    `--num-threads=${threads}`,
    '--timeout=60',
    '--delete-delay=0',
    ...(recordingDir === undefined
      ? []
      : [`--recording-dir=${recordingDir}`, '--recording-method=pcap']),
  ];
  const child = spawn('rtpengine', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  // If the bench dies (Ctrl-C, an exception), its rtpengine must not keep the ports.
  const killChild = () => child.kill('SIGTERM');
  process.once('exit', killChild);
  child.once('exit', () => process.off('exit', killChild));
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`rtpengine exited (${code}):\n${log}`))),
  );
  const ng = await NgClient.connect({ port: ngPort, timeoutMs: 300, attempts: 1 });
  for (let attempt = 0; ; attempt++) {
    try {
      await Promise.race([ng.request('ping'), exited]);
      break;
    } catch (error) {
      if (attempt >= 20) throw error;
    }
  }
  return { child, ng, log: () => log };
}

async function run(
  calls: number,
  seconds: number,
  threads: number,
  record: boolean,
  nice: number,
): Promise<BenchRow> {
  const generator = LoadGenerator.start({ nice });
  const ports = await generator.open(calls);
  const baseline = await generator.baseline(Math.min(3, seconds));
  const dir = record ? await mkdtemp(join(tmpdir(), 'hotline-bench-rtpengine-')) : undefined;
  const { child, ng, log } = await startRtpengine(threads, dir);
  const targets = new Array<number>(calls * 2);
  try {
    for (let first = 0; first < calls; first += 50) {
      const batch = [...Array(Math.min(50, calls - first)).keys()].map((k) => first + k);
      await Promise.all(
        batch.map(async (call) => {
          const callId = `bench-${call}`;
          const offer = await ng.request('offer', {
            'call-id': callId,
            'from-tag': `a${call}`,
            sdp: sdp(ports[call * 2]!, call),
            ...(record ? { 'record call': 'yes' } : {}),
          });
          targets[call * 2 + 1] = audioPort(offer.sdp, 'offer');
          const answer = await ng.request('answer', {
            'call-id': callId,
            'from-tag': `a${call}`,
            'to-tag': `b${call}`,
            sdp: sdp(ports[call * 2 + 1]!, call),
          });
          targets[call * 2] = audioPort(answer.sdp, 'answer');
        }),
      );
    }
    const pid = child.pid!;
    const { result, elementCpuPercent, othersCpuPercent } = await withMachineLoad(async () => {
      const cpuBefore = await processCpuMs(pid);
      const result = await generator.run(targets, seconds);
      return { result, elementCpuMs: (await processCpuMs(pid)) - cpuBefore };
    });
    let detail = `rtpengine --num-threads=${threads}`;
    if (dir !== undefined) {
      const files = await readdir(join(dir, 'pcaps')).catch(() => [] as string[]);
      let bytes = 0;
      for (const f of files) bytes += (await stat(join(dir, 'pcaps', f))).size;
      detail += `; ${files.length} pcap files, ${(bytes / 1e6).toFixed(1)} MB`;
    }
    for (let call = 0; call < calls; call++)
      await ng.request('delete', { 'call-id': `bench-${call}`, 'from-tag': `a${call}` });
    return { result, baseline, elementCpuPercent, othersCpuPercent, detail };
  } catch (error) {
    console.error(log());
    throw error;
  } finally {
    ng.close();
    if (child.exitCode === null && child.signalCode === null) {
      const exit = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exit;
    }
    generator.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
const args = parseBenchArgs(process.argv.slice(2), 'threads');
printHeader('rtpengine-bridge (rtpengine userspace)', args);
for (const calls of args.calls) {
  for (const threads of args.threads) {
    const label = `${calls} calls, threads=${threads}${args.record ? ', recording (pcap)' : ''}`;
    await collectRuns(args, label, () => run(calls, args.seconds, threads, args.record, args.nice));
  }
}
