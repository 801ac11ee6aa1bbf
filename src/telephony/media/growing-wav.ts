// A WAV file still being written (streamed TTS), read as it grows: read ahead off the tick, sizes in its header ignored.
import { open } from 'node:fs/promises';
import { SAMPLE_RATE } from './audio-codec.ts';
import { ALAW_DECODE, ULAW_DECODE } from './g711.ts';
import { MediaError } from './media-error.ts';
import { FORMAT_ALAW, FORMAT_MULAW, FORMAT_PCM, walkWavHeader } from './wav-header.ts';

/**
 * The file's bytes at a position: fewer, or none, where the writer has not got to yet. What a
 * read returns may be reused by the next one: the reader copies it out first.
 */
export interface GrowingFileSource {
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Reads a file by descriptor, so a rename or unlink by the writer does not cut the reader off. */
export async function openGrowingFile(path: string): Promise<GrowingFileSource> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : String(error);
    throw new MediaError('file-unreadable', `Cannot play ${path}: ${why}.`, { cause: error });
  }
  // One buffer per file: reads are one at a time, and a player at the growing end reads every tick.
  let buffer = Buffer.allocUnsafe(0);
  return {
    async read(position, length) {
      if (buffer.length < length) buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

type Encoding = 'pcm16' | 'ulaw' | 'alaw';

/** One read: a second of 16-bit audio. */
const READ_BYTES = 16_384;
/** Reads are issued while less than this is buffered (a second). */
const READ_AHEAD_SAMPLES = SAMPLE_RATE;
/** A header that has not reached its data chunk within this many bytes is not one we play. */
const MAX_HEADER_BYTES = 4096;

/**
 * Samples of a WAV file that its writer is still appending to. The writer's header gives sizes it
 * cannot know yet (espeak-ng and sox write 0x7ffff000 to a pipe), so the data runs to wherever
 * the file ends now, until `complete(bytes)` says where it really ends. Reads are asynchronous and
 * run ahead of the player, which takes samples synchronously on its tick: `available` is what it
 * can take now. Only 8 kHz mono (PCM16, u-law, A-law) is played growing: resampling a stream
 * piecewise would click at every read.
 */
export class GrowingWav {
  readonly path: string;
  readonly #source: GrowingFileSource;
  #header: Uint8Array = new Uint8Array(0);
  #encoding: Encoding | undefined;
  #dataStart = 0;
  /** File offset of the next read. */
  #position = 0;
  /** The file's final size, once the writer is done. */
  #end: number | undefined;
  /** Bytes read past the last whole sample. */
  #carry: Uint8Array = new Uint8Array(0);
  readonly #chunks: Int16Array[] = [];
  #head = 0;
  #available = 0;
  #reading: Promise<void> | undefined;
  #failure: string | undefined;
  #closed = false;

  constructor(path: string, source: GrowingFileSource) {
    this.path = path;
    this.#source = source;
  }

  /** Opens the file and reads its start, so the first frames need not wait; a bad header refuses. */
  static async open(path: string, source?: GrowingFileSource): Promise<GrowingWav> {
    const wav = new GrowingWav(path, source ?? (await openGrowingFile(path)));
    wav.poll();
    await wav.settled();
    if (wav.failure !== undefined) {
      await wav.close();
      throw new MediaError('file-unreadable', `Cannot play ${path}: ${wav.failure}.`);
    }
    return wav;
  }

  /** Samples that can be taken now. */
  get available(): number {
    return this.#available;
  }

  /** Why no more audio will come, when the file failed (render failed, unreadable, bad format). */
  get failure(): string | undefined {
    return this.#failure;
  }

  /** Complete and read to its end: no more samples will come than `available`. */
  get allRead(): boolean {
    return (
      this.#end !== undefined &&
      this.#failure === undefined &&
      this.#reading === undefined &&
      this.#position >= this.#end
    );
  }

  /** Complete and every sample taken: the clip is over. */
  get ended(): boolean {
    return this.allRead && this.#available === 0;
  }

  /** Resolves when the read under way (if any) has been taken in. */
  async settled(): Promise<void> {
    while (this.#reading !== undefined) await this.#reading;
  }

  /** Copies up to `count` samples into `out` at `offset`; returns how many. Reads on ahead. */
  take(out: Int16Array, offset: number, count: number): number {
    let copied = 0;
    while (copied < count && this.#available > 0) {
      const chunk = this.#chunks[0]!;
      const n = Math.min(count - copied, chunk.length - this.#head);
      out.set(chunk.subarray(this.#head, this.#head + n), offset + copied);
      copied += n;
      this.#head += n;
      this.#available -= n;
      if (this.#head >= chunk.length) {
        this.#chunks.shift();
        this.#head = 0;
      }
    }
    this.poll();
    return copied;
  }

  /** Starts a read when the buffer runs low and the file may hold more; at most one at a time. */
  poll(): void {
    if (this.#reading !== undefined || this.#closed || this.#failure !== undefined) return;
    if (this.#encoding !== undefined && this.#available >= READ_AHEAD_SAMPLES) return;
    const end = this.#end;
    if (end !== undefined && this.#position >= end) return;
    const length = end === undefined ? READ_BYTES : Math.min(READ_BYTES, end - this.#position);
    const position = this.#position;
    this.#reading = this.#source.read(position, length).then(
      (bytes) => {
        this.#reading = undefined;
        if (!this.#closed && this.#failure === undefined) this.#accept(position, bytes);
      },
      (error: unknown) => {
        this.#reading = undefined;
        this.fail(`reading failed (${String(error)})`);
      },
    );
  }

  /** The writer is done: the file ends at `bytes`. Audio read past that is dropped. */
  complete(bytes: number): void {
    if (this.#end !== undefined || this.#failure !== undefined) return;
    this.#end = bytes;
    this.#checkHeaderAtEnd();
    const over = this.#position - bytes;
    if (over <= 0) return;
    // Read before the writer cut its end (trailing silence trimmed): drop what lies past it.
    const overSamples = Math.floor(Math.max(0, over - this.#carry.length) / this.#bytesPerSample);
    this.#carry = new Uint8Array(0);
    this.#position = bytes;
    this.#dropTail(overSamples);
  }

  /** No more audio will come (the render failed): the player ends. */
  fail(why: string): void {
    if (this.#failure === undefined) this.#failure = why;
  }

  /** Back to the first sample (a looping list). Takes effect once a read brings the start back. */
  rewind(): void {
    this.#chunks.length = 0;
    this.#head = 0;
    this.#available = 0;
    this.#carry = new Uint8Array(0);
    this.#position = this.#encoding === undefined ? 0 : this.#dataStart;
    if (this.#encoding === undefined) this.#header = new Uint8Array(0);
    this.poll();
  }

  /** Closes the file once a read under way is done. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.settled();
    await this.#source.close().catch(() => {});
  }

  get #bytesPerSample(): number {
    return this.#encoding === 'pcm16' ? 2 : 1;
  }

  #accept(position: number, bytes: Uint8Array): void {
    if (position !== this.#position) return; // a rewind moved on meanwhile
    const end = this.#end;
    const usable =
      end !== undefined && position + bytes.length > end
        ? bytes.subarray(0, Math.max(0, end - position))
        : bytes;
    this.#position += usable.length;
    if (this.#encoding === undefined && usable.length > 0) {
      this.#header = concat(this.#header, usable);
      this.#parseHeader();
    } else if (usable.length > 0) {
      this.#decode(usable);
    }
    this.#checkHeaderAtEnd();
  }

  #checkHeaderAtEnd(): void {
    const end = this.#end;
    if (this.#encoding === undefined && end !== undefined && this.#position >= end)
      this.fail(`the file ended (${end} bytes) before its WAV header did`);
  }

  #parseHeader(): void {
    const data = this.#header;
    const found = findData(data);
    if (found === undefined) {
      if (data.length > MAX_HEADER_BYTES) this.fail('no data chunk in the first 4 KiB');
      return;
    }
    if (typeof found === 'string') {
      this.fail(found);
      return;
    }
    this.#encoding = found.encoding;
    this.#dataStart = found.dataStart;
    this.#header = new Uint8Array(0);
    if (data.length > found.dataStart) this.#decode(data.subarray(found.dataStart));
  }

  #decode(bytes: Uint8Array): void {
    const input = this.#carry.length === 0 ? bytes : concat(this.#carry, bytes);
    const width = this.#bytesPerSample;
    const count = Math.floor(input.length / width);
    this.#carry = input.slice(count * width);
    if (count === 0) return;
    const samples = new Int16Array(count);
    if (this.#encoding === 'pcm16') {
      const view = new DataView(input.buffer, input.byteOffset, count * 2);
      for (let i = 0; i < count; i++) samples[i] = view.getInt16(i * 2, true);
    } else {
      const table = this.#encoding === 'ulaw' ? ULAW_DECODE : ALAW_DECODE;
      for (let i = 0; i < count; i++) samples[i] = table[input[i]!]!;
    }
    this.#chunks.push(samples);
    this.#available += count;
  }

  #dropTail(samples: number): void {
    let left = Math.min(samples, this.#available);
    this.#available -= left;
    while (left > 0) {
      const last = this.#chunks[this.#chunks.length - 1]!;
      const inChunk = last.length - (this.#chunks.length === 1 ? this.#head : 0);
      if (left >= inChunk) {
        this.#chunks.pop();
        if (this.#chunks.length === 0) this.#head = 0;
        left -= inChunk;
      } else {
        this.#chunks[this.#chunks.length - 1] = last.subarray(0, last.length - left);
        left = 0;
      }
    }
  }
}

/**
 * The data chunk's body and how to decode it. Its size field is not read: the writer could not
 * know it. Undefined while the header is not all there yet; a string says why the file cannot be
 * played.
 */
function findData(
  data: Uint8Array,
): { encoding: Encoding; dataStart: number } | string | undefined {
  const header = walkWavHeader(data);
  if (header.kind === 'invalid') return header.why;
  // A format that can't be played is refused as soon as it is known, before the data chunk.
  if (header.kind === 'incomplete' && header.format === undefined) return undefined;
  const { tag, bits, channels, rate } = header.format!;
  const encoding: Encoding | undefined =
    tag === FORMAT_PCM && bits === 16
      ? 'pcm16'
      : tag === FORMAT_MULAW && bits === 8
        ? 'ulaw'
        : tag === FORMAT_ALAW && bits === 8
          ? 'alaw'
          : undefined;
  if (encoding === undefined || channels !== 1 || rate !== SAMPLE_RATE) {
    return `a file played while it grows must be 8 kHz mono PCM16, u-law or A-law (this one is format ${tag}, ${bits} bits, ${channels} channels, ${rate} Hz)`;
  }
  return header.kind === 'header' ? { encoding, dataStart: header.dataStart } : undefined;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
