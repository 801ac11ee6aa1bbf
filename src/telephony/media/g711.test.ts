// G.711 tables against the values the ITU-T G.711 curves give, round trips and transcoding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PCMA, PCMU, transcodeTable } from './audio-codec.ts';
import {
  ALAW_DECODE,
  ALAW_ENCODE,
  ALAW_TO_ULAW,
  ULAW_DECODE,
  ULAW_ENCODE,
  ULAW_TO_ALAW,
  linearToAlaw,
  linearToUlaw,
} from './g711.ts';
import { tone } from './fixtures/media-test-kit.ts';

describe('G.711 u-law', () => {
  it('decodes the known code points', () => {
    assert.equal(ULAW_DECODE[0xff], 0);
    assert.equal(ULAW_DECODE[0x7f], 0); // negative zero
    assert.equal(ULAW_DECODE[0xfe], 8);
    assert.equal(ULAW_DECODE[0xf0], 120); // end of segment 0: steps of 8
    assert.equal(ULAW_DECODE[0xef], 132); // segment 1 starts at 132, steps of 16
    assert.equal(ULAW_DECODE[0xe0], 372);
    assert.equal(ULAW_DECODE[0x80], 32124); // the largest magnitude
    assert.equal(ULAW_DECODE[0x00], -32124);
  });

  it('encodes the known values', () => {
    assert.equal(ULAW_ENCODE[0], 0xff);
    assert.equal(ULAW_ENCODE[32767], 0x80);
    assert.equal(ULAW_ENCODE[-32768 & 0xffff], 0x00);
    assert.equal(ULAW_ENCODE[132], 0xef);
    assert.equal(ULAW_ENCODE[-132 & 0xffff], 0x6f);
  });

  it('round-trips every code except negative zero', () => {
    for (let code = 0; code < 256; code++) {
      const expected = code === 0x7f ? 0xff : code;
      assert.equal(ULAW_ENCODE[ULAW_DECODE[code]! & 0xffff], expected, `code ${code.toString(16)}`);
    }
  });

  it('has a 64K table equal to the function and monotonic in the input', () => {
    let previous = ULAW_DECODE[ULAW_ENCODE[-32768 & 0xffff]!]!;
    for (let x = -32768; x < 32768; x++) {
      const code = ULAW_ENCODE[x & 0xffff]!;
      assert.equal(code, linearToUlaw(x));
      const value = ULAW_DECODE[code]!;
      assert.ok(value >= previous, `not monotonic at ${x}`);
      previous = value;
    }
  });
});

describe('G.711 A-law', () => {
  it('decodes the known code points', () => {
    assert.equal(ALAW_DECODE[0xd5], 8);
    assert.equal(ALAW_DECODE[0x55], -8);
    assert.equal(ALAW_DECODE[0xd4], 24);
    assert.equal(ALAW_DECODE[0xda], 248); // end of segment 0 (steps of 16)
    assert.equal(ALAW_DECODE[0xc5], 264); // segment 1
    assert.equal(ALAW_DECODE[0xf5], 528); // segment 2: steps of 32
    assert.equal(ALAW_DECODE[0xaa], 32256);
    assert.equal(ALAW_DECODE[0x2a], -32256);
  });

  it('round-trips every code and matches the function', () => {
    for (let code = 0; code < 256; code++)
      assert.equal(ALAW_ENCODE[ALAW_DECODE[code]! & 0xffff], code);
    for (let x = -32768; x < 32768; x += 7) assert.equal(ALAW_ENCODE[x & 0xffff], linearToAlaw(x));
    assert.equal(ALAW_ENCODE[0], 0xd5);
  });
});

describe('G.711 codecs', () => {
  for (const codec of [PCMU, PCMA]) {
    it(`${codec.name} keeps a -10 dBm0 sine above 30 dB SNR`, () => {
      const input = tone(1004, 100, 7000);
      const bytes = new Uint8Array(input.length);
      codec.encode(input, 0, input.length, bytes, 0);
      const output = new Int16Array(input.length);
      codec.decode(bytes, 0, bytes.length, output, 0);
      let signal = 0;
      let noise = 0;
      for (let i = 0; i < input.length; i++) {
        signal += input[i]! ** 2;
        noise += (input[i]! - output[i]!) ** 2;
      }
      assert.ok(10 * Math.log10(signal / noise) > 30);
    });
  }

  it('transcodes u-law to A-law and back to within one step', () => {
    assert.equal(transcodeTable(PCMU, PCMA), ULAW_TO_ALAW);
    assert.equal(transcodeTable(PCMA, PCMU), ALAW_TO_ULAW);
    assert.equal(transcodeTable(PCMU, PCMU), undefined);
    for (let code = 0; code < 256; code++) {
      const direct = ULAW_DECODE[code]!;
      const viaAlaw = ALAW_DECODE[ULAW_TO_ALAW[code]!]!;
      // A-law steps are at most twice u-law's at the same level (and 16 near zero).
      assert.ok(Math.abs(direct - viaAlaw) <= Math.max(16, Math.abs(direct) / 16), `code ${code}`);
      const back = ULAW_DECODE[ALAW_TO_ULAW[ULAW_TO_ALAW[code]!]!]!;
      assert.ok(
        Math.abs(direct - back) <= Math.max(16, Math.abs(direct) / 16),
        `code ${code} back`,
      );
    }
  });
});
