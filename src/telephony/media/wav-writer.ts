// A streaming RIFF/WAVE writer: 16-bit PCM appended in large chunks, sizes patched after every chunk so a crash leaves a readable file.
import { close, open } from 'node:fs';
import { fsChunkWrites, writeFully } from './chunk-writes.ts';
import type { ChunkWrites } from './chunk-writes.ts';
import { MediaError } from './media-error.ts';

export const WAV_HEADER_SIZE = 44;
/** The most audio a RIFF file's 32-bit sizes can describe (the RIFF size adds 36). */
const MAX_DATA_BYTES = 0xffff_ffff - 36;

/** The canonical 44-octet PCM header (format tag 1) for `dataBytes` of audio. */
export function wavHeader(channels: number, sampleRate: number, dataBytes: number): Buffer {
  const header = Buffer.alloc(WAV_HEADER_SIZE);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

interface PendingChunk {
  readonly chunk: Buffer;
  readonly length: number;
  readonly position: number;
  readonly onReleased: (chunk: Buffer) => void;
}

/**
 * Writes are queued one after the other; after each chunk the header is rewritten with the sizes
 * so far. A chunk handed to `append` belongs to the writer until `onReleased` gives it back.
 *
 * The file is a plain descriptor; a chunk and the header after it go through `ChunkWrites`
 * (chunk-writes.ts): the media worker's batch of one threadpool job per turn, or fs.write. The
 * promise API cost the media thread about 48 µs of CPU per chunk and header pair (a FileHandle
 * request, two promises and their reactions). The writes run on libuv's threadpool either way,
 * so a slow disk never stalls the media clock.
 */
export class WavWriter {
  readonly path: string;
  readonly #fd: number;
  readonly #writes: ChunkWrites;
  /** Reused: one header write is in flight at a time. */
  readonly #header: Buffer;
  readonly #queue: PendingChunk[] = [];
  #dataBytes = 0;
  #queued = 0;
  #writing = false;
  /** A chunk would have passed the WAV limit: nothing more is taken. */
  #full = false;
  #error: Error | undefined;
  #closed = false;
  #drained: (() => void)[] = [];

  private constructor(
    path: string,
    fd: number,
    channels: number,
    sampleRate: number,
    writes: ChunkWrites,
  ) {
    this.path = path;
    this.#fd = fd;
    this.#writes = writes;
    this.#header = wavHeader(channels, sampleRate, 0);
  }

  /** Creates the file (never overwriting one) and writes an empty header. */
  static async create(
    path: string,
    channels: number,
    sampleRate: number,
    writes: ChunkWrites = fsChunkWrites,
  ): Promise<WavWriter> {
    let fd: number;
    try {
      fd = await new Promise<number>((resolve, reject) =>
        open(path, 'wx', (error, opened) => (error === null ? resolve(opened) : reject(error))),
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'EEXIST'
          ? 'the file exists already; choose a new path per recording'
          : code === 'ENOENT'
            ? 'its folder does not exist'
            : `it cannot be created (${code ?? String(error)})`;
      throw new MediaError('file-unwritable', `Cannot record to ${path}: ${why}.`, {
        cause: error,
      });
    }
    const writer = new WavWriter(path, fd, channels, sampleRate, writes);
    try {
      await writer.#writeHeader();
    } catch (error) {
      await new Promise<void>((resolve) => close(fd, () => resolve()));
      throw new MediaError('file-unwritable', `Cannot record to ${path}: ${String(error)}.`, {
        cause: error,
      });
    }
    return writer;
  }

  get error(): Error | undefined {
    return this.#error;
  }

  /** Audio bytes accepted so far (written or queued). */
  get dataBytes(): number {
    return this.#queued;
  }

  /** Resolves once every chunk appended so far is written and the header patched after it. */
  settled(): Promise<void> {
    if (!this.#writing) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  append(chunk: Buffer, length: number, onReleased: (chunk: Buffer) => void): void {
    if (this.#closed || this.#error !== undefined || length === 0) {
      onReleased(chunk);
      return;
    }
    if (this.#full || this.#queued + length > MAX_DATA_BYTES) {
      // RIFF sizes are 32 bits: past 4 GiB (37 h of 8 kHz stereo) the recording ends with an
      // error, once what came before the limit is written.
      this.#full = true;
      onReleased(chunk);
      if (!this.#writing) this.#fullStop();
      return;
    }
    const position = WAV_HEADER_SIZE + this.#queued;
    this.#queued += length;
    this.#queue.push({ chunk, length, position, onReleased });
    if (!this.#writing) this.#next();
  }

  /** Writes the oldest queued chunk, then the header with the sizes including it, then the next. */
  #next(): void {
    const pending = this.#queue.shift();
    if (pending === undefined) {
      this.#writing = false;
      if (this.#full) this.#fullStop();
      const drained = this.#drained;
      this.#drained = [];
      for (const resolve of drained) resolve();
      return;
    }
    this.#writing = true;
    const { chunk, length, position, onReleased } = pending;
    if (this.#error !== undefined) {
      onReleased(chunk);
      this.#next();
      return;
    }
    this.#setSizes(this.#dataBytes + length);
    this.#writes.write(this.#fd, chunk, length, position, this.#header, (error) => {
      onReleased(chunk);
      if (error === null) this.#dataBytes += length;
      else this.#fail(error);
      this.#next();
    });
  }

  /** The RIFF and data sizes, the only header fields that change. */
  #setSizes(dataBytes: number): void {
    this.#header.writeUInt32LE(36 + dataBytes, 4);
    this.#header.writeUInt32LE(dataBytes, 40);
  }

  #fullStop(): void {
    this.#fail(
      new MediaError('file-unwritable', `${this.path} reached the WAV format's 4 GiB limit.`),
    );
  }

  #fail(error: unknown): void {
    this.#error ??= error instanceof Error ? error : new Error(String(error));
  }

  /** Writes the header with the sizes of what is written (after a failed chunk, for close). */
  #writeHeader(): Promise<void> {
    const header = this.#header;
    this.#setSizes(this.#dataBytes);
    return new Promise((resolve, reject) =>
      writeFully(this.#fd, header, 0, WAV_HEADER_SIZE, 0, (error) => {
        if (error === null) resolve();
        else {
          this.#fail(error);
          reject(error);
        }
      }),
    );
  }

  /** Waits for queued chunks, writes the final sizes and closes; returns the file size. */
  async close(): Promise<number> {
    if (this.#closed) return WAV_HEADER_SIZE + this.#dataBytes;
    this.#closed = true;
    await this.settled();
    await this.#writeHeader().catch(() => undefined);
    await new Promise<void>((resolve) => close(this.#fd, () => resolve()));
    return WAV_HEADER_SIZE + this.#dataBytes;
  }
}
