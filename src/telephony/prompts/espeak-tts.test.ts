// Run-time TTS with the real espeak-ng: output format and length, the cache, de-duplication,
// bounded concurrency, timeouts and unsafe text. Skipped when espeak-ng is missing, except in CI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isHotlineError, silentLogger } from '../../platform/index.ts';
import { EspeakTts } from './espeak-tts.ts';
import { PromptLibrary } from './prompt-library.ts';
import { readWavInfo } from './wav-pcm.ts';

const espeakFound = spawnSync('espeak-ng', ['--version']).status === 0;
const soxFound = spawnSync('sox', ['--version']).status === 0;
// CI installs both (.ci/run); elsewhere a machine without them skips, saying why.
const skip =
  espeakFound && soxFound
    ? false
    : process.env.CI === 'true'
      ? false
      : 'espeak-ng or sox is not installed (apt-get install espeak-ng sox)';

async function audio(path: string) {
  return readWavInfo(await readFile(path), path);
}

describe('EspeakTts', { skip }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'espeak-tts-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const tts = (name: string, options: Partial<ConstructorParameters<typeof EspeakTts>[0]> = {}) =>
    new EspeakTts({ cacheDir: join(dir, name), logger: silentLogger(), ...options });

  it('renders English and Chinese as 8 kHz mono 16-bit WAV of plausible length', async () => {
    const engine = tts('formats');
    const short = 'Flight M U five one zero one is delayed.';
    const long = `${short} It will now depart from gate twenty at three fifteen in the afternoon. We apologise for the delay.`;
    const shortInfo = await audio(await engine.render(short, 'en'));
    const longInfo = await audio(await engine.render(long, 'en'));
    assert.deepEqual(
      [shortInfo.formatTag, shortInfo.sampleRate, shortInfo.channels, shortInfo.bitsPerSample],
      [1, 8000, 1, 16],
    );
    // 8 words at 160 words a minute is about 3 s; silence is trimmed at both ends.
    assert.ok(
      shortInfo.durationMs > 1500 && shortInfo.durationMs < 5000,
      `short: ${shortInfo.durationMs} ms`,
    );
    assert.ok(
      longInfo.durationMs > 2.5 * shortInfo.durationMs,
      `long ${longInfo.durationMs} vs short ${shortInfo.durationMs}`,
    );
    // Eight syllables of Mandarin at about four a second.
    const zh = await audio(await engine.render('航班延误四十分钟', 'zh'));
    assert.equal(zh.sampleRate, 8000);
    assert.ok(zh.durationMs > 1000 && zh.durationMs < 4500, `zh: ${zh.durationMs} ms`);
    assert.equal(engine.stats().renders, 3);
  });

  it('answers the same text from the cache, also after a restart, without running espeak-ng', async () => {
    const engine = tts('cache');
    const first = await engine.render('Your booking is confirmed.', 'en');
    const again = await engine.render('  Your booking   is confirmed. ', 'en'); // same text once spaces are tidied
    assert.equal(again, first);
    assert.deepEqual(engine.stats(), { renders: 1, cacheHits: 1, joined: 0 });
    const other = await engine.render('Your booking is confirmed.', 'zh');
    assert.notEqual(other, first, 'the language is part of the key');

    const restarted = tts('cache', { espeakPath: join(dir, 'no-such-espeak') });
    assert.equal(await restarted.render('Your booking is confirmed.', 'en'), first);
    assert.deepEqual(restarted.stats(), { renders: 0, cacheHits: 1, joined: 0 });
  });

  it('renders a text asked for many times at once only once', async () => {
    const engine = tts('dedupe');
    const paths = await Promise.all(
      Array.from({ length: 6 }, () => engine.render('Please hold the line.', 'en')),
    );
    assert.equal(new Set(paths).size, 1);
    assert.deepEqual(engine.stats(), { renders: 1, cacheHits: 0, joined: 5 });
    const files = await readdir(join(dir, 'dedupe'), { recursive: true });
    assert.equal(files.filter((f) => f.endsWith('.wav')).length, 1, 'no temporary files left');
  });

  it('runs at most maxConcurrent renders at a time', async () => {
    // espeak-ng wrapped by a script that logs when each run starts and ends. The first runs wait
    // (at most 5 s) until two have started, so the second overlaps the first however slowly the
    // machine spawns it: one short render can otherwise end before the next begins.
    const log = join(dir, 'runs.log');
    const wrapper = join(dir, 'espeak-logged');
    await writeFile(
      wrapper,
      [
        '#!/bin/sh',
        `echo start >> '${log}'`,
        'i=0',
        `while [ "$(grep -c start '${log}')" -lt 2 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done`,
        'espeak-ng "$@"',
        'status=$?',
        `echo end >> '${log}'`,
        'exit $status',
        '',
      ].join('\n'),
    );
    await chmod(wrapper, 0o755);
    const engine = tts('bounded', { espeakPath: wrapper, maxConcurrent: 2 });
    await Promise.all(
      ['one', 'two', 'three', 'four', 'five'].map((word) => engine.render(`Gate ${word}.`, 'en')),
    );
    let running = 0;
    let peak = 0;
    for (const line of (await readFile(log, 'utf8')).trim().split('\n')) {
      running += line === 'start' ? 1 : -1;
      peak = Math.max(peak, running);
    }
    assert.equal(engine.stats().renders, 5);
    assert.equal(peak, 2);
  });

  it('passes text that looks like options as text', async () => {
    const engine = tts('unsafe');
    const target = join(dir, 'injected.wav');
    const path = await engine.render(`-w ${target} --version $(touch ${target}) ; rm -rf /`, 'en');
    assert.ok((await audio(path)).durationMs > 1000);
    await assert.rejects(readFile(target), { code: 'ENOENT' });
  });

  it('refuses empty or overlong text and languages without a voice', async () => {
    const engine = tts('refuse', { maxTextLength: 20 });
    for (const text of ['', '   \n\t', 'x'.repeat(21)]) {
      await assert.rejects(
        engine.render(text, 'en'),
        (error: unknown) => isHotlineError(error, 'invalid-input') && error.field === 'text',
      );
    }
    await assert.rejects(
      engine.render('Bonjour', 'fr'),
      (error: unknown) =>
        isHotlineError(error, 'invalid-input') &&
        error.field === 'language' &&
        /zh, en/.test(error.message),
    );
    await assert.rejects(engine.render('constructor', 'constructor'), (error: unknown) =>
      isHotlineError(error, 'invalid-input'),
    );
    assert.equal(engine.stats().renders, 0);
  });

  it('reports a missing espeak-ng and a render that hangs as unavailable', async () => {
    const missing = tts('missing', { espeakPath: join(dir, 'no-such-espeak') });
    assert.equal(await missing.available(), false);
    await assert.rejects(
      missing.render('Hello', 'en'),
      (error: unknown) =>
        isHotlineError(error, 'unavailable') && /not installed/.test(error.message),
    );

    const hanging = join(dir, 'espeak-hangs');
    await writeFile(hanging, '#!/bin/sh\nexec sleep 30\n');
    await chmod(hanging, 0o755);
    const slow = tts('slow', { espeakPath: hanging, timeoutMs: 300 });
    const started = Date.now();
    await assert.rejects(
      slow.render('Hello', 'en'),
      (error: unknown) =>
        isHotlineError(error, 'unavailable') && /within 300 ms/.test(error.message),
    );
    assert.ok(Date.now() - started < 3000);
    // The next render is not blocked by the killed one.
    const broken = join(dir, 'espeak-fails');
    await writeFile(broken, '#!/bin/sh\necho "voice not found" >&2\nexit 2\n');
    await chmod(broken, 0o755);
    await assert.rejects(
      tts('fails', { espeakPath: broken }).render('Hello', 'en'),
      /failed \(exit code 2\): voice not found/,
    );
  });

  it('hands out the growing file of a render under way to every request, then the cache entry', async () => {
    // espeak-ng's output held back after 48 KiB until the gate file exists.
    const gate = join(dir, 'stream.gate');
    const wrapper = join(dir, 'espeak-gated');
    await writeFile(
      wrapper,
      `#!/bin/sh\nout=$(mktemp)\nespeak-ng "$@" > "$out" || exit $?\nhead -c 49152 "$out"\n` +
        `while [ ! -e '${gate}' ]; do sleep 0.02; done\ntail -c +49153 "$out"\nrm -f "$out"\n`,
    );
    await chmod(wrapper, 0o755);
    const engine = tts('stream', { espeakPath: wrapper });
    const text = 'Flight M U five one zero one to Beijing is delayed by forty minutes.';
    const [a, b] = await Promise.all([engine.stream(text, 'en'), engine.stream(text, 'en')]);
    assert.ok(typeof a !== 'string' && typeof b !== 'string', 'growing files');
    assert.equal(a.path, b.path);
    assert.deepEqual(engine.stats(), { renders: 1, cacheHits: 0, joined: 1 });
    await writeFile(gate, '');
    const bytes = await a.complete;
    const cached = await engine.render(text, 'en');
    assert.notEqual(cached, a.path);
    assert.equal((await readFile(cached)).length, bytes);
    assert.equal(await engine.stream(text, 'en'), cached, 'a finished text is a plain path');
    assert.deepEqual(engine.stats(), { renders: 1, cacheHits: 2, joined: 1 });
    a.release();
    b.release();
  });

  it('serves tts references through the PromptLibrary', async () => {
    const library = new PromptLibrary({
      promptsDir: join(dir, 'none'),
      cacheDir: join(dir, 'library'),
      logger: silentLogger(),
    });
    const [silence, speech] = await library.resolve(
      [
        { kind: 'silence', ms: 200 },
        { kind: 'tts', text: '航班 MU5101 已经起飞。' },
      ],
      'zh',
    );
    assert.equal((await audio(silence!)).durationMs, 200);
    assert.ok((await audio(speech!)).durationMs > 1000);
    assert.equal(library.tts.stats().renders, 1);
  });
});
