// Overload end to end with sipp (RFC 3261 §21.5.4): a new call the media has no port for, and
// one beyond HOTLINE_SIP_MAX_PENDING_INVITES, get 503 Service Unavailable with a Retry-After;
// the calls in progress go on, each refusal is counted in /metrics, and the next call is served.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, runSipp, startSippServer, type SippOptions } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

/** Polls until `check` holds (the server's state moves on its own event loop). */
async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function refusals(h: SipHotline, reason: string): Promise<number> {
  const text = await h.hotline.metrics.getSingleMetricAsString(
    'hotline_sip_overload_refusals_total',
  );
  const line = text.split('\n').find((l) => l.includes(`reason="${reason}"`));
  return Number(line?.split(' ').at(-1) ?? 0);
}

const carrierCall = (h: SipHotline, scenario: string, service: string): SippOptions => ({
  scenario,
  target: { host: '127.0.0.1', port: h.sip.udp },
  service,
  fields: [['13800138000', '']],
});

describe('a new call while every RTP port is in use', () => {
  let h: SipHotline;
  // One RTP/RTCP pair, outside Linux's ephemeral ports so no other socket holds it.
  const low = 61000 + (process.pid % 2000) * 2;
  before(async () => {
    h = await startSipHotline({
      HOTLINE_SIP_TRUNK_PEERS: 'carrier=127.0.0.1',
      HOTLINE_RTP_PORTS: `${low}-${low + 1}`,
      HOTLINE_ANSWER_TEST_SECONDS: '2',
    });
  });
  after(() => h?.dispose());

  it('is refused 503 with Retry-After; the call holding the port goes on, and the next is served', async () => {
    const media = () => h.hotline.telephony.healthParts.media;
    const first = runSipp(carrierCall(h, 'uac-call-wait-bye.xml', '9999'));
    await until(() => media()?.portsInUse === 1, 'the first call holds the only port pair');
    const refused = await runSipp(carrierCall(h, 'uac-overloaded.xml', '9999'));
    assert.equal(refused.code, 0, refused.output);
    assert.equal(await refusals(h, 'media'), 1);
    const held = await first;
    assert.equal(held.code, 0, held.output);
    await until(() => media()?.portsInUse === 0, 'the port pair is free again');
    const next = await runSipp(carrierCall(h, 'uac-call-wait-bye.xml', '9999'));
    assert.equal(next.code, 0, next.output);
    assert.equal(await refusals(h, 'media'), 1);
  });
});

describe('a new call beyond HOTLINE_SIP_MAX_PENDING_INVITES', () => {
  let h: SipHotline;
  before(async () => {
    h = await startSipHotline({
      HOTLINE_SIP_TRUNK_PEERS: 'carrier=127.0.0.1',
      HOTLINE_SIP_MAX_PENDING_INVITES: '1',
      HOTLINE_ANSWER_TEST_SECONDS: '1',
    });
    await h.addExtension('1002', 'callee-password-2');
  });
  after(() => h?.dispose());

  it('is refused 503 with Retry-After while another waits for its answer; the process keeps serving', async () => {
    const port = await freePort();
    const register = await runSipp({
      scenario: 'register.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '1002',
      auth: { username: '1002', password: 'callee-password-2' },
      localPort: port,
    });
    assert.equal(register.code, 0, register.output);
    // The phone rings 2 s before it answers: the caller's INVITE waits for its answer meanwhile.
    const phone = startSippServer({
      scenario: 'uas-fork-answer.xml',
      localPort: port,
      pauseMs: 2000,
      args: ['-m', '1'],
    });
    const ringing = runSipp({ ...carrierCall(h, 'uac-call.xml', '1002'), pauseMs: 300 });
    const stack = h.hotline.telephony.stack;
    await until(() => stack.transactions.pendingInvites === 1, 'the first INVITE is pending');
    const refused = await runSipp(carrierCall(h, 'uac-overloaded.xml', '9999'));
    assert.equal(refused.code, 0, refused.output);
    assert.equal(await refusals(h, 'pending-invites'), 1);
    // The ringing call was not disturbed: it is answered and ends with its BYE.
    const answered = await ringing;
    assert.equal(answered.code, 0, answered.output);
    assert.equal((await phone.done).code, 0);
    assert.equal(stack.transactions.pendingInvites, 0);
    const next = await runSipp(carrierCall(h, 'uac-call-wait-bye.xml', '9999'));
    assert.equal(next.code, 0, next.output);
    assert.equal(await refusals(h, 'pending-invites'), 1);
  });
});
