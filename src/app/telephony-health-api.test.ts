// Telephony health through the real server on a fake clock: GET /api/v1/telephony/health for
// supervisors and admins only, with the registration count moving when the location service
// gains a binding; the CTI WebSocket gives supervisors the figures in the snapshot and pushes
// them when they change, while an agent's socket carries none of it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';
import type { CtiServerMessage, CtiSnapshot, TelephonyHealth } from '../api/index.ts';

/** A CTI WebSocket client that records every message. */
class Client {
  readonly messages: CtiServerMessage[] = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<void>;

  constructor(url: string, cookie: string) {
    this.ws = new WebSocket(url, { headers: { cookie } });
    this.ws.on('message', (data: Buffer) =>
      this.messages.push(JSON.parse(data.toString()) as CtiServerMessage),
    );
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', () => resolve()));
  }

  get health(): TelephonyHealth[] {
    return this.messages.flatMap((m) => (m.type === 'telephony.health' ? [m.health] : []));
  }

  get snapshot(): CtiSnapshot | undefined {
    const message = this.messages.find((m) => m.type === 'snapshot');
    return message?.type === 'snapshot' ? message.snapshot : undefined;
  }

  /** Waits (a hang is caught by the test's timeout, not a timed assertion) until `ready()` holds. */
  async until(ready: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error(`${what}; got ${JSON.stringify(this.messages)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** A ping's pong: everything the server sent this socket before it has arrived. */
  async roundTrip(): Promise<void> {
    const pongs = this.messages.filter((m) => m.type === 'pong').length;
    this.ws.send(JSON.stringify({ type: 'ping' }));
    await this.until(() => this.messages.filter((m) => m.type === 'pong').length > pongs, 'pong');
  }

  async close(): Promise<void> {
    this.ws.close();
    await this.closed;
  }
}

describe('telephony health API and push', () => {
  let t: TestHotline;
  let url: string;
  const cookies: Record<string, string> = {};
  const get = (who: string | undefined, path: string) =>
    t.request({ method: 'GET', url: path, ...(who ? { cookie: cookies[who]! } : {}) });
  const register = (extension: string, port: number) =>
    t.hotline.telephony.stack.location.upsert(
      {
        aor: extension,
        contact: `sip:${extension}@127.0.0.1:${port}`,
        source: { protocol: 'udp', address: '127.0.0.1', port },
        callId: `reg-${extension}-${port}`,
        cseq: 1,
        expiresAt: t.clock.now() + 300_000,
        userAgent: 'health-test',
        q: 1,
      },
      3,
    );

  before(async () => {
    t = await startTestHotline({ demo: true });
    const password = (username: string) =>
      t.credentials.find((c) => c.username === username)!.password;
    cookies.admin = await t.login('admin', t.admin.password);
    for (const user of ['supervisor', 'agent1001', 'qa01'])
      cookies[user] = await t.login(user, password(user));
    const address = await t.hotline.http.listen({ host: '127.0.0.1', port: 0 });
    url = address.replace('http', 'ws') + '/api/v1/cti/ws';
  });
  after(() => t.dispose());

  it('answers supervisors and admins, refuses agents (403), QA (403) and strangers (401)', async () => {
    for (const who of ['supervisor', 'admin']) {
      const res = await get(who, '/api/v1/telephony/health');
      assert.equal(res.statusCode, 200, res.body);
    }
    for (const who of ['agent1001', 'qa01']) {
      const res = await get(who, '/api/v1/telephony/health');
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json<{ error: { code: string } }>().error.code, 'forbidden');
    }
    assert.equal((await get(undefined, '/api/v1/telephony/health')).statusCode, 401);
  });

  it('reports registrations, trunks, calls and media; the count moves with a binding', async () => {
    const first = (await get('supervisor', '/api/v1/telephony/health')).json<TelephonyHealth>();
    // Telephony is not started in this test: no media engine, no trunks, no calls.
    assert.equal(first.running, false);
    assert.equal(first.media, null);
    assert.deepEqual(first.trunks, []);
    assert.deepEqual(first.calls, { calls: 0, legs: 0 });
    assert.equal(first.time, t.clock.now());
    const before = first.extensions.registered;
    register('1003', 5071);
    register('1003', 5072);
    const after = (await get('admin', '/api/v1/telephony/health')).json<TelephonyHealth>();
    assert.equal(after.extensions.registered, before + 1, 'one more extension');
    assert.equal(after.extensions.contacts, first.extensions.contacts + 2, 'with two contacts');
    t.hotline.telephony.stack.location.removeAll('1003');
  });

  it('is described in the OpenAPI document', async () => {
    const res = await get(undefined, '/api/v1/openapi.json');
    const doc = res.json<{
      paths: Record<string, { get?: { tags?: string[]; responses?: Record<string, unknown> } }>;
    }>();
    const route = doc.paths['/api/v1/telephony/health']?.get;
    assert.deepEqual(route?.tags, ['telephony']);
    assert.ok(route?.responses?.['200'], 'the answer’s schema is described');
  });

  it('pushes telephony.health to supervisors when it changes, and nothing to agents', async () => {
    const boss = new Client(url, cookies.supervisor!);
    const agent = new Client(url, cookies.agent1001!);
    await Promise.all([boss.opened, agent.opened]);
    await boss.until(() => boss.snapshot !== undefined, 'no snapshot for the supervisor');
    await agent.until(() => agent.snapshot !== undefined, 'no snapshot for the agent');
    const initial = boss.snapshot!.telephony;
    assert.ok(initial, 'the supervisor’s snapshot holds telephony health');
    assert.equal('telephony' in agent.snapshot!, false, 'the agent’s snapshot holds none');

    // Nothing changed: the periodic reading sends nothing.
    t.clock.advance(5_000);
    await boss.roundTrip();
    assert.equal(boss.health.length, 0, JSON.stringify(boss.health));

    register('1004', 5073);
    t.clock.advance(5_000);
    await boss.until(() => boss.health.length === 1, 'no push after the registration');
    assert.equal(boss.health[0]!.extensions.registered, initial.extensions.registered + 1);
    assert.ok(boss.health[0]!.time <= t.clock.now());

    t.hotline.telephony.stack.location.removeAll('1004');
    t.clock.advance(5_000);
    await boss.until(() => boss.health.length === 2, 'no push after the unregistration');
    assert.equal(boss.health[1]!.extensions.registered, initial.extensions.registered);

    await agent.roundTrip();
    assert.deepEqual(agent.health, [], 'an agent never receives telephony health');
    await Promise.all([boss.close(), agent.close()]);
  });

  it('sends the current figures after the hello of a resumed connection', async () => {
    const first = new Client(url, cookies.admin!);
    await first.until(() => first.snapshot !== undefined, 'no snapshot');
    const seq = first.snapshot!.seq;
    await first.close();
    const resumed = new Client(`${url}?after=${seq}`, cookies.admin!);
    await resumed.until(() => resumed.health.length === 1, 'no health after the resume');
    const hello = resumed.messages[0]!;
    assert.equal(hello.type === 'hello' && hello.resumed, true);
    assert.equal(resumed.snapshot, undefined);
    await resumed.close();
  });

  it('includes it in the REST snapshot for supervisors only', async () => {
    const boss = (await get('supervisor', '/api/v1/cti/snapshot')).json<CtiSnapshot>();
    assert.equal(boss.telephony?.running, false);
    const agent = await get('agent1001', '/api/v1/cti/snapshot');
    assert.equal(agent.statusCode, 200);
    assert.equal('telephony' in agent.json<CtiSnapshot>(), false);
  });
});
