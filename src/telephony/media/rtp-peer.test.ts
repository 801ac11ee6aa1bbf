// RtpPeer: symmetric-RTP latching onto the first source, and relatching after the relatch window's silence.
import assert from 'node:assert/strict';
import type { RemoteInfo } from 'node:dgram';
import { describe, it } from 'node:test';
import { RELATCH_AFTER_MS, RtpPeer } from './rtp-peer.ts';

const sdp = { address: '192.0.2.1', port: 4000 };
const from = (address: string, port: number): RemoteInfo => ({
  address,
  port,
  family: 'IPv4',
  size: 172,
});
const a = from('198.51.100.7', 30000);
const b = from('198.51.100.8', 31000);

describe('RtpPeer', () => {
  it('latches onto the first source and refuses others within the relatch window', () => {
    const peer = new RtpPeer(true);
    peer.update(sdp, true);
    assert.equal(peer.acceptRtp(a, 0), true);
    assert.deepEqual([peer.rtpAddress, peer.rtpPort], [a.address, a.port]);
    assert.equal(peer.acceptRtp(b, RELATCH_AFTER_MS - 1), false);
    assert.equal(
      peer.acceptRtp(b, RELATCH_AFTER_MS),
      true,
      'a silent past the window: b takes over',
    );
    assert.deepEqual([peer.rtpAddress, peer.rtpPort], [b.address, b.port]);
  });
});
