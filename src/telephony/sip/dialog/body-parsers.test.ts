// The small bodies and headers the sessions read: DTMF INFO, Refer-To and Replaces, sipfrag, multipart SDP, hold in an offer, the glare back-off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type SipMessage, type SipRequest, parseMessage } from '../message/index.ts';
import { dtmfRelayBody, parseDtmfInfo } from './dtmf-info.ts';
import { glareBackoffMs } from './local-offers.ts';
import { sdpOf } from './message-body.ts';
import { referToValue } from './refer-client.ts';
import { parseReferTo, parseReplaces } from './refer-to.ts';
import { remoteHoldOf } from './remote-hold.ts';
import { parseSipfrag, sipfragBody } from './sipfrag.ts';
import { OFFER, sdp, wire } from './dialog-test-kit.ts';

function message(headers: string[], body = ''): SipMessage {
  const parsed = parseMessage(
    wire(
      'REFER sip:b@y SIP/2.0',
      [
        'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
        'From: <sip:a@x>;tag=1',
        'To: <sip:b@y>;tag=2',
        'Call-ID: c',
        'CSeq: 1 REFER',
        ...headers,
      ],
      body,
    ),
    { requireMaxForwards: false },
  );
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.reason);
  return parsed.message;
}

describe('DTMF in INFO', () => {
  const cases: [string, string, unknown][] = [
    ['application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n', { digit: '5', durationMs: 160 }],
    ['application/dtmf-relay', 'signal = *\nduration= 100', { digit: '*', durationMs: 100 }],
    ['application/dtmf-relay', 'Signal=11\r\n', { digit: '#', durationMs: undefined }],
    ['application/dtmf-relay', 'Signal=a', { digit: 'A', durationMs: undefined }],
    ['application/dtmf', '9', { digit: '9', durationMs: undefined }],
    ['application/dtmf', 'Signal=#\r\nDuration=250', { digit: '#', durationMs: 250 }],
    ['application/dtmf-relay', 'Signal=16', undefined],
    ['application/dtmf-relay', 'Duration=100', undefined],
    ['text/plain', '5', undefined],
  ];
  for (const [type, body, expected] of cases) {
    it(`${type} ${JSON.stringify(body)}`, () =>
      assert.deepEqual(parseDtmfInfo(type, body), expected));
  }
  it('writes dtmf-relay bodies and refuses what is no key', () => {
    assert.deepEqual(dtmfRelayBody('b', 120), {
      contentType: 'application/dtmf-relay',
      body: 'Signal=B\r\nDuration=120\r\n',
    });
    assert.throws(() => dtmfRelayBody('x'), RangeError);
    assert.throws(() => dtmfRelayBody('1', 0), RangeError);
  });
});

describe('Refer-To and Replaces', () => {
  it('reads the target and an escaped Replaces, and round-trips what we write', () => {
    const replaces = { callId: '12@192.0.2.9', toTag: 't;1', fromTag: 'f1', earlyOnly: true };
    const value = referToValue('sip:2000@192.0.2.9', replaces);
    assert.equal(
      value,
      '<sip:2000@192.0.2.9?Replaces=12%40192.0.2.9%3Bto-tag%3Dt%3B1%3Bfrom-tag%3Df1%3Bearly-only>',
    );
    const parsed = parseReferTo(
      message([
        `Refer-To: ${referToValue('sip:2000@192.0.2.9', { ...replaces, toTag: 't1' })}`,
      ]) as SipRequest,
    );
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.replaces, { ...replaces, toTag: 't1' });
    const compact = parseReferTo(message(['r: <sip:3000@192.0.2.9>']) as SipRequest);
    assert.ok(compact.ok && compact.replaces === undefined);
  });
  it('refuses no Refer-To or two (RFC 3515 §2.4.1)', () => {
    assert.equal(parseReferTo(message([]) as SipRequest).ok, false);
    assert.equal(
      parseReferTo(message(['Refer-To: <sip:a@x>', 'Refer-To: <sip:b@x>']) as SipRequest).ok,
      false,
    );
    assert.equal(parseReferTo(message(['Refer-To: <no uri']) as SipRequest).ok, false);
  });
  it('needs both tags in Replaces', () => {
    assert.equal(parseReplaces('abc;to-tag=1'), undefined);
    assert.deepEqual(parseReplaces('abc; from-tag=2 ;to-tag=1'), {
      callId: 'abc',
      toTag: '1',
      fromTag: '2',
      earlyOnly: false,
    });
  });
});

