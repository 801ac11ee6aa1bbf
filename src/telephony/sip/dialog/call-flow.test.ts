// Whole calls between two dialog layers over the in-memory UDP pipe: ring, answer, ACK, BYE, CANCEL, reject, ACK timeout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionEnded } from './session-events.ts';
import type { UasInviteSession } from './uas-invite-session.ts';
import { ANSWER, OFFER, assertClean, pair, type Pair } from './dialog-test-kit.ts';

function call(p: Pair, answer: (session: UasInviteSession) => void) {
  const incoming: UasInviteSession[] = [];
  p.b.layer.on('invite', (session) => {
    incoming.push(session);
    answer(session);
  });
  const outgoing = p.a.layer.invite({
    target: 'sip:1001@192.0.2.2',
    from: '"Hotline" <sip:4008001000@192.0.2.1>',
    localSdp: OFFER,
    destination: p.b.peer,
  });
  const events: string[] = [];
  outgoing.on('state', ({ to }) => events.push(`a:${to}`));
  return { outgoing, incoming, events };
}

function endedOf(session: { on: (e: 'ended', l: (x: SessionEnded) => void) => void }) {
  const box: { ended?: SessionEnded } = {};
  session.on('ended', (ended) => (box.ended = ended));
  return box;
}

describe('a call between two dialog layers', () => {
  it('rings, is answered with SDP both ways, confirmed by the ACK, and ended by the caller', () => {
    const p = pair();
    const { outgoing, incoming } = call(p, (s) => s.ring());
    const ringing: number[] = [];
    outgoing.on('ringing', ({ status }) => ringing.push(status));
    const answered: (string | undefined)[] = [];
    outgoing.on('answered', ({ sdp }) => answered.push(sdp));
    p.clock.advance(100);
    assert.equal(incoming.length, 1);
    const uas = incoming[0]!;
    assert.equal(uas.offer, OFFER);
    assert.deepEqual(ringing, [180]);
    assert.equal(outgoing.state, 'early');
    const confirmed: (string | undefined)[] = [];
    uas.on('confirmed', ({ sdp }) => confirmed.push(sdp));
    uas.answer(ANSWER);
    assert.equal(uas.state, 'answered');
    p.clock.advance(100);
    assert.deepEqual(answered, [ANSWER]);
    assert.equal(outgoing.state, 'confirmed');
    assert.equal(uas.state, 'confirmed');
    assert.deepEqual(confirmed, [undefined]);
    assert.deepEqual(outgoing.dialogId, {
      callId: uas.callId,
      localTag: uas.dialogId?.remoteTag,
      remoteTag: uas.dialogId?.localTag,
    });
    assert.equal(outgoing.remoteSdp, ANSWER);
    assert.equal(uas.localSdp, ANSWER);
    const aEnd = endedOf(outgoing);
    const bEnd = endedOf(uas);
    outgoing.hangup();
    assert.equal(outgoing.state, 'terminating');
    p.clock.advance(100);
    assert.deepEqual(bEnd.ended, { cause: 'normal', by: 'remote' });
    assert.deepEqual(aEnd.ended, { cause: 'local', by: 'local' });
    assert.deepEqual(p.a.pipe.log, ['INVITE', 'ACK', 'BYE']);
    assert.deepEqual(p.b.pipe.log, ['180', '200', '200']);
    assertClean(p);
  });

  it('is ended by the callee with BYE once confirmed', () => {
    const p = pair();
    const { outgoing, incoming } = call(p, (s) => s.answer(ANSWER));
    p.clock.advance(100);
    const aEnd = endedOf(outgoing);
    incoming[0]!.hangup();
    p.clock.advance(100);
    assert.deepEqual(aEnd.ended, { cause: 'normal', by: 'remote' });
    assert.equal(incoming[0]!.ended?.cause, 'local');
    assertClean(p);
  });

  it('puts Contact, Allow, Supported and Record-Route-free routing on the wire', () => {
    const p = pair();
    const { outgoing } = call(p, (s) => s.answer(ANSWER));
    p.clock.advance(100);
    const invite = p.a.pipe.requests('INVITE')[0]!;
    assert.equal(invite.get('contact'), '<sip:192.0.2.1:5060>');
    assert.equal(invite.get('max-forwards'), '70');
    assert.match(invite.get('allow') ?? '', /UPDATE/);
    assert.match(invite.get('supported') ?? '', /timer/);
    assert.equal(invite.get('session-expires'), '1800');
    const ok = p.b.pipe.sent.find((m) => m.kind === 'response' && m.status === 200)!;
    assert.equal(ok.get('contact'), '<sip:192.0.2.2:5060>');
    assert.equal(ok.get('content-type'), 'application/sdp');
    const ack = p.a.pipe.requests('ACK')[0]!;
    assert.equal(ack.cseq.seq, invite.cseq.seq);
    assert.equal(ack.uri.type === 'sip' && ack.uri.host, '192.0.2.2');
    outgoing.hangup();
    assertClean(p);
  });

  it('rejects with 486: the caller ends busy, the ACK absorbed by the transaction', () => {
    const p = pair();
    const { outgoing } = call(p, (s) => s.reject(486));
    const aEnd = endedOf(outgoing);
    p.clock.advance(100);
    assert.deepEqual(aEnd.ended, { cause: 'busy', status: 486, reason: 'Busy Here', by: 'remote' });
    assert.deepEqual(p.a.pipe.log, ['INVITE', 'ACK']);
    assertClean(p);
  });

  it('cancels before answer: 200 to the CANCEL, 487 to the INVITE, both sides "cancelled"', () => {
    const p = pair();
    const { outgoing, incoming } = call(p, (s) => s.ring());
    p.clock.advance(100);
    const aEnd = endedOf(outgoing);
    const bEnd = endedOf(incoming[0]!);
    outgoing.cancel();
    assert.equal(outgoing.state, 'cancelling');
    p.clock.advance(100);
    assert.deepEqual(bEnd.ended, { cause: 'cancelled', by: 'remote' });
    assert.deepEqual(aEnd.ended, { cause: 'cancelled', status: 487, by: 'local' });
    assert.deepEqual(p.a.pipe.log, ['INVITE', 'CANCEL', 'ACK']);
    assert.deepEqual(p.b.pipe.log, ['180', '200', '487']);
    assertClean(p);
  });

  it('sends BYE when no ACK comes within 64*T1 (cause ack-timeout)', () => {
    const p = pair();
    p.a.pipe.lose = (m) => m.kind === 'request' && m.method === 'ACK';
    const { outgoing, incoming } = call(p, (s) => s.answer(ANSWER));
    p.clock.advance(100);
    const aEnd = endedOf(outgoing);
    const bEnd = endedOf(incoming[0]!);
    p.clock.advance(32_000);
    assert.deepEqual(bEnd.ended, { cause: 'ack-timeout', by: 'local' });
    assert.deepEqual(aEnd.ended, { cause: 'normal', by: 'remote' });
    assert.equal(p.b.pipe.log.filter((l) => l === '200').length, 11);
    assertClean(p);
  });

  it('answers a callee hangup before ACK with BYE once the ACK is in (RFC 3261 §15)', () => {
    const p = pair();
    const { outgoing, incoming } = call(p, (s) => {
      s.answer(ANSWER);
      s.hangup();
      assert.equal(s.state, 'terminating');
    });
    const aEnd = endedOf(outgoing);
    p.clock.advance(100);
    assert.deepEqual(p.b.pipe.log, ['200', 'BYE']);
    assert.deepEqual(p.a.pipe.log, ['INVITE', 'ACK', '200']);
    assert.deepEqual(aEnd.ended, { cause: 'normal', by: 'remote' });
    assert.equal(incoming[0]!.ended?.cause, 'local');
    assertClean(p);
  });

  it('bounds ringing on both sides: 480 after the UAS ring timeout', () => {
    const p = pair({ b: { ringTimeoutMs: 5_000 } });
    const { outgoing, incoming } = call(p, (s) => s.ring());
    const aEnd = endedOf(outgoing);
    p.clock.advance(10);
    const b = endedOf(incoming[0]!);
    p.clock.advance(6_000);
    assert.deepEqual(b.ended, { cause: 'no-answer', status: 480, by: 'local' });
    assert.deepEqual(aEnd.ended, {
      cause: 'unreachable',
      status: 480,
      reason: 'Temporarily Unavailable',
      by: 'remote',
    });
    assertClean(p);
  });

  it('cancels with cause no-answer after the UAC ring timeout', () => {
    const p = pair();
    p.b.layer.on('invite', (s) => s.ring());
    const outgoing = p.a.layer.invite({
      target: 'sip:1001@192.0.2.2',
      from: 'sip:4008001000@192.0.2.1',
      localSdp: OFFER,
      ringTimeoutMs: 20_000,
    });
    const aEnd = endedOf(outgoing);
    p.clock.advance(21_000);
    assert.deepEqual(aEnd.ended, { cause: 'no-answer', status: 487, by: 'local' });
    assertClean(p);
  });

  it('ends the caller with a 2xx crossing its CANCEL: ACK then BYE', () => {
    const p = pair();
    const { outgoing, incoming } = call(p, (s) => s.ring());
    p.clock.advance(100);
    incoming[0]!.answer(ANSWER);
    outgoing.hangup();
    p.clock.advance(100);
    assert.deepEqual(p.a.pipe.log, ['INVITE', 'CANCEL', 'ACK', 'BYE']);
    assert.equal(outgoing.ended?.cause, 'local');
    assert.equal(incoming[0]!.ended?.cause, 'normal');
    assertClean(p);
  });

  it('answers 480 when nobody listens for INVITEs, and the caller ends unreachable', () => {
    const p = pair();
    const outgoing = p.a.layer.invite({
      target: 'sip:1001@192.0.2.2',
      from: 'sip:4008001000@192.0.2.1',
      localSdp: OFFER,
    });
    p.clock.advance(100);
    assert.equal(outgoing.ended?.cause, 'unreachable');
    assertClean(p);
  });
});
