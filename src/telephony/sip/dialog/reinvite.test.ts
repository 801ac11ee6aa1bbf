// re-INVITE and UPDATE between two dialog layers: hold and resume, glare (491) with the RFC 3261 §14.1 back-off, refusals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RemoteOffer } from './session-events.ts';
import { ANSWER, OFFER, assertClean, established, hangUp, pair, sdp } from './dialog-test-kit.ts';

describe('re-INVITE', () => {
  it('holds and resumes: the callee sees the hold in the offer and answers it', async () => {
    const p = pair();
    const { uac, uas } = established(p);
    const seen: RemoteOffer[] = [];
    uas.on('reinvite', (offer) => {
      seen.push(offer);
      offer.accept(
        sdp('192.0.2.2', 50000, offer.hold === 'none' ? 'sendrecv' : 'recvonly', 2 + seen.length),
      );
    });
    const hold = uac.reinvite(sdp('192.0.2.1', 40000, 'sendonly', 2));
    p.clock.advance(100);
    const held = await hold;
    assert.equal(held.ok, true);
    assert.equal(seen[0]?.hold, 'sendonly');
    assert.equal(held.ok && held.sdp, sdp('192.0.2.2', 50000, 'recvonly', 3));
    assert.equal(uac.localSdp, sdp('192.0.2.1', 40000, 'sendonly', 2));
    const resume = uac.reinvite(sdp('192.0.2.1', 40000, 'sendrecv', 3));
    p.clock.advance(100);
    assert.equal((await resume).ok, true);
    assert.equal(seen[1]?.hold, 'none');
    assert.deepEqual(p.a.pipe.log, ['INVITE', 'ACK', 'INVITE', 'ACK', 'INVITE', 'ACK']);
    // Each re-INVITE carries a higher CSeq, our Contact, and the timer in force (RFC 4028 §7.4):
    // the callee chose to refresh, so in the caller's re-INVITE the refresher is its UAS.
    const [, second, third] = p.a.pipe.requests('INVITE');
    assert.ok(second!.cseq.seq < third!.cseq.seq);
    assert.equal(second!.get('contact'), '<sip:192.0.2.1:5060>');
    assert.equal(second!.get('session-expires'), '1800;refresher=uas');
    hangUp(p, uac);
    assertClean(p);
  });

  it('lets the callee put the caller on hold too', async () => {
    const p = pair();
    const { uac, uas } = established(p);
    uac.on('reinvite', (offer) => offer.accept(sdp('192.0.2.1', 40000, 'inactive', 2)));
    const outcome = uas.reinvite(sdp('192.0.2.2', 50000, 'inactive', 2));
    p.clock.advance(100);
    assert.equal((await outcome).ok, true);
    hangUp(p, uas);
    assertClean(p);
  });

  it('resolves glare: both get 491, each retries after its back-off, both offers land', async () => {
    const p = pair();
    const { uac, uas } = established(p);
    const accept = (offer: RemoteOffer) => offer.accept(offer.sdp === undefined ? OFFER : ANSWER);
    uac.on('reinvite', accept);
    uas.on('reinvite', accept);
    const fromA = uac.reinvite(sdp('192.0.2.1', 40000, 'sendonly', 2));
    const fromB = uas.reinvite(sdp('192.0.2.2', 50000, 'sendonly', 2));
    p.clock.advance(100);
    // 491 both ways; the Call-ID owner (a) waits 2.1-4 s, the other 0-2 s (random 0.5 here).
    assert.equal(p.a.pipe.log.filter((l) => l === '491').length, 1);
    assert.equal(p.b.pipe.log.filter((l) => l === '491').length, 1);
    p.clock.advance(1_000);
    const b = await fromB;
    assert.equal(b.ok, true);
    p.clock.advance(2_500);
    const a = await fromA;
    assert.equal(a.ok, true);
    hangUp(p, uac);
    assertClean(p);
  });

  it('gives up after the glare retries run out', async () => {
    const p = pair({ a: { maxGlareRetries: 1 } });
    const { uac, uas } = established(p);
    let offers = 0;
    uas.on('reinvite', (offer) => {
      offers++;
      offer.reject(491);
    });
    const outcome = uac.reinvite(() => sdp('192.0.2.1', 40000, 'sendonly', 2));
    p.clock.advance(10_000);
    assert.deepEqual(await outcome, { ok: false, status: 491, reason: 'Request Pending' });
    assert.equal(offers, 2);
    assert.equal(uac.state, 'confirmed');
    hangUp(p, uac);
    assertClean(p);
  });

  it('keeps the call when the offer is refused with 488', async () => {
    const p = pair();
    const { uac, uas } = established(p);
    uas.on('reinvite', (offer) => offer.reject());
    const outcome = uac.reinvite(sdp('192.0.2.1', 40000, 'sendonly', 2));
    p.clock.advance(100);
    assert.deepEqual(await outcome, { ok: false, status: 488, reason: 'Not Acceptable Here' });
    assert.equal(uac.state, 'confirmed');
    assert.equal(uac.localSdp, OFFER);
    hangUp(p, uac);
    assertClean(p);
  });

  it('refuses with 488 when the owner does not listen, and with 500 when it never answers', async () => {
    const p = pair({ b: { offerTimeoutMs: 5_000 } });
    const { uac, uas } = established(p);
    const unheard = uac.reinvite(sdp('192.0.2.1', 40000, 'sendonly', 2));
    p.clock.advance(100);
    assert.equal((await unheard).status, 488);
    uas.on('reinvite', () => undefined);
    const ignored = uac.reinvite(sdp('192.0.2.1', 40000, 'sendonly', 3));
    p.clock.advance(6_000);
    assert.equal((await ignored).status, 500);
    assert.equal(uac.state, 'confirmed');
    hangUp(p, uac);
    assertClean(p);
  });

  it('answers an unchanged re-offer (a refresh) with the SDP in force, without the owner', async () => {
    const p = pair();
    const { uac, uas } = established(p);
    let heard = 0;
    uas.on('reinvite', () => heard++);
    const outcome = uac.reinvite(OFFER);
    p.clock.advance(100);
    const result = await outcome;
    assert.equal(result.ok && result.sdp, ANSWER);
    assert.equal(heard, 0);
    hangUp(p, uac);
    assertClean(p);
  });

  it('refuses an offer while the call is not up', () => {
    const p = pair();
    p.b.layer.on('invite', (s) => s.ring());
    const uac = p.a.layer.invite({
      target: 'sip:1001@192.0.2.2',
      from: 'sip:4008001000@192.0.2.1',
      localSdp: OFFER,
    });
    p.clock.advance(100);
    assert.throws(() => uac.reinvite(OFFER), { code: 'conflict' });
    assert.throws(() => uac.sendInfo('x', 'text/plain'), { code: 'conflict' });
    uac.hangup();
    assertClean(p);
  });

  it('refuses a second offer of ours while the first is under way', async () => {
    const p = pair();
    const { uac, uas } = established(p);
    uas.on('reinvite', (offer) => offer.accept(ANSWER));
    const first = uac.reinvite(sdp('192.0.2.1', 40000, 'sendonly', 2));
    assert.throws(() => uac.reinvite(sdp('192.0.2.1', 40000, 'sendonly', 3)), { code: 'conflict' });
    p.clock.advance(100);
    assert.equal((await first).ok, true);
    hangUp(p, uac);
    assertClean(p);
  });
});

