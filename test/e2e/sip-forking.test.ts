// Forking end to end with sipp over real sockets: two phones registered under one extension
// (a desk phone and a softphone, at different ports) both ring for one call; the one that
// answers gets the call, the other gets CANCEL and answers it 487; the call ends cleanly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, runSipp, startSippServer } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

async function registerAs(h: SipHotline, extension: string, password: string, port: number) {
  const run = await runSipp({
    scenario: 'register.xml',
    target: { host: '127.0.0.1', port: h.sip.udp },
    service: extension,
    auth: { username: extension, password },
    localPort: port,
  });
  assert.equal(run.code, 0, run.output);
}

async function legEvents(h: SipHotline): Promise<string[]> {
  await h.hotline.telephony.flushEvents();
  const events = await h.hotline.services.events.read({ limit: 1000 });
  return events.filter((e) => e.type.startsWith('leg.')).map((e) => e.type);
}

describe('a call to an extension registered from two phones', () => {
  let h: SipHotline;
  before(async () => {
    h = await startSipHotline({
      HOTLINE_SIP_TRUNK_PEERS: 'carrier=127.0.0.1',
      HOTLINE_RING_TIMEOUT_SECONDS: '15',
    });
    await h.addExtension('1002', 'callee-password-2');
  });
  after(() => h?.dispose());

  it('rings both; the one that answers gets the call, the other is cancelled (487)', async () => {
    const [deskPort, softPort] = [await freePort(), await freePort()];
    await registerAs(h, '1002', 'callee-password-2', deskPort);
    await registerAs(h, '1002', 'callee-password-2', softPort);
    assert.equal(h.hotline.telephony.stack.location.lookup('1002').length, 2);
    // -m 1: each phone's sipp ends after its one call (the desk phone's fails when no CANCEL comes).
    const desk = startSippServer({
      scenario: 'uas-fork-cancelled.xml',
      localPort: deskPort,
      args: ['-m', '1'],
    });
    const soft = startSippServer({
      scenario: 'uas-fork-answer.xml',
      localPort: softPort,
      pauseMs: 500,
      args: ['-m', '1'],
    });
    const caller = await runSipp({
      scenario: 'uac-call.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '1002',
      fields: [['13800138000', '']],
      pauseMs: 300,
    });
    assert.equal(caller.code, 0, caller.output);
    // sipp exits 0 only when every call (here its one) went as scripted; a phone never called
    // would wait until its -timeout and exit with an error.
    const [cancelled, answered] = await Promise.all([desk.done, soft.done]);
    assert.equal(cancelled.code, 0, cancelled.output);
    assert.equal(answered.code, 0, answered.output);
    // Ringing once for both phones; the caller's leg and the one agent leg, answered and ended.
    assert.deepEqual((await legEvents(h)).sort(), [
      'leg.answered',
      'leg.answered',
      'leg.ended',
      'leg.ended',
      'leg.offered',
      'leg.ringing',
    ]);
    assert.equal(h.hotline.telephony.legs, 0);
  });
});
