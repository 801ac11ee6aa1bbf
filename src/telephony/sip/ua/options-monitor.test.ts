// OPTIONS keep-alive on a fake clock: up on any answer but 408/503, down on silence, RTT measured, events only on change.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PEER_UDP, flush, kit, responseTo } from '../transaction/transaction-test-kit.ts';
import { OptionsMonitor, answeredUp, type PeerState } from './options-monitor.ts';

function setup(timeoutMs?: number) {
  const k = kit();
  const monitor = new OptionsMonitor({
    transactions: k.layer,
    transport: k.transport,
    clock: k.clock,
    peer: PEER_UDP,
    uri: 'sip:192.0.2.10:5060',
    from: 'sip:hotline@198.51.100.1',
    intervalMs: 10_000,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  const changes: [PeerState, PeerState][] = [];
  monitor.on('status', (e) => changes.push([e.from, e.to]));
  const seen = new Set<string>();
  /** The probes sent since the last call (UDP retransmissions left out). */
  const sent = () => {
    const fresh = k.transport.requests('OPTIONS').filter((r) => !seen.has(r.callId));
    for (const r of fresh) seen.add(r.callId);
    return fresh;
  };
  const answer = async (status: number) => {
    const request = sent().at(-1);
    assert.ok(request, 'an OPTIONS was sent');
    k.deliver(responseTo(request, status));
    await flush();
  };
  return { k, monitor, changes, sent, answer };
}

describe('OptionsMonitor', () => {
  it('is unknown until the first answer, then up with the round-trip time', async () => {
    const { k, monitor, changes, answer } = setup();
    assert.equal(monitor.status.state, 'unknown');
    monitor.start();
    k.clock.advance(42);
    await answer(200);
    assert.equal(monitor.status.state, 'up');
    assert.equal(monitor.status.lastRttMs, 42);
    assert.equal(monitor.status.since, 42);
    assert.deepEqual(changes, [['unknown', 'up']]);
    monitor.stop();
  });

  it('counts a 405 as up (the peer is there), goes down on silence and up again on an answer', async () => {
    const { k, monitor, changes, sent, answer } = setup();
    monitor.start();
    await answer(405);
    assert.equal(monitor.status.state, 'up');
    k.clock.advance(10_000);
    await flush();
    assert.equal(sent().length, 1, 'the next probe, one interval later');
    k.clock.advance(10_000); // no answer within the interval: down (the next probe goes out too)
    await flush();
    assert.equal(monitor.status.state, 'down');
    assert.equal(monitor.status.lastStatus, 408);
    assert.equal(monitor.status.since, 20_000);
    k.clock.advance(5);
    await answer(200);
    assert.equal(monitor.status.state, 'up');
    assert.deepEqual(changes, [
      ['unknown', 'up'],
      ['up', 'down'],
      ['down', 'up'],
    ]);
    monitor.stop();
  });

  it('treats 503 as down, and a late answer to a probe already given up as nothing', async () => {
    const { k, monitor, sent, answer } = setup(2_000);
    monitor.start();
    await answer(503);
    assert.equal(monitor.status.state, 'down');
    assert.equal(monitor.status.lastStatus, 503);
    k.clock.advance(10_000);
    const [late] = sent();
    k.clock.advance(2_000);
    await flush();
    assert.equal(monitor.status.lastStatus, 408);
    k.deliver(responseTo(late!, 200));
    await flush();
    assert.equal(monitor.status.state, 'down', 'its deadline had passed');
    monitor.stop();
  });

  it('goes down when the peer cannot be reached, and stops cleanly', async () => {
    const { k, monitor, sent } = setup();
    k.transport.fail = () => true;
    monitor.start();
    await flush();
    await flush();
    assert.equal(monitor.status.state, 'down');
    assert.equal(monitor.status.lastStatus, 503);
    monitor.stop();
    assert.equal(monitor.status.state, 'unknown');
    sent();
    k.clock.advance(120_000);
    assert.equal(sent().length, 0, 'no probe after stop');
    assert.equal(k.clock.pendingTimers, 0);
  });

  it('sends a well-formed OPTIONS: our Contact, a new Call-ID per probe, no dialog', async () => {
    const { k, monitor, sent, answer } = setup();
    monitor.start();
    await flush();
    const [first] = sent();
    assert.equal(first!.get('Contact'), '<sip:198.51.100.1:5060>');
    assert.equal(first!.toTag, undefined);
    k.deliver(responseTo(first!, 200));
    k.clock.advance(10_000);
    const [second] = sent();
    assert.notEqual(second!.callId, first!.callId);
    assert.ok(second!.cseq.seq > first!.cseq.seq);
    k.deliver(responseTo(second!, 200));
    await flush();
    monitor.stop();
    void answer;
  });

  it('decides up or down per status as RFC 3261 §11 and §21 suggest', () => {
    assert.deepEqual(
      [200, 403, 404, 405, 408, 480, 500, 503, 603].map((s) => [s, answeredUp(s)]),
      [
        [200, true],
        [403, true],
        [404, true],
        [405, true],
        [408, false],
        [480, true],
        [500, true],
        [503, false],
        [603, true],
      ],
    );
  });
});
