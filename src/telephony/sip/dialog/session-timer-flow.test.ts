// RFC 4028 session timers end to end: negotiation, refresh by UPDATE, 422 and Min-SE, and the BYE when a refresh fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClean, established, hangUp, pair } from './dialog-test-kit.ts';

describe('session timers between two dialog layers', () => {
  it('negotiates the callee as refresher, which refreshes by UPDATE every half interval', () => {
    const p = pair();
    const { uac, uas } = established(p);
    assert.deepEqual(uas.sessionTimer, { interval: 1800, refresher: 'local' });
    assert.deepEqual(uac.sessionTimer, { interval: 1800, refresher: 'remote' });
    const refreshed: string[] = [];
    uac.on('refreshed', ({ refresher }) => refreshed.push(`a ${refresher}`));
    uas.on('refreshed', ({ refresher }) => refreshed.push(`b ${refresher}`));
    p.clock.advance(3 * 1_800_000);
    assert.equal(uac.state, 'confirmed');
    assert.equal(p.b.pipe.requests('UPDATE').length, 5);
    assert.equal(p.b.pipe.requests('UPDATE')[0]!.get('session-expires'), '1800;refresher=uac');
    assert.deepEqual(refreshed.slice(0, 2), ['a remote', 'b local']);
    hangUp(p, uac);
    assertClean(p);
  });

  it('lets the caller refresh when the callee prefers so', () => {
    const p = pair({ b: { sessionTimer: { refresher: 'remote' } } });
    const { uac } = established(p);
    assert.deepEqual(uac.sessionTimer, { interval: 1800, refresher: 'local' });
    p.clock.advance(1_000_000);
    assert.equal(p.a.pipe.requests('UPDATE').length, 1);
    hangUp(p, uac);
    assertClean(p);
  });

  it('retries with the Min-SE of a 422 (RFC 4028 §7.3)', () => {
    const p = pair({ a: { sessionTimer: { expires: 100 } }, b: { sessionTimer: { minSE: 300 } } });
    const { uac } = established(p);
    assert.deepEqual(p.a.pipe.log, ['INVITE', 'ACK', 'INVITE', 'ACK']);
    assert.equal(p.a.pipe.requests('INVITE')[1]!.get('session-expires'), '300');
    assert.equal(uac.sessionTimer?.interval, 300);
    hangUp(p, uac);
    assertClean(p);
  });

  it('ends the call when the refresher cannot reach the peer', () => {
    const p = pair();
    const { uac, uas } = established(p);
    p.b.pipe.lose = (m) => m.kind === 'request' && m.method === 'UPDATE';
    p.clock.advance(900_000 + 33_000);
    // The refresh timed out (Timer F): the dialog is gone for the callee.
    assert.deepEqual(uas.ended, { cause: 'unreachable', status: 408, by: 'remote' });
    p.clock.advance(900_000);
    // The caller, not refreshed, ends the session at interval - 32 s and sends BYE.
    assert.deepEqual(uac.ended, { cause: 'session-timeout', by: 'local' });
    const bye = p.a.pipe.requests('BYE')[0]!;
    assert.equal(bye.get('reason'), 'SIP;cause=408;text="Session timer expired"');
    assertClean(p);
  });

  it('runs no timer when neither side asks for one', () => {
    const p = pair({
      a: { sessionTimer: { enabled: false } },
      b: { sessionTimer: { enabled: false } },
    });
    const { uac, uas } = established(p);
    assert.equal(uac.sessionTimer, undefined);
    assert.equal(uas.sessionTimer, undefined);
    hangUp(p, uac);
    assertClean(p);
  });
});
