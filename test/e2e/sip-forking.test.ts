// Forking end to end with sipp over real sockets: two phones registered under one extension
// (a desk phone and a softphone, at different ports) both ring for one call; the one that
// answers gets the call, the other gets CANCEL (saying the call was completed elsewhere, RFC
// 3326) and answers it 487; the call ends cleanly. With different q values the phones ring in
// turn (RFC 3261 §16.6), and a caller who gives up cancels every phone without that Reason.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, runSipp, startSippServer } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

async function registerAs(
  h: SipHotline,
  extension: string,
  password: string,
  port: number,
  q?: string,
) {
  const run = await runSipp({
    scenario: q === undefined ? 'register.xml' : 'register-q.xml',
    target: { host: '127.0.0.1', port: h.sip.udp },
    service: extension,
    auth: { username: extension, password },
    localPort: port,
    ...(q === undefined ? {} : { fields: [[q]] }),
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
    await h.addExtension('1003', 'callee-password-3');
    await h.addExtension('1004', 'callee-password-4');
  });
  after(() => h?.dispose());

  it('rings both; the one that answers gets the call, the other is cancelled (487, completed elsewhere)', async () => {
    const [deskPort, softPort] = [await freePort(), await freePort()];
    await registerAs(h, '1002', 'callee-password-2', deskPort);
    await registerAs(h, '1002', 'callee-password-2', softPort);
    assert.equal(h.hotline.telephony.stack.location.lookup('1002').length, 2);
    // -m 1: each phone's sipp ends after its one call (the desk phone's fails when no CANCEL
    // comes, or one without the Reason of RFC 3326).
    const desk = startSippServer({
      scenario: 'uas-fork-lost.xml',
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

  it('rings the q=1.0 phone first; when it is busy (486) the q=0.5 phone rings and answers', async () => {
    const [deskPort, softPort] = [await freePort(), await freePort()];
    await registerAs(h, '1003', 'callee-password-3', deskPort, '1.0');
    await registerAs(h, '1003', 'callee-password-3', softPort, '0.5');
    assert.deepEqual(
      h.hotline.telephony.stack.location
        .lookup('1003')
        .map((b) => b.q)
        .sort(),
      [0.5, 1],
      "the registrar kept each contact's q",
    );
    // The desk phone rings 1 s before its 486, the softphone answers at once: were they rung
    // together, the desk phone would get a CANCEL while ringing and its sipp would fail.
    const desk = startSippServer({
      scenario: 'uas-busy.xml',
      localPort: deskPort,
      pauseMs: 1000,
      args: ['-m', '1'],
    });
    const soft = startSippServer({
      scenario: 'uas-fork-answer.xml',
      localPort: softPort,
      pauseMs: 0,
      args: ['-m', '1'],
    });
    const caller = await runSipp({
      scenario: 'uac-call.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '1003',
      fields: [['13800138000', '']],
      pauseMs: 300,
    });
    assert.equal(caller.code, 0, caller.output);
    const [busy, answered] = await Promise.all([desk.done, soft.done]);
    assert.equal(busy.code, 0, busy.output);
    assert.equal(answered.code, 0, answered.output);
    assert.equal(h.hotline.telephony.legs, 0);
  });

  it('cancels both phones without a Reason when the caller gives up (a missed call)', async () => {
    const [deskPort, softPort] = [await freePort(), await freePort()];
    await registerAs(h, '1004', 'callee-password-4', deskPort);
    await registerAs(h, '1004', 'callee-password-4', softPort);
    const phones = [deskPort, softPort].map((localPort) =>
      startSippServer({ scenario: 'uas-fork-abandoned.xml', localPort, args: ['-m', '1'] }),
    );
    const caller = await runSipp({
      scenario: 'uac-cancel.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '1004',
      fields: [['13800138000', '']],
    });
    assert.equal(caller.code, 0, caller.output);
    for (const run of await Promise.all(phones.map((p) => p.done)))
      assert.equal(run.code, 0, run.output);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(h.hotline.telephony.legs, 0);
  });
});
