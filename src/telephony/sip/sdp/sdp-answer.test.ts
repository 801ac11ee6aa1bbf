import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as offers from './fixtures/device-offers.ts';
import {
  dualStackEndpoint,
  endpoint,
  failure,
  linesOf,
  origin,
  parsed,
  sdp,
  unwrap,
} from './fixtures/test-helpers.ts';
import type { Direction } from './direction.ts';
import { answerOffer } from './sdp-answer.ts';
import type { AnswerOptions } from './sdp-answer.ts';
import { resolveSdpConfig } from './sdp-config.ts';
import type { SdpConfigInput } from './sdp-config.ts';
import { serializeSdp } from './sdp-serializer.ts';

const config = resolveSdpConfig();

function answer(text: string, options: Partial<AnswerOptions> = {}) {
  return unwrap(answerOffer(parsed(text), { config, endpoint, origin, ...options }));
}

function answerText(text: string, options: Partial<AnswerOptions> = {}): string[] {
  return linesOf(serializeSdp(answer(text, options).description));
}

function withConfig(input: SdpConfigInput): Partial<AnswerOptions> {
  return { config: resolveSdpConfig(input) };
}

/** An offer of one audio line with the given direction attribute lines. */
function offerWith(...attributes: string[]): string {
  return sdp(
    'v=0',
    'o=- 1 1 IN IP4 192.0.2.7',
    's=-',
    'c=IN IP4 192.0.2.7',
    't=0 0',
    'm=audio 6000 RTP/AVP 0 101',
    'a=rtpmap:101 telephone-event/8000',
    ...attributes,
  );
}

