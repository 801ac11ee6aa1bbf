// Real audio end to end: sipp calls the record-test number and plays its
// bundled A-law recording and an RFC 2833 digit over RTP; Hotline answers,
// records what arrives, and reports the digit. The recording must hold the
// audio sipp sent, sample for sample (up to where it starts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { alawToLinear } from '../../src/telephony/media/g711.ts';
import { runSipp } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

/** The RTP payloads of a pcap of one RTP stream (Ethernet, IPv4, UDP). */
function pcapPayloads(path: string): Buffer[] {
  const data = readFileSync(path);
  const out: Buffer[] = [];
  for (let off = 24; off + 16 <= data.length;) {
    const length = data.readUInt32LE(off + 8);
    const packet = data.subarray(off + 16, off + 16 + length);
    off += 16 + length;
    const ihl = (packet[14]! & 0x0f) * 4;
    const rtp = packet.subarray(14 + ihl + 8);
    out.push(rtp.subarray(12 + (rtp[0]! & 0x0f) * 4));
  }
  return out;
}

/** Left channel of a 16-bit stereo (or mono) WAV written by the recorder. */
function leftChannel(path: string): Int16Array {
  const wav = readFileSync(path);
  assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
  const channels = wav.readUInt16LE(22);
  let off = 12;
  while (wav.toString('ascii', off, off + 4) !== 'data') off += 8 + wav.readUInt32LE(off + 4);
  const bytes = wav.readUInt32LE(off + 4);
  const samples = new Int16Array(bytes / 2 / channels);
  for (let i = 0; i < samples.length; i++) samples[i] = wav.readInt16LE(off + 8 + i * 2 * channels);
  return samples;
}

function correlation(a: Int16Array, b: Int16Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('RTP from a real peer', () => {
  let h: SipHotline;
  before(async () => {
    h = await startSipHotline({
      HOTLINE_SIP_TRUNK_PEERS: 'carrier=127.0.0.1',
      HOTLINE_ANSWER_TEST_SECONDS: '60',
    });
  });
  after(() => h?.dispose());

  it('records the audio sipp sends and reports its RFC 2833 digit', async () => {
    const run = await runSipp({
      scenario: 'uac-record.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '9998',
      fields: [['13800138000']],
      args: ['-mi', '127.0.0.1'],
    });
    assert.equal(run.code, 0, run.output);
    // The recording ends when the leg's endpoint goes; its event follows shortly.
    let finished;
    for (let i = 0; i < 100 && !finished; i++) {
      await new Promise((r) => setTimeout(r, 50));
      await h.hotline.telephony.flushEvents();
      finished = (await h.hotline.services.events.read({ types: ['recording.finished'] }))[0];
    }
    assert.ok(finished && finished.type === 'recording.finished', 'no recording.finished event');
    const { path, durationMs, reason } = finished.payload;
    assert.equal(reason, 'endpoint-destroyed');
    assert.ok(durationMs >= 7000, `recording lasts ${durationMs} ms`);

    const sent = pcapPayloads('/usr/share/sip-tester/g711a.pcap');
    const expected = new Int16Array(sent.reduce((n, p) => n + p.length, 0));
    let k = 0;
    for (const payload of sent) for (const code of payload) expected[k++] = alawToLinear(code);
    const recorded = leftChannel(path);
    // Align on the first second of what was sent, then compare everything that follows.
    const probe = expected.subarray(0, 8000);
    let best = { offset: -1, score: -1 };
    for (
      let offset = 0;
      offset + probe.length <= Math.min(recorded.length, 8000 * 3);
      offset += 1
    ) {
      const score = correlation(probe, recorded.subarray(offset, offset + probe.length));
      if (score > best.score) best = { offset, score };
    }
    assert.ok(best.score > 0.99, `best alignment correlates ${best.score.toFixed(3)}`);
    const span = Math.min(expected.length, recorded.length - best.offset);
    assert.ok(
      span >= expected.length * 0.95,
      `only ${span} of ${expected.length} samples recorded`,
    );
    const whole = correlation(
      expected.subarray(0, span),
      recorded.subarray(best.offset, best.offset + span),
    );
    assert.ok(
      whole > 0.98,
      `the whole recording correlates ${whole.toFixed(3)} with what was sent`,
    );
    if (process.env.HOTLINE_TEST_VERBOSE)
      console.log({ offset: best.offset, probe: best.score, whole, span, durationMs });

    const digits = (await h.hotline.services.events.read({ types: ['leg.dtmf'] })).map((e) =>
      e.type === 'leg.dtmf' ? `${e.payload.digit}/${e.payload.via}` : '',
    );
    assert.deepEqual(digits, ['1/rfc4733']);
  });
});
