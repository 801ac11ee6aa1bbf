// Call recording: one or two channels taken from endpoint timelines each tick, interleaved into 1 s chunks for the WAV writer.
import { FRAME_SAMPLES, SAMPLE_RATE } from './audio-codec.ts';
import type { RecordPauseMode } from './media-commands.ts';
import type { RecordFinishedEvent, RecordingChannelInfo } from './media-events.ts';
import { TimelineBuffer } from './timeline-buffer.ts';
import type { WavWriter } from './wav-writer.ts';

/** About a second of audio per write: few system calls, and a crash loses at most that much. */
export const CHUNK_FRAMES = 50;

export interface RecorderChannel {
  readonly info: RecordingChannelInfo;
  /** Fed by the endpoint (received or sent audio, by RTP timestamp). */
  readonly timeline: TimelineBuffer;
}

// Chunks are recycled between recordings of a worker, so a thousand recordings do not allocate
// 32 KB a second each.
const chunkPool = new Map<number, Buffer[]>();

// WAV is little-endian; samples are stored through an Int16Array view, in the machine's order.
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!littleEndian)
  throw new Error('the recorder writes WAV through native 16-bit views: little-endian only');

function takeChunk(bytes: number): Buffer {
  return chunkPool.get(bytes)?.pop() ?? Buffer.allocUnsafeSlow(bytes);
}

function samplesOf(chunk: Buffer): Int16Array {
  return new Int16Array(chunk.buffer, chunk.byteOffset, chunk.length >> 1);
}

function returnChunk(chunk: Buffer): void {
  let pool = chunkPool.get(chunk.length);
  if (pool === undefined) chunkPool.set(chunk.length, (pool = []));
  if (pool.length < 64) pool.push(chunk);
}

export class Recorder {
  readonly id: string;
  readonly callId: string;
  readonly left: RecorderChannel;
  readonly right: RecorderChannel | undefined;
  readonly #writer: WavWriter;
  readonly #pauseMode: RecordPauseMode;
  readonly #startedAt: number;
  readonly #channels: 1 | 2;
  readonly #chunkBytes: number;
  readonly #leftFrame = new Int16Array(FRAME_SAMPLES);
  readonly #rightFrame = new Int16Array(FRAME_SAMPLES);
  #chunk: Buffer;
  #samples: Int16Array;
  /** Samples (not bytes) in the current chunk. */
  #fill = 0;
  /** Samples at which the current chunk is written: short for the first chunk, then a full one. */
  #flushAt: number;
  #framesWritten = 0;
  #pausedFrames = 0;
  #paused = false;
  #stopped = false;

  constructor(
    id: string,
    callId: string,
    writer: WavWriter,
    left: RecorderChannel,
    right: RecorderChannel | undefined,
    pauseMode: RecordPauseMode,
    startedAt: number,
    flushPhase = 0,
  ) {
    this.id = id;
    this.callId = callId;
    this.#writer = writer;
    this.left = left;
    this.right = right;
    this.#pauseMode = pauseMode;
    this.#startedAt = startedAt;
    this.#channels = right === undefined ? 1 : 2;
    this.#chunkBytes = CHUNK_FRAMES * FRAME_SAMPLES * 2 * this.#channels;
    this.#chunk = takeChunk(this.#chunkBytes);
    this.#samples = samplesOf(this.#chunk);
    if (!Number.isInteger(flushPhase) || flushPhase < 0 || flushPhase >= CHUNK_FRAMES)
      throw new RangeError(`flushPhase: expected 0-${CHUNK_FRAMES - 1} frames, got ${flushPhase}`);
    this.#flushAt = (CHUNK_FRAMES - flushPhase) * FRAME_SAMPLES * this.#channels;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** A write failed (disk full, file removed): the recording should be stopped with reason error. */
  get failed(): Error | undefined {
    return this.#writer.error;
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
  }

  /** Per tick, after the endpoints: one frame from each channel, read straight into the chunk. */
  tick(): void {
    if (this.#stopped) return;
    const channels = this.#channels;
    const at = this.#fill;
    if (this.#paused) {
      // The timelines are read even while paused, so nothing said during the pause lingers.
      this.left.timeline.take(this.#leftFrame);
      this.right?.timeline.take(this.#rightFrame);
      this.#pausedFrames++;
      if (this.#pauseMode === 'skip') return;
      this.#samples.fill(0, at, at + FRAME_SAMPLES * channels);
    } else {
      this.left.timeline.take(this.#samples, at, channels);
      this.right?.timeline.take(this.#samples, at + 1, 2);
    }
    this.#fill = at + FRAME_SAMPLES * channels;
    this.#framesWritten++;
    if (this.#fill >= this.#flushAt) this.#flush();
  }

  #flush(): void {
    if (this.#fill === 0) return;
    this.#writer.append(this.#chunk, this.#fill * 2, returnChunk);
    this.#chunk = takeChunk(this.#chunkBytes);
    this.#samples = samplesOf(this.#chunk);
    this.#fill = 0;
    this.#flushAt = this.#chunkBytes >> 1;
  }

  /** Writes what is buffered, patches the header, closes the file; returns the metadata. */
  async stop(reason: RecordFinishedEvent['reason']): Promise<RecordFinishedEvent> {
    this.#stopped = true;
    this.#flush();
    returnChunk(this.#chunk);
    const bytes = await this.#writer.close();
    const error = this.#writer.error;
    const frameMs = (FRAME_SAMPLES * 1000) / SAMPLE_RATE;
    return {
      type: 'record.finished',
      recordingId: this.id,
      callId: this.callId,
      path: this.#writer.path,
      reason: error === undefined ? reason : 'error',
      startedAt: this.#startedAt,
      durationMs: this.#framesWritten * frameMs,
      pausedMs: this.#pausedFrames * frameMs,
      channels: this.#channels,
      sampleRate: SAMPLE_RATE,
      bitsPerSample: 16,
      bytes,
      left: this.left.info,
      ...(this.right === undefined ? {} : { right: this.right.info }),
      ...(error === undefined ? {} : { error: error.message }),
    };
  }
}

/** A timeline for a recording channel: 100 ms of jitter allowance, 1 s of ring. */
export function recordingTimeline(): TimelineBuffer {
  return new TimelineBuffer({ delayFrames: 5, capacityFrames: 50 });
}
