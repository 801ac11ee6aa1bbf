// RTP/RTCP behaviour of an endpoint on loopback: symmetric latching, foreign and malformed packets, inactivity, RTCP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NegotiatedMedia } from '../sip/sdp/index.ts';
import type { EndpointDestroyedReply, EndpointInactiveEvent } from './media-events.ts';
import { createRtcpReading, ntpMiddle, readRtcp, writeRtcpCompound } from './rtcp-packet.ts';
import { CoreHarness, IO_KINDS } from './fixtures/core-harness.ts';
import {
  UdpPeer,
  encodeUlaw,
  header,
  negotiated,
  rtpOnly,
  rtpPacket,
  seeded,
  sendStream,
  sleep,
  tone,
} from './fixtures/media-test-kit.ts';

let harness: CoreHarness;
const peers: UdpPeer[] = [];

async function peer(): Promise<UdpPeer> {
  const p = await UdpPeer.open();
  peers.push(p);
  return p;
}

const inactive =
  (id: string) =>
  (e: { type: string; endpointId?: string }): e is EndpointInactiveEvent =>
    e.type === 'endpoint.inactive' && e.endpointId === id;

for (const io of IO_KINDS) {
  describe(`RTP endpoint (${io} I/O)`, () => {
    before(() => {
      harness = new CoreHarness({ rtcpIntervalMs: 200, io });
    });

    after(async () => {
      await harness.close();
      await Promise.all(peers.splice(0).map((p) => p.close()));
    });

    it('latches onto where media really comes from (symmetric RTP behind NAT)', async () => {
      const sdpAddress = await peer(); // what the SDP said; nothing comes from there
      const natted = await peer(); // where the packets really come from
      const created = await harness.endpoint('latch', negotiated(sdpAddress.port));
      await sendStream(natted, created.local.port, tone(1000, 60));
      await harness.run({ type: 'dtmf.send', endpointId: 'latch', digits: '1', mode: 'rfc4733' });
      await natted.waitUntil((r) => rtpOnly(r).length >= 3);
      assert.equal(rtpOnly(sdpAddress.received).length, 0);
    });

    it('drops and counts malformed packets and packets from a second source', async () => {
      const real = await peer();
      const intruder = await peer();
      const created = await harness.endpoint('guard', negotiated(real.port));
      const port = created.local.port;
      await sendStream(real, port, tone(1000, 100)); // 5 packets, latched
      await intruder.send(
        rtpPacket({ pt: 0, seq: 1, ts: 1, ssrc: 66, payload: new Uint8Array(160) }),
        port,
      );
      await real.send(Buffer.from('this is not RTP'), port);
      await real.send(Buffer.from([0x80, 0]), port);
      await real.send(
        rtpPacket({ pt: 99, seq: 2000, ts: 1, ssrc: 0x1234, payload: new Uint8Array(10) }),
        port,
      ); // not negotiated
      await sleep(50);
      const reply = (await harness.run({
        type: 'endpoint.destroy',
        endpointId: 'guard',
      })) as EndpointDestroyedReply;
      assert.equal(reply.quality.packetsReceived, 5);
      assert.equal(reply.quality.malformed, 2);
      assert.equal(reply.quality.foreign, 2);
      assert.equal(reply.quality.packetsLost, 0);
      assert.ok(reply.quality.mos > 4);
    });

    it('reports inactivity once, and not while the peer holds the call', async () => {
      const p = await peer();
      const created = await harness.endpoint(
        'quiet',
        negotiated(p.port, { direction: 'sendonly' }),
        {
          inactivityTimeoutMs: 200,
          holdTimeoutMs: 0,
        },
      );
      await sleep(400);
      assert.equal(harness.events.filter(inactive('quiet')).length, 0, 'on hold: no timeout');
      await harness.run({
        type: 'endpoint.update',
        endpointId: 'quiet',
        media: negotiated(p.port),
      });
      const first = await harness.waitFor(inactive('quiet'), 1000);
      assert.equal(first.onHold, false);
      assert.ok(first.silentMs >= 200);
      await sleep(300);
      assert.equal(harness.events.filter(inactive('quiet')).length, 1, 'reported once');
      // Media resumes, then stops again: a new report.
      await p.send(
        rtpPacket({ pt: 0, seq: 1, ts: 1, ssrc: 5, payload: encodeUlaw(tone(500, 20)) }),
        created.local.port,
      );
      await sleep(450);
      assert.equal(harness.events.filter(inactive('quiet')).length, 2);
    });

    it('sends RTCP SR/RR to the RTCP port, learns the round trip from the reports, and says BYE', async () => {
      const rtp = await peer();
      const rtcp = await peer();
      const created = await harness.endpoint('rtcp', {
        ...negotiated(rtp.port),
        remote: { address: '127.0.0.1', port: rtp.port, rtcpPort: rtcp.port },
      });
      await harness
        .run({ type: 'play', endpointId: 'rtcp', playId: 'x', files: [] })
        .catch(() => undefined);
      await sendStream(rtp, created.local.port, tone(800, 300));
      await harness.run({ type: 'dtmf.send', endpointId: 'rtcp', digits: '12', mode: 'rfc4733' });
      await rtcp.waitUntil((r) => r.some((p) => p.data[1] === 200), 2000);
      // RTP and RTCP leave from different sockets (RTP in the turn's send batch): either may land first.
      await rtp.waitUntil((r) => rtpOnly(r).length > 0, 2000);
      const sr = rtcp.received.find((p) => p.data[1] === 200)!;
      const ourSsrc = sr.data.readUInt32BE(4);
      assert.equal(ourSsrc, header(rtpOnly(rtp.received)[0]!.data).ssrc);
      // The report block is about the peer's stream (SSRC 0x1234).
      assert.equal(sr.data.readUInt32BE(28), 0x1234);
      // Answer with an RR about our SSRC, as if we held their SR for 50 ms.
      const lsr = ntpMiddle(Date.now() - 70);
      const rr = Buffer.alloc(128);
      const figures = { fractionLost: 0, cumulativeLost: 0, extendedHighestSequence: 1, jitter: 0 };
      const n = writeRtcpCompound(
        rr,
        0x1234,
        undefined,
        { ssrc: ourSsrc, figures, lastSr: lsr, delaySinceLastSr: Math.round(0.05 * 65536) },
        Buffer.from('peer'),
      );
      await rtcp.send(rr.subarray(0, n), created.local.rtcpPort);
      await sleep(30);
      const reply = (await harness.run({
        type: 'endpoint.destroy',
        endpointId: 'rtcp',
      })) as EndpointDestroyedReply;
      assert.ok(Math.abs(reply.quality.roundTripMs! - 20) < 10, String(reply.quality.roundTripMs));
      assert.equal(reply.quality.remoteLossRatio, 0);
      await rtcp.waitUntil((r) => {
        const last = r.at(-1)!;
        const reading = createRtcpReading();
        return readRtcp(last.data, last.data.length, 0, 0, 0, reading) && reading.byes === 1;
      });
    });

    it('multiplexes RTCP on the RTP port when rtcp-mux was negotiated (RFC 5761)', async () => {
      const p = await peer();
      const created = await harness.endpoint(
        'mux',
        negotiated(p.port, { rtcpMux: true, remote: { address: '127.0.0.1', port: p.port } }),
      );
      await sendStream(p, created.local.port, tone(800, 100));
      await p.waitUntil((r) => r.some((x) => x.data[1] === 201 || x.data[1] === 200), 2000);
      const rr = Buffer.alloc(64);
      const n = writeRtcpCompound(rr, 0x1234, undefined, undefined, Buffer.from('peer'));
      await p.send(rr.subarray(0, n), created.local.port); // RTCP on the RTP port: not malformed, not foreign
      await sleep(20);
      const reply = (await harness.run({
        type: 'endpoint.destroy',
        endpointId: 'mux',
      })) as EndpointDestroyedReply;
      assert.equal(reply.quality.malformed, 0);
      assert.equal(reply.quality.foreign, 0);
      assert.equal(reply.quality.packetsReceived, 5);
    });

    it('survives random garbage on its RTP and RTCP ports, counting it, and keeps working', async () => {
      const real = await peer();
      const created = await harness.endpoint('fuzz', negotiated(real.port));
      const random = seeded(4733);
      const byte = () => Math.floor(random() * 256);
      const errorsBefore = harness.events.filter((e) => e.type === 'error').length;
      for (let i = 0; i < 600; i++) {
        const packet = Buffer.from(Array.from({ length: Math.floor(random() * 200) }, byte));
        // Half look like RTP/RTCP version 2, with random flags, payload types and lengths.
        if (packet.length > 1 && i % 2 === 0) {
          packet[0] = 0x80 | (packet[0]! & 0x3f);
          if (i % 4 === 0) packet[1] = [0, 8, 13, 101, 200, 201, 203][i % 7]!;
        }
        await real.send(packet, i % 3 === 0 ? created.local.rtcpPort : created.local.port);
      }
      await sleep(50);
      assert.equal(
        harness.events.filter((e) => e.type === 'error').length,
        errorsBefore,
        'no internal error',
      );
      real.received.length = 0;
      await harness.run({ type: 'dtmf.send', endpointId: 'fuzz', digits: '5', mode: 'rfc4733' });
      await real.waitUntil((r) => rtpOnly(r).length >= 7);
      const reply = (await harness.run({
        type: 'endpoint.destroy',
        endpointId: 'fuzz',
      })) as EndpointDestroyedReply;
      const { malformed, foreign, packetsReceived } = reply.quality;
      assert.ok(
        malformed + foreign >= 400,
        `malformed ${malformed}, foreign ${foreign}, received ${packetsReceived}`,
      );
    });

    it('refuses unknown endpoints and duplicate ids with typed errors', async () => {
      await assert.rejects(
        harness.run({ type: 'endpoint.update', endpointId: 'nope', media: negotiated(1) }),
        /unknown-endpoint: No media endpoint "nope"/,
      );
      await harness.endpoint('twice');
      await assert.rejects(harness.endpoint('twice'), /duplicate-id/);
      await assert.rejects(
        harness.run({
          type: 'endpoint.update',
          endpointId: 'twice',
          media: {
            ...negotiated(1),
            codec: {
              name: 'opus',
              payloadType: 111,
              clockRate: 48000,
            } as unknown as NegotiatedMedia['codec'],
          },
        }),
        /not-supported: Codec opus/,
      );
      const reply = await harness.core.handle({ type: 'endpoint.destroy' });
      assert.equal(reply.type, 'refused');
      assert.equal(reply.type === 'refused' && reply.code, 'invalid-command');
    });
  });
}
