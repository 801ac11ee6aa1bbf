// How a recording's chunks reach its file: fs.write per chunk and header, or one native threadpool job per turn for all of them.
import { write } from 'node:fs';
import { constants } from 'node:os';
import { nativeAddon } from './native-addon.ts';
import type { NativeAddon } from './native-addon.ts';

export type WriteDone = (error: Error | null) => void;

/** Writes a chunk at its position and then, if that worked, the 44-octet WAV header at 0. */
export interface ChunkWrites {
  write(
    fd: number,
    chunk: Buffer,
    length: number,
    position: number,
    header: Buffer,
    done: WriteDone,
  ): void;
}

const errnoNames = new Map<number, string>(
  Object.entries(constants.errno).map(([name, value]) => [value, name]),
);

function errnoError(errno: number): Error {
  const code = errnoNames.get(errno) ?? `E${errno}`;
  return Object.assign(new Error(`${code}: the recording write failed (errno ${errno})`), {
    code,
    errno: -errno,
  });
}

/** fs.write's callback form, as `writeFully` calls it (a parameter so tests can cut writes short). */
export type PositionalWrite = (
  fd: number,
  buffer: Buffer,
  offset: number,
  length: number,
  position: number,
  callback: (error: NodeJS.ErrnoException | null, written: number) => void,
) => void;

/**
 * Writes all `length` octets at `position`: a write that takes fewer (a signal, a file size limit,
 * the disk filling up mid-chunk) goes on with the rest, as the native batch does, so the file
 * never holds a gap. A write that takes nothing is an error (ENOSPC for a regular file).
 */
export function writeFully(
  fd: number,
  buffer: Buffer,
  offset: number,
  length: number,
  position: number,
  done: WriteDone,
  writeAt: PositionalWrite = write,
): void {
  writeAt(fd, buffer, offset, length, position, (error, written) => {
    if (error !== null) done(error);
    else if (written >= length) done(null);
    else if (written <= 0) done(errnoError(constants.errno.ENOSPC));
    else
      writeFully(fd, buffer, offset + written, length - written, position + written, done, writeAt);
  });
}

/** Node's fs.write: two threadpool jobs per chunk (more when a write is cut short). */
export const fsChunkWrites: ChunkWrites = {
  write(fd, chunk, length, position, header, done) {
    writeFully(fd, chunk, 0, length, position, (error) => {
      if (error !== null) done(error);
      else writeFully(fd, header, 0, header.length, 0, done);
    });
  },
};

interface Held {
  readonly fd: number;
  readonly chunk: Buffer;
  readonly length: number;
  readonly position: number;
  readonly header: Buffer;
  readonly done: WriteDone;
}

/**
 * The chunks of one event-loop turn go to the threadpool as one job (native writeBatch). Each job
 * wakes an idle pool thread, which at a thousand recordings cost the media thread more than the
 * writes themselves; recorders that flush in the same tick now share one wake-up.
 */
export class BatchedChunkWrites implements ChunkWrites {
  readonly #addon: NativeAddon;
  readonly #schedule: (flush: () => void) => void;
  #held: Held[] = [];

  constructor(addon: NativeAddon, schedule: (flush: () => void) => void = setImmediate) {
    this.#addon = addon;
    this.#schedule = schedule;
  }

  write(
    fd: number,
    chunk: Buffer,
    length: number,
    position: number,
    header: Buffer,
    done: WriteDone,
  ): void {
    this.#held.push({ fd, chunk, length, position, header, done });
    if (this.#held.length === 1) this.#schedule(this.flush);
  }

  readonly flush = (): void => {
    const held = this.#held;
    if (held.length === 0) return;
    this.#held = [];
    const count = held.length;
    const fds = new Int32Array(count);
    const positions = new Float64Array(count);
    const lengths = new Int32Array(count);
    const buffers: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const item = held[i]!;
      fds[i] = item.fd;
      positions[i] = item.position;
      lengths[i] = item.length;
      buffers.push(item.chunk, item.header);
    }
    const finish = (errorOf: (i: number) => Error | null): void => {
      let failure: Error | undefined;
      for (let i = 0; i < count; i++) {
        // Every writer hears back, even when one of them throws: a silent one never settles.
        try {
          held[i]!.done(errorOf(i));
        } catch (error) {
          failure ??= error instanceof Error ? error : new Error(String(error));
        }
      }
      if (failure !== undefined) throw failure;
    };
    let answered = false;
    try {
      this.#addon.writeBatch(count, fds, positions, lengths, buffers, (errnos) => {
        answered = true;
        finish((i) => (errnos[i] === 0 ? null : errnoError(errnos[i]!)));
      });
    } catch (error) {
      if (answered) throw error; // a writer's own throw, already reported to the others
      const refused = error instanceof Error ? error : new Error(String(error));
      finish(() => refused);
    }
  };
}

let threadWrites: BatchedChunkWrites | undefined;

/** This thread's batched writes when the addon is built and `native` allows it; else fs.write. */
export function chunkWritesFor(native: boolean): ChunkWrites {
  if (!native) return fsChunkWrites;
  const addon = nativeAddon();
  if (addon === undefined) return fsChunkWrites;
  threadWrites ??= new BatchedChunkWrites(addon);
  return threadWrites;
}
