// How a B2BUA drives the layer: two legs per call, each with its own dialog and its own offer/answer (sdp/ module), nothing copied between them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../platform/index.ts';
import { OfferAnswerSession, resolveSdpConfig } from '../sdp/index.ts';
import type { InviteSession } from './invite-session.ts';
import type { UacInviteSession } from './uac-invite-session.ts';
import type { UasInviteSession } from './uas-invite-session.ts';
import { type Endpoint, OFFER, endpoint, flush, sdp } from './dialog-test-kit.ts';

function trio() {
  const clock = new FakeClock(0);
  const phone = endpoint(clock, '192.0.2.1', {});
  const hotline = endpoint(clock, '192.0.2.2', {});
  const agent = endpoint(clock, '192.0.2.3', {});
  const all = [phone, hotline, agent];
  for (const end of all) {
    end.pipe.route = (destination) =>
      all.find((e) => e.peer.address === destination.address)?.stack.transactions;
  }
  return { clock, phone, hotline, agent, all };
}

/** A minimal B2BUA: bridges each inbound call to the agent, relaying answer, hold and hangup. */
function b2bua(hotline: Endpoint, agent: Endpoint) {
  const config = resolveSdpConfig({ codecs: ['PCMU'] });
  const calls: { inbound: UasInviteSession; outbound: UacInviteSession }[] = [];
  hotline.layer.on('invite', (inbound) => {
    const legIn = new OfferAnswerSession({
      config,
      endpoint: { addresses: ['192.0.2.2'], port: 20000 },
    });
    const legOut = new OfferAnswerSession({
      config,
      endpoint: { addresses: ['192.0.2.2'], port: 20002 },
    });
    const offer = legOut.createOffer();
    assert.ok(offer.ok);
    const outbound = hotline.layer.invite({
      target: 'sip:agent@192.0.2.3',
      from: '<sip:4008001000@192.0.2.2>',
      localSdp: offer.value.sdp,
      destination: agent.peer,
    });
    calls.push({ inbound, outbound });
    outbound.on('ringing', () => inbound.ring());
    outbound.on('answered', ({ sdp: answer }) => {
      assert.ok(answer !== undefined && legOut.receiveAnswer(answer).ok);
      const ours = legIn.receiveOffer(inbound.offer ?? '');
      assert.ok(ours.ok);
      inbound.answer(ours.value.sdp);
    });
    // The agent holds: answer it on its leg, and hold the caller on the other.
    outbound.on('reinvite', (remote) => {
      const answer = legOut.receiveOffer(remote.sdp ?? '');
      if (!answer.ok) return remote.reject(488);
      remote.accept(answer.value.sdp);
      const direction = remote.hold === 'none' ? 'sendrecv' : 'sendonly';
      void inbound
        .reinvite(() => {
          legIn.cancelOffer();
          const held = legIn.createOffer({ direction });
          assert.ok(held.ok);
          return held.value.sdp;
        })
        .then((result) => {
          if (result.ok && result.sdp !== undefined) legIn.receiveAnswer(result.sdp);
          else legIn.cancelOffer();
        });
    });
    const bridgeEnd = (from: InviteSession, to: InviteSession) =>
      from.on('ended', () => to.hangup());
    bridgeEnd(inbound, outbound);
    bridgeEnd(outbound, inbound);
  });
  return calls;
}

describe('a B2BUA over the dialog layer', () => {
  it("bridges a call, relays the agent's hold to the caller, and ends both legs", async () => {
    const t = trio();
    const calls = b2bua(t.hotline, t.agent);
    const holds: string[] = [];
    let agentLeg: UasInviteSession | undefined;
    t.agent.layer.on('invite', (session) => {
      agentLeg = session;
      session.ring();
      t.clock.after(1_000, () => session.answer(sdp('192.0.2.3', 60000)));
    });
    const caller = t.phone.layer.invite({
      target: 'sip:4008001000@192.0.2.2',
      from: '<sip:1001@192.0.2.1>',
      localSdp: OFFER,
      headers: [['X-Customer', '42']],
    });
    caller.on('reinvite', (remote) => {
      holds.push(remote.hold ?? 'unknown');
      remote.accept(
        sdp('192.0.2.1', 40000, remote.hold === 'none' ? 'sendrecv' : 'recvonly', 2 + holds.length),
      );
    });
    t.clock.advance(2_000);
    assert.equal(caller.state, 'confirmed');
    assert.ok(agentLeg !== undefined);
    assert.equal(agentLeg.state, 'confirmed');
    const [call] = calls;
    assert.ok(call !== undefined);
    // Each leg is a dialog of its own: Call-ID, tags and CSeq; no header crossed over.
    assert.notEqual(call.inbound.callId, call.outbound.callId);
    assert.equal(t.hotline.pipe.requests('INVITE')[0]?.get('x-customer'), undefined);
    const hold = agentLeg.reinvite(sdp('192.0.2.3', 60000, 'sendonly', 2));
    t.clock.advance(500);
    assert.equal((await hold).ok, true);
    await flush();
    t.clock.advance(500);
    assert.deepEqual(holds, ['sendonly']);
    caller.hangup();
    t.clock.advance(1_000);
    assert.deepEqual(caller.ended, { cause: 'local', by: 'local' });
    assert.deepEqual(call.inbound.ended, { cause: 'normal', by: 'remote' });
    assert.deepEqual(call.outbound.ended, { cause: 'local', by: 'local' });
    assert.deepEqual(agentLeg?.ended, { cause: 'normal', by: 'remote' });
    t.clock.advance(300_000);
    for (const end of t.all) {
      assert.deepEqual(end.layer.size, { sessions: 0, dialogs: 0, pending: 0 });
      assert.deepEqual(end.stack.transactions.size, { client: 0, server: 0 });
    }
    assert.equal(t.clock.pendingTimers, 0);
  });
});
