// The UAS core's 2xx retransmitter (RFC 3261 13.3.1.4): schedule, ACK, give-up, and its use with an INVITE server transaction.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../platform/index.ts';
import type { SipResponse } from '../message/index.ts';
import type { InviteServerTransaction } from './invite-server-transaction.ts';
import { Retransmit2xx } from './retransmit-2xx.ts';
import { kit, request, responseTo } from './transaction-test-kit.ts';

function setup() {
  const clock = new FakeClock(0);
  const sent: number[] = [];
  let gaveUp: number | undefined;
  const ok = responseTo(request({ branch: 'z9hG4bK-1' }), 200, 'uas');
  const retransmitter = new Retransmit2xx(ok, {
    scheduler: clock,
    send: () => sent.push(clock.now()),
    onGiveUp: () => (gaveUp = clock.now()),
  });
  return { clock, sent, ok, retransmitter, gaveUp: () => gaveUp };
}

describe('Retransmit2xx', () => {
  it('retransmits at T1 doubling up to T2 and gives up at 64*T1', () => {
    const { clock, sent, retransmitter, gaveUp } = setup();
    assert.equal(retransmitter.state, 'Idle');
    retransmitter.start();
    clock.advance(31_999);
    assert.deepEqual(sent, [500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    assert.equal(retransmitter.retransmissions, 10);
    assert.equal(gaveUp(), undefined);
    clock.advance(1);
    assert.equal(gaveUp(), 32_000);
    assert.equal(retransmitter.state, 'GaveUp');
    assert.equal(clock.pendingTimers, 0);
    assert.equal(retransmitter.acknowledge(), false);
  });

  it('stops on the ACK', () => {
    const { clock, sent, retransmitter, gaveUp } = setup();
    retransmitter.start();
    clock.advance(1600);
    assert.equal(retransmitter.acknowledge(), true);
    assert.equal(retransmitter.acknowledge(), false);
    clock.advance(60_000);
    assert.deepEqual(sent, [500, 1500]);
    assert.equal(gaveUp(), undefined);
    assert.equal(retransmitter.state, 'Acknowledged');
    assert.equal(clock.pendingTimers, 0);
  });

  it('stop() is idempotent and ends the schedule without giving up', () => {
    const { clock, sent, retransmitter, gaveUp } = setup();
    retransmitter.start();
    retransmitter.stop();
    retransmitter.stop();
    clock.advance(60_000);
    assert.deepEqual(sent, []);
    assert.equal(gaveUp(), undefined);
    assert.equal(retransmitter.state, 'Stopped');
  });

  it('recognizes its ACK by Call-ID, From tag, To tag and CSeq number', () => {
    const { retransmitter } = setup();
    const ack = (spec: { cseq?: number; toTag?: string; callId?: string }) =>
      request({ method: 'ACK', branch: 'z9hG4bK-ack', toTag: 'uas', ...spec });
    assert.equal(retransmitter.matchesAck(ack({})), true);
    assert.equal(retransmitter.matchesAck(ack({ cseq: 2 })), false);
    assert.equal(retransmitter.matchesAck(ack({ toTag: 'other' })), false);
    assert.equal(retransmitter.matchesAck(ack({ callId: 'other@example.com' })), false);
  });

  it('survives a send that throws and reports it', () => {
    const clock = new FakeClock(0);
    const errors: unknown[] = [];
    let calls = 0;
    const retransmitter = new Retransmit2xx(
      responseTo(request({ branch: 'z9hG4bK-1' }), 200, 'uas'),
      {
        scheduler: clock,
        send: () => {
          calls++;
          throw new Error('boom');
        },
        onGiveUp: () => {},
        onError: (error) => errors.push(error),
      },
    ).start();
    clock.advance(4000);
    assert.equal(calls, 3);
    assert.equal(errors.length, 3);
    assert.equal(retransmitter.state, 'Retransmitting');
    retransmitter.stop();
  });

  it('takes 2xx responses only', () => {
    const clock = new FakeClock(0);
    const busy = responseTo(request({ branch: 'z9hG4bK-1' }), 486, 'uas');
    assert.throws(
      () => new Retransmit2xx(busy, { scheduler: clock, send: () => {}, onGiveUp: () => {} }),
      /2xx/,
    );
  });
});

describe('a UAS core using Retransmit2xx with the transaction layer', () => {
  it('retransmits through the INVITE server transaction in Accepted until the ACK arrives', () => {
    const k = kit();
    const retransmitters: Retransmit2xx[] = [];
    k.user.answer = (req, tx) => {
      const ok = responseTo(req, 200, 'uas');
      tx.respond(ok);
      retransmitters.push(
        k.layer.retransmit2xx(tx as InviteServerTransaction, ok, () => assert.fail('no give-up')),
      );
    };
    k.user.onAck = (ack) => {
      for (const r of retransmitters) if (r.matchesAck(ack)) r.acknowledge();
    };
    const invite = request({ branch: 'z9hG4bK-inv' });
    k.deliver(invite);
    k.clock.advance(2000);
    // RFC 3261 13.2.2.4: the 2xx ACK is a new transaction with its own branch.
    k.deliver(request({ method: 'ACK', branch: 'z9hG4bK-ack', toTag: 'uas' }));
    k.clock.advance(40_000);
    assert.deepEqual(
      k.transport.times((m) => m.kind === 'response' && m.status === 200),
      [0, 500, 1500],
    );
    assert.equal(retransmitters[0]?.state, 'Acknowledged');
    assert.deepEqual(k.layer.size, { client: 0, server: 0 });
    assert.equal(k.clock.pendingTimers, 0);
  });

  it('gives up after 64*T1 without an ACK, so the UAS core can send BYE', () => {
    const k = kit();
    let gaveUpAt: number | undefined;
    let ok: SipResponse | undefined;
    k.user.answer = (req, tx) => {
      ok = responseTo(req, 200, 'uas');
      tx.respond(ok);
      k.layer.retransmit2xx(tx as InviteServerTransaction, ok, () => (gaveUpAt = k.clock.now()));
    };
    k.deliver(request({ branch: 'z9hG4bK-inv' }));
    k.clock.advance(40_000);
    assert.equal(gaveUpAt, 32_000);
    assert.equal(k.transport.responses(200).length, 11);
    assert.deepEqual(k.layer.size, { client: 0, server: 0 });
    assert.equal(k.clock.pendingTimers, 0);
  });
});
