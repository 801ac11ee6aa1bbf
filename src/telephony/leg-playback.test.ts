// LegPlayback with streamed TTS: growing files go to the worker marked growing, are released once it
// has them, and their render's end (or failure) follows as play.source.complete / play.source.failed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock, silentLogger } from '../platform/index.ts';
import type { MediaCommandInput, MediaPort } from './media/index.ts';
import type { LegHost } from './leg-host.ts';
import type { LegMedia } from './leg-media.ts';
import { LegPlayback } from './leg-playback.ts';
import type {
  GrowingPromptFile,
  PromptResolver,
  ResolvedPrompt,
  TelephonyEvent,
} from './telephony-port.ts';

/** A growing file whose render the test finishes or fails, counting releases. */
function growingFile(path: string) {
  let finish!: (bytes: number) => void;
  let fail!: (error: Error) => void;
  const complete = new Promise<number>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const file = {
    path,
    complete,
    releases: 0,
    release() {
      file.releases++;
    },
  };
  return { file, finish, fail };
}

function setup(resolved: () => Promise<ResolvedPrompt[]>, options: { refusePlay?: boolean } = {}) {
  const commands: MediaCommandInput[] = [];
  const events: TelephonyEvent[] = [];
  const releasesAtPlay: number[] = [];
  const growing: GrowingPromptFile[] = [];
  const media = {
    async request(command: MediaCommandInput) {
      commands.push(command);
      if (command.type === 'play') {
        releasesAtPlay.push(...growing.map((g) => (g as unknown as { releases: number }).releases));
        if (options.refusePlay) throw new Error('file-unreadable');
      }
      return { type: 'done', requestId: 'r' };
    },
    on: () => () => {},
    close: async () => {},
  } as unknown as MediaPort;
  const leg = { id: 'leg-1', ended: false };
  const host = {
    clock: new FakeClock(0),
    logger: silentLogger(),
    leg: (id: string) => (id === leg.id ? leg : undefined),
    emit: (event: TelephonyEvent) => events.push(event),
  } as unknown as LegHost;
  const endpoints = { of: async () => {} } as unknown as LegMedia;
  const prompts: PromptResolver = {
    resolve: async () => {
      throw new Error('resolveStreaming is used when there is one');
    },
    resolveStreaming: async () => {
      const files = await resolved();
      growing.push(...files.filter((f): f is GrowingPromptFile => typeof f !== 'string'));
      return files;
    },
  };
  const playback = new LegPlayback(host, { media, endpoints, prompts });
  const play = (playId = 'p1') =>
    playback.play({
      type: 'leg.play',
      legId: 'leg-1',
      playId,
      prompts: [{ kind: 'tts', text: 'Flight MU5101 is delayed.' }],
      language: 'en',
      bargeIn: false,
    });
  return { commands, events, releasesAtPlay, playback, play, leg };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('LegPlayback with growing TTS files', () => {
  it('plays a growing file, releases it once the worker has it, then tells its final size', async () => {
    const tts = growingFile('/cache/.a.wav');
    const t = setup(async () => ['/prompts/en/flight.wav', tts.file, '/prompts/en/bye.wav']);
    await t.play();
    const play = t.commands.find((c) => c.type === 'play');
    assert.deepEqual(play && play.type === 'play' ? play.files : undefined, [
      '/prompts/en/flight.wav',
      { path: '/cache/.a.wav', growing: true },
      '/prompts/en/bye.wav',
    ]);
    assert.deepEqual(t.releasesAtPlay, [0], 'held until the worker answered the play');
    assert.equal(tts.file.releases, 1);
    tts.finish(48_044);
    await settle();
    assert.deepEqual(t.commands.at(-1), {
      type: 'play.source.complete',
      endpointId: 'leg-1',
      path: '/cache/.a.wav',
      bytes: 48_044,
    });
  });

  it('tells the worker a failed render, once per file even when listed twice', async () => {
    const tts = growingFile('/cache/.b.wav');
    const t = setup(async () => [tts.file, tts.file]);
    await t.play();
    tts.fail(new Error('espeak-ng failed'));
    await settle();
    const failed = t.commands.filter((c) => c.type === 'play.source.failed');
    assert.deepEqual(failed, [
      { type: 'play.source.failed', endpointId: 'leg-1', path: '/cache/.b.wav' },
    ]);
    assert.equal(tts.file.releases, 2);
  });

  it('releases a growing file it never plays (stopped while resolving) and does not follow it', async () => {
    const tts = growingFile('/cache/.c.wav');
    let resolveFiles!: (files: ResolvedPrompt[]) => void;
    const t = setup(() => new Promise((resolve) => (resolveFiles = resolve)));
    const playing = t.play('p1');
    await settle();
    await t.playback.stop({ type: 'leg.play.stop', legId: 'leg-1', playId: 'p1' });
    resolveFiles([tts.file]);
    await playing;
    tts.finish(1000);
    await settle();
    assert.equal(tts.file.releases, 1);
    assert.deepEqual(
      t.commands.map((c) => c.type),
      ['play.stop'],
    );
  });

  it('releases a growing file when the worker refuses the play', async () => {
    const tts = growingFile('/cache/.d.wav');
    const t = setup(async () => [tts.file], { refusePlay: true });
    await assert.rejects(t.play(), /file-unreadable/);
    assert.equal(tts.file.releases, 1);
    tts.finish(1000);
    await settle();
    assert.equal(t.commands.filter((c) => c.type === 'play.source.complete').length, 0);
  });

  it("reports the worker's error end of a growing file as a failed play", async () => {
    const tts = growingFile('/cache/.e.wav');
    const t = setup(async () => [tts.file]);
    await t.play();
    t.playback.finished({
      type: 'play.finished',
      endpointId: 'leg-1',
      playId: 'p1',
      reason: 'error',
      playedMs: 1200,
    });
    assert.deepEqual(t.events.at(-1), {
      type: 'leg.play.finished',
      legId: 'leg-1',
      playId: 'p1',
      reason: 'failed',
      playedMs: 1200,
      at: 0,
    });
  });
});
