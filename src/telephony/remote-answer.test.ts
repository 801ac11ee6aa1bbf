// Remote answer and auto-answer of an outbound leg: the headers an INVITE to a desk phone carries,
// and a forked leg sending NOTIFY Event: talk only to the ringing phones that offered it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../platform/index.ts';
import type { SipRequest } from './sip/message/index.ts';
import type { Peer } from './sip/transport/index.ts';
import { ANSWER, PHONE, phoneResponse, single } from './sip/dialog/dialog-test-kit.ts';
import { ForkedInvite } from './forked-invite.ts';
import { extensionHeaders, outboundRoute } from './outbound-route.ts';
import type { SipStack } from './sip/sip-stack.ts';

const DESK: Peer = { protocol: 'udp', address: '203.0.113.6', port: 5062 };
const TALK = 'Allow-Events: talk, hold';

function forked() {
  const t = single();
  const forks = new ForkedInvite({ dialogs: t.layer, logger: silentLogger() }, [
    { target: 'sip:1001@203.0.113.5:5062', from: '<sip:13800138000@h>', destination: PHONE },
    { target: 'sip:1001@203.0.113.6:5062', from: '<sip:13800138000@h>', destination: DESK },
  ]);
  forks.start();
  const invites = t.transport.requests('INVITE');
  /** Each `talk` the leg heard (a phone offered remote answer). */
  const talks: number[] = [];
  forks.on('talk', () => talks.push(t.clock.now()));
  /** The phone of fork i sends a 1xx (or 2xx) to its INVITE. */
  const respond = (i: number, status: number, headers: string[] = [], body?: string) =>
    t.deliver(
      phoneResponse(invites[i]!, status, {
        toTag: `ph${i}`,
        headers: [`Contact: <sip:1001@203.0.113.${5 + i}:5062>`, ...headers],
        ...(body ? { body } : {}),
      }),
      i === 0 ? PHONE : DESK,
    );
  const notifies = (): SipRequest[] => t.transport.requests('NOTIFY');
  return { ...t, forks, invites, talks, respond, notifies };
}

describe('an INVITE to a desk phone', () => {
  it('offers the talk and hold event packages, and asks an auto-answering phone to pick up', () => {
    assert.deepEqual(extensionHeaders('192.0.2.1', false), [['Allow-Events', 'talk, hold']]);
    assert.deepEqual(extensionHeaders('2001:db8::1', true), [
      ['Allow-Events', 'talk, hold'],
      ['Call-Info', '<sip:[2001:db8::1]>;answer-after=0'],
      ['Alert-Info', '<http://127.0.0.1/>;info=alert-autoanswer'],
    ]);
    const stack = {
      location: {
        lookup: () => [
          { aor: '1001', contact: 'sip:1001@203.0.113.5:5062', source: PHONE, q: 1 },
          { aor: '1001', contact: 'sip:1001@203.0.113.6:5062', source: DESK, q: 1 },
        ],
      },
    } as unknown as SipStack;
    const route = outboundRoute(
      {
        type: 'leg.originate',
        legId: 'b1',
        target: { kind: 'extension', extension: '1001' },
        from: { number: '13800138000' },
        timeoutMs: 20_000,
        autoAnswer: true,
      },
      { stack, trunks: undefined, localHost: '192.0.2.1', logger: silentLogger() },
    );
    assert.ok(route);
    assert.equal(route.forks.length, 2);
    for (const fork of route.forks)
      assert.deepEqual(
        [...(fork.headers ?? [])].map((h) => ('name' in h ? h.name : h[0])),
        ['Allow-Events', 'Call-Info', 'Alert-Info'],
      );
  });
});

describe('a forked leg answered remotely', () => {
  it('sends NOTIFY Event: talk only to the ringing phone that offered it; its answer wins', async () => {
    const t = forked();
    t.respond(1, 180); // the desk phone rings first, without remote answer
    t.clock.advance(10);
    assert.equal(t.forks.state, 'ringing');
    assert.equal(t.forks.remoteAnswer, false);
    assert.deepEqual(await t.forks.answerRemotely(), { status: 489, outcome: 'response' });
    assert.equal(t.notifies().length, 0, 'nothing is sent when no phone offered it');

    t.respond(0, 180, [TALK]);
    assert.equal(t.forks.remoteAnswer, true);
    assert.equal(t.talks.length, 1, 'the leg hears that it can be answered from the desk now');
    t.respond(0, 180, [TALK]);
    assert.equal(t.talks.length, 1, 'once per phone');

    let answered = false;
    t.forks.on('answered', () => (answered = true));
    const outcome = t.forks.answerRemotely();
    assert.equal(t.notifies().length, 1);
    const notify = t.notifies()[0]!;
    assert.equal(
      notify.callId,
      t.invites[0]!.callId,
      'in the early dialog of the phone that offered it',
    );
    t.deliver(phoneResponse(notify, 200), PHONE);
    assert.deepEqual(await outcome, { status: 200, outcome: 'response' });
    t.respond(0, 200, [], ANSWER);
    assert.ok(answered);
    assert.equal(t.forks.state, 'answered');
    assert.equal(t.forks.remoteAnswer, false);
    t.clock.advance(10);
    assert.equal(
      t.transport.requests('CANCEL').filter((c) => c.callId === t.invites[1]!.callId).length,
      1,
      'the other phone is cancelled',
    );
    t.layer.close();
  });

  it('resolves with the refusal when every phone that offered it refuses', async () => {
    const t = forked();
    t.respond(0, 180, [TALK]);
    t.respond(1, 183, [TALK], ANSWER); // early media
    const outcome = t.forks.answerRemotely();
    const [first, second] = t.notifies();
    assert.ok(first && second, 'both phones are asked');
    t.deliver(phoneResponse(first, 489), PHONE);
    t.deliver(phoneResponse(second, 481), DESK);
    assert.deepEqual(await outcome, { status: 481, outcome: 'response' });
    assert.equal(t.forks.state, 'ringing', 'both still ring');
    t.forks.hangup();
    t.layer.close();
  });
});
