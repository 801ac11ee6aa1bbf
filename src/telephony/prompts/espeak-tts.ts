// Run-time text to speech: espeak-ng in a child process (GPL-3, so never linked), sox to 8 kHz
// mono 16-bit, cached on disk by a hash of (language, voice, text), one render per text at a time.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HotlineError, type Logger } from '../../platform/index.ts';
import { ProgramMissing, runProgram } from './run-program.ts';
import { readWavInfo } from './wav-pcm.ts';

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

export class EspeakTts {
  readonly #cacheDir: string;
  readonly #espeakPath: string;
  readonly #soxPath: string;
  readonly #voices: Readonly<Record<string, EspeakVoice>>;
  readonly #timeoutMs: number;
  readonly #maxConcurrent: number;
  readonly #maxTextLength: number;
  readonly #logger: Logger;
  readonly #inFlight = new Map<string, Promise<string>>();
  readonly #waiting: (() => void)[] = [];
  #running = 0;
  #soxMissing = false;
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
    const clean = this.#checkText(text);
    const voice = this.#voice(language);
    const key = createHash('sha256')
      .update(JSON.stringify([PIPELINE_VERSION, language, voice.voice, voice.speed, clean]))
      .digest('hex');
    const path = join(this.#cacheDir, language, key.slice(0, 2), `${key}.wav`);
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) {
      this.#stats.joined++;
      return pending;
    }
    const job = (async () => {
      if (await isFile(path)) {
        this.#stats.cacheHits++;
        return path;
      }
      await this.#synthesize(clean, voice, path);
      return path;
    })();
    this.#inFlight.set(key, job);
    try {
      return await job;
    } finally {
      this.#inFlight.delete(key);
    }
  }

  /** Renders `text` into the file `path` (no cache): what `scripts/render-prompts.ts` uses. */
  async renderTo(text: string, language: string, path: string): Promise<void> {
    await this.#synthesize(this.#checkText(text), this.#voice(language), path);
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

  async #synthesize(text: string, voice: EspeakVoice, path: string): Promise<void> {
    await this.#acquire();
    const dir = dirname(path);
    const temp = join(dir, `.${randomBytes(6).toString('hex')}`);
    const raw = `${temp}.raw.wav`;
    const converted = `${temp}.wav`;
    const started = performance.now();
    try {
      this.#stats.renders++;
      await mkdir(dir, { recursive: true });
      // Text goes through stdin, never argv: no option injection ("-w /etc/x") and no length limit.
      // -b 1: the input is UTF-8.
      await runProgram(
        this.#espeakPath,
        ['-b', '1', '-v', voice.voice, '-s', String(voice.speed), '-w', raw, '--stdin'],
        { input: text, timeoutMs: this.#timeoutMs },
      );
      const output = (await this.#convert(raw, converted)) ? converted : raw;
      const info = readWavInfo(await readFile(output), 'The rendered speech');
      if (info.durationMs === 0) {
        throw new HotlineError('unavailable', `espeak-ng produced no audio for the text.`);
      }
      await rename(output, path);
      this.#logger.debug(
        {
          voice: voice.voice,
          chars: text.length,
          audioMs: info.durationMs,
          renderMs: Math.round(performance.now() - started),
        },
        'text rendered',
      );
    } finally {
      await Promise.all([rm(raw, { force: true }), rm(converted, { force: true })]);
      this.#release();
    }
  }

  /**
   * sox: to 8 kHz mono 16-bit (its rate effect low-passes before decimating) and trim the silence
   * espeak-ng leaves at both ends (`silence 1 0.02 0.5%` at the start, then the same on the
   * reversed audio). False when sox is not installed.
   */
  async #convert(input: string, output: string): Promise<boolean> {
    if (this.#soxMissing) return false;
    const trim = ['silence', '1', '0.02', '0.5%'];
    const args = [input, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', output];
    try {
      await runProgram(this.#soxPath, [...args, ...trim, 'reverse', ...trim, 'reverse'], {
        timeoutMs: this.#timeoutMs,
      });
      return true;
    } catch (error) {
      if (!(error instanceof ProgramMissing)) throw error;
      this.#soxMissing = true;
      this.#logger.warn(
        { soxPath: this.#soxPath },
        'sox is not installed: TTS prompts stay at 22.05 kHz and are resampled when played (apt-get install sox)',
      );
      return false;
    }
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