describe('answerOffer: devices', () => {
  it('answers Linphone with PCMU, its 8 kHz telephone-event PT, our ptime, c= and o=', () => {
    assert.deepEqual(answerText(offers.linphoneOffer), [
      'v=0',
      'o=- 4242 1 IN IP4 203.0.113.5',
      's=Hotline',
      'c=IN IP4 203.0.113.5',
      't=0 0',
      'm=audio 20000 RTP/AVP 0 100',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:100 telephone-event/8000',
      'a=fmtp:100 0-15',
      'a=ptime:20',
      'a=sendrecv',
    ]);
    assert.deepEqual(answer(offers.linphoneOffer).media, {
      remote: { address: '192.168.1.34', port: 7078, rtcpPort: 7079 },
      rtcpMux: false,
      codec: { name: 'PCMU', payloadType: 0, clockRate: 8000 },
      telephoneEvent: { payloadType: 100 },
      ptime: 20,
      direction: 'sendrecv',
    });
    assert.equal(answer(offers.linphoneOffer).hold, 'none');
  });

  it("accepts Linphone's rtcp-mux when configured, sending RTCP to the RTP port", () => {
    const lines = answerText(offers.linphoneOffer, withConfig({ rtcpMux: true }));
    assert.equal(lines.at(-1), 'a=rtcp-mux');
    const media = answer(offers.linphoneOffer, withConfig({ rtcpMux: true })).media;
    assert.deepEqual(media.remote, { address: '192.168.1.34', port: 7078 });
    assert.equal(media.rtcpMux, true);
  });

  it('answers baresip (c= at media level only) with PCMU and PT 101', () => {
    const a = answer(offers.baresipOffer);
    assert.deepEqual(a.description.media[0]?.formats, ['0', '101']);
    assert.equal(a.description.connection?.address, '203.0.113.5');
    assert.deepEqual(a.media.remote, { address: '10.0.0.5', port: 10990, rtcpPort: 10991 });
  });

  it("skips Polycom's wideband codecs and keeps its telephone-event PT 127", () => {
    const lines = answerText(offers.polycomOffer);
    assert.ok(lines.includes('m=audio 20000 RTP/AVP 0 127'));
    assert.ok(lines.includes('a=rtpmap:127 telephone-event/8000'));
    assert.ok(lines.includes('a=fmtp:127 0-15'));
  });

  it("follows Yealink's preference of PCMA over PCMU", () => {
    const a = answer(offers.yealinkOffer);
    assert.equal(a.media.codec.name, 'PCMA');
    assert.deepEqual(a.description.media[0]?.formats, ['8', '101']);
  });

  it("takes the carrier's PCMA, narrows DTMF 0-16 to 0-15, sends at its ptime 30", () => {
    const lines = answerText(offers.carrierPcmaOffer);
    assert.ok(lines.includes('m=audio 20000 RTP/AVP 8 101'));
    assert.ok(lines.includes('a=fmtp:101 0-15'));
    assert.ok(lines.includes('a=ptime:20'), 'we still ask for our ptime');
    assert.equal(answer(offers.carrierPcmaOffer).media.ptime, 30);
  });

  it('answers a gateway with static payload types only, without DTMF', () => {
    const lines = answerText(offers.carrierStaticOffer);
    assert.deepEqual(lines.slice(5), [
      'm=audio 20000 RTP/AVP 8',
      'a=rtpmap:8 PCMA/8000',
      'a=ptime:20',
      'a=sendrecv',
    ]);
    assert.equal(answer(offers.carrierStaticOffer).media.telephoneEvent, undefined);
  });

  it('answers IPv6 with IPv6 when we have an address of that family (RFC 6157)', () => {
    const lines = answerText(offers.ipv6Offer, { endpoint: dualStackEndpoint });
    assert.equal(lines[3], 'c=IN IP6 2001:db8::5');
    const a = answer(offers.ipv6Offer, { endpoint: dualStackEndpoint });
    assert.deepEqual(a.media.remote, { address: '2001:db8::10', port: 49170, rtcpPort: 49171 });
  });

  it('refuses the SRTP line of a best-effort-SRTP offer with port 0 and accepts the RTP one', () => {
    const a = answer(offers.twoAudioOffer);
    const lines = linesOf(serializeSdp(a.description));
    assert.equal(lines[5], 'm=audio 0 RTP/SAVP 0 8 101');
    assert.equal(lines[6], 'm=audio 20000 RTP/AVP 0 101');
    assert.equal(a.audioIndex, 1);
    assert.equal(a.media.remote.port, 52002);
  });

  it('keeps only the first of two usable audio lines', () => {
    const text = offers.twoAudioOffer.replace('RTP/SAVP', 'RTP/AVP');
    const a = answer(text);
    assert.equal(a.audioIndex, 0);
    assert.equal(a.description.media[0]?.port, 20000);
    assert.deepEqual(a.description.media[1], {
      type: 'audio',
      port: 0,
      proto: 'RTP/AVP',
      formats: ['0', '8', '101'],
      payloads: [],
      rtcpMux: false,
    });
  });

  it("refuses video with port 0, keeping the m= line order, and takes the audio's own c=", () => {
    const a = answer(offers.videoAudioOffer);
    const lines = linesOf(serializeSdp(a.description));
    assert.equal(lines[5], 'm=video 0 RTP/AVP 99 97');
    assert.equal(lines[6], 'm=audio 20000 RTP/AVP 8 101');
    assert.equal(a.description.media.length, 2);
    assert.equal(a.media.remote.address, '192.0.2.91');
  });

  it('answers every usable device offer with one m= line per offered line, in order', () => {
    for (const [name, text] of Object.entries(offers)) {
      const offer = parsed(text);
      const result = answerOffer(offer, { config, endpoint: dualStackEndpoint, origin });
      if (!result.ok) continue;
      const back = parsed(serializeSdp(result.value.description));
      const audioIndex = result.value.audioIndex;
      assert.deepEqual(back.media[audioIndex], result.value.description.media[audioIndex], name);
      assert.deepEqual(
        back.media.map((m) => [m.type, m.proto, m.formats]),
        offer.media.map((m, i) => [
          m.type,
          m.proto,
          i === audioIndex ? back.media[i]?.formats : m.formats,
        ]),
        name,
      );
      assert.equal(back.media.filter((m) => m.port !== 0).length, 1, name);
    }
  });

  it('gives the media engine plain data that survives structured clone and JSON', () => {
    const media = answer(offers.linphoneOffer).media;
    assert.deepEqual(structuredClone(media), media);
    assert.deepEqual(JSON.parse(JSON.stringify(media)), media);
  });

  it('has no DTMF when the offer cut off its rtpmaps (truncated SDP)', () => {
    const cut = offers.linphoneOffer.slice(0, offers.linphoneOffer.indexOf('a=rtpmap:96') + 8);
    const a = answer(cut);
    assert.equal(a.media.codec.name, 'PCMU');
    assert.equal(a.media.telephoneEvent, undefined);
  });
});

