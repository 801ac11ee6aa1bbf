// The timeline buffer places audio by RTP timestamp: loss leaves silence, reordering finds its place, jumps re-anchor.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PCMA, PCMU } from './audio-codec.ts';
import { TimelineBuffer } from './timeline-buffer.ts';

function frameOf(value: number): Int16Array {
  return new Int16Array(160).fill(value);
}

function drain(buffer: TimelineBuffer, frames: number): number[] {
  const out = new Int16Array(160);
  const values: number[] = [];
  for (let i = 0; i < frames; i++) {
    buffer.take(out);
    values.push(out[0]!);
  }
  return values;
}

describe('TimelineBuffer', () => {
  it('decodes G.711 straight into the ring exactly as decode-then-place, across the ring end', () => {
    for (const codec of [PCMU, PCMA]) {
      const viaScratch = new TimelineBuffer({ delayFrames: 1, capacityFrames: 4 });
      const direct = new TimelineBuffer({ delayFrames: 1, capacityFrames: 4 });
      const scratch = new Int16Array(240);
      const outA = new Int16Array(160);
      const outB = new Int16Array(160);
      // 240-sample packets (30 ms) against a 640-sample ring: every third one wraps.
      for (let n = 0; n < 12; n++) {
        const payload = Buffer.alloc(12 + 240);
        for (let i = 0; i < 240; i++) payload[12 + i] = (n * 37 + i * 11) & 0xff;
        codec.decode(payload, 12, 240, scratch, 0);
        viaScratch.place(9, 5000 + n * 240, scratch, 0, 240);
        direct.placeDecoded(9, 5000 + n * 240, codec, payload, 12, 240);
        for (let take = 0; take < (n % 2 === 0 ? 1 : 2); take++) {
          assert.equal(direct.take(outB), viaScratch.take(outA));
          assert.deepEqual(outB, outA, `${codec.name} packet ${n}`);
        }
      }
      assert.equal(direct.reanchors, viaScratch.reanchors);
    }
  });

  it('delays the first packet by delayFrames and keeps later ones in timestamp order', () => {
    const buffer = new TimelineBuffer({ delayFrames: 2, capacityFrames: 10 });
    buffer.place(1, 1000, frameOf(1), 0, 160);
    buffer.place(1, 1000 + 320, frameOf(3), 0, 160); // arrives before #2
    buffer.place(1, 1000 + 160, frameOf(2), 0, 160);
    assert.deepEqual(drain(buffer, 6), [0, 0, 1, 2, 3, 0]);
  });

  it('leaves silence where a packet was lost', () => {
    const buffer = new TimelineBuffer({ delayFrames: 1, capacityFrames: 10 });
    buffer.place(1, 0, frameOf(1), 0, 160);
    buffer.place(1, 320, frameOf(3), 0, 160);
    assert.deepEqual(drain(buffer, 4), [0, 1, 0, 3]);
  });

  it('re-anchors on a new SSRC and on a packet too late to play', () => {
    const buffer = new TimelineBuffer({ delayFrames: 1, capacityFrames: 10 });
    buffer.place(1, 0, frameOf(1), 0, 160);
    drain(buffer, 3);
    buffer.place(1, 160, frameOf(2), 0, 160); // its place was read already
    assert.deepEqual(drain(buffer, 2), [0, 2]);
    buffer.place(2, 999_999, frameOf(5), 0, 160);
    assert.deepEqual(drain(buffer, 2), [0, 5]);
    assert.equal(buffer.reanchors, 2);
  });

  it('handles timestamp wrap-around and packets that straddle frames', () => {
    const buffer = new TimelineBuffer({ delayFrames: 1, capacityFrames: 10 });
    buffer.place(7, 0xffffff60, frameOf(4), 0, 80); // 80 samples before the wrap
    buffer.place(7, 0xffffffb0, frameOf(6), 0, 160); // straddles the frame border and the wrap
    const out = new Int16Array(160);
    buffer.take(out);
    buffer.take(out);
    assert.equal(out[0], 4);
    assert.equal(out[79], 4);
    assert.equal(out[80], 6);
    buffer.take(out);
    assert.equal(out[79], 6);
    assert.equal(out[80], 0);
  });

  it('takes a frame into every other sample of an interleaved buffer, leaving the rest alone', () => {
    const left = new TimelineBuffer({ delayFrames: 0 });
    const right = new TimelineBuffer({ delayFrames: 0 });
    left.place(1, 0, frameOf(3), 0, 160);
    right.place(2, 0, frameOf(-7), 0, 160);
    const stereo = new Int16Array(2 + 320).fill(99);
    assert.equal(left.take(stereo, 2, 2), true);
    assert.equal(right.take(stereo, 3, 2), true);
    assert.deepEqual([...stereo.subarray(0, 6)], [99, 99, 3, -7, 3, -7]);
    assert.deepEqual([...stereo.subarray(318)], [3, -7, 3, -7]);
    assert.equal(left.holdsAudio, false);
  });
});
