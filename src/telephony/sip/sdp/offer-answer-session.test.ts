import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as offers from './fixtures/device-offers.ts';
import { endpoint, failure, linesOf, origin, sdp, unwrap } from './fixtures/test-helpers.ts';
import { OfferAnswerSession, canTransition, offerAnswerStates } from './offer-answer-session.ts';
import type { OfferAnswerState } from './offer-answer-session.ts';
import { resolveSdpConfig } from './sdp-config.ts';

const config = resolveSdpConfig();

function session(): OfferAnswerSession {
  return new OfferAnswerSession({ config, endpoint, origin });
}

function originLine(text: string): string {
  return linesOf(text)[1] ?? '';
}

/** A peer answer (Yealink-like) with the given direction. */
function peerAnswer(direction = 'recvonly', version = 20021): string {
  return sdp(
    'v=0',
    `o=- 20020 ${version} IN IP4 192.168.1.123`,
    's=SDP data',
    'c=IN IP4 192.168.1.123',
    't=0 0',
    'm=audio 11780 RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    `a=${direction}`,
  );
}

describe('OfferAnswerSession: states', () => {
  it('allows exactly the legal transitions', () => {
    const legal = new Set([
      'initial>local-offer',
      'initial>stable',
      'local-offer>initial',
      'local-offer>stable',
      'stable>local-offer',
      'stable>stable',
    ]);
    for (const from of offerAnswerStates) {
      for (const to of offerAnswerStates) {
        assert.equal(canTransition(from, to), legal.has(`${from}>${to}`), `${from} -> ${to}`);
      }
    }
  });

  it('walks offer, answer, re-offer and cancel through the states', () => {
    const s = session();
    const seen: OfferAnswerState[] = [s.state];
    unwrap(s.createOffer());
    seen.push(s.state);
    unwrap(s.receiveAnswer(peerAnswer('sendrecv')));
    seen.push(s.state);
    unwrap(s.createOffer({ direction: 'sendonly' }));
    seen.push(s.state);
    s.cancelOffer();
    seen.push(s.state);
    s.cancelOffer(); // idempotent
    seen.push(s.state);
    assert.deepEqual(seen, ['initial', 'local-offer', 'stable', 'local-offer', 'stable', 'stable']);
  });

  it('goes back to initial when the first offer is cancelled', () => {
    const s = session();
    unwrap(s.createOffer());
    s.cancelOffer();
    assert.equal(s.state, 'initial');
    assert.equal(s.media, undefined);
  });
});

describe('OfferAnswerSession: o= version (RFC 3264 §8)', () => {
  it('increments by one on each changed offer: call, hold, resume', () => {
    const s = session();
    const call = unwrap(s.createOffer());
    unwrap(s.receiveAnswer(peerAnswer('sendrecv')));
    const hold = unwrap(s.createOffer({ direction: 'sendonly' }));
    unwrap(s.receiveAnswer(peerAnswer('recvonly', 20022)));
    const resume = unwrap(s.createOffer({ direction: 'sendrecv' }));
    assert.equal(originLine(call.sdp), 'o=- 4242 1 IN IP4 203.0.113.5');
    assert.equal(originLine(hold.sdp), 'o=- 4242 2 IN IP4 203.0.113.5');
    assert.equal(originLine(resume.sdp), 'o=- 4242 3 IN IP4 203.0.113.5');
    assert.equal(s.localVersion, '3');
  });

  it('keeps the version when the SDP did not change (a session refresh)', () => {
    const s = session();
    unwrap(s.createOffer());
    unwrap(s.receiveAnswer(peerAnswer('sendrecv')));
    const refresh = unwrap(s.createOffer());
    assert.equal(originLine(refresh.sdp), 'o=- 4242 1 IN IP4 203.0.113.5');
  });

  it('never reuses the version of a refused offer', () => {
    const s = session();
    unwrap(s.createOffer());
    unwrap(s.receiveAnswer(peerAnswer('sendrecv')));
    unwrap(s.createOffer({ direction: 'sendonly' })); // version 2, refused with 491
    s.cancelOffer();
    const again = unwrap(s.createOffer({ direction: 'sendonly' }));
    assert.equal(originLine(again.sdp), 'o=- 4242 3 IN IP4 203.0.113.5');
  });

  it('versions our answers the same way', () => {
    const s = session();
    const first = unwrap(s.receiveOffer(offers.linphoneOffer));
    const same = unwrap(s.receiveOffer(offers.linphoneOffer));
    const hold = unwrap(s.receiveOffer(offers.holdSendonlyOffer));
    assert.equal(originLine(first.sdp), 'o=- 4242 1 IN IP4 203.0.113.5');
    assert.equal(originLine(same.sdp), 'o=- 4242 1 IN IP4 203.0.113.5');
    assert.equal(same.changed, false);
    assert.equal(originLine(hold.sdp), 'o=- 4242 2 IN IP4 203.0.113.5');
    assert.equal(hold.changed, true);
  });
});

