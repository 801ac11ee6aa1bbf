import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processAnswer } from './answer-processing.ts';
import { endpoint, failure, origin, parsed, sdp, unwrap } from './fixtures/test-helpers.ts';
import { resolveSdpConfig } from './sdp-config.ts';
import { createOffer } from './sdp-offer.ts';
import type { Direction } from './direction.ts';
import type { SessionDescription } from './session-description.ts';

const config = resolveSdpConfig();
const offer = createOffer({ config, endpoint, origin });

/** A plausible device answer (Yealink-like) with the given m= line and attributes. */
function answerSdp(mLine = 'm=audio 11780 RTP/AVP 0 101', ...attributes: string[]): string {
  return sdp(
    'v=0',
    'o=- 20020 20021 IN IP4 192.168.1.123',
    's=SDP data',
    'c=IN IP4 192.168.1.123',
    't=0 0',
    mLine,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    ...attributes,
  );
}

function process(answer: string, ours: SessionDescription = offer) {
  return processAnswer(ours, parsed(answer), config);
}

describe('processAnswer', () => {
  it('takes the codec, address, port, telephone-event PT and direction from the answer', () => {
    const outcome = unwrap(process(answerSdp(undefined, 'a=ptime:20', 'a=sendrecv')));
    assert.deepEqual(outcome.media, {
      remote: { address: '192.168.1.123', port: 11780, rtcpPort: 11781 },
      rtcpMux: false,
      codec: { name: 'PCMU', payloadType: 0, clockRate: 8000 },
      telephoneEvent: { payloadType: 101 },
      ptime: 20,
      direction: 'sendrecv',
    });
    assert.equal(outcome.hold, 'none');
    assert.equal(outcome.audioIndex, 0);
    assert.deepEqual(outcome.warnings, []);
  });

  it("sends with the answerer's first codec (RFC 3264 §7)", () => {
    const outcome = unwrap(
      process(answerSdp('m=audio 11780 RTP/AVP 8 0 101', 'a=rtpmap:8 PCMA/8000')),
    );
    assert.equal(outcome.media.codec.name, 'PCMA');
  });

  it("sends events on the answerer's telephone-event PT and says which we receive on", () => {
    const text = answerSdp('m=audio 11780 RTP/AVP 0 96').replace(/101/g, '96');
    const outcome = unwrap(process(text));
    assert.deepEqual(outcome.media.telephoneEvent, { payloadType: 96, receivePayloadType: 101 });
  });

  it('reads our dynamic PT without rtpmap in the answer as what we offered', () => {
    const text = sdp(
      'v=0',
      'o=- 1 2 IN IP4 192.0.2.8',
      's=-',
      'c=IN IP4 192.0.2.8',
      't=0 0',
      'm=audio 7000 RTP/AVP 0 101',
    );
    assert.deepEqual(unwrap(process(text)).media.telephoneEvent, { payloadType: 101 });
  });

  it('tolerates, with a warning, formats we did not offer next to one we did', () => {
    const outcome = unwrap(
      process(answerSdp('m=audio 11780 RTP/AVP 0 18 101', 'a=rtpmap:18 G729/8000')),
    );
    assert.equal(outcome.media.codec.name, 'PCMU');
    assert.match(
      outcome.warnings[0] ?? '',
      /also lists formats we did not offer \(18 G729\/8000\)/,
    );
  });

  it('uses rtcp-mux only when both offered and answered', () => {
    const muxConfig = resolveSdpConfig({ rtcpMux: true });
    const muxOffer = createOffer({ config: muxConfig, endpoint, origin });
    const both = unwrap(
      processAnswer(muxOffer, parsed(answerSdp(undefined, 'a=rtcp-mux')), muxConfig),
    );
    assert.equal(both.media.rtcpMux, true);
    assert.deepEqual(both.media.remote, { address: '192.168.1.123', port: 11780 });
    const unasked = unwrap(process(answerSdp(undefined, 'a=rtcp-mux')));
    assert.equal(unasked.media.rtcpMux, false);
    assert.match(unasked.warnings[0] ?? '', /a=rtcp-mux answered but not offered/);
  });

  it('honours a=rtcp with an address (RFC 3605)', () => {
    const outcome = unwrap(process(answerSdp(undefined, 'a=rtcp:53020 IN IP4 192.168.1.124')));
    assert.deepEqual(outcome.media.remote, {
      address: '192.168.1.123',
      port: 11780,
      rtcpPort: 53020,
      rtcpAddress: '192.168.1.124',
    });
  });

  const directions: [Direction, string, Direction, string, number][] = [
    // our offer, answer attribute, our resulting direction, hold, warnings
    ['sendrecv', 'a=recvonly', 'sendonly', 'none', 0],
    ['sendrecv', 'a=sendonly', 'recvonly', 'sendonly', 0],
    ['sendrecv', 'a=inactive', 'inactive', 'inactive', 0],
    ['sendonly', 'a=recvonly', 'sendonly', 'none', 0],
    ['sendonly', 'a=sendrecv', 'sendonly', 'none', 1],
    ['inactive', 'a=inactive', 'inactive', 'none', 0],
    ['inactive', 'a=sendrecv', 'inactive', 'none', 1],
  ];
  for (const [ours, attribute, expected, hold, warnings] of directions) {
    it(`offered ${ours}, answered ${attribute}: we ${expected}`, () => {
      const ourOffer = createOffer({ config, endpoint, origin, direction: ours });
      const outcome = unwrap(process(answerSdp(undefined, attribute), ourOffer));
      assert.equal(outcome.media.direction, expected);
      assert.equal(outcome.hold, hold);
      assert.equal(outcome.warnings.length, warnings);
    });
  }

  it('does not send to an answer of c=0.0.0.0', () => {
    const text = answerSdp().replace('c=IN IP4 192.168.1.123', 'c=IN IP4 0.0.0.0');
    const outcome = unwrap(process(text));
    assert.equal(outcome.media.direction, 'recvonly');
    assert.equal(outcome.hold, 'zero-address');
  });

  it('finds the audio among other m= lines', () => {
    const ours = {
      ...offer,
      media: [
        { type: 'video', port: 0, proto: 'RTP/AVP', formats: ['96'], payloads: [], rtcpMux: false },
        ...offer.media,
      ],
    };
    const text = answerSdp().replace('m=audio', 'm=video 0 RTP/AVP 96\r\nm=audio');
    assert.equal(unwrap(process(text, ours)).audioIndex, 1);
  });
});

