// The non-INVITE server transaction through the layer: retransmission absorption, RFC 4320 provisional rules, Timer J.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NonInviteServerTransaction } from './non-invite-server-transaction.ts';
import { TransactionStateError } from './transaction-errors.ts';
import {
  assertGone,
  PEER_TCP,
  kit,
  request,
  responseTo,
  type Kit,
} from './transaction-test-kit.ts';

function receive(k: Kit, tcp = false) {
  const req = request({
    method: 'REGISTER',
    branch: 'z9hG4bK-reg-1',
    transport: tcp ? 'TCP' : 'UDP',
  });
  k.deliver(req, tcp ? PEER_TCP : undefined);
  const [event] = k.user.of('request');
  assert.ok(event);
  return { req, tx: event.transaction as NonInviteServerTransaction };
}

describe('non-INVITE server transaction', () => {
  it('discards retransmissions in Trying and passes the request up once', () => {
    const k = kit();
    const { req, tx } = receive(k);
    k.clock.advance(500);
    k.deliver(req);
    k.clock.advance(1000);
    k.deliver(req);
    assert.equal(tx.state, 'Trying');
    assert.equal(k.transport.sent.length, 0);
    assert.equal(k.user.of('request').length, 1);
    tx.respond(responseTo(req, 200));
    k.clock.advance(32_000);
    assertGone(k);
  });

  it('drops a 100 sent on UDP before T2, sends one after, and resends it on retransmission (RFC 4320)', () => {
    const k = kit();
    const { req, tx } = receive(k);
    tx.respond(responseTo(req, 100));
    assert.equal(tx.state, 'Trying');
    assert.equal(k.transport.sent.length, 0);
    k.clock.advance(4000);
    tx.respond(responseTo(req, 100));
    assert.equal(tx.state, 'Proceeding');
    k.deliver(req);
    assert.deepEqual(
      k.transport.responses().map((r) => r.status),
      [100, 100],
    );
    tx.respond(responseTo(req, 200));
    k.clock.advance(32_000);
    assertGone(k);
  });

  it('sends a 100 on a reliable transport at once, and refuses any other provisional status', () => {
    const k = kit();
    const { req, tx } = receive(k, true);
    tx.respond(responseTo(req, 100));
    assert.equal(tx.state, 'Proceeding');
    assert.equal(tx.canRespond(180), false);
    assert.throws(() => tx.respond(responseTo(req, 180)), /RFC 4320/);
    tx.respond(responseTo(req, 200));
    assertGone(k);
  });

  it('in Completed resends the final on retransmission, discards further finals, and ends with Timer J = 64*T1', () => {
    const k = kit();
    const { req, tx } = receive(k);
    tx.respond(responseTo(req, 200));
    assert.equal(tx.state, 'Completed');
    k.clock.advance(700);
    k.deliver(req);
    tx.respond(responseTo(req, 500)); // RFC 3261 17.2.2: discarded
    assert.deepEqual(
      k.transport.responses().map((r) => r.status),
      [200, 200],
    );
    assert.throws(() => tx.respond(responseTo(req, 100)), TransactionStateError);
    k.clock.advance(31_299);
    assert.equal(tx.state, 'Completed');
    k.clock.advance(1);
    assert.equal(tx.lastEvent, 'timerJ');
    assert.deepEqual(
      k.user.events.map((e) => e.type),
      ['request', 'server-terminated'],
    );
    assertGone(k);
  });

  it('on a reliable transport ends at once after the final response (Timer J = 0)', () => {
    const k = kit();
    const { req, tx } = receive(k, true);
    tx.respond(responseTo(req, 403));
    assert.equal(tx.state, 'Terminated');
    assertGone(k);
  });
});
