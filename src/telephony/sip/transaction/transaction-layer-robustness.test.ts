// The transaction layer under stress: TU callbacks that throw, malformed requests (400), overload (503), close().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../../../platform/index.ts';
import { SipRequest, createResponse, parseUri } from '../message/index.ts';
import type { InviteClientTransaction } from './invite-client-transaction.ts';
import { TransactionOverloadError } from './transaction-errors.ts';
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

describe('TransactionLayer: robustness', () => {
  it('answers 500 when the TU throws on a new request, and keeps working', () => {
    const errors: string[] = [];
    const k = kit({ onUserError: (_error, callback) => errors.push(callback) });
    k.user.answer = () => {
      throw new Error('TU bug');
    };
    const invite = request({ branch: 'z9hG4bKa' });
    k.deliver(invite);
    k.deliver(request({ method: 'OPTIONS', branch: 'z9hG4bKb' }));
    assert.deepEqual(errors, ['onRequest', 'onRequest']);
    assert.deepEqual(
      k.transport.responses().map((r) => `${r.status} ${r.cseq.method}`),
      ['500 INVITE', '500 OPTIONS'],
    );
    assert.ok(k.transport.responses(500)[0]?.toTag);
    k.deliver(
      request({ method: 'ACK', branch: 'z9hG4bKa', toTag: k.transport.responses(500)[0]!.toTag }),
    );
    k.clock.advance(64_000);
    assertGone(k);
  });

  it('keeps a client transaction running when its TU throws', () => {
    const errors: string[] = [];
    const k = kit({ onUserError: (_error, callback) => errors.push(callback) });
    const tu = {
      onResponse: () => {
        throw new Error('TU bug');
      },
      onTimeout: () => {},
      onTransportError: () => {},
      onTerminated: () => {
        throw new Error('TU bug again');
      },
    };
    const tx = k.layer.sendRequest(outgoing('INVITE'), PEER_UDP, tu) as InviteClientTransaction;
    k.deliver(responseTo(tx.request, 486));
    assert.equal(tx.state, 'Completed');
    assert.equal(k.transport.requests('ACK').length, 1);
    k.clock.advance(32_000);
    assert.deepEqual(errors, ['onResponse', 'onTerminated']);
    assertGone(k);
  });

  it('survives a TU whose stray, ACK and overload callbacks throw', () => {
    const k = kit({ maxTransactions: 1, onUserError: () => {} });
    const boom = () => {
      throw new Error('TU bug');
    };
    k.user.onStrayResponse = boom;
    k.user.onAck = boom;
    k.user.onOverload = boom;
    k.deliver(responseTo(request({ branch: 'z9hG4bKx' }), 200));
    k.deliver(request({ method: 'ACK', branch: 'z9hG4bKy', toTag: 't' }));
    k.deliver(request({ method: 'OPTIONS', branch: 'z9hG4bK1' }));
    k.deliver(request({ method: 'OPTIONS', branch: 'z9hG4bK2' }));
    assert.equal(k.layer.size.server, 1);
    finishAll(k);
    assertGone(k);
  });

  it('answers a request with a malformed CSeq with 400 through a server transaction', () => {
    const k = kit();
    const bad = new SipRequest({
      method: 'INVITE',
      uri: parseUri('sip:bob@example.com'),
      headers: [
        ['Via', 'SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKbad'],
        ['From', '<sip:alice@example.com>;tag=a1'],
        ['To', '<sip:bob@example.com>'],
        ['Call-ID', 'bad@example.com'],
        ['CSeq', 'one INVITE'],
      ],
    });
    k.deliver(bad);
    assert.equal(k.user.events.length, 0);
    const [response] = k.transport.responses(400);
    assert.ok(response);
    assert.match(response.reason, /^Bad Request \(Malformed CSeq header/);
    assert.equal(response.get('cseq'), 'one INVITE');
    assert.ok(response.toTag);
    assert.equal(k.layer.size.server, 1);
    k.deliver(bad); // its retransmission gets the same 400 again
    assert.equal(k.transport.responses(400).length, 2);
    k.clock.advance(64_000);
    assertGone(k);
  });

  it('answers 400 with the headers as written when the To header itself is broken', () => {
    const k = kit();
    k.deliver(
      new SipRequest({
        method: 'OPTIONS',
        uri: parseUri('sip:bob@example.com'),
        headers: [
          ['Via', 'SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKbadto'],
          ['From', '<sip:alice@example.com>;tag=a1'],
          ['To', '<sip:bob@example.com'],
          ['Call-ID', 'bad@example.com'],
          ['CSeq', '1 OPTIONS'],
        ],
      }),
    );
    const [response] = k.transport.responses(400);
    assert.ok(response);
    assert.equal(response.get('to'), '<sip:bob@example.com');
    assert.match(response.reason, /To/);
    k.clock.advance(64_000);
    assertGone(k);
  });

  it('answers 400 for a CSeq method that is not the request method', () => {
    const k = kit();
    const bad = request({ method: 'OPTIONS', branch: 'z9hG4bKm' });
    bad.set('CSeq', '1 INFO');
    k.deliver(bad);
    assert.match(k.transport.responses(400)[0]!.reason, /CSeq method INFO/);
    k.clock.advance(64_000);
    assertGone(k);
  });

  it('answers 400 statelessly when there is no Via to key on, and never answers an ACK', () => {
    const k = kit();
    const noVia = request({ method: 'OPTIONS', branch: 'z9hG4bKv' });
    noVia.remove('Via');
    k.deliver(noVia);
    assert.equal(k.transport.responses(400).length, 1);
    assert.equal(k.layer.size.server, 0);
    const ack = request({ method: 'ACK', branch: 'z9hG4bKv', toTag: 't' });
    ack.set('CSeq', 'x ACK');
    k.deliver(ack);
    assert.equal(k.transport.sent.length, 1);
    assert.equal(k.user.events.length, 0);
    assertGone(k);
  });

  it('refuses new transactions beyond the limit and reports overload so the TU can answer 503', async () => {
    const k = kit({ maxTransactions: 2 });
    const tu = recordingClient(k.clock);
    const invite = k.layer.sendRequest(outgoing('INVITE'), PEER_UDP, tu) as InviteClientTransaction;
    const options = request({ method: 'OPTIONS', branch: 'z9hG4bK1' });
    k.deliver(options);
    const extra = request({ method: 'OPTIONS', branch: 'z9hG4bK2' });
    k.deliver(extra);
    assert.deepEqual(
      k.user.of('overload').map((e) => e.request),
      [extra],
    );
    assert.equal(k.layer.size.server, 1);
    k.deliver(options); // a retransmission still finds its transaction
    assert.equal(k.user.of('overload').length, 1);
    assert.throws(
      () => k.layer.sendRequest(outgoing('OPTIONS'), PEER_UDP, tu),
      (error: unknown) =>
        error instanceof TransactionOverloadError && isHotlineError(error, 'unavailable'),
    );
    // The TU answers the refused request statelessly.
    await k.layer.sendStateless(
      createResponse(extra, 503, undefined, { headers: [['Retry-After', '1']] }),
      PEER_UDP,
    );
    assert.equal(k.transport.responses(503).length, 1);
    // A CANCEL ends work, so it is let through.
    k.deliver(responseTo(invite.request, 180));
    assert.equal(k.layer.cancel(invite, tu), 'sent');
    assert.equal(k.layer.size.client, 2);
    finishAll(k);
    k.deliver(responseTo(invite.request, 487));
    k.clock.advance(64_000);
    assertGone(k);
  });

  it('lets a BYE and a CANCEL in beyond the limit: they end work', () => {
    const k = kit({ maxTransactions: 1 });
    const invite = request({ branch: 'z9hG4bKinv' });
    k.deliver(invite);
    k.deliver(request({ method: 'BYE', branch: 'z9hG4bKbye', callId: 'other', toTag: 't' }));
    k.deliver(request({ method: 'CANCEL', branch: 'z9hG4bKinv' }));
    k.deliver(request({ method: 'OPTIONS', branch: 'z9hG4bKopt' }));
    assert.deepEqual(
      k.user.events.map((e) => e.type),
      ['request', 'request', 'cancel', 'overload'],
    );
    assert.equal(k.layer.size.server, 3);
    finishAll(k);
    assertGone(k);
  });

  it('refuses past the limit a BYE outside a dialog, a CANCEL of nothing, and any beyond the reserve', () => {
    const k = kit({ maxTransactions: 1 });
    k.deliver(request({ branch: 'z9hG4bKinv' }));
    k.deliver(request({ method: 'BYE', branch: 'z9hG4bKb0', callId: 'no-dialog' }));
    k.deliver(request({ method: 'CANCEL', branch: 'z9hG4bKnothing', callId: 'gone' }));
    // The reserve is a tenth of the limit, 16 at least: 16 BYEs ending work get in, the next not.
    for (let i = 0; i <= 16; i++)
      k.deliver(request({ method: 'BYE', branch: `z9hG4bKb${i}`, callId: `d${i}`, toTag: 't' }));
    assert.deepEqual(
      k.user.events.map((e) => e.type),
      ['request', 'overload', 'overload', ...Array<string>(16).fill('request'), 'overload'],
    );
    finishAll(k);
    assertGone(k);
  });

  it('does not count a re-INVITE in a dialog as a new call waiting for its answer', () => {
    const k = kit();
    k.deliver(request({ branch: 'z9hG4bKr1', toTag: 'in-dialog' }));
    assert.equal(k.layer.pendingInvites, 0);
    k.deliver(request({ branch: 'z9hG4bKr2', callId: 'new-call' }));
    assert.equal(k.layer.pendingInvites, 1);
    finishAll(k);
  });

  it('counts the INVITE server transactions still waiting for a final response', () => {
    const k = kit();
    const first = request({ branch: 'z9hG4bKp1' });
    const second = request({ branch: 'z9hG4bKp2', callId: 'call-2' });
    k.deliver(first);
    k.deliver(second);
    k.deliver(request({ method: 'OPTIONS', branch: 'z9hG4bKp3' }));
    assert.equal(k.layer.pendingInvites, 2);
    const [one, two] = k.user.of('request').map((e) => e.transaction);
    one!.respond(responseTo(first, 180));
    assert.equal(k.layer.pendingInvites, 2, 'a provisional response leaves it pending');
    one!.respond(responseTo(first, 486));
    two!.respond(responseTo(second, 200));
    assert.equal(k.layer.pendingInvites, 0);
    k.deliver(first); // a retransmission of an answered INVITE is no new pending one
    assert.equal(k.layer.pendingInvites, 0);
    k.clock.advance(64_000);
    finishAll(k);
    assertGone(k);
    k.deliver(request({ branch: 'z9hG4bKp4', callId: 'call-4' }));
    k.layer.close();
    assert.equal(k.layer.pendingInvites, 0, 'close() forgets the pending ones too');
  });

  it('close() stops every timer, forgets every transaction, and is idempotent', () => {
    const k = kit();
    k.layer.sendRequest(outgoing('INVITE'), PEER_UDP, recordingClient(k.clock));
    k.deliver(request({ branch: 'z9hG4bKc' }));
    k.layer.close();
    k.layer.close();
    assertGone(k);
    k.deliver(request({ branch: 'z9hG4bKd' }));
    assert.equal(k.user.of('request').length, 1);
    assert.throws(
      () => k.layer.sendRequest(outgoing('OPTIONS'), PEER_UDP, recordingClient(k.clock)),
      /closed/,
    );
  });

  it('refuses a limit that is not a positive integer', () => {
    assert.throws(() => kit({ maxTransactions: 0 }), /maxTransactions/);
  });
});