describe('answerOffer: direction and hold', () => {
  const table: [string, Direction, Direction, string][] = [
    ['sendrecv', 'sendrecv', 'sendrecv', 'none'],
    ['sendonly', 'sendrecv', 'recvonly', 'sendonly'],
    ['recvonly', 'sendrecv', 'sendonly', 'none'],
    ['inactive', 'sendrecv', 'inactive', 'inactive'],
    ['sendrecv', 'sendonly', 'sendonly', 'none'],
    ['sendonly', 'sendonly', 'inactive', 'sendonly'],
  ];
  for (const [offered, wanted, expected, hold] of table) {
    it(`answers a=${offered} with a=${expected} when we want ${wanted}`, () => {
      const a = answer(offerWith(`a=${offered}`), { direction: wanted });
      assert.equal(a.description.media[0]?.direction, expected);
      assert.equal(a.media.direction, expected);
      assert.equal(a.hold, hold);
    });
  }

  it('reports a Linphone sendonly re-offer as hold and answers recvonly', () => {
    const a = answer(offers.holdSendonlyOffer);
    assert.equal(a.hold, 'sendonly');
    assert.ok(linesOf(serializeSdp(a.description)).includes('a=recvonly'));
    assert.equal(a.media.direction, 'recvonly');
  });

  it('reports RFC 2543 c=0.0.0.0 as hold and does not send to it', () => {
    const a = answer(offers.holdZeroAddressOffer);
    assert.equal(a.hold, 'zero-address');
    assert.equal(a.media.remote.address, '0.0.0.0');
    assert.equal(a.media.direction, 'recvonly');
    assert.equal(a.description.media[0]?.direction, 'recvonly');
  });

  it('lets a media-level direction override the session-level one', () => {
    const text = offerWith('a=sendonly').replace('t=0 0', 't=0 0\r\na=inactive');
    assert.equal(answer(text).hold, 'sendonly');
    const sessionOnly = offerWith().replace('t=0 0', 't=0 0\r\na=inactive');
    assert.equal(answer(sessionOnly).hold, 'inactive');
  });
});

describe('answerOffer: configuration', () => {
  it('keeps to the codecs configuration allows', () => {
    const a = answer(offers.linphoneOffer, withConfig({ codecs: ['PCMA'] }));
    assert.equal(a.media.codec.name, 'PCMA');
    assert.deepEqual(a.description.media[0]?.formats, ['8', '100']);
  });

  it('leaves telephone-event out when DTMF is disabled', () => {
    const a = answer(offers.linphoneOffer, withConfig({ telephoneEvent: false }));
    assert.deepEqual(a.description.media[0]?.formats, ['0']);
    assert.equal(a.media.telephoneEvent, undefined);
  });

  it('answers only the events both sides handle, and none when there are none', () => {
    const some = answer(offerWith('a=fmtp:101 0-11'));
    assert.equal(some.description.media[0]?.payloads[1]?.fmtp, '0-11');
    const none = answer(offerWith('a=fmtp:101 16'));
    assert.equal(none.media.telephoneEvent, undefined);
  });

  it('ignores telephone-event at another clock rate than the codec', () => {
    const text = offerWith().replace('telephone-event/8000', 'telephone-event/48000');
    assert.equal(answer(text).media.telephoneEvent, undefined);
  });

  it('writes maxptime and a=rtcp for a non-adjacent RTCP port when configured', () => {
    const lines = answerText(offers.baresipOffer, {
      ...withConfig({ maxptime: 40 }),
      endpoint: { addresses: ['203.0.113.5'], port: 20000, rtcpPort: 20011 },
    });
    assert.ok(lines.includes('a=maxptime:40'));
    assert.ok(lines.includes('a=rtcp:20011'));
  });

  it("sends within the peer's maxptime when our ptime is too long", () => {
    const a = answer(offerWith('a=maxptime:10'), withConfig({ ptime: 30 }));
    assert.equal(a.media.ptime, 10);
  });
});

