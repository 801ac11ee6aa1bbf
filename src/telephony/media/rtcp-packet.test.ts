// RTCP compound packets: SR/RR layout (RFC 3550 §6.4), SDES CNAME, BYE, and the round trip from LSR/DLSR.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRtcpReading, ntpMiddle, readRtcp, writeRtcpCompound } from './rtcp-packet.ts';

const cname = Buffer.from('abc123', 'latin1');
const figures = {
  fractionLost: 64,
  cumulativeLost: 10,
  extendedHighestSequence: 70000,
  jitter: 33,
};

describe('RTCP', () => {
  it('writes SR + SDES with a report block, with lengths in 32-bit words', () => {
    const out = Buffer.alloc(256);
    const n = writeRtcpCompound(
      out,
      0x11223344,
      { unixMs: 1_700_000_000_500, rtpTimestamp: 1234, packetCount: 50, octetCount: 8000 },
      { ssrc: 0x55667788, figures, lastSr: 0xabcd0000, delaySinceLastSr: 65536 },
      cname,
    );
    assert.equal(out[0], 0x81); // V=2, RC=1
    assert.equal(out[1], 200);
    assert.equal(out.readUInt16BE(2), (28 + 24) / 4 - 1);
    assert.equal(out.readUInt32BE(4), 0x11223344);
    assert.equal(out.readUInt32BE(8), 1_700_000_000 + 2208988800);
    assert.equal(out.readUInt32BE(12), 2 ** 31); // .5 s
    assert.equal(out.readUInt32BE(16), 1234);
    assert.equal(out.readUInt32BE(20), 50);
    assert.equal(out.readUInt32BE(24), 8000);
    assert.equal(out.readUInt32BE(28), 0x55667788);
    assert.equal(out[32], 64);
    assert.equal(out.readUIntBE(33, 3), 10);
    assert.equal(out.readUInt32BE(36), 70000);
    assert.equal(out.readUInt32BE(40), 33);
    assert.equal(out.readUInt32BE(44), 0xabcd0000);
    assert.equal(out.readUInt32BE(48), 65536);
    // SDES: header, SSRC, CNAME item (type 1, length 6), null, padding to 4 octets.
    assert.equal(out[52], 0x81);
    assert.equal(out[53], 202);
    assert.equal(out[60], 1);
    assert.equal(out[61], 6);
    assert.equal(out.subarray(62, 68).toString('latin1'), 'abc123');
    assert.equal(n % 4, 0);
    assert.equal(n, 52 + 4 + 4 + 12);
  });

  it('writes an RR when we did not send, and a BYE when leaving', () => {
    const out = Buffer.alloc(256);
    const n = writeRtcpCompound(out, 1, undefined, undefined, cname, true);
    assert.equal(out[1], 201);
    assert.equal(out[0], 0x80);
    assert.equal(out[n - 7], 203);
    const reading = createRtcpReading();
    assert.equal(readRtcp(out, n, 9, 0, 0, reading), true);
    assert.equal(reading.byes, 1);
  });

  it('computes the round trip from a report about our SSRC (RFC 3550 §6.4.1)', () => {
    const sentAt = 1_700_000_000_000;
    const lsr = ntpMiddle(sentAt);
    const out = Buffer.alloc(256);
    // The peer held our SR for 100 ms and its report reaches us 180 ms after we sent the SR.
    const n = writeRtcpCompound(
      out,
      2,
      undefined,
      { ssrc: 7, figures, lastSr: lsr, delaySinceLastSr: Math.round(0.1 * 65536) },
      cname,
    );
    const reading = createRtcpReading();
    assert.equal(readRtcp(out, n, 7, sentAt + 180, 0, reading), true);
    assert.ok(Math.abs(reading.roundTripMs! - 80) < 1, String(reading.roundTripMs));
    assert.equal(reading.remoteFractionLost, 0.25);
  });

  it('remembers the middle NTP bits of a received SR for our LSR', () => {
    const out = Buffer.alloc(256);
    const at = 1_700_000_123_250;
    const n = writeRtcpCompound(
      out,
      3,
      { unixMs: at, rtpTimestamp: 0, packetCount: 1, octetCount: 160 },
      undefined,
      cname,
    );
    const reading = createRtcpReading();
    assert.equal(readRtcp(out, n, 9, 0, 42, reading), true);
    assert.equal(reading.lastSr, ntpMiddle(at));
    assert.equal(reading.lastSrArrivalMs, 42);
  });

  it('rejects compounds whose lengths do not add up or whose version is wrong', () => {
    const out = Buffer.alloc(256);
    const n = writeRtcpCompound(out, 1, undefined, undefined, cname);
    const reading = createRtcpReading();
    assert.equal(readRtcp(out, n - 4, 1, 0, 0, reading), false);
    const bad = Buffer.from(out.subarray(0, n));
    bad[0] = 0x40;
    assert.equal(readRtcp(bad, n, 1, 0, 0, reading), false);
    assert.equal(readRtcp(Buffer.alloc(0), 0, 1, 0, 0, reading), false);
  });
});
