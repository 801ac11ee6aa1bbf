// In-band DTMF detection: all 16 digits with durations, minimum length, twist and energy limits, and speech-like noise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DtmfDetector } from './dtmf-detector.ts';
import { DTMF_DIGITS } from './dtmf-digits.ts';
import { concat, dtmfTone, seeded, silence, speechLike } from './fixtures/media-test-kit.ts';

function detect(audio: Int16Array, chunk = 160) {
  const found: Array<{ digit: string; startMs: number; durationMs: number }> = [];
  const detector = new DtmfDetector({
    onStart: () => undefined,
    onEnd: (digit, start, samples) =>
      found.push({ digit, startMs: start / 8, durationMs: samples / 8 }),
  });
  for (let i = 0; i < audio.length; i += chunk)
    detector.process(audio, i, Math.min(chunk, audio.length - i));
  detector.flush();
  return found;
}

describe('DtmfDetector', () => {
  it('detects each of the 16 digits once, with its start and duration', () => {
    const parts = [silence(100)];
    for (const digit of DTMF_DIGITS) parts.push(dtmfTone(digit, 100), silence(100));
    const found = detect(concat(...parts));
    assert.deepEqual(found.map((f) => f.digit).join(''), DTMF_DIGITS);
    found.forEach((f, i) => {
      assert.ok(Math.abs(f.startMs - (100 + i * 200)) <= 10, `${f.digit} starts at ${f.startMs}`);
      assert.ok(Math.abs(f.durationMs - 100) <= 20, `${f.digit} lasts ${f.durationMs}`);
    });
  });

  it('detects 40 ms tones with 40 ms pauses (ITU-T Q.24) wherever they fall in the frames', () => {
    for (const offset of [0, 13, 40, 77]) {
      const found = detect(
        concat(
          silence(offset / 8),
          dtmfTone('1', 40),
          silence(40),
          dtmfTone('9', 40),
          silence(40),
          dtmfTone('D', 40),
          silence(60),
        ),
      );
      assert.equal(found.map((f) => f.digit).join(''), '19D', `offset ${offset}`);
    }
  });

  it('works whatever the packet size the audio arrives in', () => {
    const audio = concat(
      silence(50),
      dtmfTone('7', 80),
      silence(60),
      dtmfTone('*', 80),
      silence(60),
    );
    for (const chunk of [1, 80, 160, 240, 480])
      assert.equal(
        detect(audio, chunk)
          .map((f) => f.digit)
          .join(''),
        '7*',
      );
  });

  it('ignores tones shorter than about 25 ms', () => {
    assert.deepEqual(detect(concat(silence(50), dtmfTone('5', 20), silence(100))), []);
  });

  it('accepts 4 dB of reverse twist and rejects 10 dB; rejects very weak tones', () => {
    assert.equal(detect(concat(dtmfTone('6', 80, 7000, 3.5), silence(50))).length, 1);
    assert.equal(detect(concat(dtmfTone('6', 80, 7000, -7), silence(50))).length, 1);
    assert.equal(detect(concat(dtmfTone('6', 80, 7000, 10), silence(50))).length, 0);
    assert.equal(detect(concat(dtmfTone('6', 80, 7000, -12), silence(50))).length, 0);
    assert.equal(detect(concat(dtmfTone('6', 80, 60), silence(50))).length, 0);
  });

  it('finds no digit in speech-like audio or white noise', () => {
    for (let seed = 1; seed <= 5; seed++)
      assert.deepEqual(detect(speechLike(4000, seed)), [], `speech seed ${seed}`);
    const random = seeded(99);
    const noise = Int16Array.from({ length: 8000 * 3 }, () => Math.round((random() - 0.5) * 20000));
    assert.deepEqual(detect(noise), []);
  });

  it('still detects a digit spoken over by quiet noise', () => {
    const random = seeded(7);
    const tone = dtmfTone('3', 100);
    const noisy = Int16Array.from(tone, (s) => s + Math.round((random() - 0.5) * 1000));
    assert.deepEqual(
      detect(concat(silence(40), noisy, silence(60))).map((f) => f.digit),
      ['3'],
    );
  });
});
