import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  audioCodecNames,
  findAudioCodec,
  formatEventList,
  parseEventList,
  sameEncoding,
  staticEncoding,
} from './codecs.ts';

describe('codecs', () => {
  it('lists the codecs the media engine speaks', () => {
    assert.deepEqual(audioCodecNames, ['PCMU', 'PCMA']);
    assert.equal(findAudioCodec('pcma')?.staticPayloadType, 8);
    assert.equal(findAudioCodec('G729'), undefined);
  });

  it('knows RFC 3551 static payload types', () => {
    assert.deepEqual(staticEncoding(0), { name: 'PCMU', clockRate: 8000, channels: 1 });
    assert.deepEqual(staticEncoding(8), { name: 'PCMA', clockRate: 8000, channels: 1 });
    assert.deepEqual(staticEncoding(18), { name: 'G729', clockRate: 8000, channels: 1 });
    assert.equal(staticEncoding(96), undefined);
  });

  it('matches encodings by name case-insensitively, clock rate and channels', () => {
    const pcmu = { name: 'PCMU', clockRate: 8000, channels: 1 };
    assert.ok(sameEncoding(pcmu, { name: 'pcmu', clockRate: 8000, channels: 1 }));
    assert.ok(!sameEncoding(pcmu, { name: 'PCMU', clockRate: 16000, channels: 1 }));
    assert.ok(!sameEncoding(pcmu, { name: 'PCMU', clockRate: 8000, channels: 2 }));
  });

  it('reads and writes RFC 4733 event lists', () => {
    assert.deepEqual([...(parseEventList('0-15') ?? [])], [...Array(16).keys()]);
    assert.deepEqual([...(parseEventList('0-3, 8,10-11') ?? [])], [0, 1, 2, 3, 8, 10, 11]);
    assert.equal(parseEventList('0-'), undefined);
    assert.equal(parseEventList('15-0'), undefined);
    assert.equal(parseEventList('0-300'), undefined);
    assert.equal(formatEventList(new Set([0, 1, 2, 3, 8, 10, 11])), '0-3,8,10-11');
    assert.equal(formatEventList(parseEventList('0-15')!), '0-15');
  });
});
