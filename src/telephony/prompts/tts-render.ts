// One text-to-speech render: espeak-ng piped through sox into a temporary WAV as the audio comes, published whole.
import { link, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HotlineError } from '../../platform/index.ts';
import { overran, startProgram, type StartedProgram } from './run-program.ts';
import { walkWavHeader } from '../media/index.ts';

export interface TtsRenderOptions {
  readonly espeakPath: string;
  /** espeak-ng's options (voice, speed); `--stdout` is added. */
  readonly espeakArgs: readonly string[];
  /** Read by espeak-ng on stdin, never from argv: no option injection, no length limit. */
  readonly text: string;
  /** sox converts to 8 kHz mono 16-bit; without it espeak-ng's 22.05 kHz is kept and not streamed. */
  readonly soxPath: string | undefined;
  /** Written while rendering; readable as it grows. */
  readonly tempPath: string;
  /** Where the complete file goes (same folder as tempPath): it appears there whole or not at all. */
  readonly target: string;
  /** espeak-ng and sox together; both are killed past it. */
  readonly timeoutMs: number;
  /** How long the temporary file may be kept for readers given it, after the render ended. Default 10 s. */
  readonly holdLimitMs?: number;
}

/** 100 ms of 8 kHz 16-bit audio: enough on disk that a player starting on it does not wait at once. */
export const FIRST_AUDIO_BYTES = 1600;
/** sox's `silence` threshold, 0.5 % of full scale: quieter samples at the end are trimmed. */
const SILENCE_LEVEL = 164;
const MAX_HEADER_BYTES = 4096;

/**
 * espeak-ng writes its WAV to stdout as it synthesizes (a header with unknown sizes first), sox
 * converts it on the fly (and trims leading silence), and every chunk is appended to `tempPath`
 * as it arrives. `firstAudio` resolves once the header and 100 ms of audio are on disk, so a
 * player can start on the growing file; `done` resolves with the file's final size once the
 * programs exited cleanly, the trailing silence was cut (sox can only trim an end it has seen
 * whole) and the header's sizes were written. Then the file is published to `target` (a link and
 * an atomic rename: a reader of the cache never sees part of a file). The temporary name stays
 * while readers hold it (`hold()`: a worker that was given the path but has not opened it yet),
 * then goes; a failed render leaves nothing behind.
 */
export class TtsRender {
  readonly path: string;
  readonly firstAudio: Promise<void>;
  readonly done: Promise<number>;
  readonly #options: TtsRenderOptions;
  readonly #streams: boolean;
  #firstAudio!: { resolve: () => void; reject: (error: unknown) => void };
  #state: 'running' | 'done' | 'failed' = 'running';
  #holds = 0;
  #tempGone = false;
  #holdTimer: ReturnType<typeof setTimeout> | undefined;
  // What the chunks written so far say: where the data starts, how much, where sound last was.
  #header: Uint8Array = new Uint8Array(0);
  #dataStart = -1;
  #written = 0;
  #lastSound = 0;
  #oddByte = -1;

  constructor(options: TtsRenderOptions) {
    this.#options = options;
    this.path = options.tempPath;
    this.#streams = options.soxPath !== undefined;
    this.firstAudio = new Promise((resolve, reject) => {
      this.#firstAudio = { resolve, reject };
    });
    this.done = this.#run();
    // Whoever asks sees the outcome; nobody asking is not an unhandled rejection.
    this.firstAudio.catch(() => {});
    this.done.then(
      () => this.#firstAudio.resolve(),
      (error: unknown) => this.#firstAudio.reject(error),
    );
  }

  get state(): 'running' | 'done' | 'failed' {
    return this.#state;
  }

  /**
   * Keeps the temporary file under its name until the returned function is called (once the
   * reader has opened it, or decided not to), or at most `holdLimitMs` after the render ended.
   */
  hold(): () => void {
    this.#holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds--;
      if (this.#holds === 0 && this.#state !== 'running') void this.#removeTemp();
    };
  }

  async #run(): Promise<number> {
    const o = this.#options;
    let handle: FileHandle | undefined;
    try {
      handle = await open(o.tempPath, 'wx');
      const size = await this.#render(handle);
      await handle.close();
      handle = undefined;
      await this.#publish();
      this.#state = 'done';
      return size;
    } catch (error) {
      this.#state = 'failed';
      throw error;
    } finally {
      await handle?.close().catch(() => {});
      if (this.#holds === 0) await this.#removeTemp();
      else {
        this.#holdTimer = setTimeout(() => void this.#removeTemp(), o.holdLimitMs ?? 10_000);
        this.#holdTimer.unref();
      }
    }
  }

