// The transaction layer: Via branches, matching (RFC 3261 17.1.3, 17.2.3, RFC 2543 fallback), CANCEL (9.2), strays.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipResponse } from '../message/index.ts';
import type { InviteServerTransaction } from './invite-server-transaction.ts';
import {
  assertGone,
  finishAll,
  PEER_UDP,
  kit,
  outgoing,
  recordingClient,
  request,
  responseTo,
} from './transaction-test-kit.ts';

describe('TransactionLayer: client side', () => {
  it('adds a Via with our sent-by, rport and a random magic-cookie branch', () => {
    const k = kit();
    const tx = k.layer.sendRequest(outgoing('OPTIONS'), PEER_UDP, recordingClient(k.clock));
    const via = tx.request.topVia!;
    assert.equal(via.transport, 'UDP');
    assert.equal(via.host, '198.51.100.1');
    assert.equal(via.port, 5060);
    assert.equal(via.hasRport, true);
    assert.match(via.branch!, /^z9hG4bK[A-Za-z0-9_-]{16}$/);
    assert.equal(tx.branch, via.branch);
    const other = k.layer.sendRequest(outgoing('OPTIONS'), PEER_UDP, recordingClient(k.clock));
    assert.notEqual(other.branch, tx.branch);
    k.clock.advance(32_000);
    assertGone(k);
  });

  it('uses a branch the caller gives, or the one already on the Via; refuses one without the cookie', () => {
    const k = kit();
    const tu = recordingClient(k.clock);
    const given = k.layer.sendRequest(outgoing('OPTIONS'), PEER_UDP, tu, { branch: 'z9hG4bKmine' });
    assert.equal(given.request.topVia?.branch, 'z9hG4bKmine');

    const withVia = outgoing('MESSAGE', [['Via', 'SIP/2.0/UDP 198.51.100.1;branch=z9hG4bKkept']]);
    assert.equal(k.layer.sendRequest(withVia, PEER_UDP, tu).branch, 'z9hG4bKkept');

    const overridden = outgoing('INFO', [
      ['Via', 'SIP/2.0/UDP 198.51.100.1;branch=z9hG4bKold;rport'],
    ]);
    k.layer.sendRequest(overridden, PEER_UDP, tu, { branch: 'z9hG4bKnew' });
    assert.equal(overridden.get('via'), 'SIP/2.0/UDP 198.51.100.1;branch=z9hG4bKnew;rport');

    assert.throws(
      () => k.layer.sendRequest(outgoing('OPTIONS'), PEER_UDP, tu, { branch: 'abc' }),
      /z9hG4bK/,
    );
    const legacy = outgoing('OPTIONS', [['Via', 'SIP/2.0/UDP 198.51.100.1;branch=1234']]);
    assert.throws(() => k.layer.sendRequest(legacy, PEER_UDP, tu), /z9hG4bK/);
    assert.throws(
      () => k.layer.sendRequest(outgoing('OPTIONS'), PEER_UDP, tu, { branch: 'z9hG4bKmine' }),
      /already in use/,
    );
    assert.throws(() => k.layer.sendRequest(outgoing('ACK'), PEER_UDP, tu), /sendStateless/);
    const broken = outgoing('OPTIONS');
    broken.set('CSeq', '7 INFO');
    assert.throws(() => k.layer.sendRequest(broken, PEER_UDP, tu), /CSeq method INFO/);
    k.clock.advance(32_000);
    assertGone(k);
  });

  it('matches responses by branch (case-insensitively) and CSeq method; the rest are strays', () => {
    const k = kit();
    const tu = recordingClient(k.clock);
    const tx = k.layer.sendRequest(outgoing('OPTIONS'), PEER_UDP, tu, { branch: 'z9hG4bKAbC' });
    const wrongMethod = responseTo(tx.request, 200);
    wrongMethod.set('CSeq', '7 INFO');
    k.deliver(wrongMethod);
    const otherBranch = responseTo(tx.request, 200);
    otherBranch.set('Via', 'SIP/2.0/UDP 198.51.100.1;branch=z9hG4bKzzz');
    k.deliver(otherBranch);
    const noVia = responseTo(tx.request, 200);
    noVia.remove('Via');
    k.deliver(noVia);
    assert.equal(k.user.of('stray').length, 3);
    assert.equal(tu.events.length, 0);

    const caseChanged = responseTo(tx.request, 200);
    caseChanged.set('Via', 'SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKabc;rport');
    k.deliver(caseChanged);
    assert.equal(tx.state, 'Completed');
    k.clock.advance(5000);
    assertGone(k);
  });

  it('drops a response whose CSeq is malformed (RFC 3261 18.1.2)', () => {
    const k = kit();
    const tx = k.layer.sendRequest(outgoing('OPTIONS'), PEER_UDP, recordingClient(k.clock));
    const bad = new SipResponse({
      status: 200,
      reason: 'OK',
      headers: [
        ['Via', tx.request.get('via')!],
        ['CSeq', 'seven OPTIONS'],
      ],
    });
    k.deliver(bad);
    assert.equal(k.user.of('stray').length, 0);
    assert.equal(tx.state, 'Trying');
    k.clock.advance(32_000);
    assertGone(k);
  });

  it('sends a 2xx ACK outside any transaction, with a Via of its own', async () => {
    const k = kit();
    const ack = outgoing('ACK');
    await k.layer.sendStateless(ack, PEER_UDP);
    assert.match(ack.topVia!.branch!, /^z9hG4bK/);
    assert.equal(k.transport.requests('ACK').length, 1);
    assertGone(k);
  });
});

