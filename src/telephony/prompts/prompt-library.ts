// The PromptResolver of the app: catalogue prompts (uploaded or shipped), files, silence and TTS, as WAV paths (TTS also growing).
import { randomBytes } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HotlineError, type Logger } from '../../platform/index.ts';
import type { PromptRef, PromptResolver, ResolvedPrompt } from '../telephony-port.ts';
import { EspeakTts } from './espeak-tts.ts';
import { pcm16MonoWav } from './wav-pcm.ts';

export interface PromptLibraryOptions {
  /** The shipped set: `<promptsDir>/<language>/<name>.wav` (the repository's `prompts/`). */
  promptsDir: string;
  /** Generated audio (silence, TTS) is cached here. */
  cacheDir: string;
  /**
   * Uploaded and phone-recorded prompts (`<dataDir>/prompts`): `<uploadsDir>/<language>/<name>.wav`.
   * Looked up before the shipped set, so an upload named `welcome` replaces the shipped one.
   */
  uploadsDir?: string;
  /** When a prompt has no recording in the caller's language, play this language's instead. */
  fallbackLanguage?: string;
  espeakPath?: string;
  /** A TTS engine to share; by default one is made on `<cacheDir>/tts`. */
  tts?: EspeakTts;
  logger: Logger;
}

const SAMPLE_RATE = 8000;
/** Longest silence one reference may ask for; longer pauses are a flow mistake. */
export const MAX_SILENCE_MS = 60_000;
// Lower-case path segments: a name can never climb out of its folder (no `..`, no absolute path).
const NAME = /^[a-z0-9][a-z0-9_-]*(?:\/[a-z0-9][a-z0-9_-]*)*$/;
const LANGUAGE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/;

export class PromptLibrary implements PromptResolver {
  readonly #promptsDir: string;
  readonly #cacheDir: string;
  readonly #uploadsDir: string | undefined;
  readonly #fallbackLanguage: string | undefined;
  readonly #tts: EspeakTts;
  readonly #silences = new Map<number, Promise<string>>();

  constructor(options: PromptLibraryOptions) {
    this.#promptsDir = options.promptsDir;
    this.#cacheDir = options.cacheDir;
    this.#uploadsDir = options.uploadsDir;
    this.#fallbackLanguage = options.fallbackLanguage;
    this.#tts =
      options.tts ??
      new EspeakTts({
        cacheDir: join(options.cacheDir, 'tts'),
        logger: options.logger,
        ...(options.espeakPath === undefined ? {} : { espeakPath: options.espeakPath }),
      });
  }

  get tts(): EspeakTts {
    return this.#tts;
  }

  async resolve(prompts: readonly PromptRef[], language: string): Promise<string[]> {
    this.#checkLanguage(language);
    // In parallel (TTS renders are the slow part), in order.
    return Promise.all(
      prompts.map((prompt) =>
        prompt.kind === 'tts'
          ? this.#tts.render(prompt.text, language)
          : this.#resolveOne(prompt, language),
      ),
    );
  }

  /**
   * Like resolve, but a TTS render still under way comes as a growing file as soon as its first
   * audio is on disk. When one prompt fails, the growing files already handed out are released.
   */
  async resolveStreaming(
    prompts: readonly PromptRef[],
    language: string,
  ): Promise<ResolvedPrompt[]> {
    this.#checkLanguage(language);
    const settled = await Promise.allSettled(
      prompts.map((prompt) =>
        prompt.kind === 'tts'
          ? this.#tts.stream(prompt.text, language)
          : this.#resolveOne(prompt, language),
      ),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    const resolved = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    if (failed === undefined) return resolved;
    for (const item of resolved) if (typeof item !== 'string') item.release();
    throw failed.reason;
  }

  #checkLanguage(language: string): void {
    if (!LANGUAGE.test(language)) {
      throw new HotlineError(
        'invalid-input',
        `Prompt language "${language}" is not a language code such as zh or en.`,
        {
          field: 'language',
        },
      );
    }
  }

  async #resolveOne(
    prompt: Exclude<PromptRef, { kind: 'tts' }>,
    language: string,
  ): Promise<string> {
    switch (prompt.kind) {
      case 'prompt':
        return this.#catalogue(prompt.name, language);
      case 'file':
        if (!(await isFile(prompt.path))) {
          throw new HotlineError('not-found', `Prompt file ${prompt.path} does not exist.`, {
            field: 'path',
          });
        }
        return prompt.path;
      case 'silence':
        return this.#silence(prompt.ms);
      default:
        throw new HotlineError(
          'invalid-input',
          `Unknown prompt reference ${JSON.stringify(prompt)}.`,
          { field: 'kind' },
        );
    }
  }

  async #catalogue(name: string, language: string): Promise<string> {
    if (!NAME.test(name)) {
      throw new HotlineError(
        'invalid-input',
        `Prompt name "${name}" is not valid: use lower-case letters, digits, - and _, in /-separated parts.`,
        { field: 'name' },
      );
    }
    const languages = [language];
    if (this.#fallbackLanguage !== undefined && this.#fallbackLanguage !== language) {
      languages.push(this.#fallbackLanguage);
    }
    const roots =
      this.#uploadsDir === undefined ? [this.#promptsDir] : [this.#uploadsDir, this.#promptsDir];
    const tried: string[] = [];
    for (const lang of languages) {
      for (const root of roots) {
        const path = join(root, lang, `${name}.wav`);
        if (await isFile(path)) return path;
        tried.push(path);
      }
    }
    throw new HotlineError(
      'not-found',
      `Prompt "${name}" has no recording in ${languages.join(' or ')} (looked for ${tried.join(', ')}).`,
      {
        field: 'name',
      },
    );
  }

  /** A WAV of `ms` milliseconds of silence, made once per length. */
  #silence(ms: number): Promise<string> {
    if (!Number.isInteger(ms) || ms < 1 || ms > MAX_SILENCE_MS) {
      return Promise.reject(
        new HotlineError(
          'invalid-input',
          `Silence must last a whole number of 1 to ${MAX_SILENCE_MS} ms (got ${ms}).`,
          {
            field: 'ms',
          },
        ),
      );
    }
    let pending = this.#silences.get(ms);
    if (pending === undefined) {
      pending = this.#writeSilence(ms);
      this.#silences.set(ms, pending);
      // A failed write is forgotten so the next call tries again.
      pending.catch(() => this.#silences.delete(ms));
    }
    return pending;
  }

  async #writeSilence(ms: number): Promise<string> {
    const dir = join(this.#cacheDir, 'silence');
    const path = join(dir, `${ms}.wav`);
    if (await isFile(path)) return path;
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${randomBytes(6).toString('hex')}.wav`);
    await writeFile(
      temp,
      pcm16MonoWav(new Int16Array(Math.round((ms * SAMPLE_RATE) / 1000)), SAMPLE_RATE),
    );
    await rename(temp, path);
    return path;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