  async #render(handle: FileHandle): Promise<number> {
    const o = this.#options;
    const espeak = startProgram(o.espeakPath, [...o.espeakArgs, '--stdout']);
    const programs: StartedProgram[] = [espeak];
    let output = espeak.child.stdout;
    if (o.soxPath !== undefined) {
      // --buffer 2048: sox hands on audio in small pieces, so the first reaches the file early.
      const sox = startProgram(o.soxPath, [
        ...['--buffer', '2048', '-t', 'wav', '-', '-t', 'wav'],
        ...['-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-'],
        ...['silence', '1', '0.02', '0.5%'],
      ]);
      programs.push(sox);
      espeak.child.stdout.pipe(sox.child.stdin);
      output = sox.child.stdout;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Not waiting for the programs' exits past the deadline: a wrapper's child may hold the pipe.
    const deadline = new Promise<'overran'>((resolve) => {
      timer = setTimeout(() => {
        for (const p of programs) p.child.kill('SIGKILL');
        output.destroy();
        resolve('overran');
      }, o.timeoutMs);
    });
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        handle.write(chunk).then(() => {
          this.#wrote(chunk);
          callback();
        }, callback);
      },
    });
    espeak.child.stdin.end(o.text);
    const outcome = await Promise.race([
      Promise.allSettled([espeak.exited, programs[1]?.exited, pipeline(output, sink)]),
      deadline,
    ]);
    clearTimeout(timer);
    if (outcome === 'overran') throw overran(o.espeakPath, o.timeoutMs);
    // espeak-ng's own complaint first: sox then only says its input was empty.
    for (const result of outcome) if (result.status === 'rejected') throw result.reason;
    return this.#finish(handle);
  }

  /** A chunk is on disk: find the data, note where sound was, and say when the first audio is there. */
  #wrote(chunk: Uint8Array): void {
    const before = this.#written;
    this.#written += chunk.length;
    if (this.#dataStart < 0) {
      if (this.#header.length < MAX_HEADER_BYTES) this.#header = concat(this.#header, chunk);
      this.#dataStart = dataOffset(this.#header);
      if (this.#dataStart < 0) return;
      chunk = this.#header.subarray(this.#dataStart);
    } else if (before < this.#dataStart) {
      chunk = chunk.subarray(this.#dataStart - before);
    }
    this.#scan(chunk, this.#written - chunk.length - this.#dataStart);
    if (this.#streams && this.#written - this.#dataStart >= FIRST_AUDIO_BYTES)
      this.#firstAudio.resolve();
  }

  /** 16-bit mono samples starting at data offset `at` (a sample may straddle two chunks). */
  #scan(bytes: Uint8Array, at: number): void {
    let i = 0;
    if (this.#oddByte >= 0 && bytes.length > 0) {
      const sample = (((bytes[0]! << 8) | this.#oddByte) << 16) >> 16;
      if (Math.abs(sample) > SILENCE_LEVEL) this.#lastSound = at + 1;
      this.#oddByte = -1;
      i = 1;
    }
    for (; i + 1 < bytes.length; i += 2) {
      const sample = (((bytes[i + 1]! << 8) | bytes[i]!) << 16) >> 16;
      if (sample > SILENCE_LEVEL || sample < -SILENCE_LEVEL) this.#lastSound = at + i + 2;
    }
    if (i < bytes.length) this.#oddByte = bytes[i]!;
  }

  /** Cuts the trailing silence and writes the real sizes into the header; returns the file's size. */
  async #finish(handle: FileHandle): Promise<number> {
    if (this.#dataStart < 0)
      throw new HotlineError('unavailable', 'espeak-ng wrote no WAV audio for the text.');
    const dataBytes = this.#lastSound;
    if (dataBytes === 0)
      throw new HotlineError('unavailable', 'espeak-ng produced no audio for the text.');
    const size = this.#dataStart + dataBytes;
    await handle.truncate(size);
    const field = Buffer.alloc(4);
    field.writeUInt32LE(size - 8);
    await handle.write(field, 0, 4, 4); // RIFF size
    field.writeUInt32LE(dataBytes);
    await handle.write(field, 0, 4, this.#dataStart - 4); // data size
    return size;
  }

  /**
   * A second name for the file, renamed over the target (atomic, replacing an older entry); the
   * temporary name stays for readers that hold it. A file system without hard links gets the
   * temporary file renamed instead.
   */
  async #publish(): Promise<void> {
    const { tempPath, target } = this.#options;
    const staging = `${tempPath}.done`;
    try {
      await link(tempPath, staging);
    } catch {
      await rename(tempPath, target);
      this.#tempGone = true;
      return;
    }
    await rename(staging, target).catch(async (error: unknown) => {
      await rm(staging, { force: true });
      throw error;
    });
  }

  async #removeTemp(): Promise<void> {
    if (this.#tempGone) return;
    this.#tempGone = true;
    clearTimeout(this.#holdTimer);
    await rm(this.#options.tempPath, { force: true }).catch(() => {});
  }
}

/** Where the data chunk's body starts, -1 until the header is all there. */
function dataOffset(data: Uint8Array): number {
  const header = walkWavHeader(data);
  return header.kind === 'header' ? header.dataStart : -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
