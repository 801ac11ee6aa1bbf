// The UAS leg against a hand-driven phone: route set and remote target, CSeq rules, refusals, delayed offer, the NAT flow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SipStack } from '../sip-stack.ts';
import type { DialogStack } from './dialog-layer.ts';
import type { UasInviteSession } from './uas-invite-session.ts';
import { ANSWER, OFFER, PHONE, phoneRequest, sdp, single, wire } from './dialog-test-kit.ts';

// SipStack plugs in as the layer's stack (a compile-time check).
const _stackFits = (stack: SipStack): DialogStack => stack;
void _stackFits;

function answered(options: Parameters<typeof single>[0] = {}, headers: readonly string[] = []) {
  const t = single(options);
  const sessions: UasInviteSession[] = [];
  t.layer.on('invite', (s) => {
    sessions.push(s);
    s.answer(ANSWER);
  });
  t.deliver(phoneRequest({ headers }));
  const ok = t.transport.responses(200)[0];
  assert.ok(ok, 'answered');
  const toTag = ok.toTag!;
  t.deliver(phoneRequest({ method: 'ACK', toTag, body: '' }));
  const session = sessions[0]!;
  assert.equal(session.state, 'confirmed');
  return { ...t, session, toTag };
}

function clean(t: ReturnType<typeof single>): void {
  t.clock.advance(300_000);
  assert.deepEqual(t.layer.size, { sessions: 0, dialogs: 0, pending: 0 });
  assert.deepEqual(t.stack.transactions.size, { client: 0, server: 0 });
  assert.equal(t.clock.pendingTimers, 0);
}

