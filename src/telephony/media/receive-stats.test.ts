// Receive statistics: RFC 3550 A.1/A.3 loss with wrap, reordering and duplicates; A.8 jitter; the MOS estimate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReceiveStats, estimateMos } from './receive-stats.ts';

function feed(stats: ReceiveStats, seqs: number[], spacingMs = 20, ssrc = 1): void {
  seqs.forEach((seq, i) => stats.onPacket(ssrc, seq & 0xffff, seq * 160, i * spacingMs, true));
}

describe('ReceiveStats', () => {
  it('counts loss across a sequence wrap', () => {
    const stats = new ReceiveStats();
    const seqs = [];
    for (let s = 65530; s < 65546; s++) if (s !== 65534 && s !== 65540) seqs.push(s);
    feed(stats, seqs);
    assert.equal(stats.packetsExpected, 16);
    assert.equal(stats.packetsReceived, 14);
    assert.equal(stats.packetsLost, 2);
    assert.equal(stats.extendedHighestSequence, 65545);
    assert.ok(Math.abs(stats.lossRatio - 2 / 16) < 1e-9);
  });

  it('counts reordered packets once and duplicates as negative loss', () => {
    const stats = new ReceiveStats();
    feed(stats, [1, 2, 4, 3, 5, 5]);
    assert.equal(stats.packetsExpected, 5);
    assert.equal(stats.packetsReceived, 6);
    assert.equal(stats.packetsLost, -1);
    assert.equal(stats.lossRatio, 0);
  });

  it('treats a jump confirmed by the next packet as a restart, not loss', () => {
    const stats = new ReceiveStats();
    feed(stats, [10, 11, 12, 40000, 40001, 40002]);
    assert.equal(stats.packetsLost, 0);
    assert.equal(stats.packetsReceived, 5); // the first packet after the jump only arms the restart
  });

  it('keeps counting across an SSRC change', () => {
    const stats = new ReceiveStats();
    feed(stats, [1, 2, 3]);
    feed(stats, [500, 502], 20, 2);
    assert.equal(stats.packetsExpected, 6);
    assert.equal(stats.packetsReceived, 5);
  });

  it('gives the RFC 3550 A.3 report block with the interval fraction', () => {
    const stats = new ReceiveStats();
    feed(stats, [0, 1, 2, 3]); // no loss
    assert.equal(stats.takeReportBlock().fractionLost, 0);
    stats.onPacket(1, 8, 8 * 160, 200, true); // 4 lost of 5 expected in this interval
    const block = stats.takeReportBlock();
    assert.equal(block.fractionLost, Math.floor((4 * 256) / 5));
    assert.equal(block.cumulativeLost, 4);
    assert.equal(block.extendedHighestSequence, 8);
  });

  it('estimates zero jitter for even spacing and the A.8 value for alternating delay', () => {
    const even = new ReceiveStats();
    feed(
      even,
      Array.from({ length: 50 }, (_, i) => i),
    );
    assert.equal(even.jitterMs, 0);
    const uneven = new ReceiveStats();
    for (let i = 0; i < 2000; i++)
      uneven.onPacket(1, i, i * 160, i * 20 + (i % 2 === 0 ? 0 : 10), true);
    // |D| is 10 ms every packet, so J converges to 10 ms.
    assert.ok(Math.abs(uneven.jitterMs - 10) < 0.1, String(uneven.jitterMs));
  });

  it('leaves RFC 4733 packets out of jitter', () => {
    const stats = new ReceiveStats();
    for (let i = 0; i < 10; i++) stats.onPacket(1, i, 1000, i * 20, false);
    assert.equal(stats.jitterMs, 0);
    assert.equal(stats.packetsReceived, 10);
  });
});

describe('estimateMos', () => {
  it('is about 4.4 for a clean G.711 call and falls with loss, jitter and delay', () => {
    const clean = estimateMos(0, 0, 20);
    assert.ok(clean > 4.3 && clean <= 4.5, String(clean));
    assert.ok(estimateMos(0.01, 0) < clean);
    assert.ok(estimateMos(0.05, 0) < 3.5);
    assert.ok(estimateMos(0, 80) < estimateMos(0, 5));
    assert.ok(estimateMos(0, 0, 800) < 3.6);
    assert.equal(estimateMos(1, 0), 1);
  });
});
