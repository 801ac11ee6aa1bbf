// Run-time text to speech: espeak-ng in a child process (GPL-3, so never linked), sox to 8 kHz
// mono 16-bit, cached on disk by a hash of (language, voice, text), one render per text at a time,
// playable while it renders.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HotlineError, type Logger } from '../../platform/index.ts';
import type { GrowingPromptFile } from '../telephony-port.ts';
import { runProgram } from './run-program.ts';
import { TtsRender } from './tts-render.ts';

/** An espeak-ng voice and speaking rate (words per minute, espeak-ng `-s`). */
export interface EspeakVoice {
  readonly voice: string;
  readonly speed: number;
}

/**
 * Chinese uses `cmn-latn-pinyin`: in espeak-ng 1.51 (Debian 12) the `cmn` voice reads the tone
 * number of many characters' pinyin aloud in English (好 "hao two"; espeak-ng issues #1236, #1028),
 * while `cmn-latn-pinyin` reads the same characters correctly.
 */
export const DEFAULT_VOICES: Readonly<Record<string, EspeakVoice>> = {
  zh: { voice: 'cmn-latn-pinyin', speed: 170 },
  en: { voice: 'en-us', speed: 160 },
};

export interface EspeakTtsOptions {
  /** Where rendered text is cached (created when missing). */
  cacheDir: string;
  /** The espeak-ng program; `espeak-ng` on the PATH by default. */
  espeakPath?: string;
  /** The sox program; without it the 22.05 kHz output of espeak-ng is kept (players resample). */
  soxPath?: string;
  /** Voices by language; the defaults cover `zh` and `en`. */
  voices?: Readonly<Record<string, EspeakVoice>>;
  /** A render (espeak-ng and sox together) that takes longer is killed. Default 15 s. */
  timeoutMs?: number;
  /** Renders running at once; more wait their turn. Default 2. */
  maxConcurrent?: number;
  /** Longer text is refused. Default 2000 characters. */
  maxTextLength?: number;
  logger: Logger;
}

export interface EspeakTtsStats {
  /** Texts synthesized (espeak-ng started). */
  renders: number;
  /** Requests answered from the cache on disk. */
  cacheHits: number;
  /** Requests that joined a render of the same text already under way. */
  joined: number;
}

// Bump when the pipeline changes so old cache entries are not reused.
const PIPELINE_VERSION = 1;

/** A text being rendered, or found in the cache, shared by everyone asking for it meanwhile. */
type Job = Promise<{ cached: string } | { render: TtsRender }>;

export class EspeakTts {
  readonly #cacheDir: string;
  readonly #espeakPath: string;
  readonly #soxPath: string;
  readonly #voices: Readonly<Record<string, EspeakVoice>>;
  readonly #timeoutMs: number;
  readonly #maxConcurrent: number;
  readonly #maxTextLength: number;
  readonly #logger: Logger;
  readonly #inFlight = new Map<string, Job>();
  readonly #waiting: (() => void)[] = [];
  #running = 0;
  #sox: Promise<boolean> | undefined;
  #available: Promise<boolean> | undefined;
  readonly #stats: EspeakTtsStats = { renders: 0, cacheHits: 0, joined: 0 };

  constructor(options: EspeakTtsOptions) {
    this.#cacheDir = options.cacheDir;
    this.#espeakPath = options.espeakPath ?? 'espeak-ng';
    this.#soxPath = options.soxPath ?? 'sox';
    this.#voices = { ...DEFAULT_VOICES, ...options.voices };
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#maxConcurrent = Math.max(1, options.maxConcurrent ?? 2);
    this.#maxTextLength = options.maxTextLength ?? 2000;
    this.#logger = options.logger.child({ component: 'espeak-tts' });
  }

  stats(): EspeakTtsStats {
    return { ...this.#stats };
  }

  /** Whether espeak-ng can be run (checked once). */
  available(): Promise<boolean> {
    this.#available ??= runProgram(this.#espeakPath, ['--version'], { timeoutMs: 5_000 }).then(
      () => true,
      () => false,
    );
    return this.#available;
  }

  /** The path of a WAV file saying `text` in `language`, rendered now or taken from the cache. */
  async render(text: string, language: string): Promise<string> {
    const audio = await this.stream(text, language);
    if (typeof audio === 'string') return audio;
    try {
      await audio.complete;
    } finally {
      audio.release();
    }
    return this.#target(text, language).path;
  }

