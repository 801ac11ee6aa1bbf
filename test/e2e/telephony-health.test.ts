// Telephony health end to end, with sipp as the phones and the carrier: the registration count
// moves when a phone registers (and the logged-in agent on it leaves the unregistered list, on the
// API and pushed over the CTI WebSocket), a trunk answering OPTIONS is up while one that does not
// answer is down, and a call in progress shows as a leg and a media endpoint on the worker.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import type { CtiServerMessage, TelephonyHealth } from '../../src/api/index.ts';
import { hotlineApi, type HotlineApi } from '../support/hotline-api.ts';
import { freePort, runSipp, startSippServer } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

/** Polls `read` until `check` holds of it (a hang fails on the deadline, not on timing). */
async function eventually<T>(
  read: () => Promise<T> | T,
  check: (value: T) => boolean,
  what: string,
): Promise<T> {
  const until = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('telephony health with real phones and trunks', () => {
  let h: SipHotline;
  let api: HotlineApi;
  let admin: string;
  let carrier: ReturnType<typeof startSippServer>;
  let socket: WebSocket;
  const pushed: TelephonyHealth[] = [];
  const health = async () => {
    const res = await api.call(admin, 'GET', '/api/v1/telephony/health');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as unknown as TelephonyHealth;
  };

  before(async () => {
    const carrierPort = await freePort();
    const silentPort = await freePort(); // nobody listens: its keep-alives go unanswered
    carrier = startSippServer({ scenario: 'carrier-options.xml', localPort: carrierPort });
    h = await startSipHotline({
      HOTLINE_ANSWER_TEST_SECONDS: '3',
      HOTLINE_SIP_TRUNKS: JSON.stringify([
        { name: 'carrier', host: '127.0.0.1', port: carrierPort, keepAliveSeconds: 1 },
        { name: 'silent', host: '127.0.0.1', port: silentPort, keepAliveSeconds: 1 },
      ]),
    });
    await h.addExtension('1001', 'agent-phone-1001');
    await h.addExtension('1002', 'caller-phone-1002');
    api = hotlineApi(h.http);
    admin = await api.login('admin', h.adminPassword);
    const created = await api.call(admin, 'POST', '/api/v1/users', {
      username: 'agent1001',
      role: 'agent',
      password: 'agent-password-1001',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const agent = await api.login('agent1001', 'agent-password-1001');
    const login = await api.call(agent, 'POST', '/api/v1/agents/me/login', { extension: '1001' });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    socket = new WebSocket(`${h.http.replace('http', 'ws')}/api/v1/cti/ws`, {
      headers: { cookie: admin },
    });
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as CtiServerMessage;
      if (message.type === 'snapshot' && message.snapshot.telephony)
        pushed.push(message.snapshot.telephony);
      if (message.type === 'telephony.health') pushed.push(message.health);
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  });
  after(async () => {
    socket?.close();
    await h?.dispose();
    await carrier?.stop();
  });

  it('counts a phone once it registers, and drops its agent from the unregistered list', async () => {
    const first = await health();
    assert.equal(first.running, true);
    assert.equal(first.extensions.known, 2);
    assert.equal(first.extensions.registered, 0);
    assert.deepEqual(first.extensions.unregisteredAgents, [
      { agentId: 'agent1001', extension: '1001', state: 'not-ready' },
    ]);
    await eventually(
      () => pushed,
      (p) => p.length > 0,
      'the snapshot’s telephony health',
    );

    const run = await runSipp({
      scenario: 'register.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '1001',
      auth: { username: '1001', password: 'agent-phone-1001' },
    });
    assert.equal(run.code, 0, run.output);
    const now = await health();
    assert.equal(now.extensions.registered, 1);
    assert.equal(now.extensions.contacts, 1);
    assert.deepEqual(now.extensions.unregisteredAgents, []);
    // Supervisors hear it without asking: the registration pokes the feed.
    const latest = await eventually(
      () => pushed.at(-1)!,
      (p) => p.extensions.registered === 1,
      'the pushed registration',
    );
    assert.deepEqual(latest.extensions.unregisteredAgents, []);
  });

  it('shows the trunk that answers OPTIONS up and the one that does not down', async () => {
    const trunks = await eventually(
      async () => (await health()).trunks,
      (t) =>
        t.find((x) => x.name === 'carrier')?.status === 'up' &&
        t.find((x) => x.name === 'silent')?.status === 'down',
      'carrier up and silent down',
    );
    const silent = trunks.find((x) => x.name === 'silent')!;
    assert.equal(silent.keepAlive?.state, 'down');
    assert.equal(silent.registration, null);
    assert.ok(trunks.find((x) => x.name === 'carrier')!.keepAlive!.lastRttMs! >= 0);
    await eventually(
      () => pushed.at(-1)!.trunks.map((t) => `${t.name}:${t.status}`),
      (t) => t.join() === 'carrier:up,silent:down',
      'the trunks pushed',
    );
  });

  it('shows a call in progress as a leg and a media endpoint, then none after it ends', async () => {
    const idle = await health();
    assert.equal(idle.media?.workers.length, 1);
    assert.equal(idle.media?.workers[0]?.endpoints, 0);
    const call = runSipp({
      scenario: 'uac-call-wait-bye.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '9999',
      fields: [['1002']],
      auth: { username: '1002', password: 'caller-phone-1002' },
      args: ['-auth_uri', `9999@127.0.0.1:${h.sip.udp}`],
    });
    const during = await eventually(
      health,
      (x) => x.calls.legs === 1 && x.media!.workers[0]!.endpoints === 1,
      'the answered test call',
    );
    assert.equal(during.media!.portsInUse > 0, true);
    assert.equal(typeof during.media!.workers[0]!.busyPercent, 'number');
    const run = await call;
    assert.equal(run.code, 0, run.output);
    await eventually(
      health,
      (x) => x.calls.legs === 0 && x.media!.workers[0]!.endpoints === 0,
      'the call gone',
    );
  });
});
