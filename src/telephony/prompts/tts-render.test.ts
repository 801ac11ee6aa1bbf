// One render's pipeline with a stand-in for espeak-ng (sox making a tone): first audio before the
// end, trailing silence cut, real sizes in the header, the cache entry whole or absent, temporary
// file kept while held. Skipped when sox is missing, except in CI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isHotlineError } from '../../platform/index.ts';
import { TtsRender, type TtsRenderOptions } from './tts-render.ts';
import { readWavInfo } from './wav-pcm.ts';

const skip =
  spawnSync('sox', ['--version']).status === 0 || process.env.CI === 'true'
    ? false
    : 'sox is not installed (apt-get install sox)';

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('TtsRender', { skip }, () => {
  let dir: string;
  let n = 0;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tts-render-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /**
   * A stand-in for espeak-ng writing, as it does, a 22.05 kHz WAV to its stdout with unknown sizes:
   * 0.1 s of silence, a 0.5 s tone, 0.5 s of silence. The first 24 KiB come at once, the rest
   * once `<script>.gate` exists; `exit` is its exit status after that.
   */
  async function speaker(exit = 0) {
    const path = join(dir, `speaker-${++n}`);
    const gate = `${path}.gate`;
    await writeFile(
      path,
      [
        '#!/bin/sh',
        'out=$(mktemp)',
        'sox -n -r 22050 -c 1 -b 16 -e signed-integer -t wav - synth 0.5 sine 440 pad 0.1 0.5 > "$out" 2>/dev/null',
        'head -c 24576 "$out"',
        `while [ ! -e '${gate}' ]; do sleep 0.01; done`,
        'tail -c +24577 "$out"',
        'rm -f "$out"',
        exit === 0 ? 'exit 0' : `echo "synthesis failed" >&2; exit ${exit}`,
      ].join('\n'),
    );
    await chmod(path, 0o755);
    return { path, open: () => writeFile(gate, '') };
  }

  function render(espeakPath: string, options: Partial<TtsRenderOptions> = {}) {
    const name = `r${++n}`;
    return new TtsRender({
      espeakPath,
      espeakArgs: ['-v', 'en-us'],
      text: 'Hello.',
      soxPath: 'sox',
      tempPath: join(dir, `.${name}.wav`),
      target: join(dir, `${name}.wav`),
      timeoutMs: 10_000,
      ...options,
    });
  }

  it('has its first audio on disk while the program still runs, and the whole file at the end', async () => {
    const espeak = await speaker();
    const job = render(espeak.path);
    const target = join(dir, `r${n}.wav`);
    await job.firstAudio;
    assert.equal(job.state, 'running');
    assert.equal(await exists(target), false, 'no cache entry before the end');
    const early = await readFile(job.path);
    assert.equal(early.toString('latin1', 0, 4), 'RIFF');
    assert.ok(early.length >= 44 + 1600, `${early.length} bytes on disk`);
    assert.equal(early.readUInt32LE(40), 0x7ffff000, 'the piped header, sizes unknown yet');
    await espeak.open();
    const bytes = await job.done;
    const file = await readFile(target);
    assert.equal(file.length, bytes);
    const info = readWavInfo(file, target);
    assert.deepEqual([info.sampleRate, info.channels, info.bitsPerSample], [8000, 1, 16]);
    // Silence cut at both ends: the tone's 500 ms is left (and the resampler's short ringing).
    assert.ok(info.durationMs >= 495 && info.durationMs <= 520, `${info.durationMs} ms`);
    assert.equal(file.readUInt32LE(4), bytes - 8, 'RIFF size written');
    assert.equal(file.readUInt32LE(40), bytes - 44, 'data size written');
    assert.equal(await exists(job.path), false, 'the temporary name is gone');
  });

  it('keeps the temporary name while held, until released', async () => {
    const espeak = await speaker();
    const job = render(espeak.path);
    await job.firstAudio;
    const release = job.hold();
    await espeak.open();
    await job.done;
    assert.equal(await exists(job.path), true, 'a worker given the path can still open it');
    release();
    release(); // once is enough
    for (let i = 0; i < 100 && (await exists(job.path)); i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(await exists(job.path), false);
  });

  it('lets go of the temporary name after holdLimitMs even when never released', async () => {
    const espeak = await speaker();
    const job = render(espeak.path, { holdLimitMs: 20 });
    await job.firstAudio;
    job.hold();
    await espeak.open();
    await job.done;
    for (let i = 0; i < 200 && (await exists(job.path)); i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(await exists(job.path), false);
  });

  it("fails with the program's message and leaves no file when it fails after its first audio", async () => {
    const espeak = await speaker(3);
    const job = render(espeak.path);
    await job.firstAudio;
    const release = job.hold();
    await espeak.open();
    await assert.rejects(
      job.done,
      (e: unknown) =>
        isHotlineError(e, 'unavailable') &&
        /failed \(exit code 3\): synthesis failed/.test(e.message),
    );
    assert.equal(job.state, 'failed');
    assert.equal(
      await exists(job.path),
      true,
      'held: a worker may still open it (and be told it failed)',
    );
    release();
    for (let i = 0; i < 100 && (await exists(job.path)); i++)
      await new Promise((r) => setTimeout(r, 10));
    const left = (await readdir(dir)).filter((f) => f.startsWith(`.r${n}`) || f === `r${n}.wav`);
    assert.deepEqual(left, []);
  });

  it('kills a render past its deadline', async () => {
    const espeak = await speaker(); // never opened: it waits for ever
    const job = render(espeak.path, { timeoutMs: 300 });
    await assert.rejects(job.done, /did not finish within 300 ms/);
    await assert.rejects(job.firstAudio.then(() => job.done));
  });

  it('without sox keeps the 22.05 kHz audio and has its first audio only at the end', async () => {
    const espeak = await speaker();
    const job = render(espeak.path, { soxPath: undefined });
    let first = false;
    void job.firstAudio.then(() => (first = true));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(first, false, 'not played while growing: players only stream 8 kHz');
    await espeak.open();
    await job.firstAudio;
    assert.equal(job.state, 'done');
    const info = readWavInfo(await readFile(join(dir, `r${n}.wav`)), 'no sox');
    assert.equal(info.sampleRate, 22050);
    // Only the end is trimmed without sox: 0.1 s of silence, then the tone.
    assert.ok(info.durationMs >= 590 && info.durationMs <= 610, `${info.durationMs} ms`);
  });
});