describe('the UAS leg', () => {
  it('keeps Record-Route as it is for its route set, targets the Contact, sends to the flow', () => {
    const t = answered({}, ['Record-Route: <sip:edge2.example;lr>, <sip:edge1.example;lr;ftag=x>']);
    const ok = t.transport.responses(200)[0]!;
    assert.deepEqual(ok.getAll('record-route'), [
      '<sip:edge2.example;lr>, <sip:edge1.example;lr;ftag=x>',
    ]);
    assert.equal(ok.get('contact'), '<sip:198.51.100.1:5060>');
    t.session.hangup();
    const bye = t.transport.requests('BYE')[0]!;
    assert.deepEqual(bye.getAll('route'), [
      '<sip:edge2.example;lr>',
      '<sip:edge1.example;lr;ftag=x>',
    ]);
    assert.equal(bye.uri.type === 'sip' && `${bye.uri.host}:${bye.uri.port}`, '192.168.1.20:5062');
    assert.equal(bye.get('from'), `<sip:4008001000@hotline.example>;tag=${t.toTag}`);
    assert.equal(bye.get('to'), '"Alice" <sip:1001@hotline.example>;tag=ph1');
    // Not the private Contact: the address the INVITE came from (NAT).
    assert.deepEqual(t.transport.sent.at(-1)?.destination, PHONE);
    t.deliver(
      wire('SIP/2.0 200 OK', [
        ...bye.headers
          .map((h) => `${h.name}: ${h.value}`)
          .filter((l) => /^(Via|From|To|Call-ID|CSeq)/.test(l)),
      ]),
    );
    assert.equal(t.session.ended?.cause, 'local');
    clean(t);
  });

  it('moves the remote target on an accepted re-INVITE (target refresh)', () => {
    const t = answered();
    t.session.on('reinvite', (offer) => offer.accept(ANSWER));
    t.deliver(
      phoneRequest({
        toTag: t.toTag,
        cseq: 2,
        contact: '<sip:1001@192.168.1.99:5070>',
        body: OFFER,
      }),
    );
    t.deliver(phoneRequest({ method: 'ACK', toTag: t.toTag, cseq: 2, body: '' }));
    t.session.hangup();
    const bye = t.transport.requests('BYE')[0]!;
    assert.equal(bye.uri.type === 'sip' && bye.uri.host, '192.168.1.99');
    t.session.abandon();
    clean(t);
  });

  it('answers 481 to requests for unknown dialogs and drops such ACKs', () => {
    const t = answered();
    t.deliver(phoneRequest({ method: 'BYE', toTag: 'nope', cseq: 2 }));
    t.deliver(phoneRequest({ method: 'INFO', cseq: 3 }));
    const before = t.transport.sent.length;
    t.deliver(phoneRequest({ method: 'ACK', toTag: 'nope', cseq: 1, body: '' }));
    assert.equal(t.transport.sent.length, before);
    assert.equal(t.transport.responses(481).length, 2);
    t.session.abandon();
    clean(t);
  });

  it('answers 500 to an in-dialog request whose CSeq is not above the last (RFC 3261 §12.2.2)', () => {
    const t = answered();
    t.deliver(
      phoneRequest({
        method: 'INFO',
        toTag: t.toTag,
        cseq: 5,
        body: 'x',
        contentType: 'text/plain',
      }),
    );
    t.deliver(
      phoneRequest({
        method: 'INFO',
        toTag: t.toTag,
        cseq: 5,
        body: 'y',
        contentType: 'text/plain',
      }),
    );
    t.deliver(
      phoneRequest({
        method: 'INFO',
        toTag: t.toTag,
        cseq: 4,
        body: 'z',
        contentType: 'text/plain',
      }),
    );
    assert.deepEqual(
      t.transport
        .responses()
        .filter((r) => r.cseq.method === 'INFO')
        .map((r) => r.status),
      [200, 500, 500],
    );
    t.deliver(phoneRequest({ method: 'BYE', toTag: t.toTag, cseq: 6 }));
    assert.equal(t.session.ended?.cause, 'normal');
    clean(t);
  });

  it('refuses INVITEs it cannot take, each with its status', () => {
    const t = single();
    t.layer.on('invite', (s) => s.answer(ANSWER));
    const refusals: [Parameters<typeof phoneRequest>[0], number, string?][] = [
      [{ callId: 'r1', headers: ['Require: 100rel'] }, 420, 'Unsupported: 100rel'],
      [{ callId: 'r2', body: 'hello', contentType: 'text/plain' }, 415, 'Accept: application/sdp'],
      [{ callId: 'r3', headers: ['Session-Expires: 60', 'Supported: timer'] }, 422, 'Min-SE: 90'],
      [{ callId: 'r4', contact: null }, 400],
      [{ callId: 'r5', headers: ['Record-Route: <sip:old.example>'] }, 400],
    ];
    for (const [spec, status, header] of refusals) {
      t.deliver(phoneRequest(spec));
      const response = t.transport.responses().at(-1)!;
      assert.equal(response.status, status, JSON.stringify(spec));
      assert.ok(response.toTag, 'a final response carries a To tag');
      if (header !== undefined) {
        const [name, value] = header.split(': ');
        assert.equal(response.get(name!), value);
      }
    }
    assert.equal(t.layer.size.sessions, 0);
    clean(t);
  });

  it('answers 482 to a merged INVITE (same request by another path, RFC 3261 §8.2.2.2)', () => {
    const t = single();
    t.layer.on('invite', (s) => s.ring());
    t.deliver(phoneRequest({ branch: 'z9hG4bKpath1' }));
    t.deliver(phoneRequest({ branch: 'z9hG4bKpath2' }));
    assert.deepEqual(
      t.transport.responses().map((r) => r.status),
      [180, 482],
    );
    t.layer.sessions[0]!.hangup();
    clean(t);
  });

  it('takes the SDP part of a multipart body', () => {
    const t = single();
    const offers: (string | undefined)[] = [];
    t.layer.on('invite', (s) => {
      offers.push(s.offer);
      s.reject(603);
    });
    const body = [
      '--b1',
      'Content-Type: application/sdp',
      '',
      OFFER,
      '--b1',
      'Content-Type: application/isup',
      '',
      'xx',
      '--b1--',
      '',
    ].join('\r\n');
    t.deliver(phoneRequest({ body, contentType: 'multipart/mixed;boundary=b1' }));
    assert.deepEqual(offers, [OFFER]);
    clean(t);
  });

  it('offers in the 2xx of an INVITE without SDP; the answer comes in the ACK', () => {
    const t = single();
    const seen: string[] = [];
    t.layer.on('invite', (s) => {
      assert.equal(s.offer, undefined);
      s.on('answer', ({ sdp }) => seen.push(`answer ${sdp === ANSWER}`));
      s.on('confirmed', ({ sdp }) => seen.push(`confirmed ${sdp === ANSWER}`));
      s.answer(OFFER);
    });
    t.deliver(phoneRequest({ body: '' }));
    const ok = t.transport.responses(200)[0]!;
    assert.equal(ok.body.toString(), OFFER);
    t.deliver(phoneRequest({ method: 'ACK', toTag: ok.toTag!, body: ANSWER }));
    assert.deepEqual(seen, ['answer true', 'confirmed true']);
    t.layer.sessions[0]!.hangup();
    t.layer.close();
    clean(t);
  });

  it('ends with BYE when the ACK lacks the answer to our offer', () => {
    const t = single();
    t.layer.on('invite', (s) => s.answer(OFFER));
    t.deliver(phoneRequest({ body: '' }));
    const ok = t.transport.responses(200)[0]!;
    t.deliver(phoneRequest({ method: 'ACK', toTag: ok.toTag!, body: '' }));
    assert.equal(t.transport.requests('BYE').length, 1);
    assert.equal(t.layer.sessions[0]?.state, 'terminating');
    t.layer.close();
    clean(t);
  });

  it('cancels a ringing INVITE: 200 to the CANCEL, 487 to the INVITE', () => {
    const t = single();
    let session: UasInviteSession | undefined;
    t.layer.on('invite', (s) => {
      session = s;
      s.ring();
    });
    t.deliver(phoneRequest({ branch: 'z9hG4bKcancelme' }));
    t.deliver(phoneRequest({ method: 'CANCEL', branch: 'z9hG4bKcancelme', body: '' }));
    assert.deepEqual(
      t.transport.responses().map((r) => `${r.status} ${r.cseq.method}`),
      ['180 INVITE', '200 CANCEL', '487 INVITE'],
    );
    assert.deepEqual(session?.ended, { cause: 'cancelled', by: 'remote' });
    clean(t);
  });

  it('reuses the TCP connection of the INVITE and says transport=tcp in its Contact', () => {
    const t = single();
    const tcp = {
      protocol: 'tcp' as const,
      address: '203.0.113.5',
      port: 40000,
      connectionId: 'conn-7',
    };
    t.layer.on('invite', (s) => s.answer(ANSWER));
    t.deliver(phoneRequest({ transport: 'TCP' }), tcp);
    const ok = t.transport.responses(200)[0]!;
    assert.equal(ok.get('contact'), '<sip:198.51.100.1:5060;transport=tcp>');
    t.deliver(phoneRequest({ method: 'ACK', toTag: ok.toTag!, body: '', transport: 'TCP' }), tcp);
    t.layer.sessions[0]!.hangup();
    assert.deepEqual(t.transport.sent.at(-1)?.destination, tcp);
    t.layer.close();
    clean(t);
  });

  it('answers OPTIONS in and out of dialogs, 469 to an Info Package, 489/481 to stray NOTIFYs', () => {
    const t = answered({ extraAllow: ['REGISTER'] });
    t.deliver(phoneRequest({ method: 'OPTIONS', callId: 'ping', cseq: 1 }));
    t.deliver(phoneRequest({ method: 'OPTIONS', toTag: t.toTag, cseq: 2 }));
    t.deliver(
      phoneRequest({
        method: 'INFO',
        toTag: t.toTag,
        cseq: 3,
        headers: ['Info-Package: foo'],
        body: 'x',
        contentType: 'application/foo',
      }),
    );
    t.deliver(
      phoneRequest({
        method: 'NOTIFY',
        toTag: t.toTag,
        cseq: 4,
        headers: ['Event: dialog', 'Subscription-State: active'],
      }),
    );
    t.deliver(
      phoneRequest({
        method: 'NOTIFY',
        toTag: t.toTag,
        cseq: 5,
        headers: ['Event: refer;id=99', 'Subscription-State: active'],
      }),
    );
    const statuses = t.transport
      .responses()
      .filter((r) => r.cseq.method !== 'INVITE')
      .map((r) => `${r.cseq.method} ${r.status}`);
    assert.deepEqual(statuses, [
      'OPTIONS 200',
      'OPTIONS 200',
      'INFO 469',
      'NOTIFY 489',
      'NOTIFY 481',
    ]);
    const options = t.transport.responses(200).filter((r) => r.cseq.method === 'OPTIONS');
    assert.match(options[0]?.get('allow') ?? '', /REFER, UPDATE, NOTIFY, REGISTER$/);
    assert.equal(options[0]?.get('accept'), 'application/sdp');
    t.session.abandon();
    clean(t);
  });

  it('answers 500 with Retry-After to a re-INVITE while another is unanswered (RFC 3261 §14.2)', () => {
    const t = answered();
    t.session.on('reinvite', () => undefined);
    const hold = sdp('203.0.113.5', 40000, 'sendonly', 2);
    t.deliver(phoneRequest({ toTag: t.toTag, cseq: 2, body: hold }));
    t.deliver(phoneRequest({ toTag: t.toTag, cseq: 3, body: hold }));
    const last = t.transport.responses().at(-1)!;
    assert.equal(last.status, 500);
    assert.equal(last.get('retry-after'), '5');
    t.deliver(phoneRequest({ method: 'BYE', toTag: t.toTag, cseq: 4 }));
    // The unanswered re-INVITE gets 487 when the session ends (RFC 3261 §15.1.2).
    assert.ok(t.transport.responses(487).some((r) => r.cseq.seq === 2));
    clean(t);
  });

  it('puts our offer in the 2xx to a bodiless re-INVITE; the answer comes in the ACK', () => {
    const t = answered();
    const answers: string[] = [];
    t.session.on('answer', ({ sdp }) => answers.push(sdp));
    t.session.on('reinvite', (offer) => {
      assert.equal(offer.sdp, undefined);
      offer.accept(OFFER);
    });
    t.deliver(phoneRequest({ toTag: t.toTag, cseq: 2, body: '' }));
    assert.equal(t.transport.responses(200).at(-1)?.body.toString(), OFFER);
    t.deliver(phoneRequest({ method: 'ACK', toTag: t.toTag, cseq: 2, body: ANSWER }));
    assert.deepEqual(answers, [ANSWER]);
    assert.equal(t.session.remoteSdp, ANSWER);
    t.session.abandon();
    clean(t);
  });
});

