// The prompt resolver: catalogue prompts (shipped, uploaded, fallback language), files, silence, errors.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isHotlineError, silentLogger } from '../../platform/index.ts';
import { PromptLibrary } from './prompt-library.ts';
import { pcm16MonoWav, readWavInfo } from './wav-pcm.ts';

const shippedDir = fileURLToPath(new URL('../../../prompts/', import.meta.url));

describe('PromptLibrary', () => {
  let root: string;
  let promptsDir: string;
  let uploadsDir: string;
  let cacheDir: string;

  async function wav(path: string, samples = 800): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, pcm16MonoWav(new Int16Array(samples).fill(1000), 8000));
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'prompt-library-'));
    promptsDir = join(root, 'shipped');
    uploadsDir = join(root, 'uploads');
    cacheDir = join(root, 'cache');
    await wav(join(promptsDir, 'zh', 'welcome.wav'));
    await wav(join(promptsDir, 'en', 'welcome.wav'));
    await wav(join(promptsDir, 'zh', 'digits', '7.wav'));
    await wav(join(promptsDir, 'zh', 'only-chinese.wav'));
    await wav(join(uploadsDir, 'zh', 'welcome.wav'));
    await wav(join(uploadsDir, 'en', 'custom', 'spring-sale.wav'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  const library = (options: { uploads?: boolean; fallbackLanguage?: string } = {}) =>
    new PromptLibrary({
      promptsDir,
      cacheDir,
      logger: silentLogger(),
      ...(options.uploads === true ? { uploadsDir } : {}),
      ...(options.fallbackLanguage === undefined
        ? {}
        : { fallbackLanguage: options.fallbackLanguage }),
    });

  it('maps catalogue prompts to <promptsDir>/<language>/<name>.wav, in order', async () => {
    const paths = await library().resolve(
      [
        { kind: 'prompt', name: 'welcome' },
        { kind: 'prompt', name: 'digits/7' },
        { kind: 'prompt', name: 'welcome' },
      ],
      'zh',
    );
    assert.deepEqual(paths, [
      join(promptsDir, 'zh', 'welcome.wav'),
      join(promptsDir, 'zh', 'digits', '7.wav'),
      join(promptsDir, 'zh', 'welcome.wav'),
    ]);
    assert.deepEqual(await library().resolve([{ kind: 'prompt', name: 'welcome' }], 'en'), [
      join(promptsDir, 'en', 'welcome.wav'),
    ]);
  });

  it('resolves the shipped set of the repository', async () => {
    const shipped = new PromptLibrary({ promptsDir: shippedDir, cacheDir, logger: silentLogger() });
    const paths = await shipped.resolve(
      [
        { kind: 'prompt', name: 'flight-status-is' },
        { kind: 'prompt', name: 'letters/m' },
        { kind: 'prompt', name: 'digits/yao' },
      ],
      'zh',
    );
    for (const path of paths) assert.equal(readWavInfo(await readFile(path)).sampleRate, 8000);
  });

  it('prefers an uploaded prompt, and finds custom ones among the uploads', async () => {
    const paths = await library({ uploads: true }).resolve(
      [
        { kind: 'prompt', name: 'welcome' },
        { kind: 'prompt', name: 'digits/7' },
      ],
      'zh',
    );
    assert.deepEqual(paths, [
      join(uploadsDir, 'zh', 'welcome.wav'),
      join(promptsDir, 'zh', 'digits', '7.wav'),
    ]);
    assert.deepEqual(
      await library({ uploads: true }).resolve(
        [{ kind: 'prompt', name: 'custom/spring-sale' }],
        'en',
      ),
      [join(uploadsDir, 'en', 'custom', 'spring-sale.wav')],
    );
  });

  it('falls back to another language only when configured', async () => {
    const prompt = [{ kind: 'prompt', name: 'only-chinese' }] as const;
    await assert.rejects(library().resolve(prompt, 'en'), (error: unknown) => {
      return (
        isHotlineError(error, 'not-found') &&
        error.message.includes('"only-chinese" has no recording in en') &&
        error.message.includes(join(promptsDir, 'en', 'only-chinese.wav'))
      );
    });
    assert.deepEqual(await library({ fallbackLanguage: 'zh' }).resolve(prompt, 'en'), [
      join(promptsDir, 'zh', 'only-chinese.wav'),
    ]);
  });

  it('rejects unknown and malformed prompt names and languages', async () => {
    await assert.rejects(
      library().resolve([{ kind: 'prompt', name: 'no-such-prompt' }], 'zh'),
      (error: unknown) => isHotlineError(error, 'not-found'),
    );
    for (const name of ['../../etc/passwd', '/etc/passwd', 'Welcome', 'a//b', '', 'digits/7.wav']) {
      await assert.rejects(
        library().resolve([{ kind: 'prompt', name }], 'zh'),
        (error: unknown) => isHotlineError(error, 'invalid-input') && error.field === 'name',
        name,
      );
    }
    for (const language of ['', '../zh', 'ZH/x']) {
      await assert.rejects(
        library().resolve([{ kind: 'prompt', name: 'welcome' }], language),
        (error: unknown) => isHotlineError(error, 'invalid-input') && error.field === 'language',
      );
    }
  });

  it('passes existing files through and refuses missing ones', async () => {
    const file = join(promptsDir, 'zh', 'welcome.wav');
    assert.deepEqual(await library().resolve([{ kind: 'file', path: file }], 'zh'), [file]);
    await assert.rejects(
      library().resolve([{ kind: 'file', path: join(root, 'missing.wav') }], 'zh'),
      (error: unknown) => isHotlineError(error, 'not-found') && error.field === 'path',
    );
    await assert.rejects(
      library().resolve([{ kind: 'file', path: promptsDir }], 'zh'),
      (error: unknown) => isHotlineError(error, 'not-found'),
    );
  });

  it('makes silence of the asked length once per length', async () => {
    const lib = library();
    const paths = await Promise.all(
      [250, 250, 1000, 250].map((ms) => lib.resolve([{ kind: 'silence', ms }], 'en')),
    );
    const [a, b, c, d] = paths.map((p) => p[0]!);
    assert.equal(a, b);
    assert.equal(a, d);
    assert.notEqual(a, c);
    const info = readWavInfo(await readFile(a!));
    assert.deepEqual(
      [info.sampleRate, info.channels, info.bitsPerSample, info.durationMs],
      [8000, 1, 16, 250],
    );
    assert.equal(readWavInfo(await readFile(c!)).durationMs, 1000);
    const data = await readFile(a!);
    assert.ok(
      data.subarray(info.dataOffset).every((byte) => byte === 0),
      'silence is zeros',
    );
    // A second library (a restart) finds the file and leaves no temporary files behind.
    assert.deepEqual(await library().resolve([{ kind: 'silence', ms: 250 }], 'zh'), [a]);
    assert.deepEqual((await readdir(join(cacheDir, 'silence'))).sort(), ['1000.wav', '250.wav']);
    for (const ms of [0, -5, 1.5, 60_001, Number.NaN]) {
      await assert.rejects(
        lib.resolve([{ kind: 'silence', ms }], 'zh'),
        (error: unknown) => isHotlineError(error, 'invalid-input') && error.field === 'ms',
        String(ms),
      );
    }
  });
});
