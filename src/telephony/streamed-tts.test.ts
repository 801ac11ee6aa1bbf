// Streamed TTS end to end in one process: real espeak-ng and sox render while a media worker core
// plays the growing file as RTP to a UDP peer on loopback; the render's end, or its failure, follows.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeClock, silentLogger } from '../platform/index.ts';
import { CoreHarness } from './media/fixtures/core-harness.ts';
import {
  UdpPeer,
  header,
  negotiated,
  rtpOnly,
  rtpPacket,
  sleep,
} from './media/fixtures/media-test-kit.ts';
import type { MediaCommandInput, MediaPort, PlayFinishedEvent } from './media/index.ts';
import type { LegHost } from './leg-host.ts';
import type { LegMedia } from './leg-media.ts';
import { LegPlayback } from './leg-playback.ts';
import { EspeakTts, PromptLibrary, readWavInfo } from './prompts/index.ts';
import type { PromptResolver, ResolvedPrompt, TelephonyEvent } from './telephony-port.ts';

const found = (program: string) => spawnSync(program, ['--version']).status === 0;
const skip =
  (found('espeak-ng') && found('sox')) || process.env.CI === 'true'
    ? false
    : 'espeak-ng or sox is not installed (apt-get install espeak-ng sox)';

const TEXT =
  'Flight M U five one zero one to Beijing is delayed by forty minutes, and now leaves at three.';

