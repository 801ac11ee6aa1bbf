// RTP header parsing and writing (RFC 3550 §5.1, §5.3.1), including what must be rejected.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createRtpHeader,
  looksLikeRtcp,
  parseRtp,
  rewriteRtpHeader,
  sequenceDelta,
  timestampDelta,
  writeRtpHeader,
} from './rtp-packet.ts';

describe('RTP header', () => {
  it('writes and parses the fixed header', () => {
    const packet = Buffer.alloc(12 + 160, 0xff);
    writeRtpHeader(packet, true, 8, 0xfffe, 0xfffffff0, 0xdeadbeef);
    assert.deepEqual(
      [...packet.subarray(0, 12)],
      [0x80, 0x88, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xf0, 0xde, 0xad, 0xbe, 0xef],
    );
    const h = createRtpHeader();
    assert.equal(parseRtp(packet, packet.length, h), true);
    assert.deepEqual(h, {
      marker: true,
      payloadType: 8,
      sequence: 0xfffe,
      timestamp: 0xfffffff0,
      ssrc: 0xdeadbeef,
      payloadOffset: 12,
      payloadLength: 160,
    });
  });

  it('skips CSRCs and a header extension, and strips padding', () => {
    const packet = Buffer.alloc(12 + 8 + 4 + 8 + 10 + 6);
    packet[0] = 0x80 | 0x20 | 0x10 | 2; // P, X, CC=2
    packet[1] = 0;
    packet.writeUInt16BE(2, 12 + 8 + 2); // extension length: 2 words
    packet[packet.length - 1] = 6; // 6 octets of padding
    const h = createRtpHeader();
    assert.equal(parseRtp(packet, packet.length, h), true);
    assert.equal(h.payloadOffset, 12 + 8 + 4 + 8);
    assert.equal(h.payloadLength, 10);
  });

  it('rejects what is not RTP version 2 or does not add up', () => {
    const h = createRtpHeader();
    const ok = Buffer.alloc(20);
    ok[0] = 0x80;
    const cases: Array<[string, Buffer]> = [
      ['too short', Buffer.alloc(11, 0x80)],
      ['version 1', Buffer.from([0x40, ...ok.subarray(1)])],
      ['CSRCs beyond the end', Buffer.from([0x8f, ...ok.subarray(1)])],
      [
        'extension beyond the end',
        Buffer.from([0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]),
      ],
      ['zero padding count', Buffer.from([0xa0, ...ok.subarray(1, 19), 0])],
      ['padding longer than the payload', Buffer.from([0xa0, ...ok.subarray(1, 19), 200])],
    ];
    for (const [name, packet] of cases)
      assert.equal(parseRtp(packet, packet.length, h), false, name);
    assert.equal(parseRtp(ok, ok.length, h), true);
  });

  it('rewrites marker, payload type, sequence, timestamp and SSRC but keeps CSRCs', () => {
    const packet = Buffer.alloc(16 + 4);
    packet[0] = 0x81;
    packet[1] = 0;
    packet.writeUInt32BE(0x01020304, 12);
    rewriteRtpHeader(packet, true, 8, 7, 1234, 42);
    const h = createRtpHeader();
    parseRtp(packet, packet.length, h);
    assert.equal(h.marker, true);
    assert.equal(h.payloadType, 8);
    assert.equal(h.sequence, 7);
    assert.equal(h.timestamp, 1234);
    assert.equal(h.ssrc, 42);
    assert.equal(packet.readUInt32BE(12), 0x01020304);
  });

  it('tells RTCP from RTP on a shared port (RFC 5761 §4)', () => {
    assert.equal(looksLikeRtcp(Buffer.from([0x80, 200]), 2), true);
    assert.equal(looksLikeRtcp(Buffer.from([0x80, 201]), 2), true);
    assert.equal(looksLikeRtcp(Buffer.from([0x80, 0x80]), 2), false); // PCMU with marker
    assert.equal(looksLikeRtcp(Buffer.from([0x80, 101]), 2), false);
  });

  it('computes wrapped sequence and timestamp distances', () => {
    assert.equal(sequenceDelta(65535, 0), 1);
    assert.equal(sequenceDelta(0, 65535), -1);
    assert.equal(sequenceDelta(100, 200), 100);
    assert.equal(timestampDelta(0xffffff00, 0x100), 0x200);
    assert.equal(timestampDelta(0x100, 0xffffff00), -0x200);
  });
});
