// Calls end to end with sipp over real sockets, through both legs of the
// B2BUA: extension to extension, the answer-test number, BYE from either
// side, CANCEL while ringing, rejections, UDP with packet loss, and TCP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, runSipp, startSippServer, type SippOptions } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

async function registerAs(
  h: SipHotline,
  extension: string,
  password: string,
  port: number,
  transport: 'udp' | 'tcp' = 'udp',
) {
  const run = await runSipp({
    scenario: 'register.xml',
    target: { host: '127.0.0.1', port: transport === 'tcp' ? h.sip.tcp : h.sip.udp },
    transport,
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

describe('calls from authenticated extensions', () => {
  let h: SipHotline;
  before(async () => {
    h = await startSipHotline({ HOTLINE_ANSWER_TEST_SECONDS: '1' });
    await h.addExtension('1001', 'caller-password-1');
    await h.addExtension('1002', 'callee-password-2');
  });
  after(() => h?.dispose());

  const caller = (
    scenario: string,
    service: string,
    password = 'caller-password-1',
  ): SippOptions => ({
    scenario,
    target: { host: '127.0.0.1', port: h.sip.udp },
    service,
    fields: [['1001']],
    auth: { username: '1001', password },
    // sipp digests the URI remote_ip:remote_port unless told; Hotline checks it against the Request-URI.
    args: ['-auth_uri', `${service}@127.0.0.1:${h.sip.udp}`],
  });

  it('answers the test number for an extension that proves itself, and hangs up after a second', async () => {
    const run = await runSipp(caller('uac-call-wait-bye.xml', '9999'));
    assert.equal(run.code, 0, run.output);
    const events = await legEvents(h);
    assert.deepEqual(events.slice(-3), ['leg.offered', 'leg.answered', 'leg.ended']);
  });

  it('refuses a call with a wrong password (403): it reaches nothing', async () => {
    const before = (await legEvents(h)).length;
    const run = await runSipp(caller('uac-refused.xml', '9999', 'not-the-password'));
    assert.equal(run.code, 0, run.output);
    assert.equal((await legEvents(h)).length, before);
  });

  it('connects an extension to another through both B2BUA legs; the caller hangs up', async () => {
    const port = await freePort();
    await registerAs(h, '1002', 'callee-password-2', port);
    const phone = startSippServer({ scenario: 'uas-answer.xml', localPort: port });
    const run = await runSipp({ ...caller('uac-call.xml', '1002'), pauseMs: 500 });
    assert.equal(run.code, 0, run.output);
    const callee = await phone.stop();
    assert.match(callee.output, /Successful call\s*\|\s*\d+\s*\|\s*1\s/, callee.output);
    const events = await legEvents(h);
    assert.deepEqual(events.slice(-6).sort(), [
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

describe('calls from a trunk peer', () => {
  let h: SipHotline;
  before(async () => {
    h = await startSipHotline({
      HOTLINE_SIP_TRUNK_PEERS: 'carrier=127.0.0.1',
      HOTLINE_RING_TIMEOUT_SECONDS: '5',
    });
    await h.addExtension('1002', 'callee-password-2');
    await h.addExtension('1003', 'never-registers-3');
  });
  after(() => h?.dispose());

  const trunkCall = (
    scenario: string,
    service: string,
    extra: Partial<SippOptions> = {},
  ): SippOptions => ({
    scenario,
    target: { host: '127.0.0.1', port: h.sip.udp },
    service,
    fields: [['13800138000', '']],
    ...extra,
  });

  for (const transport of ['udp', 'tcp'] as const) {
    it(`rings a registered extension over ${transport} and bridges the call until the caller hangs up`, async () => {
      const port = await freePort();
      await registerAs(h, '1002', 'callee-password-2', port, transport);
      const phone = startSippServer({ scenario: 'uas-answer.xml', localPort: port, transport });
      const run = await runSipp(
        trunkCall('uac-call.xml', '1002', {
          transport,
          target: { host: '127.0.0.1', port: transport === 'tcp' ? h.sip.tcp : h.sip.udp },
        }),
      );
      assert.equal(run.code, 0, run.output);
      const callee = await phone.stop();
      assert.match(callee.output, /Successful call\s*\|\s*\d+\s*\|\s*1\s/, callee.output);
    });
  }

  it('passes the callee hanging up to the caller (BYE from the far end)', async () => {
    const port = await freePort();
    await registerAs(h, '1002', 'callee-password-2', port);
    const phone = startSippServer({ scenario: 'uas-hangup.xml', localPort: port, pauseMs: 300 });
    const run = await runSipp(trunkCall('uac-call-wait-bye.xml', '1002'));
    assert.equal(run.code, 0, run.output);
    const callee = await phone.stop();
    assert.match(callee.output, /Successful call\s*\|\s*\d+\s*\|\s*1\s/, callee.output);
  });

  it('cancels the callee when the caller gives up while it rings (487, clean end)', async () => {
    const port = await freePort();
    await registerAs(h, '1002', 'callee-password-2', port);
    const phone = startSippServer({ scenario: 'uas-ring.xml', localPort: port });
    const run = await runSipp(trunkCall('uac-cancel.xml', '1002'));
    assert.equal(run.code, 0, run.output);
    const callee = await phone.stop();
    assert.match(callee.output, /Successful call\s*\|\s*\d+\s*\|\s*1\s/, callee.output);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(h.hotline.telephony.legs, 0);
  });

  it('refuses unknown numbers with 404 and an extension that is not registered with 480', async () => {
    const unknown = await runSipp(trunkCall('uac-reject.xml', '5555'));
    assert.equal(unknown.code, 0, unknown.output);
    const offline = await runSipp(trunkCall('uac-reject.xml', '1003'));
    assert.equal(offline.code, 0, offline.output);
    assert.match(offline.output, /480 <-/);
  });

  // sipp's -lost drops 10% of what the caller sends and receives, so Hotline must retransmit
  // (Timer G, 2xx until ACK) and absorb retransmissions. Not on the callee's sipp: with -lost it
  // sometimes stops answering a retransmitted INVITE at all, a sipp quirk that looks like a hang.
  it('completes calls over UDP when one packet in ten is lost both ways on the caller side', async () => {
    const port = await freePort();
    await registerAs(h, '1002', 'callee-password-2', port);
    const phone = startSippServer({
      scenario: 'uas-answer.xml',
      localPort: port,
    });
    const run = await runSipp(
      trunkCall('uac-call.xml', '1002', {
        calls: 10,
        rate: 5,
        // Talk long enough for 2xx/ACK retransmissions (500 ms) to happen before the BYE.
        pauseMs: 1000,
        args: ['-lost', '10'],
        fields: Array.from({ length: 10 }, () => ['13800138000', '']),
      }),
    );
    assert.equal(run.code, 0, run.output);
    const callee = await phone.stop();
    assert.match(callee.output, /Successful call\s*\|\s*\d+\s*\|\s*10\s/, callee.output);
  });
});
