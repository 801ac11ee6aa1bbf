// The INVITE server transaction through the layer: 100 Trying, retransmission absorption, Timers G/H/I, RFC 6026 Accepted and Timer L.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SipRequest } from '../message/index.ts';
import type { InviteServerTransaction } from './invite-server-transaction.ts';
import { TransactionStateError } from './transaction-errors.ts';
import {
  assertGone,
  PEER_TCP,
  flush,
  kit,
  request,
  responseTo,
  type Kit,
} from './transaction-test-kit.ts';

const BRANCH = 'z9hG4bK-uac-1';

function receiveInvite(k: Kit, peer = undefined as typeof PEER_TCP | undefined) {
  const invite = request({ branch: BRANCH, transport: peer === undefined ? 'UDP' : 'TCP' });
  k.deliver(invite, peer);
  const [event] = k.user.of('request');
  assert.ok(event);
  return { invite, tx: event.transaction as InviteServerTransaction };
}

function ackFor(invite: SipRequest, branch = BRANCH, toTag = 'uas'): SipRequest {
  return request({
    method: 'ACK',
    branch,
    toTag,
    cseq: invite.cseq.seq,
    transport: invite.topVia!.transport,
  });
}

describe('INVITE server transaction', () => {
  it('sends 100 Trying after 200 ms when the TU has not answered (RFC 3261 17.2.1)', () => {
    const k = kit();
    const { tx } = receiveInvite(k);
    assert.equal(tx.state, 'Proceeding');
    k.clock.advance(199);
    assert.equal(k.transport.sent.length, 0);
    k.clock.advance(1);
    const [trying] = k.transport.responses(100);
    assert.ok(trying);
    assert.equal(trying.toTag, undefined);
    assert.equal(trying.topVia?.branch, BRANCH);
    assert.deepEqual(k.transport.sent[0]?.destination, tx.source);
    tx.respond(responseTo(tx.request, 486, 'uas'));
    k.clock.advance(40_000);
    assertGone(k);
  });

  it('sends no 100 Trying when the TU answers within 200 ms', () => {
    const k = kit();
    const { tx } = receiveInvite(k);
    k.clock.advance(50);
    tx.respond(responseTo(tx.request, 180, 'uas'));
    k.clock.advance(1000);
    assert.deepEqual(
      k.transport.responses().map((r) => r.status),
      [180],
    );
    tx.respond(responseTo(tx.request, 603, 'uas'));
    k.clock.advance(40_000);
    assertGone(k);
  });

  it('absorbs INVITE retransmissions in Proceeding by resending the last provisional response', () => {
    const k = kit();
    k.user.answer = (req, tx) => tx.respond(responseTo(req, 180, 'uas'));
    const { invite, tx } = receiveInvite(k);
    k.clock.advance(500);
    k.deliver(invite);
    k.deliver(invite);
    assert.equal(k.user.of('request').length, 1);
    assert.deepEqual(
      k.transport.responses().map((r) => r.status),
      [180, 180, 180],
    );
    tx.respond(responseTo(invite, 480, 'uas'));
    k.clock.advance(40_000);
    assertGone(k);
  });

  it('answers an early retransmission with 100 Trying at once', () => {
    const k = kit({ timers: { tryingDelay: 1000 } });
    const { invite, tx } = receiveInvite(k);
    k.clock.advance(500);
    k.deliver(invite);
    assert.deepEqual(k.transport.times(), [500]);
    assert.equal(k.transport.responses(100).length, 1);
    k.clock.advance(1000);
    assert.equal(k.transport.responses(100).length, 1);
    tx.respond(responseTo(invite, 486, 'uas'));
    k.clock.advance(40_000);
    assertGone(k);
  });

  it('on UDP retransmits a non-2xx final with Timer G (T1 doubling to T2) until Timer H at 64*T1', () => {
    const k = kit();
    const { tx } = receiveInvite(k);
    tx.respond(responseTo(tx.request, 486, 'uas'));
    assert.equal(tx.state, 'Completed');
    k.clock.advance(32_000);
    assert.deepEqual(
      k.transport.times((m) => m.kind === 'response' && m.status === 486),
      [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500],
    );
    assert.equal(tx.state, 'Terminated');
    assert.equal(tx.lastEvent, 'timerH');
    assert.deepEqual(
      k.user.events.map((e) => e.type),
      ['request', 'server-timeout', 'server-terminated'],
    );
    assertGone(k);
  });

  it('on ACK stops Timer G, absorbs further ACKs and INVITEs, and ends with Timer I = T4', () => {
    const k = kit();
    const { invite, tx } = receiveInvite(k);
    tx.respond(responseTo(invite, 486, 'uas'));
    k.clock.advance(600);
    k.deliver(invite); // retransmission in Completed: the 486 goes again
    assert.deepEqual(
      k.transport.times((m) => m.kind === 'response'),
      [0, 500, 600],
    );
    k.deliver(ackFor(invite));
    assert.equal(tx.state, 'Confirmed');
    assert.deepEqual(tx.runningTimers, ['I']);
    k.deliver(ackFor(invite));
    k.deliver(invite);
    k.clock.advance(4999);
    assert.equal(tx.state, 'Confirmed');
    k.clock.advance(1);
    assert.equal(tx.lastEvent, 'timerI');
    assert.equal(k.transport.responses().length, 3);
    assert.deepEqual(
      k.user.events.map((e) => e.type),
      ['request', 'server-terminated'],
    );
    assertGone(k);
  });

  it('on a reliable transport sends the final once and ends at once on ACK (Timer I = 0)', () => {
    const k = kit();
    const { invite, tx } = receiveInvite(k, PEER_TCP);
    tx.respond(responseTo(invite, 486, 'uas'));
    assert.deepEqual(tx.runningTimers, ['H']);
    k.clock.advance(10_000);
    assert.equal(k.transport.responses(486).length, 1);
    k.deliver(ackFor(invite), PEER_TCP);
    assert.equal(tx.state, 'Terminated');
    assertGone(k);
  });

  it('in Accepted absorbs INVITE retransmissions, sends the TU 2xx retransmissions, passes ACKs up, and ends with Timer L (RFC 6026)', () => {
    const k = kit();
    const { invite, tx } = receiveInvite(k);
    const ok = responseTo(invite, 200, 'uas');
    tx.respond(ok);
    assert.equal(tx.state, 'Accepted');
    assert.deepEqual(tx.runningTimers, ['L']);
    k.clock.advance(500);
    k.deliver(invite);
    k.deliver(invite);
    assert.equal(k.transport.responses().length, 1);
    assert.equal(k.user.of('request').length, 1);
    tx.respond(ok); // the UAS core's own retransmission (RFC 3261 13.3.1.4)
    assert.equal(k.transport.responses(200).length, 2);
    // An ACK with the INVITE's branch matches the transaction and goes up with it.
    k.deliver(ackFor(invite));
    // The usual 2xx ACK has a branch of its own: no transaction, straight to the TU.
    k.deliver(ackFor(invite, 'z9hG4bK-ack-2xx'));
    const acks = k.user.of('ack');
    assert.equal(acks.length, 2);
    assert.equal(acks[0]?.transaction, tx);
    assert.equal(acks[1]?.transaction, undefined);
    assert.equal(tx.state, 'Accepted');
    assert.throws(() => tx.respond(responseTo(invite, 486, 'uas')), TransactionStateError);
    assert.throws(() => tx.respond(responseTo(invite, 180, 'uas')), TransactionStateError);
    k.clock.advance(31_499);
    assert.equal(tx.state, 'Accepted');
    k.clock.advance(1);
    assert.equal(tx.lastEvent, 'timerL');
    // After Timer L a retransmitted INVITE would be new; RFC 6026 keeps L as long as the UAC retransmits.
    assertGone(k);
  });

  it('refuses responses its state does not allow', () => {
    const k = kit();
    const { invite, tx } = receiveInvite(k);
    tx.respond(responseTo(invite, 486, 'uas'));
    assert.equal(tx.canRespond(500), false);
    assert.equal(tx.canRespond(200), false);
    assert.throws(
      () => tx.respond(responseTo(invite, 500, 'uas')),
      (error: unknown) =>
        error instanceof TransactionStateError &&
        error.state === 'Completed' &&
        error.event === 'send300-699',
    );
    assert.throws(() => tx.respond(responseTo(invite, 200, 'uas')), TransactionStateError);
    k.clock.advance(40_000);
    assertGone(k);
  });

  it('reports a failed send and stays in its state (RFC 6026 8.8)', async () => {
    const k = kit();
    const { invite, tx } = receiveInvite(k);
    k.transport.fail = () => true;
    tx.respond(responseTo(invite, 486, 'uas'));
    await flush();
    assert.equal(tx.state, 'Completed');
    assert.equal(k.user.of('server-transport-error').length, 1);
    k.transport.fail = undefined;
    k.clock.advance(40_000);
    assert.equal(tx.lastEvent, 'timerH');
    assertGone(k);
  });
});
