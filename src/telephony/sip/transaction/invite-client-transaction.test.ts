// The INVITE client transaction through the layer: retransmission schedule, Timer B, ACK for non-2xx, RFC 6026 Accepted, CANCEL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeVia } from '../message/index.ts';
import type { InviteClientTransaction } from './invite-client-transaction.ts';
import {
  assertGone,
  PEER_TCP,
  PEER_UDP,
  flush,
  kit,
  outgoing,
  recordingClient,
  responseTo,
  type Kit,
} from './transaction-test-kit.ts';

function start(k: Kit, peer = PEER_UDP) {
  const tu = recordingClient(k.clock);
  const invite = outgoing('INVITE');
  const tx = k.layer.sendRequest(invite, peer, tu) as InviteClientTransaction;
  return { tu, invite, tx };
}

const isInvite = (m: { kind: string; method?: string }) =>
  m.kind === 'request' && m.method === 'INVITE';
const isAck = (m: { kind: string; method?: string }) => m.kind === 'request' && m.method === 'ACK';

describe('INVITE client transaction', () => {
  it('on UDP retransmits at 500, 1500, 3500, 7500, 15500, 31500 ms and times out with Timer B at 32 s', () => {
    const k = kit();
    const { tu, tx } = start(k);
    assert.equal(tx.state, 'Calling');
    k.clock.advance(31_999);
    assert.deepEqual(k.transport.times(isInvite), [0, 500, 1500, 3500, 7500, 15500, 31500]);
    assert.equal(tx.state, 'Calling');
    k.clock.advance(1);
    assert.equal(tx.state, 'Terminated');
    assert.equal(tx.lastEvent, 'timerB');
    assert.deepEqual(
      tu.events.map((e) => `${e.type}@${e.at}`),
      ['timeout@32000', 'terminated@32000'],
    );
    assertGone(k);
  });

  it('on a reliable transport sends once and runs Timer B only', () => {
    const k = kit();
    const { tu, tx } = start(k, PEER_TCP);
    assert.deepEqual(tx.runningTimers, ['B']);
    k.clock.advance(32_000);
    assert.deepEqual(k.transport.times(isInvite), [0]);
    assert.deepEqual(
      tu.events.map((e) => e.type),
      ['timeout', 'terminated'],
    );
    assertGone(k);
  });

  it('stops retransmitting and drops Timer B on a provisional response', () => {
    const k = kit();
    const { tu, tx, invite } = start(k);
    k.clock.advance(600);
    k.deliver(responseTo(invite, 100));
    k.deliver(responseTo(invite, 180));
    assert.equal(tx.state, 'Proceeding');
    assert.deepEqual(tx.runningTimers, []);
    k.clock.advance(120_000);
    assert.deepEqual(k.transport.times(isInvite), [0, 500]);
    assert.deepEqual(
      tu.events.map((e) => e.type === 'response' && e.status),
      [100, 180],
    );
    k.deliver(responseTo(invite, 486));
    k.clock.advance(32_000);
    assertGone(k);
  });

  it('ACKs a non-2xx final response itself (RFC 3261 17.1.1.3) and ACKs each retransmission of it', () => {
    const k = kit();
    const { tu, tx, invite } = start(k);
    k.deliver(responseTo(invite, 180));
    const busy = responseTo(invite, 486, 'uas-tag');
    k.deliver(busy);
    assert.equal(tx.state, 'Completed');
    const [ack] = k.transport.requests('ACK');
    assert.ok(ack);
    assert.equal(ack, tx.ack);
    assert.deepEqual(ack.uri, invite.uri);
    assert.equal(ack.via.length, 1);
    assert.equal(serializeVia(ack.via[0]!), serializeVia(invite.topVia!));
    assert.equal(ack.topVia?.branch, tx.branch);
    assert.deepEqual(ack.getAll('route'), invite.getAll('route'));
    assert.equal(ack.get('from'), invite.get('from'));
    assert.equal(ack.toTag, 'uas-tag');
    assert.equal(ack.callId, invite.callId);
    assert.deepEqual(ack.cseq, { seq: 7, method: 'ACK' });
    assert.equal(ack.body.length, 0);
    assert.deepEqual(k.transport.sent.find((s) => s.message === ack)?.destination, PEER_UDP);

    k.clock.advance(1000);
    k.deliver(busy);
    k.deliver(busy);
    assert.equal(k.transport.requests('ACK').length, 3);
    assert.deepEqual(
      tu.events.filter((e) => e.type === 'response').map((e) => e.type === 'response' && e.status),
      [180, 486],
    );
    // RFC 3261 17.1.1.2: Timer D = 32 s on UDP, counted from the first final response.
    k.clock.advance(30_999);
    assert.equal(tx.state, 'Completed');
    k.clock.advance(1);
    assert.equal(tx.state, 'Terminated');
    assert.equal(tx.lastEvent, 'timerD');
    assert.equal(tu.events.at(-1)?.type, 'terminated');
    assertGone(k);
  });

  it('on a reliable transport ACKs a non-2xx and ends at once (Timer D = 0)', () => {
    const k = kit();
    const { tu, tx, invite } = start(k, PEER_TCP);
    k.deliver(responseTo(invite, 603), PEER_TCP);
    assert.equal(k.transport.requests('ACK').length, 1);
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(
      tu.events.map((e) => e.type),
      ['response', 'terminated'],
    );
    assertGone(k);
  });

  it('ACKs a final response that comes straight in Calling', () => {
    const k = kit();
    const { tx, invite } = start(k);
    k.clock.advance(700);
    k.deliver(responseTo(invite, 404));
    assert.equal(tx.state, 'Completed');
    k.clock.advance(10_000);
    assert.deepEqual(k.transport.times(isInvite), [0, 500]);
    assert.deepEqual(k.transport.times(isAck), [700]);
    k.clock.advance(30_000);
    assertGone(k);
  });

  it('enters Accepted on 2xx, passes every 2xx to the TU without ACKing, and ends with Timer M (RFC 6026)', () => {
    const k = kit();
    const { tu, tx, invite } = start(k);
    k.clock.advance(100);
    const ok = responseTo(invite, 200, 'fork-1');
    k.deliver(ok);
    assert.equal(tx.state, 'Accepted');
    assert.deepEqual(tx.runningTimers, ['M']);
    k.clock.advance(500);
    k.deliver(ok); // retransmission
    k.deliver(responseTo(invite, 200, 'fork-2')); // another fork
    k.deliver(responseTo(invite, 486)); // refused in Accepted: discarded
    k.deliver(responseTo(invite, 180)); // refused in Accepted: discarded
    assert.equal(k.transport.requests('ACK').length, 0);
    const statuses = tu.events.map((e) => (e.type === 'response' ? `${e.status}` : e.type));
    assert.deepEqual(statuses, ['200', '200', '200']);
    k.clock.advance(31_499);
    assert.equal(tx.state, 'Accepted');
    k.clock.advance(1);
    assert.equal(tx.state, 'Terminated');
    assert.equal(tx.lastEvent, 'timerM');
    // After Timer M a late 2xx matches nothing: a stray for the UAC core.
    k.deliver(ok);
    assert.equal(k.user.of('stray').length, 1);
    assertGone(k);
  });

  it('reports a transport error and ends (RFC 3261 17.1.4)', async () => {
    const k = kit();
    k.transport.fail = () => true;
    const { tu, tx } = start(k);
    await flush();
    assert.equal(tx.state, 'Terminated');
    assert.equal(tx.lastEvent, 'transportError');
    assert.deepEqual(
      tu.events.map((e) => e.type),
      ['transport-error', 'terminated'],
    );
    assertGone(k);
  });

  it('reports a failed ACK send as a transport error in Completed', async () => {
    const k = kit();
    const { tu, tx, invite } = start(k);
    k.transport.fail = (m) => m.kind === 'request' && m.method === 'ACK';
    k.deliver(responseTo(invite, 500));
    await flush();
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(
      tu.events.map((e) => e.type),
      ['response', 'transport-error', 'terminated'],
    );
    assertGone(k);
  });

  it('ignores a retransmission timer for a send that fails late, once the state has moved on', async () => {
    const k = kit();
    const { tu, tx, invite } = start(k);
    k.transport.fail = () => true;
    k.clock.advance(500); // the retransmission fails...
    k.transport.fail = undefined;
    k.deliver(responseTo(invite, 180)); // ...but a 180 arrives before the failure is reported
    await flush();
    assert.equal(tx.state, 'Proceeding');
    assert.deepEqual(
      tu.events.map((e) => e.type),
      ['response'],
    );
    k.deliver(responseTo(invite, 487));
    k.clock.advance(32_000);
    assertGone(k);
  });
});