describe('OfferAnswerSession: exchanges', () => {
  it('answers an INVITE offer, then takes a hold re-offer and a resume', () => {
    const s = session();
    const answered = unwrap(s.receiveOffer(offers.linphoneOffer));
    assert.equal(answered.hold, 'none');
    assert.equal(s.state, 'stable');
    assert.equal(s.remoteDescription?.origin.sessionVersion, '1582');
    const held = unwrap(s.receiveOffer(offers.holdSendonlyOffer));
    assert.equal(held.hold, 'sendonly');
    assert.equal(held.media.direction, 'recvonly');
    assert.equal(s.remoteHold, 'sendonly');
    const resumed = unwrap(s.receiveOffer(offers.linphoneOffer.replace('3262 1582', '3262 1584')));
    assert.equal(resumed.hold, 'none');
    assert.equal(resumed.media.direction, 'sendrecv');
  });

  it('supports delayed offer: a re-INVITE without SDP gets our offer in the 200, the ACK answers', () => {
    const s = session();
    unwrap(s.receiveOffer(offers.polycomOffer)); // initial INVITE with offer; te PT 127 bound
    const ours = unwrap(s.createOffer()); // bodiless re-INVITE: our offer in the 200 OK
    assert.ok(
      linesOf(ours.sdp).includes('m=audio 20000 RTP/AVP 0 8 127'),
      'keeps PT 127 and PCMU first',
    );
    assert.equal(originLine(ours.sdp), 'o=- 4242 2 IN IP4 203.0.113.5');
    const ack = sdp(
      'v=0',
      'o=- 1678901234 1678901235 IN IP4 172.16.0.50',
      's=Polycom IP Phone',
      'c=IN IP4 172.16.0.50',
      't=0 0',
      'm=audio 2222 RTP/AVP 0 127',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:127 telephone-event/8000',
    );
    const applied = unwrap(s.receiveAnswer(ack));
    assert.equal(applied.changed, false);
    assert.deepEqual(applied.media.telephoneEvent, { payloadType: 127 });
    assert.equal(s.state, 'stable');
  });

  it('keeps our hold when the held peer re-offers sendrecv', () => {
    const s = session();
    unwrap(s.receiveOffer(offers.linphoneOffer));
    unwrap(s.createOffer({ direction: 'sendonly' }));
    unwrap(s.receiveAnswer(peerAnswer('recvonly')));
    assert.equal(s.localDirection, 'sendonly');
    const reOffer = unwrap(s.receiveOffer(offers.linphoneOffer.replace('3262 1582', '3262 1583')));
    assert.equal(reOffer.media.direction, 'sendonly');
  });

  it('keeps the m= line layout of the first exchange in later offers', () => {
    const s = session();
    unwrap(s.receiveOffer(offers.videoAudioOffer));
    const ours = linesOf(unwrap(s.createOffer({ direction: 'inactive' })).sdp);
    assert.equal(ours[5], 'm=video 0 RTP/AVP 99 97');
    assert.equal(ours[6], 'm=audio 20000 RTP/AVP 8 0 101');
  });

  it('uses a new endpoint in the next SDP', () => {
    const s = session();
    unwrap(s.receiveOffer(offers.linphoneOffer));
    s.setEndpoint({ addresses: ['203.0.113.5'], port: 30000 });
    assert.ok(linesOf(unwrap(s.createOffer()).sdp).includes('m=audio 30000 RTP/AVP 0 8 100'));
  });
});

describe('OfferAnswerSession: errors', () => {
  it('refuses an answer with no offer outstanding', () => {
    const error = failure(session().receiveAnswer(peerAnswer()));
    assert.equal(error.code, 'sdp-unexpected');
  });

  it('refuses a second offer of ours, and an offer of theirs, while ours is pending (glare)', () => {
    const s = session();
    unwrap(s.createOffer());
    assert.equal(failure(s.createOffer()).code, 'sdp-unexpected');
    assert.match(failure(s.receiveOffer(offers.linphoneOffer)).message, /glare/);
    assert.equal(s.state, 'local-offer');
  });

  it('keeps the session in force when an answer is bad, and after a refused re-offer', () => {
    const s = session();
    unwrap(s.createOffer());
    const before = unwrap(s.receiveAnswer(peerAnswer('sendrecv'))).media;
    unwrap(s.createOffer({ direction: 'sendonly' }));
    const error = failure(
      s.receiveAnswer(peerAnswer('recvonly').replace('RTP/AVP 0 101', 'RTP/AVP 18')),
    );
    assert.equal(error.code, 'sdp-answer-mismatch');
    assert.equal(s.state, 'stable');
    assert.deepEqual(s.media, before);
    assert.equal(s.localDirection, 'sendrecv');
  });

  it('leaves everything as it was when an offer is not acceptable (488)', () => {
    const s = session();
    unwrap(s.receiveOffer(offers.linphoneOffer));
    const local = s.localDescription;
    const error = failure(s.receiveOffer(offers.g729OnlyOffer));
    assert.equal(error.code, 'sdp-not-acceptable');
    assert.equal(s.localDescription, local);
    assert.equal(s.media?.codec.name, 'PCMU');
  });

  it('reports garbage in an ACK as malformed and drops the pending offer', () => {
    const s = session();
    unwrap(s.createOffer());
    assert.equal(failure(s.receiveAnswer('garbage')).code, 'sdp-malformed');
    assert.equal(s.state, 'initial');
  });
});
