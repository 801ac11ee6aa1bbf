// The API's rate limits through the real server on a fake clock: a token over
// budget gets 429 with Retry-After while another token and the web session go
// on; anonymous requests are limited per address (an IPv6 /64 as one); the
// WebSocket upgrade counts once; web files, health checks and exempt
// addresses are never limited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import type { LightMyRequestResponse } from 'fastify';
import { startTestHotline, type TestHotline } from '../../../test/support/test-hotline.ts';

const BURST = 10;
const ADDRESS_BURST = 4;
/** Where the setup's own requests come from, apart from the addresses under test. */
const SETUP = '10.0.0.1';

interface ErrorBody {
  error: { code: string; message: string };
}

describe('API rate limits', () => {
  let t: TestHotline;
  let adminCookie: string;

  async function call(r: {
    url: string;
    method?: 'GET' | 'POST';
    address?: string;
    token?: string;
    cookie?: string;
    body?: unknown;
  }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    if (r.token) headers.authorization = `Bearer ${r.token}`;
    if (r.cookie) headers.cookie = r.cookie;
    if (r.body !== undefined) headers['content-type'] = 'application/json';
    return t.hotline.http.inject({
      method: r.method ?? 'GET',
      url: r.url,
      remoteAddress: r.address ?? SETUP,
      headers,
      ...(r.body !== undefined ? { payload: JSON.stringify(r.body) } : {}),
    });
  }

  async function login(username: string, password: string, address = SETUP): Promise<string> {
    const res = await call({
      method: 'POST',
      url: '/api/v1/auth/login',
      address,
      body: { username, password },
    });
    assert.equal(res.statusCode, 200, res.body);
    const cookie = res.cookies.find((c) => c.name === 'hotline_session')!;
    return `hotline_session=${cookie.value}`;
  }

  async function newToken(name: string): Promise<string> {
    const res = await call({
      method: 'POST',
      url: '/api/v1/tokens',
      cookie: adminCookie,
      body: { name },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<{ token: string }>().token;
  }

  /** Statuses of `n` requests in a row. */
  async function statuses(n: number, r: Parameters<typeof call>[0]): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await call(r)).statusCode);
    return out;
  }

  before(async () => {
    t = await startTestHotline({
      config: {
        http: {
          rateLimit: {
            perSecond: 1,
            burst: BURST,
            addressPerSecond: 1,
            addressBurst: ADDRESS_BURST,
            exemptAddresses: ['203.0.113.9'],
          },
        },
      },
    });
    adminCookie = await login('admin', t.admin.password);
  });
  after(() => t?.dispose());

  it('answers a token over budget with 429, Retry-After and the error body; another token and the session go on', async () => {
    const [busy, quiet] = [await newToken('busy'), await newToken('quiet')];
    const remaining: string[] = [];
    for (let i = 0; i < BURST; i++) {
      const res = await call({ url: '/api/v1/auth/me', token: busy });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['ratelimit-limit'], String(BURST));
      remaining.push(res.headers['ratelimit-remaining'] as string);
    }
    assert.deepEqual(remaining, ['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);

    const refused = await call({ url: '/api/v1/auth/me', token: busy });
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], '1');
    assert.equal(refused.headers['ratelimit-remaining'], '0');
    assert.equal(refused.headers['ratelimit-reset'], String(BURST));
    const body = refused.json<ErrorBody>();
    assert.equal(body.error.code, 'rate-limited');
    assert.match(body.error.message, /API token.*retry in 1 s/);

    // The same user's other token and their web session have budgets of their own.
    assert.equal((await call({ url: '/api/v1/auth/me', token: quiet })).statusCode, 200);
    assert.equal((await call({ url: '/api/v1/auth/me', cookie: adminCookie })).statusCode, 200);

    // A second refills one request at one a second.
    t.clock.advance(1000);
    assert.deepEqual(await statuses(2, { url: '/api/v1/auth/me', token: busy }), [200, 429]);
  });

  it('gives every session of a user one budget, apart from other users', async () => {
    const created = await call({
      method: 'POST',
      url: '/api/v1/users',
      cookie: adminCookie,
      body: { username: 'agent01', role: 'agent', password: 'a-long-password-1' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const desk = await login('agent01', 'a-long-password-1');
    const secondTab = await login('agent01', 'a-long-password-1');
    assert.deepEqual(await statuses(BURST, { url: '/api/v1/auth/me', cookie: desk }), [
      ...Array<number>(BURST).fill(200),
    ]);
    const refused = await call({ url: '/api/v1/auth/me', cookie: secondTab });
    assert.equal(refused.statusCode, 429);
    assert.match(refused.json<ErrorBody>().error.message, /your account/);
    assert.equal((await call({ url: '/api/v1/auth/me', cookie: adminCookie })).statusCode, 200);
    t.clock.advance(BURST * 1000);
  });

  it('limits anonymous requests per address, whatever the route, while logged-in users there go on', async () => {
    const address = '192.0.2.7';
    const answers = [
      await call({ url: '/api/v1/openapi.json', address }), // public
      await call({ url: '/api/v1/calls', address }), // needs a login: 401
      await call({ url: '/api/v1/no-such-thing', address }), // no route: 404
      await call({ url: '/api/v1/auth/me', address, cookie: 'hotline_session=stale' }),
    ];
    assert.deepEqual(
      answers.map((r) => r.statusCode),
      [200, 401, 404, 401],
    );
    assert.deepEqual(
      answers.map((r) => r.headers['ratelimit-remaining']),
      ['3', '2', '1', undefined], // a stale cookie on a guarded route is refused before counting
    );
    // Logging in is anonymous too: it takes the last request, and the next is refused.
    const attempt = { username: 'nobody', password: 'not-a-password' };
    const first = await call({ method: 'POST', url: '/api/v1/auth/login', address, body: attempt });
    assert.equal(first.statusCode, 401);
    assert.equal(first.headers['ratelimit-remaining'], '0');
    const second = await call({
      method: 'POST',
      url: '/api/v1/auth/login',
      address,
      body: attempt,
    });
    assert.equal(second.statusCode, 429);
    assert.equal((await call({ url: '/api/v1/openapi.json', address })).statusCode, 429);
    const refused = await call({ url: '/api/v1/calls', address });
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], '1');
    assert.match(refused.json<ErrorBody>().error.message, /without logging in; .*log in/);

    // A percent-encoded spelling of an API path is still the API.
    assert.equal((await call({ url: '/%61pi/v1/openapi.json', address })).statusCode, 429);
    // An IPv4 client on a dual-stack socket is the same address.
    assert.equal(
      (await call({ url: '/api/v1/calls', address: `::ffff:${address}` })).statusCode,
      429,
    );
    // Another address, and an agent logged in behind the same address, are not affected.
    assert.equal((await call({ url: '/api/v1/calls', address: '192.0.2.8' })).statusCode, 401);
    assert.equal(
      (await call({ url: '/api/v1/auth/me', address, cookie: adminCookie })).statusCode,
      200,
    );
  });

  it('counts an IPv6 client by its /64', async () => {
    const same = [
      '2001:db8:1:2::a',
      '2001:db8:1:2:ffff::b',
      '2001:DB8:1:2:0:0:0:c',
      '2001:db8:1:2::d',
    ];
    const answers = [];
    for (const address of [...same, '2001:db8:1:2::e'])
      answers.push((await call({ url: '/api/v1/openapi.json', address })).statusCode);
    assert.deepEqual(answers, [200, 200, 200, 200, 429]);
    assert.equal(
      (await call({ url: '/api/v1/openapi.json', address: '2001:db8:1:3::a' })).statusCode,
      200,
    );
  });

  it('never limits web files, health checks and exempt addresses', async () => {
    const address = '198.51.100.4';
    assert.deepEqual(
      await statuses(ADDRESS_BURST + 1, { url: '/api/v1/openapi.json', address }),
      [200, 200, 200, 200, 429],
    );
    for (const url of ['/', '/desk', '/favicon.svg', '/healthz', '/readyz']) {
      const res = await call({ url, address });
      assert.notEqual(res.statusCode, 429, url);
      assert.equal(res.headers['ratelimit-limit'], undefined, url);
    }
    for (const exempt of ['203.0.113.9', '::ffff:203.0.113.9']) {
      const res = await statuses(ADDRESS_BURST * 3, {
        url: '/api/v1/openapi.json',
        address: exempt,
      });
      assert.ok(
        res.every((s) => s === 200),
        exempt,
      );
    }
    const last = await call({ url: '/api/v1/openapi.json', address: '203.0.113.9' });
    assert.equal(last.headers['ratelimit-limit'], undefined);
  });

  it('counts the CTI WebSocket upgrade as one request and refuses it over budget', async () => {
    const token = await newToken('wallboard');
    const address = await t.hotline.http.listen({ host: '127.0.0.1', port: 0 });
    const url = address.replace('http', 'ws') + '/api/v1/cti/ws';
    const open = () =>
      new Promise<{ status: number; retryAfter?: string; socket?: WebSocket }>((resolve) => {
        const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
        ws.once('open', () => resolve({ status: 101, socket: ws }));
        ws.once('unexpected-response', (_req, res) =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }),
        );
      });
    const first = await open();
    assert.equal(first.status, 101);
    // Frames on an open socket are not requests.
    for (let i = 0; i < BURST * 2; i++) first.socket!.send(JSON.stringify({ type: 'ping' }));
    const rest = await statuses(BURST - 1, { url: '/api/v1/auth/me', token });
    assert.deepEqual(rest, Array<number>(BURST - 1).fill(200));
    const refused = await open();
    assert.equal(refused.status, 429);
    assert.equal(refused.retryAfter, '1');
    first.socket!.close();
  });
});
