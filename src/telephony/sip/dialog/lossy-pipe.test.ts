// Calls over a UDP pipe that loses packets: retransmissions (RFC 3261 §17, §13.3.1.4) still complete every exchange.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SipMessage } from '../message/index.ts';
import {
  ANSWER,
  OFFER,
  assertClean,
  established,
  isRequest,
  isResponse,
  loseNth,
  pair,
  sdp,
} from './dialog-test-kit.ts';

describe('a call over a lossy UDP pipe', () => {
  it('survives a lost INVITE, a lost 200 and a lost ACK', () => {
    const p = pair();
    const lostInvite = loseNth(1, isRequest('INVITE'));
    const lostAck = loseNth(1, isRequest('ACK'));
    p.a.pipe.lose = (m) => lostInvite(m) || lostAck(m);
    p.b.pipe.lose = loseNth(1, isResponse(200, 'INVITE'));
    let confirmedAt: number | undefined;
    p.b.layer.on('invite', (s) => {
      s.on('confirmed', () => (confirmedAt = p.clock.now()));
      s.answer(ANSWER);
    });
    const uac = p.a.layer.invite({
      target: 'sip:1001@192.0.2.2',
      from: 'sip:4008001000@192.0.2.1',
      localSdp: OFFER,
    });
    p.clock.advance(5_000);
    assert.equal(uac.state, 'confirmed');
    assert.ok(confirmedAt !== undefined && confirmedAt > 1_000);
    assert.deepEqual(p.a.pipe.log.slice(0, 4), ['INVITE (lost)', 'INVITE', 'ACK (lost)', 'ACK']);
    uac.hangup();
    assertClean(p);
  });

  it('survives a lost BYE and a lost 200 to it', () => {
    const p = pair();
    const { uac, uas } = established(p);
    p.a.pipe.lose = loseNth(1, isRequest('BYE'));
    p.b.pipe.lose = loseNth(1, isResponse(200, 'BYE'));
    uac.hangup();
    p.clock.advance(5_000);
    assert.equal(uas.ended?.cause, 'normal');
    assert.equal(uac.ended?.cause, 'local');
    assert.deepEqual(p.a.pipe.log.slice(-3), ['BYE (lost)', 'BYE', 'BYE']);
    assertClean(p);
  });

  it('completes a re-INVITE whose 2xx and ACK are lost once each', async () => {
    const p = pair();
    const { uac, uas } = established(p);
    uas.on('reinvite', (offer) => offer.accept(sdp('192.0.2.2', 50000, 'recvonly', 2)));
    p.b.pipe.lose = loseNth(1, isResponse(200, 'INVITE'));
    p.a.pipe.lose = loseNth(1, isRequest('ACK'));
    const outcome = uac.reinvite(sdp('192.0.2.1', 40000, 'sendonly', 2));
    p.clock.advance(5_000);
    assert.equal((await outcome).ok, true);
    assert.equal(uas.state, 'confirmed');
    uac.hangup();
    assertClean(p);
  });

  it('completes a whole call when every third packet each way is lost', async () => {
    const p = pair();
    const everyThird = (): ((m: SipMessage) => boolean) => {
      let n = 0;
      return () => ++n % 3 === 0;
    };
    p.a.pipe.lose = everyThird();
    p.b.pipe.lose = everyThird();
    const digits: string[] = [];
    p.b.layer.on('invite', (s) => {
      s.on('info', ({ dtmf }) => dtmf && digits.push(dtmf.digit));
      s.on('reinvite', (offer) => offer.accept(sdp('192.0.2.2', 50000, 'recvonly', 2)));
      s.ring();
      p.clock.after(2_000, () => s.answer(ANSWER));
    });
    const uac = p.a.layer.invite({
      target: 'sip:1001@192.0.2.2',
      from: 'sip:4008001000@192.0.2.1',
      localSdp: OFFER,
    });
    p.clock.advance(10_000);
    assert.equal(uac.state, 'confirmed');
    const hold = uac.reinvite(sdp('192.0.2.1', 40000, 'sendonly', 2));
    p.clock.advance(10_000);
    assert.equal((await hold).ok, true);
    const info = uac.sendDtmf('7');
    p.clock.advance(10_000);
    assert.equal(await info, 200);
    assert.deepEqual(digits, ['7']);
    uac.hangup();
    p.clock.advance(10_000);
    assert.equal(uac.ended?.cause, 'local');
    assertClean(p);
  });
});
