// The non-INVITE client transaction through the layer: Timer E schedule in Trying and Proceeding, Timer F, Timer K.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NonInviteClientTransaction } from './non-invite-client-transaction.ts';
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
  const request = outgoing('OPTIONS');
  const tx = k.layer.sendRequest(request, peer, tu) as NonInviteClientTransaction;
  return { tu, request, tx };
}

const isOptions = (m: { kind: string; method?: string }) =>
  m.kind === 'request' && m.method === 'OPTIONS';

describe('non-INVITE client transaction', () => {
  it('on UDP retransmits with Timer E doubling to T2, and times out with Timer F at 32 s', () => {
    const k = kit();
    const { tu, tx } = start(k);
    assert.equal(tx.state, 'Trying');
    k.clock.advance(32_000);
    assert.deepEqual(
      k.transport.times(isOptions),
      [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500],
    );
    assert.equal(tx.state, 'Terminated');
    assert.equal(tx.lastEvent, 'timerF');
    assert.deepEqual(
      tu.events.map((e) => `${e.type}@${e.at}`),
      ['timeout@32000', 'terminated@32000'],
    );
    assertGone(k);
  });

  it('in Proceeding retransmits every T2 (RFC 3261 17.1.2.2)', () => {
    const k = kit();
    const { tu, tx, request } = start(k);
    k.clock.advance(600);
    k.deliver(responseTo(request, 100));
    assert.equal(tx.state, 'Proceeding');
    k.clock.advance(31_400);
    assert.deepEqual(
      k.transport.times(isOptions),
      [0, 500, 1500, 5500, 9500, 13500, 17500, 21500, 25500, 29500],
    );
    assert.deepEqual(
      tu.events.map((e) => e.type),
      ['response', 'timeout', 'terminated'],
    );
    assertGone(k);
  });

  it('on a final response stops retransmitting, absorbs its retransmissions, and ends with Timer K = T4', () => {
    const k = kit();
    const { tu, tx, request } = start(k);
    k.clock.advance(1000);
    const ok = responseTo(request, 200);
    k.deliver(ok);
    assert.equal(tx.state, 'Completed');
    assert.deepEqual(tx.runningTimers, ['K']);
    k.deliver(ok);
    k.deliver(responseTo(request, 100));
    k.clock.advance(4999);
    assert.equal(tx.state, 'Completed');
    k.clock.advance(1);
    assert.equal(tx.lastEvent, 'timerK');
    assert.deepEqual(k.transport.times(isOptions), [0, 500]);
    assert.deepEqual(
      tu.events.map((e) => (e.type === 'response' ? e.status : e.type)),
      [200, 'terminated'],
    );
    assertGone(k);
  });

  it('on a reliable transport runs Timer F only and ends at once on a final response (Timer K = 0)', () => {
    const k = kit();
    const { tu, tx, request } = start(k, PEER_TCP);
    assert.deepEqual(tx.runningTimers, ['F']);
    k.clock.advance(20_000);
    assert.deepEqual(k.transport.times(isOptions), [0]);
    k.deliver(responseTo(request, 404), PEER_TCP);
    assert.equal(tx.state, 'Terminated');
    assert.deepEqual(
      tu.events.map((e) => e.type),
      ['response', 'terminated'],
    );
    assertGone(k);
  });

  it('reports a transport error on a retransmission and ends', async () => {
    const k = kit();
    const { tu, tx } = start(k);
    k.transport.fail = () => true;
    k.clock.advance(500);
    await flush();
    assert.equal(tx.state, 'Terminated');
    assert.equal(tx.lastEvent, 'transportError');
    assert.deepEqual(
      tu.events.map((e) => e.type),
      ['transport-error', 'terminated'],
    );
    assertGone(k);
  });
});
