// The player hands out 20 ms frames of a playlist, pads the end, and loops without a gap.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeGrowingFile, pcmBytes, pipeWavHeader } from './fixtures/growing-file.ts';
import { GrowingWav } from './growing-wav.ts';
import { MAX_WAIT_FRAMES, Player } from './player.ts';
import type { PlayerStep } from './player.ts';

function ramp(n: number, from: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => from + i);
}

describe('Player', () => {
  it('plays a list across clip borders and pads the last frame', () => {
    const player = new Player({
      playId: 'p',
      clips: [ramp(200, 1), ramp(100, 1001)],
      loop: false,
      stopOnDtmf: false,
    });
    const frame = new Int16Array(160);
    assert.equal(player.next(frame), 'audio');
    assert.equal(frame[159], 160);
    assert.equal(player.next(frame), 'audio');
    assert.equal(frame[39], 200);
    assert.equal(frame[40], 1001);
    assert.equal(frame[139], 1100);
    assert.equal(frame[140], 0);
    assert.equal(player.done, true);
    assert.equal(player.next(frame), 'end');
    assert.equal(player.playedMs, 40);
  });

  it('loops seamlessly until stopped', () => {
    const player = new Player({
      playId: 'moh',
      clips: [ramp(100, 1)],
      loop: true,
      stopOnDtmf: false,
    });
    const frame = new Int16Array(160);
    for (let i = 0; i < 100; i++) assert.equal(player.next(frame), 'audio');
    assert.equal(player.done, false);
    // Frame 0 covers samples 0-159 of the endless repetition; sample k is (k % 100) + 1.
    const start = 99 * 160;
    assert.deepEqual(
      [...frame.subarray(0, 3)],
      [(start % 100) + 1, ((start + 1) % 100) + 1, ((start + 2) % 100) + 1],
    );
  });

  it('finishes at once for a list of empty clips', () => {
    const player = new Player({
      playId: 'x',
      clips: [new Int16Array(0)],
      loop: true,
      stopOnDtmf: false,
    });
    assert.equal(player.next(new Int16Array(160)), 'end');
  });

  describe('with a growing file', () => {
    const HEADER = pipeWavHeader().length;

    /** A growing WAV holding `samples` so far (ramp values from `from`). */
    async function growing(path: string, samples: number, from = 1) {
      const file = new FakeGrowingFile()
        .append(pipeWavHeader())
        .append(pcmBytes(ramp(samples, from)));
      return { file, wav: await GrowingWav.open(path, file) };
    }

    /** One tick as the endpoint runs it, then the reads it started land (a real tick is 20 ms apart). */
    async function tick(player: Player, frame: Int16Array, wav: GrowingWav): Promise<PlayerStep> {
      const step = player.next(frame);
      await wav.settled();
      return step;
    }

    it('waits where the writer is behind, sending nothing, and resumes where it left off', async () => {
      const { file, wav } = await growing('/tts/a.wav', 400);
      const player = new Player({ playId: 'p', clips: [wav], loop: false, stopOnDtmf: false });
      const frame = new Int16Array(160);
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.equal(frame[159], 320);
      // 80 samples left: not a whole frame, and more may come.
      assert.equal(await tick(player, frame, wav), 'wait');
      assert.equal(await tick(player, frame, wav), 'wait');
      assert.equal(player.done, false);
      assert.equal(player.playedMs, 40, 'waited frames are not played');
      file.append(pcmBytes(ramp(200, 401)));
      assert.equal(await tick(player, frame, wav), 'wait'); // the read that finds them was under way
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.deepEqual([frame[0], frame[159]], [321, 480], 'no sample lost or repeated');
      assert.equal(await tick(player, frame, wav), 'wait');
      // Complete: the last 120 samples are a frame padded with silence, then the end.
      player.sourceComplete('/tts/a.wav', HEADER + 600 * 2);
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.deepEqual([frame[0], frame[119], frame[120]], [481, 600, 0]);
      assert.equal(await tick(player, frame, wav), 'end');
      assert.equal(player.failure, undefined);
      assert.equal(player.playedMs, 80);
    });

    it('ends on the frame the audio ends, without a frame of padding, when told late', async () => {
      const { wav } = await growing('/tts/b.wav', 320);
      const player = new Player({ playId: 'p', clips: [wav], loop: false, stopOnDtmf: false });
      const frame = new Int16Array(160);
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.equal(await tick(player, frame, wav), 'wait');
      player.sourceComplete('/tts/b.wav', HEADER + 640);
      assert.equal(await tick(player, frame, wav), 'end');
      assert.equal(player.playedMs, 40);
    });

    it('plays a growing file anywhere in a list, each clip in turn', async () => {
      const { wav } = await growing('/tts/c.wav', 100, 1001);
      wav.complete(HEADER + 200);
      const player = new Player({
        playId: 'p',
        clips: [ramp(200, 1), wav, ramp(60, 2001)],
        loop: false,
        stopOnDtmf: false,
      });
      const frame = new Int16Array(160);
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.deepEqual(
        [frame[39], frame[40], frame[139], frame[140], frame[159]],
        [200, 1001, 1100, 2001, 2020],
      );
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.deepEqual([frame[39], frame[40]], [2060, 0]);
      assert.equal(player.done, true);
    });

    it('pads a frame with silence when the clip before ends and the growing one is behind', async () => {
      const { file, wav } = await growing('/tts/d.wav', 0);
      const player = new Player({
        playId: 'p',
        clips: [ramp(200, 1), wav],
        loop: false,
        stopOnDtmf: false,
      });
      const frame = new Int16Array(160);
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.deepEqual([frame[39], frame[40]], [200, 0]);
      assert.equal(await tick(player, frame, wav), 'wait');
      file.append(pcmBytes(ramp(160, 501)));
      await tick(player, frame, wav);
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.equal(frame[0], 501);
    });

    it('ends with a failure when the render fails, at once, wherever the list is', async () => {
      const { wav } = await growing('/tts/e.wav', 1600);
      const player = new Player({
        playId: 'p',
        clips: [ramp(800, 1), wav],
        loop: false,
        stopOnDtmf: false,
      });
      const frame = new Int16Array(160);
      assert.equal(await tick(player, frame, wav), 'audio');
      player.sourceFailed('/tts/other.wav', 'not this one');
      assert.equal(await tick(player, frame, wav), 'audio');
      player.sourceFailed('/tts/e.wav', 'its writer failed');
      assert.equal(await tick(player, frame, wav), 'end');
      assert.equal(player.failure, 'its writer failed');
      assert.equal(player.playedMs, 40);
    });

    it('gives up on a file that neither grows nor completes for 30 s of frames', async () => {
      const { wav } = await growing('/tts/f.wav', 0);
      const player = new Player({ playId: 'p', clips: [wav], loop: false, stopOnDtmf: false });
      const frame = new Int16Array(160);
      for (let i = 0; i < MAX_WAIT_FRAMES; i++) assert.equal(player.next(frame), 'wait');
      assert.equal(player.next(frame), 'end');
      assert.match(player.failure ?? '', /\/tts\/f\.wav stopped growing/);
    });

    it('loops a list with a growing file, reading it again from the start', async () => {
      const { wav } = await growing('/tts/g.wav', 160);
      wav.complete(HEADER + 320);
      const player = new Player({ playId: 'moh', clips: [wav], loop: true, stopOnDtmf: false });
      const frame = new Int16Array(160);
      assert.equal(await tick(player, frame, wav), 'audio');
      assert.equal(frame[0], 1);
      // Each wrap rewinds: the frame after it waits for the read of the start (a gap of one
      // frame at the seam, where a decoded prompt has none).
      const steps: PlayerStep[] = [];
      for (let i = 0; i < 4; i++) steps.push(await tick(player, frame, wav));
      assert.deepEqual(steps, ['wait', 'audio', 'wait', 'audio']);
      assert.deepEqual([frame[0], frame[159]], [1, 160]);
      assert.equal(player.playedMs, 60);
    });

    it('closes its growing files when it is done with them', async () => {
      const { file, wav } = await growing('/tts/h.wav', 10);
      const player = new Player({ playId: 'p', clips: [wav], loop: false, stopOnDtmf: false });
      player.close();
      await wav.settled();
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(file.closed, true);
    });
  });
});
