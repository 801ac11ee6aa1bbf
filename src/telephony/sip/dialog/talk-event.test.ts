// Remote answer on the UAC leg against a hand-driven phone: which 1xx offers it, the NOTIFY
// Event: talk sent in the early dialog, and what the phone's answer to it leaves behind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../../../platform/index.ts';
import type { SipRequest } from '../message/index.ts';
import { ANSWER, OFFER, PHONE, phoneResponse, single } from './dialog-test-kit.ts';

const CONTACT = 'Contact: <sip:1001@192.168.1.20:5062>';
const TALK = 'Allow-Events: talk, hold, conference';

function ringing(headers: readonly string[]) {
  const t = single();
  const session = t.layer.invite({
    target: 'sip:1001@192.168.1.20:5062',
    from: '<sip:4008001000@hotline.example>',
    localSdp: OFFER,
    destination: PHONE,
  });
  const invite = (): SipRequest => t.transport.requests('INVITE').at(-1)!;
  t.deliver(phoneResponse(invite(), 180, { toTag: 'ph', headers: [CONTACT, ...headers] }));
  return { ...t, session, invite };
}

function clean(t: ReturnType<typeof single>): void {
  t.clock.advance(300_000);
  assert.deepEqual(t.layer.size, { sessions: 0, dialogs: 0, pending: 0 });
  assert.equal(t.clock.pendingTimers, 0);
}

describe('remote answer (NOTIFY Event: talk in the early dialog)', () => {
  it('is offered only by a 1xx with a To tag whose Allow-Events lists talk', () => {
    const plain = ringing([]);
    assert.equal(plain.session.state, 'early');
    assert.equal(plain.session.remoteAnswer, false);
    assert.throws(
      () => void plain.session.answerRemotely(),
      (error) => isHotlineError(error, 'illegal-state') && /Allow-Events/.test(error.message),
    );
    // A later 1xx of the same early dialog may add it (compact form u:).
    plain.deliver(
      phoneResponse(plain.invite(), 183, { toTag: 'ph', headers: [CONTACT, 'u: hold, Talk'] }),
    );
    assert.equal(plain.session.remoteAnswer, true);
    plain.session.hangup();
    clean(plain);

    const other = ringing(['Allow-Events: hold, presence']);
    assert.equal(other.session.remoteAnswer, false);
    other.session.hangup();
    clean(other);
  });

  it('sends NOTIFY Event: talk in the early dialog; the phone answers the INVITE after its 200', async () => {
    const t = ringing([TALK]);
    assert.equal(t.session.remoteAnswer, true);
    const outcome = t.session.answerRemotely();
    const notify = t.transport.requests('NOTIFY')[0]!;
    assert.equal(notify.uri.type === 'sip' && notify.uri.port, 5062, 'to the Contact of the 180');
    assert.equal(notify.get('event'), 'talk');
    assert.equal(notify.get('subscription-state'), 'active');
    assert.equal(notify.get('to'), `${t.invite().get('to')};tag=ph`);
    assert.equal(notify.get('from'), t.invite().get('from'));
    assert.equal(notify.callId, t.invite().callId);
    assert.equal(notify.cseq.seq, t.invite().cseq.seq + 1);
    assert.equal(notify.get('contact'), '<sip:198.51.100.1:5060>');
    assert.equal(notify.body.length, 0);
    assert.equal(notify.get('content-type'), undefined);
    t.deliver(phoneResponse(notify, 200, {}));
    assert.deepEqual(await outcome, { status: 200, outcome: 'response' });
    // The phone picks up as if its user had.
    t.deliver(phoneResponse(t.invite(), 200, { toTag: 'ph', headers: [CONTACT], body: ANSWER }));
    assert.equal(t.session.state, 'confirmed');
    assert.equal(t.session.remoteAnswer, false, 'not ringing any more');
    t.session.hangup();
    t.clock.advance(100);
    const bye = t.transport.requests('BYE')[0]!;
    t.deliver(phoneResponse(bye, 200));
    clean(t);
  });

  it('leaves the phone ringing when it refuses (489 Bad Event) or does not answer (408)', async () => {
    const t = ringing([TALK]);
    const refused = t.session.answerRemotely();
    t.deliver(phoneResponse(t.transport.requests('NOTIFY')[0]!, 489, { reason: 'Bad Event' }));
    assert.deepEqual(await refused, { status: 489, outcome: 'response' });
    assert.equal(t.session.state, 'early');
    assert.equal(t.session.remoteAnswer, true, 'it may be asked again');

    const silent = t.session.answerRemotely();
    assert.equal(t.transport.requests('NOTIFY').length, 2);
    t.clock.advance(32_000); // Timer F: 64*T1
    assert.deepEqual(await silent, { status: 408, outcome: 'timeout' });
    assert.equal(t.session.state, 'early', 'a lost NOTIFY does not end the INVITE');
    t.session.hangup();
    clean(t);
  });

  it('is not offered once the call is being cancelled', () => {
    const t = ringing([TALK]);
    t.session.hangup();
    assert.equal(t.session.state, 'cancelling');
    assert.equal(t.session.remoteAnswer, false);
    assert.throws(() => void t.session.answerRemotely(), /cancelling, not ringing/);
    clean(t);
  });
});