describe('sipfrag', () => {
  it('writes and reads a status line', () => {
    assert.equal(sipfragBody(180), 'SIP/2.0 180 Ringing\r\n');
    assert.deepEqual(parseSipfrag('SIP/2.0 503 Service Unavailable\r\nX: y\r\n'), {
      status: 503,
      reason: 'Service Unavailable',
    });
    assert.deepEqual(parseSipfrag('SIP/2.0 200'), { status: 200, reason: '' });
    assert.equal(parseSipfrag('INVITE sip:x SIP/2.0'), undefined);
    assert.equal(parseSipfrag('SIP/2.0 999 No'), undefined);
  });
});

describe('the SDP of a message', () => {
  it('takes application/sdp, the SDP part of a multipart body, or a bare "v=0"', () => {
    assert.deepEqual(sdpOf(message(['Content-Type: application/sdp'], OFFER)), {
      ok: true,
      sdp: OFFER,
    });
    assert.deepEqual(sdpOf(message([])), { ok: true, sdp: undefined });
    const multipart = [
      '--xyz',
      'Content-Type: application/isup',
      '',
      'ab',
      '--xyz',
      'Content-Type: application/sdp',
      '',
      OFFER,
      '--xyz--',
    ].join('\r\n');
    assert.deepEqual(sdpOf(message(['Content-Type: multipart/mixed;boundary="xyz"'], multipart)), {
      ok: true,
      sdp: OFFER,
    });
    assert.deepEqual(sdpOf(message(['Content-Type: multipart/mixed;boundary=none'], 'nothing')), {
      ok: true,
      sdp: undefined,
    });
    assert.deepEqual(sdpOf(message([], OFFER)), { ok: true, sdp: OFFER });
    assert.deepEqual(sdpOf(message(['Content-Type: text/plain'], 'hi')), {
      ok: false,
      contentType: 'text/plain',
    });
  });
});

describe('hold in an offer (RFC 3264 §8.4)', () => {
  it('reads sendonly, inactive, c=0.0.0.0, and none', () => {
    assert.equal(remoteHoldOf(sdp('192.0.2.1', 4000, 'sendonly')), 'sendonly');
    assert.equal(remoteHoldOf(sdp('192.0.2.1', 4000, 'inactive')), 'inactive');
    assert.equal(remoteHoldOf(sdp('0.0.0.0', 4000, 'sendrecv')), 'zero-address');
    assert.equal(remoteHoldOf(sdp('192.0.2.1', 4000, 'recvonly')), 'none');
    assert.equal(remoteHoldOf('garbage'), undefined);
  });
});

describe('the glare back-off (RFC 3261 §14.1)', () => {
  it('is 2.1-4 s for the Call-ID owner, 0-2 s for the other, in 10 ms steps', () => {
    assert.equal(
      glareBackoffMs(true, () => 0),
      2100,
    );
    assert.equal(
      glareBackoffMs(true, () => 0.999999),
      4000,
    );
    assert.equal(
      glareBackoffMs(false, () => 0),
      0,
    );
    assert.equal(
      glareBackoffMs(false, () => 0.999999),
      2000,
    );
    for (let i = 0; i < 50; i++) {
      const ms = glareBackoffMs(i % 2 === 0, Math.random);
      assert.equal(ms % 10, 0);
    }
  });
});
