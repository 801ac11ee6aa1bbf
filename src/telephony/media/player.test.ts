// The player hands out 20 ms frames of a playlist, pads the end, and loops without a gap.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Player } from './player.ts';

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
    assert.equal(player.next(frame), true);
    assert.equal(frame[159], 160);
    assert.equal(player.next(frame), true);
    assert.equal(frame[39], 200);
    assert.equal(frame[40], 1001);
    assert.equal(frame[139], 1100);
    assert.equal(frame[140], 0);
    assert.equal(player.done, true);
    assert.equal(player.next(frame), false);
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
    for (let i = 0; i < 100; i++) assert.equal(player.next(frame), true);
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
    assert.equal(player.next(new Int16Array(160)), false);
  });
});
