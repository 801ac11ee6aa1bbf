import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpoint, linesOf, origin, parsed } from './fixtures/test-helpers.ts';
import * as offers from './fixtures/device-offers.ts';
import { answerOffer } from './sdp-answer.ts';
import { resolveSdpConfig } from './sdp-config.ts';
import { createOffer } from './sdp-offer.ts';
import type { OfferOptions } from './sdp-offer.ts';
import { serializeSdp } from './sdp-serializer.ts';

const config = resolveSdpConfig();

function offerLines(options: Partial<OfferOptions> = {}): string[] {
  return linesOf(serializeSdp(createOffer({ config, endpoint, origin, ...options })));
}

describe('createOffer', () => {
  it('offers PCMU, PCMA and telephone-event 101 over RTP/AVP, sendrecv, ptime 20', () => {
    assert.deepEqual(offerLines(), [
      'v=0',
      'o=- 4242 1 IN IP4 203.0.113.5',
      's=Hotline',
      'c=IN IP4 203.0.113.5',
      't=0 0',
      'm=audio 20000 RTP/AVP 0 8 101',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-15',
      'a=ptime:20',
      'a=sendrecv',
    ]);
  });

  it('offers hold as sendonly or inactive (RFC 3264 §8.4) and resume as sendrecv', () => {
    assert.equal(offerLines({ direction: 'sendonly' }).at(-1), 'a=sendonly');
    assert.equal(offerLines({ direction: 'inactive' }).at(-1), 'a=inactive');
    assert.equal(offerLines({ direction: 'sendrecv' }).at(-1), 'a=sendrecv');
  });

  it('follows configuration: codec order, DTMF PT and events, rtcp-mux, maxptime, a=rtcp', () => {
    const lines = offerLines({
      config: resolveSdpConfig({
        codecs: ['PCMA', 'PCMU'],
        telephoneEvent: { payloadType: 96, events: '0-11' },
        rtcpMux: true,
        maxptime: 60,
      }),
      endpoint: { addresses: ['203.0.113.5'], port: 20000, rtcpPort: 20011 },
    });
    assert.deepEqual(lines.slice(5), [
      'm=audio 20000 RTP/AVP 8 0 96',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:96 telephone-event/8000',
      'a=fmtp:96 0-11',
      'a=rtcp:20011',
      'a=ptime:20',
      'a=maxptime:60',
      'a=sendrecv',
      'a=rtcp-mux',
    ]);
  });

  it('offers from an IPv6 address', () => {
    const lines = offerLines({ endpoint: { addresses: ['2001:db8::5'], port: 20000 } });
    assert.equal(lines[3], 'c=IN IP6 2001:db8::5');
  });

  it('re-offers with the m= lines of the previous exchange, in order (RFC 3264 §8)', () => {
    const previous = unwrapAnswer(offers.videoAudioOffer);
    const reOffer = createOffer({ config, endpoint, origin, previous, direction: 'sendonly' });
    const lines = linesOf(serializeSdp(reOffer));
    assert.equal(lines[5], 'm=video 0 RTP/AVP 99 97');
    assert.equal(lines[6], 'm=audio 20000 RTP/AVP 0 8 101');
    assert.equal(lines.at(-1), 'a=sendonly');
  });

  it('keeps the payload types bound in the session and puts the codec in use first', () => {
    const lines = offerLines({
      boundPayloadTypes: { 'telephone-event/8000': 127 },
      preferredCodec: 'PCMA',
    });
    assert.equal(lines[5], 'm=audio 20000 RTP/AVP 8 0 127');
    assert.ok(lines.includes('a=rtpmap:127 telephone-event/8000'));
  });

  it('never gives two formats one payload type', () => {
    const lines = offerLines({ boundPayloadTypes: { 'telephone-event/8000': 0 } });
    assert.equal(lines[5], 'm=audio 20000 RTP/AVP 0 8 101');
  });
});

function unwrapAnswer(text: string) {
  const result = answerOffer(parsed(text), { config, endpoint, origin });
  assert.ok(result.ok);
  return result.value.description;
}