describe('CANCEL of an INVITE client transaction (RFC 3261 9.1)', () => {
  it('waits for a provisional response, then sends a CANCEL with the INVITE branch, and the 487 is ACKed', () => {
    const k = kit();
    const { tx, invite } = start(k);
    const cancelTu = recordingClient(k.clock);
    assert.equal(
      k.layer.cancel(tx, cancelTu, [['Reason', 'SIP;cause=200;text="Call completed elsewhere"']]),
      'deferred',
    );
    assert.equal(k.transport.requests('CANCEL').length, 0);
    k.clock.advance(800);
    k.deliver(responseTo(invite, 180));
    const [cancel] = k.transport.requests('CANCEL');
    assert.ok(cancel);
    assert.deepEqual(cancel.uri, invite.uri);
    assert.equal(cancel.via.length, 1);
    assert.equal(cancel.topVia?.branch, tx.branch);
    assert.equal(cancel.get('from'), invite.get('from'));
    assert.equal(cancel.get('to'), invite.get('to'));
    assert.equal(cancel.callId, invite.callId);
    assert.deepEqual(cancel.cseq, { seq: 7, method: 'CANCEL' });
    assert.deepEqual(cancel.getAll('route'), invite.getAll('route'));
    assert.equal(cancel.get('reason'), 'SIP;cause=200;text="Call completed elsewhere"');
    assert.equal(k.layer.size.client, 2);

    // Responses with the shared branch go to the transaction of their CSeq method.
    k.deliver(responseTo(cancel, 200));
    k.deliver(responseTo(invite, 487));
    assert.deepEqual(
      cancelTu.events.map((e) => (e.type === 'response' ? e.status : e.type)),
      [200],
    );
    assert.equal(tx.state, 'Completed');
    assert.deepEqual(tx.runningTimers, ['D']); // the RFC 3261 9.1 guard is off
    assert.equal(k.transport.requests('ACK').length, 1);
    k.clock.advance(32_000);
    assertGone(k);
  });

  it('sends at once in Proceeding, and not twice', () => {
    const k = kit();
    const { tx, invite } = start(k);
    k.deliver(responseTo(invite, 183));
    const cancelTu = recordingClient(k.clock);
    assert.equal(k.layer.cancel(tx, cancelTu), 'sent');
    assert.equal(k.layer.cancel(tx, cancelTu), 'sent');
    assert.equal(k.transport.requests('CANCEL').length, 1);
    k.deliver(responseTo(k.transport.requests('CANCEL')[0]!, 200));
    k.deliver(responseTo(invite, 487));
    k.clock.advance(32_000);
    assertGone(k);
  });

  it('sends nothing when a final response comes before any provisional one', () => {
    const k = kit();
    const { tx, invite } = start(k);
    assert.equal(k.layer.cancel(tx, recordingClient(k.clock)), 'deferred');
    k.deliver(responseTo(invite, 200));
    assert.equal(k.transport.requests('CANCEL').length, 0);
    assert.equal(k.layer.cancel(tx, recordingClient(k.clock)), 'too-late');
    k.clock.advance(32_000);
    assertGone(k);
  });

  it('gives the INVITE up as timed out when no final response comes within 64*T1 of the CANCEL', () => {
    const k = kit();
    const { tu, tx, invite } = start(k);
    k.deliver(responseTo(invite, 180));
    k.clock.advance(10_000);
    const cancelTu = recordingClient(k.clock);
    k.layer.cancel(tx, cancelTu);
    k.deliver(responseTo(k.transport.requests('CANCEL')[0]!, 200));
    k.clock.advance(31_999);
    assert.equal(tx.state, 'Proceeding');
    k.clock.advance(1);
    assert.equal(tx.state, 'Terminated');
    assert.equal(tx.lastEvent, 'cancelTimeout');
    assert.deepEqual(
      tu.events.map((e) => `${e.type}@${e.at}`),
      ['response@0', 'timeout@42000', 'terminated@42000'],
    );
    assertGone(k);
  });
});