describe('processAnswer: refusals', () => {
  it('refuses an answer that changes the m= line count', () => {
    const text = `${answerSdp()}m=video 0 RTP/AVP 96\r\n`;
    const error = failure(process(text));
    assert.equal(error.code, 'sdp-answer-mismatch');
    assert.match(error.message, /The answer has 2 m= line\(s\) but our offer had 1/);
  });

  it('refuses an answer that picks a codec we did not offer', () => {
    const error = failure(
      process(answerSdp('m=audio 11780 RTP/AVP 18 101', 'a=rtpmap:18 G729/8000')),
    );
    assert.equal(error.code, 'sdp-answer-mismatch');
    assert.equal(error.mediaLine, 1);
    assert.match(
      error.message,
      /m=audio line 1: the answer picks codecs we did not offer \(18 G729\/8000; we offered 0 PCMU\/8000, 8 PCMA\/8000\)/,
    );
  });

  it('refuses an answer that changes the media type or the transport', () => {
    assert.match(
      failure(process(answerSdp('m=video 11780 RTP/AVP 0'))).message,
      /m=audio line 1: answered as m=video/,
    );
    assert.match(
      failure(process(answerSdp('m=audio 11780 RTP/SAVP 0'))).message,
      /answered over RTP\/SAVP, offered RTP\/AVP/,
    );
  });

  it('reports a rejected audio stream as not acceptable', () => {
    const error = failure(process(answerSdp('m=audio 0 RTP/AVP 0')));
    assert.equal(error.code, 'sdp-not-acceptable');
    assert.match(error.message, /the answer rejected our audio stream/);
  });

  it('refuses an answer without c=, or in another address family', () => {
    assert.equal(
      failure(process(answerSdp().replace('c=IN IP4 192.168.1.123\r\n', ''))).code,
      'sdp-malformed',
    );
    const v6 = answerSdp().replace('c=IN IP4 192.168.1.123', 'c=IN IP6 2001:db8::9');
    assert.match(failure(process(v6)).message, /answered over IP6, offered over IP4/);
  });
});
