// The UAC leg against a hand-driven phone: the INVITE it builds, route set from Record-Route, forks, credentials, delayed offer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DigestClient } from '../auth/index.ts';
import type { SipRequest } from '../message/index.ts';
import type { OutboundInvite } from './outbound-invite.ts';
import { ANSWER, OFFER, PHONE, phoneRequest, phoneResponse, single } from './dialog-test-kit.ts';

const CONTACT = 'Contact: <sip:1001@192.168.1.20:5062>';

function calling(options: Partial<OutboundInvite> = {}) {
  const t = single();
  const session = t.layer.invite({
    target: 'sip:1001@192.168.1.20:5062',
    from: '"Hotline" <sip:4008001000@hotline.example>;tag=ignored',
    localSdp: OFFER,
    destination: PHONE,
    ...options,
  });
  const invite = (): SipRequest => t.transport.requests('INVITE').at(-1)!;
  return { ...t, session, invite };
}

function clean(t: ReturnType<typeof single>): void {
  t.clock.advance(300_000);
  assert.deepEqual(t.layer.size, { sessions: 0, dialogs: 0, pending: 0 });
  assert.deepEqual(t.stack.transactions.size, { client: 0, server: 0 });
  assert.equal(t.clock.pendingTimers, 0);
}

describe('the UAC leg', () => {
  it('builds its INVITE: our tag only, To from the target, Contact, timers, given headers', () => {
    const t = calling({ headers: [['P-Asserted-Identity', '<sip:4008001000@hotline.example>']] });
    const invite = t.invite();
    assert.match(
      invite.get('from') ?? '',
      /^"Hotline" <sip:4008001000@hotline.example>;tag=[0-9a-f]{16}$/,
    );
    assert.equal(invite.get('to'), '<sip:1001@192.168.1.20:5062>');
    assert.equal(invite.get('cseq'), '1 INVITE');
    assert.equal(invite.get('contact'), '<sip:198.51.100.1:5060>');
    assert.equal(invite.get('min-se'), '90');
    assert.equal(invite.get('p-asserted-identity'), '<sip:4008001000@hotline.example>');
    assert.deepEqual(t.transport.sent[0]?.destination, PHONE);
    t.session.hangup();
    t.layer.close();
    clean(t);
  });

  it('reverses Record-Route for its route set and ACKs the Contact of the 2xx through it', () => {
    const t = calling();
    const rr = 'Record-Route: <sip:p1.example;lr>, <sip:p2.example;lr>';
    t.deliver(phoneResponse(t.invite(), 180, { toTag: 'ph', headers: [rr, CONTACT] }));
    assert.equal(t.session.state, 'early');
    t.deliver(
      phoneResponse(t.invite(), 200, {
        toTag: 'ph',
        headers: [rr, 'Contact: <sip:1001@192.168.1.20:5099>'],
        body: ANSWER,
      }),
    );
    assert.equal(t.session.state, 'confirmed');
    const ack = t.transport.requests('ACK')[0]!;
    assert.deepEqual(ack.getAll('route'), ['<sip:p2.example;lr>', '<sip:p1.example;lr>']);
    assert.equal(ack.uri.type === 'sip' && ack.uri.port, 5099);
    assert.equal(ack.get('to'), `${t.invite().get('to')};tag=ph`);
    // A retransmitted 2xx gets the same ACK again.
    t.deliver(
      phoneResponse(t.invite(), 200, { toTag: 'ph', headers: [rr, CONTACT], body: ANSWER }),
    );
    assert.equal(t.transport.requests('ACK').length, 2);
    // The phone hangs up.
    t.deliver(
      phoneRequest({
        method: 'BYE',
        callId: t.session.callId,
        fromTag: 'ph',
        toTag: t.session.dialogId!.localTag,
        cseq: 10,
        body: '',
      }).replace(/From: .*\r\n/, `From: <sip:1001@192.168.1.20>;tag=ph\r\n`),
    );
    assert.deepEqual(t.session.ended, { cause: 'normal', by: 'remote' });
    clean(t);
  });

  it('lets go of its listeners when it ends, though its finished INVITE transaction keeps it 32 s', () => {
    const t = calling();
    const heard: string[] = [];
    t.session.on('ended', (ended) => heard.push(`ended by ${ended.by}`));
    t.session.on('state', ({ to }) => heard.push(to));
    t.deliver(phoneResponse(t.invite(), 200, { toTag: 'ph', headers: [CONTACT], body: ANSWER }));
    t.deliver(
      phoneRequest({
        method: 'BYE',
        callId: t.session.callId,
        fromTag: 'ph',
        toTag: t.session.dialogId!.localTag,
        cseq: 10,
        body: '',
      }).replace(/From: .*\r\n/, `From: <sip:1001@192.168.1.20>;tag=ph\r\n`),
    );
    assert.deepEqual(heard, ['confirmed', 'terminated', 'ended by remote']);
    // RFC 6026 Timer M: the accepted INVITE transaction still holds the session as its user.
    assert.ok(t.stack.transactions.size.client > 0);
    assert.deepEqual([t.session.listenerCount('ended'), t.session.listenerCount('state')], [0, 0]);
    clean(t);
  });

  it("ACKs and ends a second fork's 2xx with BYE, keeping the first", () => {
    const t = calling();
    t.deliver(phoneResponse(t.invite(), 200, { toTag: 'fork1', headers: [CONTACT], body: ANSWER }));
    t.deliver(phoneResponse(t.invite(), 200, { toTag: 'fork2', headers: [CONTACT], body: ANSWER }));
    assert.deepEqual(
      t.transport.requests('ACK').map((a) => a.toTag),
      ['fork1', 'fork2'],
    );
    assert.deepEqual(
      t.transport.requests('BYE').map((b) => b.toTag),
      ['fork2'],
    );
    assert.equal(t.session.dialogId?.remoteTag, 'fork1');
    assert.equal(t.session.state, 'confirmed');
    t.layer.close();
    clean(t);
  });

  it('answers a 401 with credentials in a new INVITE of the same call', () => {
    const auth = new DigestClient({
      credentials: { username: 'hotline', password: 'secret' },
      cnonce: () => 'c1',
    });
    const t = calling({ auth });
    const first = t.invite();
    t.deliver(
      phoneResponse(first, 401, {
        toTag: 'x',
        headers: ['WWW-Authenticate: Digest realm="trunk", nonce="n1", qop="auth", algorithm=MD5'],
      }),
    );
    const second = t.invite();
    assert.notEqual(second, first);
    assert.equal(second.cseq.seq, 2);
    assert.equal(second.callId, first.callId);
    assert.equal(second.fromTag, first.fromTag);
    assert.match(second.get('authorization') ?? '', /^Digest username="hotline", realm="trunk"/);
    assert.notEqual(second.topVia?.branch, first.topVia?.branch);
    t.deliver(phoneResponse(second, 200, { toTag: 'ph', headers: [CONTACT], body: ANSWER }));
    assert.equal(t.session.state, 'confirmed');
    assert.equal(t.transport.requests('ACK').at(-1)?.cseq.seq, 2);
    t.layer.close();
    clean(t);
  });

  it('answers the offer of the 2xx in the ACK when the INVITE had no SDP', () => {
    const t = calling({
      localSdp: undefined,
      answerOffer: (offer) => (offer === OFFER ? ANSWER : undefined),
    });
    assert.equal(t.invite().body.length, 0);
    t.deliver(phoneResponse(t.invite(), 200, { toTag: 'ph', headers: [CONTACT], body: OFFER }));
    const ack = t.transport.requests('ACK')[0]!;
    assert.equal(ack.body.toString(), ANSWER);
    assert.equal(ack.get('content-type'), 'application/sdp');
    assert.equal(t.session.remoteSdp, OFFER);
    assert.equal(t.session.localSdp, ANSWER);
    t.layer.close();
    clean(t);
  });

  it('ends with ACK and BYE when the 2xx carries no answer to our offer', () => {
    const t = calling();
    t.deliver(phoneResponse(t.invite(), 200, { toTag: 'ph', headers: [CONTACT] }));
    assert.equal(t.transport.requests('ACK').length, 1);
    assert.equal(t.transport.requests('BYE').length, 1);
    assert.equal(t.session.state, 'terminating');
    t.layer.close();
    assert.equal(t.session.ended?.cause, 'failed');
    clean(t);
  });

  it('maps final responses to end causes', () => {
    const cases: [number, string][] = [
      [486, 'busy'],
      [600, 'busy'],
      [404, 'rejected'],
      [603, 'rejected'],
      [302, 'rejected'],
      [480, 'unreachable'],
      [503, 'failed'],
    ];
    for (const [status, cause] of cases) {
      const t = calling();
      t.deliver(phoneResponse(t.invite(), status, { toTag: 'ph' }));
      assert.equal(t.session.ended?.cause, cause, String(status));
      assert.equal(t.session.ended?.status, status);
      clean(t);
    }
  });

  it('ends unreachable when nothing answers (Timer B)', () => {
    const t = calling();
    t.clock.advance(32_000);
    assert.deepEqual(t.session.ended, { cause: 'unreachable', status: 408, by: 'remote' });
    clean(t);
  });

  it('refuses a target it cannot reach, and a malformed one', () => {
    const t = single();
    assert.throws(() => t.layer.invite({ target: 'sip:1001@pbx.example', from: 'sip:a@b' }), {
      code: 'invalid-input',
      field: 'destination',
    });
    assert.throws(
      () => t.layer.invite({ target: 'not a uri', from: 'sip:a@b', destination: PHONE }),
      {
        code: 'invalid-input',
        field: 'target',
      },
    );
    // A pre-loaded Route with an IP literal is the next hop.
    const s = t.layer.invite({
      target: 'sip:1001@pbx.example',
      from: 'sip:a@b',
      headers: [['Route', '<sip:203.0.113.9:5070;lr>']],
    });
    assert.deepEqual(t.transport.sent.at(-1)?.destination, {
      protocol: 'udp',
      address: '203.0.113.9',
      port: 5070,
    });
    s.hangup();
    t.layer.close();
    clean(t);
  });

  it('gives up on a 2xx whose route set starts with a strict router', () => {
    const t = calling();
    t.deliver(
      phoneResponse(t.invite(), 200, {
        toTag: 'ph',
        headers: ['Record-Route: <sip:old.example>', CONTACT],
        body: ANSWER,
      }),
    );
    assert.equal(t.transport.requests('ACK').length, 0);
    assert.equal(t.session.ended?.cause, 'failed');
    clean(t);
  });
  it('moves the remote target on the 2xx to its re-INVITE; ACK and BYE go there', async () => {
    const t = calling();
    t.deliver(phoneResponse(t.invite(), 200, { toTag: 'ph', headers: [CONTACT], body: ANSWER }));
    const outcome = t.session.reinvite(OFFER.replace('sendrecv', 'sendonly'));
    const reinvite = t.invite();
    assert.equal(reinvite.cseq.seq, 2);
    assert.equal(reinvite.toTag, 'ph');
    t.deliver(
      phoneResponse(reinvite, 200, {
        headers: ['Contact: <sip:1001@192.168.1.77:5062>'],
        body: ANSWER,
      }),
    );
    assert.equal((await outcome).ok, true);
    const ack = t.transport.requests('ACK').at(-1)!;
    assert.equal(ack.cseq.seq, 2);
    assert.equal(ack.uri.type === 'sip' && ack.uri.host, '192.168.1.77');
    t.session.hangup();
    const bye = t.transport.requests('BYE')[0]!;
    assert.equal(bye.uri.type === 'sip' && bye.uri.host, '192.168.1.77');
    assert.equal(bye.cseq.seq, 3);
    t.layer.close();
    clean(t);
  });

  it('files its dialog for find(), and close() stops everything', () => {
    const t = calling();
    t.deliver(phoneResponse(t.invite(), 200, { toTag: 'ph', headers: [CONTACT], body: ANSWER }));
    const id = t.session.dialogId!;
    assert.equal(t.layer.find(id), t.session);
    t.layer.close();
    assert.equal(t.layer.find(id), undefined);
    assert.deepEqual(t.session.ended, { cause: 'local', by: 'local' });
    clean(t);
  });
});
