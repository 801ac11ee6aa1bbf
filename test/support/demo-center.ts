// Steps the end-to-end tests on the demo center share: a registered sipp phone whose agent is
// logged in and ready, waiting for an entry in the event log, and a caller (sipp, RTP from the
// test) through the demo IVR (1 Chinese, 1 flights, 2 booking) into the `flights` queue.
import assert from 'node:assert/strict';
import type { HotlineApi } from './hotline-api.ts';
import { Phone, sleep } from './rtp-phone.ts';
import { freePort, runSipp, startSippServer } from './sipp.ts';
import type { SipHotline } from './sip-hotline.ts';

export interface PhoneOptions {
  /** The agent logged in (ready) on the phone's extension; none: a plain extension. */
  agent?: string;
  /** One row of sipp injection fields. */
  fields?: string[];
  pauseMs?: number;
}

/** A phone registered on `extension` that then plays `scenario` (one call); its agent ready. */
export async function registeredPhone(
  h: SipHotline,
  api: HotlineApi,
  extension: string,
  scenario: string,
  options: PhoneOptions = {},
) {
  await h.addExtension(extension, `phone-${extension}`);
  const port = await freePort();
  const registered = await runSipp({
    scenario: 'register.xml',
    target: { host: '127.0.0.1', port: h.sip.udp },
    service: extension,
    auth: { username: extension, password: `phone-${extension}` },
    localPort: port,
  });
  assert.equal(registered.code, 0, registered.output);
  const phone = startSippServer({
    scenario,
    localPort: port,
    args: ['-mi', '127.0.0.1', '-m', '1'],
    ...(options.fields ? { fields: [options.fields] } : {}),
    ...(options.pauseMs !== undefined ? { pauseMs: options.pauseMs } : {}),
    timeoutSeconds: 120,
  });
  let cookie: string | undefined;
  if (options.agent) {
    const password = h.credentials.find((c) => c.username === options.agent)!.password;
    cookie = await api.login(options.agent, password);
    const login = await api.call(cookie, 'POST', '/api/v1/agents/me/login', {
      extension,
      ready: true,
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
  }
  return { phone, cookie: cookie! };
}

/** The first log entry of `type` after `after` whose payload matches; fails after 40 s. */
export async function waitForEvent(
  h: SipHotline,
  type: string,
  match: (payload: Record<string, unknown>) => boolean,
  after = 0,
): Promise<Record<string, unknown>> {
  const events = h.hotline.services.events;
  for (const end = Date.now() + 40_000; Date.now() < end;) {
    await h.hotline.telephony.flushEvents();
    const seen = await events.read({ types: [type as never], after, limit: 1000 });
    const hit = seen.find((e) => match(e.payload as Record<string, unknown>));
    if (hit) return hit.payload;
    await sleep(100);
  }
  const last = await events.read({ after: Math.max(0, (await events.lastId()) - 40) });
  return assert.fail(
    `never saw ${type}; the log ends with ${last.map((e) => `${e.type} ${JSON.stringify(e.payload)}`).join('\n')}`,
  );
}

/** Ends the call for everyone on it through the API, as `cookie`'s user (agent or supervisor). */
export async function hangUp(api: HotlineApi, cookie: string, callId: string): Promise<void> {
  const done = await api.call(cookie, 'POST', `/api/v1/calls/${callId}/hangup`);
  assert.equal(done.status, 200, JSON.stringify(done.body));
}

/**
 * A caller through the IVR into `flights` who stays on the line until Hotline hangs up: the test
 * ends the call (a fixed hold would also pay for the IVR, which a loaded machine plays slower).
 * Resolves once the last key is pressed, with `from`: the log position before this call began.
 */
export async function callFlights(h: SipHotline, phone = new Phone()) {
  const mediaPort = await phone.open();
  // Only this call's events: earlier calls passed the same IVR nodes.
  await h.hotline.telephony.flushEvents();
  const from = await h.hotline.services.events.lastId();
  const caller = runSipp({
    scenario: 'uac-ivr-wait-bye.xml',
    target: { host: '127.0.0.1', port: h.sip.udp },
    service: '4008001000',
    fields: [['13812345678', String(mediaPort)]],
    timeoutSeconds: 120,
  });
  const node = (name: string) => waitForEvent(h, 'call.ivr-node', (p) => p.node === name, from);
  const { callId } = await node('choose-language');
  await phone.press('1');
  await node('main-menu');
  await phone.press('1');
  await node('flights-menu');
  await phone.press('2');
  return { callId: String(callId), caller, phone, from };
}
