// Real calls for the browser tests and the screenshots: a Hotline with SIP on
// loopback (the demo center, open around the clock), agents' phones played by
// sipp (register, then answer and talk), and callers that dial the hotline and
// choose their way through the IVR with DTMF into a queue.
import { Phone, sleep } from '../support/rtp-phone.ts';
import { freePort, runSipp, startSippServer, type SippRun } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

export const HOTLINE_NUMBER = '4008001000';

/** The demo hotline open around the clock every day (its schedule), so tests ignore the hour. */
export async function startCallCenter(): Promise<SipHotline> {
  // Calls from loopback come in as a carrier's (a trunk peer), as customers' calls do.
  const h = await startSipHotline({
    HOTLINE_DEMO: 'true',
    HOTLINE_SIP_TRUNK_PEERS: 'carrier=127.0.0.1',
  });
  const admin = await apiSession(h, 'admin', h.adminPassword);
  // The schedule the demo flow names, without its holidays; the next call follows it.
  await admin('PUT', '/api/v1/schedules/business-hours', {
    hours: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
        d,
        [{ from: '00:00', to: '24:00' }],
      ]),
    ),
  });
  return h;
}

/** A signed-in API caller for one user (cookie session). */
export async function apiSession(h: SipHotline, username: string, password: string) {
  const res = await fetch(`${h.http}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`cannot sign in as ${username}: ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const answer = await fetch(`${h.http}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await answer.json().catch(() => null);
    if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(json)}`);
    return json;
  };
}

export function passwordOf(h: SipHotline, username: string): string {
  return h.credentials.find((c) => c.username === username)!.password;
}

/**
 * Registers the extension's phone (sipp, digest auth) and leaves it answering: it takes one call,
 * plays audio and waits up to a minute for the BYE (or plays another scenario of test/e2e/sipp;
 * `pauseMs` is the scenario's pause, e.g. how long uas-hangup.xml talks before its BYE).
 */
export async function agentPhone(
  h: SipHotline,
  extension: string,
  scenario = 'uas-agent.xml',
  pauseMs?: number,
): Promise<{ done: Promise<SippRun> }> {
  const password = `phone-${extension}-secret`;
  await h.addExtension(extension, password);
  const port = await freePort();
  const registered = await runSipp({
    scenario: 'register.xml',
    target: { host: '127.0.0.1', port: h.sip.udp },
    service: extension,
    auth: { username: extension, password },
    localPort: port,
  });
  if (registered.code !== 0)
    throw new Error(`phone ${extension} did not register:\n${registered.output}`);
  // Not a bare promise: an async function would wait for the phone's whole run before returning.
  const { done } = startSippServer({
    scenario,
    localPort: port,
    ...(pauseMs === undefined ? {} : { pauseMs }),
    args: ['-mi', '127.0.0.1', '-m', '1'],
    timeoutSeconds: 120,
  });
  return { done };
}

export interface Caller {
  phone: Phone;
  /** The caller's sipp run: hangs up a minute after the IVR answers, unless the call ends first. */
  done: Promise<SippRun>;
  close(): void;
}

/**
 * Dials the hotline from `number` and presses `digits` (one per IVR menu, each when its menu is
 * reached): 1, 1, 2 is Chinese → flights → booking, which queues in `flights`.
 */
export async function placeCall(
  h: SipHotline,
  number: string,
  menus: [node: string, digit: string][] = [
    ['choose-language', '1'],
    ['main-menu', '1'],
    ['flights-menu', '2'],
  ],
): Promise<Caller> {
  const phone = new Phone();
  const mediaPort = await phone.open();
  const after = await h.hotline.services.events.lastId();
  const done = runSipp({
    scenario: 'uac-ivr-hangup.xml',
    target: { host: '127.0.0.1', port: h.sip.udp },
    service: HOTLINE_NUMBER,
    fields: [[number, String(mediaPort)]],
    // The caller stays on the line until the agent hangs up (or a minute passes).
    pauseMs: 60_000,
    timeoutSeconds: 90,
  });
  try {
    for (const [node, digit] of menus) {
      await reachedNode(h, after, node);
      await phone.press(digit);
    }
  } catch (error) {
    phone.close();
    const run = await Promise.race([done, sleep(2000).then(() => undefined)]);
    throw new Error(`${(error as Error).message}\n${run?.output ?? '(sipp still running)'}`, {
      cause: error,
    });
  }
  return { phone, done, close: () => phone.close() };
}

async function reachedNode(h: SipHotline, after: number, node: string): Promise<void> {
  for (const end = Date.now() + 30_000; Date.now() < end;) {
    await h.hotline.telephony.flushEvents();
    const seen = await h.hotline.services.events.read({ after, types: ['call.ivr-node'] });
    if (seen.some((e) => (e.payload as { node: string }).node === node)) return;
    await sleep(100);
  }
  throw new Error(`the caller never reached the IVR node ${node}`);
}
