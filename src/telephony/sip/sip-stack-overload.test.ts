// The stack under overload (RFC 3261 §21.5.4): new INVITEs beyond the pending limit or while the
// media takes no call get 503 with a randomized Retry-After before any handler sees them; requests
// inside a dialog always pass; OPTIONS get 503 meanwhile; each refusal is reported with its reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../platform/index.ts';
import type { SipMessage, SipRequest, SipResponse } from './message/index.ts';
import { SipStack, type SipStackEvents } from './sip-stack.ts';
import { request, responseTo } from './transaction/transaction-test-kit.ts';
import type { ServerTransaction } from './transaction/index.ts';
import type { Peer } from './transport/index.ts';
import { OverloadGuard } from './ua/overload-guard.ts';

const CARRIER: Peer = { protocol: 'udp', address: '192.0.2.7', port: 5060 };

function overloadedStack(options: { maxPendingInvites?: number; random?: () => number } = {}) {
  const clock = new FakeClock(0);
  const stack = new SipStack({
    clock,
    listen: [],
    registrar: {
      realm: 'r',
      minExpires: 60,
      maxExpires: 3600,
      defaultExpires: 3600,
      maxContacts: 3,
    },
    lookupHa1: () => Promise.resolve(undefined),
    nonceSecrets: ['a-test-secret-of-32-bytes-at-least'],
    overload: {
      ...(options.maxPendingInvites === undefined
        ? {}
        : { maxPendingInvites: options.maxPendingInvites }),
      ...(options.random ? { random: options.random } : {}),
    },
  });
  const sent: SipMessage[] = [];
  stack.transport.send = (message: SipMessage) => {
    sent.push(message);
    return Promise.resolve();
  };
  const handled: { request: SipRequest; transaction: ServerTransaction }[] = [];
  for (const method of ['INVITE', 'BYE', 'OPTIONS'])
    stack.handle(method, (req, transaction) => {
      handled.push({ request: req, transaction });
    });
  const refusals: SipStackEvents['overload'][] = [];
  stack.on('overload', (e) => refusals.push(e));
  let branch = 0;
  const deliver = (spec: Parameters<typeof request>[0] = {}): SipRequest => {
    const req = request({ branch: `z9hG4bK${++branch}`, callId: `call-${branch}`, ...spec });
    stack.transactions.receive({
      message: req,
      source: CARRIER,
      local: { address: '198.51.100.1', port: 5060 },
      receivedAt: clock.now(),
    });
    return req;
  };
  const finals = (): string[] =>
    sent
      .filter((m): m is SipResponse => m.kind === 'response' && m.status >= 200)
      .map((r) => `${r.status} ${r.cseq.method}`);
  return { stack, clock, sent, handled, refusals, deliver, finals };
}

describe('SipStack under overload', () => {
  it('refuses INVITEs beyond the pending limit with 503 and Retry-After, before any handler', () => {
    const s = overloadedStack({ maxPendingInvites: 2, random: () => 0.5 });
    s.deliver();
    s.deliver();
    const third = s.deliver();
    assert.equal(s.handled.length, 2, 'the handler never saw the third INVITE');
    const refused = s.sent.find((m): m is SipResponse => m.kind === 'response' && m.status === 503);
    assert.ok(refused);
    assert.equal(refused.callId, third.callId);
    assert.equal(refused.reason, 'Service Unavailable', 'no internals in the reason phrase');
    assert.equal(refused.get('retry-after'), '10');
    assert.ok(refused.toTag, 'a final response carries a To tag');
    assert.deepEqual(s.refusals, [
      { method: 'INVITE', source: '192.0.2.7', reason: 'pending-invites' },
    ]);
  });

  it('never refuses requests inside a dialog: BYE and re-INVITE pass at the limit', () => {
    const s = overloadedStack({ maxPendingInvites: 1 });
    s.deliver();
    s.deliver({ method: 'BYE', toTag: 'them' });
    s.deliver({ toTag: 'them' });
    assert.deepEqual(
      s.handled.map((h) => `${h.request.method} ${h.request.toTag ?? '-'}`),
      ['INVITE -', 'BYE them', 'INVITE them'],
    );
    assert.deepEqual(s.refusals, []);
  });

  it('answers OPTIONS 503 while new calls would be refused, and takes calls again once INVITEs are answered', () => {
    const s = overloadedStack({ maxPendingInvites: 1 });
    const first = s.deliver();
    s.deliver({ method: 'OPTIONS' });
    assert.deepEqual(s.finals(), ['503 OPTIONS']);
    assert.deepEqual(
      s.refusals.map((r) => `${r.method} ${r.reason}`),
      ['OPTIONS pending-invites'],
    );
    const pending = s.handled[0]!.transaction;
    pending.respond(responseTo(first, 486));
    assert.equal(s.stack.transactions.pendingInvites, 0);
    s.deliver({ method: 'OPTIONS' });
    s.deliver();
    assert.deepEqual(
      s.handled.map((h) => h.request.method),
      ['INVITE', 'OPTIONS', 'INVITE'],
    );
  });

  it('refuses new INVITEs and OPTIONS while the media admits no call, whatever the pending count', () => {
    const s = overloadedStack();
    let admits = false;
    s.stack.overload.setAdmission(() => admits);
    s.deliver();
    s.deliver({ method: 'OPTIONS' });
    s.deliver({ method: 'BYE', toTag: 'them' });
    assert.deepEqual(s.finals(), ['503 INVITE', '503 OPTIONS']);
    assert.deepEqual(
      s.refusals.map((r) => r.reason),
      ['media', 'media'],
    );
    assert.deepEqual(
      s.handled.map((h) => h.request.method),
      ['BYE'],
    );
    admits = true;
    s.deliver();
    assert.deepEqual(
      s.handled.map((h) => h.request.method),
      ['BYE', 'INVITE'],
    );
  });

  it('has no pending limit unless one is configured', () => {
    const s = overloadedStack();
    for (let i = 0; i < 50; i++) s.deliver();
    assert.equal(s.handled.length, 50);
    assert.equal(s.stack.transactions.pendingInvites, 50);
  });
});

describe('OverloadGuard', () => {
  it('draws Retry-After evenly over its range of whole seconds', () => {
    const draws = [0, 0.0999, 0.5, 0.9999];
    const guard = new OverloadGuard({
      retryAfterSeconds: { min: 5, max: 14 },
      random: () => draws.shift() ?? 0,
    });
    assert.deepEqual(
      [1, 2, 3, 4].map(() => guard.retryAfter()),
      [5, 5, 10, 14],
    );
    assert.equal(new OverloadGuard({ random: () => 0.99999 }).retryAfter(), 15);
  });

  it('refuses settings that make no sense, naming them', () => {
    assert.throws(() => new OverloadGuard({ maxPendingInvites: -1 }), /maxPendingInvites/);
    assert.throws(() => new OverloadGuard({ maxPendingInvites: 1.5 }), /maxPendingInvites/);
    assert.throws(
      () => new OverloadGuard({ retryAfterSeconds: { min: 0, max: 3 } }),
      /retryAfterSeconds/,
    );
    assert.throws(
      () => new OverloadGuard({ retryAfterSeconds: { min: 9, max: 3 } }),
      /retryAfterSeconds/,
    );
  });
});