describe('streamed TTS', { skip }, () => {
  let dir: string;
  let harness: CoreHarness;
  let peer: UdpPeer;

  /**
   * espeak-ng itself, with its output handed on in two parts: 48 KiB (about a second of speech)
   * at once, the rest only once the file `<name>.gate` exists (or, `failing`, exit 1 then). The
   * test holds the render open to see what the leg gets meanwhile: by events, not by timing.
   */
  async function gatedEspeak(name: string, failing = false) {
    const path = join(dir, name);
    const gate = `${path}.gate`;
    const rest = failing
      ? 'echo "espeak-ng: synthesis failed" >&2\nexit 1'
      : 'tail -c +49153 "$out"';
    await writeFile(
      path,
      `#!/bin/sh\nout=$(mktemp)\nespeak-ng "$@" > "$out" || exit $?\nhead -c 49152 "$out"\n` +
        `while [ ! -e '${gate}' ]; do sleep 0.02; done\n${rest}\nrm -f "$out"\n`,
    );
    await chmod(path, 0o755);
    return { path, open: () => writeFile(gate, '') };
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'streamed-tts-'));
    harness = new CoreHarness();
    peer = await UdpPeer.open();
  });

  after(async () => {
    await harness.close();
    await peer.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A leg on the harness's worker core, played to through LegPlayback as SipTelephony does. */
  async function leg(endpointId: string, resolver: PromptResolver) {
    const created = await harness.endpoint(endpointId, negotiated(peer.port));
    const media = {
      request: (command: MediaCommandInput) => harness.run(command),
      on: () => () => {},
      close: async () => {},
    } as unknown as MediaPort;
    const events: TelephonyEvent[] = [];
    const host = {
      clock: new FakeClock(0),
      logger: silentLogger(),
      leg: (id: string) => (id === endpointId ? { id, ended: false } : undefined),
      emit: (event: TelephonyEvent) => events.push(event),
    } as unknown as LegHost;
    const endpoints = { of: async () => {} } as unknown as LegMedia;
    const playback = new LegPlayback(host, { media, endpoints, prompts: resolver });
    const finished = async (playId: string) => {
      const e = await harness.waitFor(
        (x): x is PlayFinishedEvent => x.type === 'play.finished' && x.playId === playId,
        15_000,
      );
      playback.finished(e);
      return events.at(-1)!;
    };
    return { playback, finished, port: created.local.port };
  }

  /** The library, with what it hands out recorded in `log` as it happens. */
  function library(cache: string, espeakPath: string, log: string[], growing: string[] = []) {
    const inner = new PromptLibrary({
      promptsDir: join(dir, 'none'),
      cacheDir: cache,
      tts: new EspeakTts({ cacheDir: join(cache, 'tts'), espeakPath, logger: silentLogger() }),
      logger: silentLogger(),
    });
    const resolver: PromptResolver = {
      resolve: (prompts, language) => inner.resolve(prompts, language),
      async resolveStreaming(prompts, language): Promise<ResolvedPrompt[]> {
        const files = await inner.resolveStreaming(prompts, language);
        for (const f of files) {
          if (typeof f === 'string') continue;
          log.push('growing file handed out');
          growing.push(f.path);
          f.complete.then(
            () => log.push('render complete'),
            () => log.push('render failed'),
          );
        }
        return files;
      },
    };
    return { inner, resolver };
  }

  it('plays the first audio while espeak-ng is still rendering, and all of it once done', async () => {
    const log: string[] = [];
    const growing: string[] = [];
    const cache = join(dir, 'cache-1');
    const espeak = await gatedEspeak('espeak-gated');
    const { inner, resolver } = library(cache, espeak.path, log, growing);
    const { playback, finished } = await leg('tts-1', resolver);
    peer.received.length = 0;
    await playback.play({
      type: 'leg.play',
      legId: 'tts-1',
      playId: 'status',
      prompts: [{ kind: 'tts', text: TEXT }],
      language: 'en',
      bargeIn: false,
    });
    await peer.waitUntil((r) => rtpOnly(r).length > 0, 5000);
    log.push('first packet at the leg');
    // The first part played out: every whole frame on disk has arrived, and nothing more for a
    // while. The player waits without ending the playback.
    for (let last = -1, quiet = 0; quiet < 4; await sleep(50)) {
      const sent = rtpOnly(peer.received).length;
      const onDisk = Math.floor(((await stat(growing[0]!)).size - 44) / 320);
      quiet = sent === last && sent >= onDisk ? quiet + 1 : 0;
      last = sent;
    }
    log.push('player waiting');
    await espeak.open();
    const done = await finished('status');
    assert.deepEqual(log, [
      'growing file handed out',
      'first packet at the leg',
      'player waiting',
      'render complete',
    ]);
    assert.equal(done.type === 'leg.play.finished' && done.reason, 'finished');

    // The whole WAV was played, no more: the packets' audio is its duration to a frame or two.
    const cached = await inner.resolve([{ kind: 'tts', text: TEXT }], 'en');
    const wav = readWavInfo(await readFile(cached[0]!), 'the cached speech');
    assert.equal(inner.tts.stats().renders, 1, 'the cache entry is the streamed render');
    const packets = rtpOnly(peer.received);
    const playedMs = done.type === 'leg.play.finished' ? done.playedMs : -1;
    assert.ok(Math.abs(playedMs - wav.durationMs) <= 40, `${playedMs} ms vs ${wav.durationMs} ms`);
    assert.equal(packets.length * 20, playedMs);
    // One stream, no packet lost; each wait shows as a new talkspurt (marker bit, RFC 3551 §4.1):
    // the gated one at least, and more when a busy box let the reader fall behind the render.
    const headers = packets.map((p) => header(p.data));
    headers.forEach((h, i) => assert.equal((h.seq - headers[0]!.seq) & 0xffff, i));
    const talkspurts = headers.filter((h) => h.marker).length;
    assert.ok(talkspurts >= 2, `${talkspurts} talkspurts: the gated wait must start one`);
    const temporary = (await readdir(cache, { recursive: true })).filter((f) => /\/\./.test(f));
    assert.deepEqual(temporary, [], 'no temporary file left behind');
  });

  it('ends the playback as failed when the render fails after its first audio, caching nothing', async () => {
    const log: string[] = [];
    const cache = join(dir, 'cache-2');
    const espeak = await gatedEspeak('espeak-failing', true);
    const { resolver } = library(cache, espeak.path, log);
    const { playback, finished } = await leg('tts-2', resolver);
    await playback.play({
      type: 'leg.play',
      legId: 'tts-2',
      playId: 'broken',
      prompts: [{ kind: 'tts', text: TEXT }],
      language: 'en',
      bargeIn: false,
    });
    await espeak.open();
    const done = await finished('broken');
    assert.equal(done.type === 'leg.play.finished' && done.reason, 'failed');
    assert.deepEqual(log, ['growing file handed out', 'render failed']);
    await sleep(50);
    const left = (await readdir(cache, { recursive: true })).filter((f) => f.endsWith('.wav'));
    assert.deepEqual(left, [], 'no cache entry and no temporary file');
  });

  it('stops on a digit while the render is still under way, with the growing file inside a playlist', async () => {
    const log: string[] = [];
    const cache = join(dir, 'cache-3');
    const espeak = await gatedEspeak('espeak-barge');
    const { resolver } = library(cache, espeak.path, log);
    const { playback, finished, port } = await leg('tts-3', resolver);
    peer.received.length = 0;
    await playback.play({
      type: 'leg.play',
      legId: 'tts-3',
      playId: 'menu',
      prompts: [
        { kind: 'silence', ms: 100 },
        { kind: 'tts', text: TEXT },
        { kind: 'silence', ms: 100 },
      ],
      language: 'en',
      bargeIn: true,
    });
    await peer.waitUntil((r) => rtpOnly(r).length > 10, 5000);
    const event = Buffer.from([5, 10, 0, 160]); // digit 5, start of event (RFC 4733)
    await peer.send(
      rtpPacket({ pt: 101, seq: 1, ts: 1, ssrc: 7, marker: true, payload: event }),
      port,
    );
    const done = await finished('menu');
    assert.equal(done.type === 'leg.play.finished' && done.reason, 'dtmf');
    assert.equal(done.type === 'leg.play.finished' && done.digit, '5');
    // The render finishes after its playback ended: the worker is told, nothing breaks.
    await espeak.open();
    for (let i = 0; i < 100 && !log.includes('render complete'); i++) await sleep(20);
    assert.deepEqual(log, ['growing file handed out', 'render complete']);
    await sleep(50);
    assert.equal(harness.events.filter((e) => e.type === 'error').length, 0);
  });
});