describe('the UAS leg and RFC 4028', () => {
  it('ends a session the phone does not refresh, at interval - interval/3', () => {
    const t = answered({}, ['Session-Expires: 90;refresher=uac', 'Supported: timer']);
    const ok = t.transport.responses(200)[0]!;
    assert.equal(ok.get('session-expires'), '90;refresher=uac');
    assert.equal(ok.get('require'), 'timer');
    t.clock.advance(59_000);
    assert.equal(t.session.state, 'confirmed');
    t.clock.advance(1_000);
    assert.equal(t.session.state, 'terminating');
    assert.equal(t.transport.requests('BYE').length, 1);
    t.session.abandon();
    assert.deepEqual(t.session.ended, { cause: 'session-timeout', by: 'local' });
    clean(t);
  });

  it('keeps the session when the phone refreshes by UPDATE', () => {
    const t = answered({}, ['Session-Expires: 90;refresher=uac', 'Supported: timer']);
    for (let i = 0; i < 4; i++) {
      t.clock.advance(45_000);
      t.deliver(
        phoneRequest({
          method: 'UPDATE',
          toTag: t.toTag,
          cseq: 2 + i,
          headers: ['Session-Expires: 90;refresher=uac', 'Supported: timer'],
        }),
      );
    }
    assert.equal(t.session.state, 'confirmed');
    assert.equal(t.transport.responses(200).filter((r) => r.cseq.method === 'UPDATE').length, 4);
    t.session.abandon();
    clean(t);
  });

  it('refreshes by re-INVITE with the SDP in force when the phone does not allow UPDATE', () => {
    const t = answered({}, [
      'Session-Expires: 120;refresher=uas',
      'Supported: timer',
      'Allow: INVITE, ACK, CANCEL, BYE',
    ]);
    t.clock.advance(60_000);
    const reinvite = t.transport.requests('INVITE')[0]!;
    assert.equal(reinvite.body.toString(), ANSWER);
    assert.equal(reinvite.get('session-expires'), '120;refresher=uac');
    t.session.abandon();
    clean(t);
  });
});