  /**
   * Like render, but as soon as the first 100 ms of a render are on disk: a growing file then,
   * which the caller must `release()` once its player has opened it. The cached file (a path)
   * when the text was rendered before or the render has finished meanwhile.
   */
  async stream(text: string, language: string): Promise<string | GrowingPromptFile> {
    const { key, path, clean, voice } = this.#target(text, language);
    let job = this.#inFlight.get(key);
    if (job !== undefined) this.#stats.joined++;
    else {
      job = this.#start(clean, voice, path);
      const started = job;
      this.#inFlight.set(key, started);
      const forget = () => {
        if (this.#inFlight.get(key) === started) this.#inFlight.delete(key);
      };
      started.then((j) => ('render' in j ? j.render.done.then(forget, forget) : forget()), forget);
    }
    const found = await job;
    if ('cached' in found) return found.cached;
    const render = found.render;
    await render.firstAudio;
    if (render.state === 'failed') await render.done; // failed meanwhile: its error
    if (render.state === 'done') return path;
    // Held from here: the render may finish before the player opens the file.
    const release = render.hold();
    return { path: render.path, complete: render.done, release };
  }

  /** Renders `text` into the file `path` (no cache): what `scripts/render-prompts.ts` uses. */
  async renderTo(text: string, language: string, path: string): Promise<void> {
    const render = await this.#render(this.#checkText(text), this.#voice(language), path);
    await render.done;
  }

  #target(text: string, language: string) {
    const clean = this.#checkText(text);
    const voice = this.#voice(language);
    const key = createHash('sha256')
      .update(JSON.stringify([PIPELINE_VERSION, language, voice.voice, voice.speed, clean]))
      .digest('hex');
    const path = join(this.#cacheDir, language, key.slice(0, 2), `${key}.wav`);
    return { key, path, clean, voice };
  }

  async #start(text: string, voice: EspeakVoice, path: string): Job {
    if (await isFile(path)) {
      this.#stats.cacheHits++;
      return { cached: path };
    }
    return { render: await this.#render(text, voice, path) };
  }

  /** Starts a render once a slot is free; the slot is given back when the programs are done. */
  async #render(text: string, voice: EspeakVoice, target: string): Promise<TtsRender> {
    await this.#acquire();
    try {
      const dir = dirname(target);
      await mkdir(dir, { recursive: true });
      const soxPath = (await this.#soxAvailable()) ? this.#soxPath : undefined;
      this.#stats.renders++;
      const started = performance.now();
      const render = new TtsRender({
        espeakPath: this.#espeakPath,
        // -b 1: the input is UTF-8.
        espeakArgs: ['-b', '1', '-v', voice.voice, '-s', String(voice.speed)],
        text,
        soxPath,
        tempPath: join(dir, `.${randomBytes(6).toString('hex')}.wav`),
        target,
        timeoutMs: this.#timeoutMs,
      });
      render.done.then(
        (bytes) => {
          this.#release();
          this.#logger.debug(
            {
              voice: voice.voice,
              chars: text.length,
              bytes,
              renderMs: Math.round(performance.now() - started),
            },
            'text rendered',
          );
        },
        (error: unknown) => {
          this.#release();
          this.#logger.warn(
            { err: error, voice: voice.voice, chars: text.length },
            'text render failed',
          );
        },
      );
      return render;
    } catch (error) {
      this.#release();
      throw error;
    }
  }

  #checkText(text: string): string {
    // Control characters become spaces: espeak-ng reads plain text (no -m, so no SSML) from stdin.
    const clean = String(text)
      .replace(/\p{Cc}/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (clean === '' || clean.length > this.#maxTextLength) {
      throw new HotlineError(
        'invalid-input',
        `Text to speak must have 1 to ${this.#maxTextLength} characters (got ${clean.length}).`,
        { field: 'text' },
      );
    }
    return clean;
  }

  #voice(language: string): EspeakVoice {
    const voice = Object.hasOwn(this.#voices, language) ? this.#voices[language] : undefined;
    if (voice === undefined) {
      throw new HotlineError(
        'invalid-input',
        `No text-to-speech voice for language "${language}": configure one of ${Object.keys(this.#voices).join(', ')}.`,
        { field: 'language' },
      );
    }
    return voice;
  }

  /**
   * sox converts to 8 kHz mono 16-bit as the audio comes (its rate effect low-passes before
   * decimating) and trims leading silence. Without it (checked once) espeak-ng's 22.05 kHz is kept,
   * resampled by the player, and not played before it is complete.
   */
  #soxAvailable(): Promise<boolean> {
    this.#sox ??= runProgram(this.#soxPath, ['--version'], { timeoutMs: 5_000 }).then(
      () => true,
      () => {
        this.#logger.warn(
          { soxPath: this.#soxPath },
          'sox is not installed: TTS prompts stay at 22.05 kHz, are resampled when played, and are not streamed (apt-get install sox)',
        );
        return false;
      },
    );
    return this.#sox;
  }

  async #acquire(): Promise<void> {
    if (this.#running < this.#maxConcurrent) {
      this.#running++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next !== undefined)
      next(); // the slot passes straight to the next render
    else this.#running--;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