describe('TransactionLayer: server side matching (RFC 3261 17.2.3)', () => {
  it('keys on branch, sent-by and method', () => {
    const k = kit();
    k.deliver(request({ method: 'OPTIONS', branch: 'z9hG4bKabc' }));
    k.deliver(request({ method: 'OPTIONS', branch: 'z9hG4bKabc', sentBy: '192.0.2.99:5060' }));
    // RFC 3261 7.3.1: parameter values compare case-insensitively; a retransmission.
    k.deliver(request({ method: 'OPTIONS', branch: 'z9hG4bKABC', sentBy: '192.0.2.10:5060' }));
    k.deliver(request({ method: 'INFO', branch: 'z9hG4bKabc' }));
    k.deliver(request({ method: 'OPTIONS', branch: 'z9hG4bK2' }));
    assert.equal(k.user.of('request').length, 4);
    assert.equal(k.layer.size.server, 4);
    finishAll(k);
    assertGone(k);
  });

  it('falls back to RFC 2543 matching without the magic cookie: INVITE retransmission and ACK by To tag', () => {
    const k = kit();
    const invite = request({ branch: undefined, callId: 'old@example.com' });
    k.deliver(invite);
    k.deliver(request({ branch: undefined, callId: 'old@example.com' })); // retransmission
    assert.equal(k.user.of('request').length, 1);
    k.deliver(request({ branch: undefined, callId: 'old@example.com', cseq: 2 })); // a new one
    assert.equal(k.user.of('request').length, 2);
    const tx = k.user.of('request')[0]!.transaction as InviteServerTransaction;
    tx.respond(responseTo(invite, 486, 'uas-2543'));
    // An ACK with another To tag (the ACK of some 2xx) is not this transaction's.
    k.deliver(
      request({ method: 'ACK', branch: undefined, callId: 'old@example.com', toTag: 'other' }),
    );
    assert.equal(tx.state, 'Completed');
    assert.equal(k.user.of('ack').length, 1);
    k.deliver(
      request({ method: 'ACK', branch: undefined, callId: 'old@example.com', toTag: 'uas-2543' }),
    );
    assert.equal(tx.state, 'Confirmed');
    finishAll(k);
    assertGone(k);
  });

  it('treats a branch without the cookie as RFC 2543 too', () => {
    const k = kit();
    k.deliver(request({ method: 'OPTIONS', branch: '1234' }));
    k.deliver(request({ method: 'OPTIONS', branch: '1234' }));
    k.deliver(request({ method: 'OPTIONS', branch: '1234', fromTag: 'other' }));
    assert.equal(k.user.of('request').length, 2);
    finishAll(k);
    assertGone(k);
  });
});

describe('TransactionLayer: CANCEL (RFC 3261 9.2)', () => {
  it('finds the INVITE server transaction a CANCEL targets; the CANCEL has a transaction of its own', () => {
    const k = kit();
    const invite = request({ branch: 'z9hG4bKinv' });
    k.deliver(invite);
    const ist = k.user.of('request')[0]!.transaction as InviteServerTransaction;
    ist.respond(responseTo(invite, 180, 'uas'));
    const cancel = request({ method: 'CANCEL', branch: 'z9hG4bKinv' });
    k.deliver(cancel);
    const [event] = k.user.of('cancel');
    assert.ok(event);
    assert.equal(event.target, ist);
    assert.equal(event.transaction.kind, 'non-invite-server');
    assert.notEqual(event.transaction, ist);
    // What a UAS core does with it: 200 to the CANCEL, 487 to the INVITE.
    event.transaction.respond(responseTo(cancel, 200, 'uas'));
    ist.respond(responseTo(invite, 487, 'uas'));
    k.deliver(cancel); // retransmitted CANCEL: absorbed, the 200 resent
    assert.equal(k.user.of('cancel').length, 1);
    assert.deepEqual(
      k.transport.responses().map((r) => `${r.status} ${r.cseq.method}`),
      ['180 INVITE', '200 CANCEL', '487 INVITE', '200 CANCEL'],
    );
    k.deliver(request({ method: 'ACK', branch: 'z9hG4bKinv', toTag: 'uas' }));
    assert.equal(ist.state, 'Confirmed');
    k.clock.advance(64_000);
    assertGone(k);
  });

  it('reports no target for a CANCEL matching no INVITE (the TU answers 481)', () => {
    const k = kit();
    k.deliver(request({ branch: 'z9hG4bKinv' }));
    k.deliver(request({ method: 'CANCEL', branch: 'z9hG4bKnone' }));
    k.deliver(request({ method: 'CANCEL', branch: 'z9hG4bKinv', sentBy: '192.0.2.77:5060' }));
    assert.deepEqual(
      k.user.of('cancel').map((e) => e.target),
      [undefined, undefined],
    );
    finishAll(k);
    assertGone(k);
  });

  it('matches a CANCEL from an RFC 2543 client by the INVITE fields', () => {
    const k = kit();
    k.deliver(request({ branch: undefined, callId: 'legacy@example.com' }));
    k.deliver(request({ method: 'CANCEL', branch: undefined, callId: 'legacy@example.com' }));
    const [event] = k.user.of('cancel');
    assert.equal(event?.target, k.user.of('request')[0]?.transaction);
    finishAll(k);
    assertGone(k);
  });
});
