// Prompt files decoded once to 8 kHz PCM and kept in memory (bounded, least recently used first out).
import { readFile, stat } from 'node:fs/promises';
import { SAMPLE_RATE } from './audio-codec.ts';
import { MediaError, isMediaError } from './media-error.ts';
import { resample } from './resample.ts';
import { readWav } from './wav-reader.ts';

interface Entry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly samples: Int16Array;
}

/**
 * Prompts and hold music are played to many calls; each is read, decoded and resampled once. A
 * changed file (mtime or size) is read again. The cache holds up to `maxSamples` in total.
 */
export class PromptCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxSamples: number;
  #samples = 0;

  constructor(maxSamples = 8_000 * 60 * 10) {
    this.#maxSamples = maxSamples;
  }

  async load(path: string): Promise<Int16Array> {
    let info: { mtimeMs: number; size: number };
    try {
      info = await stat(path);
    } catch (error) {
      throw new MediaError('file-unreadable', `Cannot play ${path}: ${describe(error)}.`, {
        cause: error,
      });
    }
    const cached = this.#entries.get(path);
    if (cached !== undefined && cached.mtimeMs === info.mtimeMs && cached.size === info.size) {
      this.#entries.delete(path);
      this.#entries.set(path, cached); // most recently used last
      return cached.samples;
    }
    let samples: Int16Array;
    try {
      const decoded = readWav(await readFile(path), path);
      samples = resample(decoded.samples, decoded.sampleRate, SAMPLE_RATE);
    } catch (error) {
      if (isMediaError(error)) throw error;
      throw new MediaError('file-unreadable', `Cannot play ${path}: ${describe(error)}.`, {
        cause: error,
      });
    }
    this.#store(path, { mtimeMs: info.mtimeMs, size: info.size, samples });
    return samples;
  }

  #store(path: string, entry: Entry): void {
    const old = this.#entries.get(path);
    if (old !== undefined) {
      this.#samples -= old.samples.length;
      this.#entries.delete(path);
    }
    if (entry.samples.length > this.#maxSamples) return;
    this.#entries.set(path, entry);
    this.#samples += entry.samples.length;
    for (const [key, value] of this.#entries) {
      if (this.#samples <= this.#maxSamples) break;
      this.#entries.delete(key);
      this.#samples -= value.samples.length;
    }
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