describe('answerOffer: refusals', () => {
  it('refuses a G.729-only offer, saying what was offered and what would work', () => {
    const error = failure(answerOffer(parsed(offers.g729OnlyOffer), { config, endpoint, origin }));
    assert.equal(error.code, 'sdp-not-acceptable');
    assert.equal(error.mediaLine, 1);
    assert.match(
      error.message,
      /m=audio line 1: no usable codec \(offered 18 G729\/8000, 101 telephone-event\/8000\)/,
    );
    assert.match(error.message, /Offer audio over RTP\/AVP with PCMU\/8000, PCMA\/8000/);
  });

  it("refuses WebRTC's SAVPF politely: SRTP is not supported yet", () => {
    const error = failure(answerOffer(parsed(offers.webrtcOffer), { config, endpoint, origin }));
    assert.equal(error.code, 'sdp-not-acceptable');
    assert.match(
      error.message,
      /m=audio line 1: UDP\/TLS\/RTP\/SAVPF needs SRTP, which Hotline does not support yet; offer RTP\/AVP/,
    );
  });

  it('refuses IPv6 when we have no IPv6 media address', () => {
    const error = failure(answerOffer(parsed(offers.ipv6Offer), { config, endpoint, origin }));
    assert.match(
      error.message,
      /m=audio line 1: offered over IP6, for which Hotline has no media address/,
    );
  });

  it('explains every m= line when none is usable', () => {
    const text = offers.videoAudioOffer.replace(
      'm=audio 5006 RTP/AVP 8 0 101',
      'm=audio 5006 RTP/AVP 18',
    );
    const error = failure(answerOffer(parsed(text), { config, endpoint, origin }));
    assert.match(
      error.message,
      /m=video line 1: not audio; Hotline takes audio only; m=audio line 2: no usable codec/,
    );
    assert.equal(error.mediaLine, 2);
  });

  for (const [name, change, message] of [
    [
      'port 0',
      (t: string) => t.replace('m=audio 6000', 'm=audio 0'),
      /port 0, the offerer disabled it/,
    ],
    [
      'a multicast c=',
      (t: string) => t.replace('c=IN IP4 192.0.2.7', 'c=IN IP4 233.252.0.1/32'),
      /multicast address 233\.252\.0\.1/,
    ],
    [
      'a host name c=',
      (t: string) => t.replace('c=IN IP4 192.0.2.7', 'c=IN IP4 media.example.com'),
      /is a host name/,
    ],
    [
      'no c= at all',
      (t: string) => t.replace('c=IN IP4 192.0.2.7\r\n', ''),
      /no connection address \(c=\)/,
    ],
    [
      'a dynamic PT without rtpmap',
      (t: string) => t.replace('RTP/AVP 0 101', 'RTP/AVP 96'),
      /no usable codec \(offered 96 without rtpmap\)/,
    ],
    ['no m= line', (t: string) => t.slice(0, t.indexOf('m=audio')), /The offer has no m= line/],
  ] as const) {
    it(`refuses ${name}`, () => {
      const error = failure(answerOffer(parsed(change(offerWith())), { config, endpoint, origin }));
      assert.equal(error.code, 'sdp-not-acceptable');
      assert.match(error.message, message);
    });
  }

  it('throws on a broken endpoint: that is a bug, not bad input', () => {
    assert.throws(
      () =>
        answerOffer(parsed(offerWith()), { config, endpoint: { addresses: [], port: 1 }, origin }),
      RangeError,
    );
  });
});
