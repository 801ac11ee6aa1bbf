// A streaming RIFF/WAVE writer: 16-bit PCM appended in large chunks, sizes patched after every chunk so a crash leaves a readable file.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { MediaError } from './media-error.ts';

export const WAV_HEADER_SIZE = 44;

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

/**
 * Writes are queued one after the other; after each chunk the header is rewritten with the sizes
 * so far. A chunk handed to `append` belongs to the writer until `onReleased` gives it back.
 */
export class WavWriter {
  readonly path: string;
  readonly #file: FileHandle;
  readonly #channels: number;
  readonly #sampleRate: number;
  #dataBytes = 0;
  #queued = 0;
  #tail: Promise<void> = Promise.resolve();
  #error: Error | undefined;
  #closed = false;

  private constructor(path: string, file: FileHandle, channels: number, sampleRate: number) {
    this.path = path;
    this.#file = file;
    this.#channels = channels;
    this.#sampleRate = sampleRate;
  }

  /** Creates the file (never overwriting one) and writes an empty header. */
  static async create(path: string, channels: number, sampleRate: number): Promise<WavWriter> {
    let file: FileHandle;
    try {
      file = await open(path, 'wx');
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
    const writer = new WavWriter(path, file, channels, sampleRate);
    await file.write(wavHeader(channels, sampleRate, 0), 0, WAV_HEADER_SIZE, 0);
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
    return this.#tail;
  }

  append(chunk: Buffer, length: number, onReleased: (chunk: Buffer) => void): void {
    if (this.#closed || this.#error !== undefined || length === 0) {
      onReleased(chunk);
      return;
    }
    const position = WAV_HEADER_SIZE + this.#queued;
    this.#queued += length;
    this.#tail = this.#tail.then(async () => {
      try {
        if (this.#error !== undefined) return;
        await this.#file.write(chunk, 0, length, position);
        this.#dataBytes += length;
        await this.#file.write(
          wavHeader(this.#channels, this.#sampleRate, this.#dataBytes),
          0,
          WAV_HEADER_SIZE,
          0,
        );
      } catch (error) {
        this.#error ??= error instanceof Error ? error : new Error(String(error));
      } finally {
        onReleased(chunk);
      }
    });
  }

  /** Waits for queued chunks, writes the final sizes and closes; returns the file size. */
  async close(): Promise<number> {
    if (this.#closed) return WAV_HEADER_SIZE + this.#dataBytes;
    this.#closed = true;
    await this.#tail;
    try {
      await this.#file.write(
        wavHeader(this.#channels, this.#sampleRate, this.#dataBytes),
        0,
        WAV_HEADER_SIZE,
        0,
      );
    } catch (error) {
      this.#error ??= error instanceof Error ? error : new Error(String(error));
    }
    await this.#file.close().catch(() => undefined);
    return WAV_HEADER_SIZE + this.#dataBytes;
  }
}
