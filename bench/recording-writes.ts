// Benchmark of the recorder's file writes: the media thread's CPU per 1 s chunk, fs.write vs the native batch.
// Run: npm run bench:record-writes -- [recordings] [seconds]
//
// As a media worker at 500 recordings (1,000 calls on two workers): every recording appends a
// 32,000-octet stereo chunk once a second, the recordings spread over the 50 ticks of a second
// (the recorder's flush phases), on a real 20 ms timer. The figure is this thread's own CPU time
// (/proc/thread-self) per chunk, so the threadpool's writes are not in it: what is measured is
// what submitting, completing and patching the header cost the thread that also relays the RTP.
// The two ways alternate run by run, three runs each, on the same files' folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchedChunkWrites, fsChunkWrites } from '../src/telephony/media/chunk-writes.ts';
import type { ChunkWrites } from '../src/telephony/media/chunk-writes.ts';
import { nativeAddon } from '../src/telephony/media/native-addon.ts';
import { threadCpuMs } from '../src/telephony/media/thread-cpu.ts';
import { WavWriter } from '../src/telephony/media/wav-writer.ts';

const recordings = Number(process.argv[2] ?? 500);
const seconds = Number(process.argv[3] ?? 10);
const CHUNK = 32_000;
const TICKS_PER_SECOND = 50;

async function run(
  label: string,
  writes: ChunkWrites,
  dir: string,
): Promise<{ label: string; usPerChunk: number }> {
  const writers = await Promise.all(
    Array.from({ length: recordings }, (_, i) =>
      WavWriter.create(join(dir, `${label}-${i}.wav`), 2, 8000, writes),
    ),
  );
  const pool: Buffer[] = Array.from({ length: recordings * 2 }, () => Buffer.alloc(CHUNK, 1));
  const give = (chunk: Buffer): void => void pool.push(chunk);
  let chunks = 0;
  const cpuBefore = threadCpuMs() ?? 0;
  for (let tick = 0; tick < seconds * TICKS_PER_SECOND; tick++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = tick % TICKS_PER_SECOND; i < recordings; i += TICKS_PER_SECOND) {
      writers[i]!.append(pool.pop() ?? Buffer.alloc(CHUNK, 1), CHUNK, give);
      chunks++;
    }
  }
  await Promise.all(writers.map((w) => w.settled()));
  const cpu = (threadCpuMs() ?? 0) - cpuBefore;
  await Promise.all(writers.map((w) => w.close()));
  return { label, usPerChunk: (cpu * 1000) / chunks };
}

const addon = nativeAddon();
if (addon === undefined)
  throw new Error('native/build/hotline-media.node is not built: run npm run build:native');
const dir = await mkdtemp(join(tmpdir(), 'hotline-record-writes-'));
console.log(
  `recording-writes: ${recordings} recordings, one ${CHUNK}-octet chunk each per second, ${seconds} s per run; ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`,
);
const results: Record<string, number[]> = { 'fs.write': [], 'native batch': [] };
for (let round = 0; round < 3; round++) {
  for (const [label, writes] of [
    ['fs.write', fsChunkWrites],
    ['native batch', new BatchedChunkWrites(addon)],
  ] as const) {
    const result = await run(`${label.replace(/\W/g, '')}${round}`, writes, dir);
    results[label]!.push(result.usPerChunk);
    console.log(`  ${label}: ${result.usPerChunk.toFixed(1)} µs of this thread's CPU per chunk`);
  }
}
for (const [label, runs] of Object.entries(results)) {
  const sorted = [...runs].sort((a, b) => a - b);
  console.log(
    `${label}: median ${sorted[1]!.toFixed(1)} µs per chunk (runs ${runs.map((r) => r.toFixed(1)).join(', ')})`,
  );
}
await rm(dir, { recursive: true, force: true });