describe('UPDATE', () => {
  it('carries an offer and its answer in the confirmed dialog (RFC 3311)', async () => {
    const p = pair();
    const { uac, uas } = established(p);
    uas.on('update', (offer) => {
      assert.equal(offer.method, 'UPDATE');
      assert.equal(offer.hold, 'inactive');
      offer.accept(sdp('192.0.2.2', 50000, 'inactive', 2));
    });
    const outcome = uac.update(sdp('192.0.2.1', 40000, 'inactive', 2));
    p.clock.advance(100);
    assert.equal((await outcome).ok, true);
    assert.deepEqual(p.a.pipe.log, ['INVITE', 'ACK', 'UPDATE']);
    hangUp(p, uac);
    assertClean(p);
  });

  it('meets a crossing re-INVITE with 491 both ways; both offers land after the back-off', async () => {
    const p = pair();
    const { uac, uas } = established(p);
    uas.on('reinvite', (offer) => offer.accept(ANSWER));
    uac.on('update', (offer) => offer.accept(OFFER));
    const reinvite = uac.reinvite(sdp('192.0.2.1', 40000, 'sendonly', 2));
    const update = uas.update(sdp('192.0.2.2', 50000, 'sendonly', 2));
    p.clock.advance(100);
    assert.deepEqual([p.a.pipe.log.includes('491'), p.b.pipe.log.includes('491')], [true, true]);
    p.clock.advance(5_000);
    assert.equal((await update).ok, true);
    assert.equal((await reinvite).ok, true);
    hangUp(p, uac);
    assertClean(p);
  });
});
