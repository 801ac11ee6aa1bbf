// The API shell: one error shape naming the field, OpenAPI, health, metrics,
// access declarations, and the live event WebSocket with resume.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { WebSocket } from 'ws';
import { startTestHotline, type TestHotline } from '../../../test/support/test-hotline.ts';
import { installAccessControl } from './access-control.ts';

describe('HTTP API shell', () => {
  let t: TestHotline;
  let admin: string;

  before(async () => {
    t = await startTestHotline();
    admin = await t.login('admin', t.admin.password);
  });
  after(() => t?.dispose());

  const errorOf = (body: string) =>
    (JSON.parse(body) as { error: { code: string; message: string; field?: string } }).error;

  it('answers invalid bodies with 400 naming the field', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ role: 'agent' }, 'body.username', /body\.username is required/],
      [
        { username: 'ok-name', role: 'pilot' },
        'body.role',
        /body\.role has a value that is not allowed/,
      ],
      [{ username: 42, role: 'agent' }, 'body.username', /body\.username must be string/],
      [{ username: 'a', role: 'agent' }, 'body.username', /fewer than 3 characters/],
      [
        { username: 'ok-name', role: 'agent', admin: true },
        'body.admin',
        /body\.admin is not a known field/,
      ],
      [{ username: 'ok name!', role: 'agent' }, 'body.username', /must match pattern/],
      [
        { username: 'ok-name', role: 'agent', password: 'short' },
        'password',
        /password must be at least 10 characters/,
      ],
    ];
    for (const [body, field, message] of cases) {
      const res = await t.request({ method: 'POST', url: '/api/v1/users', cookie: admin, body });
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      const error = errorOf(res.body);
      assert.equal(error.code, 'invalid-input');
      assert.equal(error.field, field, JSON.stringify(body));
      assert.match(error.message, message);
    }
  });

  it('answers malformed JSON, wrong content types, bad query and path values with a clear 4xx', async () => {
    const badJson = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      payload: '{"username": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(badJson.statusCode, 400);
    assert.equal(errorOf(badJson.body).field, 'body');
    assert.match(errorOf(badJson.body).message, /not valid JSON/);

    const form = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      payload: 'username=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.statusCode, 415);
    assert.equal(errorOf(form.body).code, 'unsupported-media-type');

    const query = await t.request({ method: 'GET', url: '/api/v1/users?limit=abc', cookie: admin });
    assert.equal(query.statusCode, 400);
    assert.equal(errorOf(query.body).field, 'querystring.limit');

    const path = await t.request({ method: 'GET', url: '/api/v1/users/zero', cookie: admin });
    assert.equal(path.statusCode, 400);
    assert.equal(errorOf(path.body).field, 'params.id');

    const missing = await t.request({ method: 'GET', url: '/api/v1/users/9999', cookie: admin });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(errorOf(missing.body), {
      code: 'not-found',
      message: 'there is no user 9999',
    });

    const huge = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(huge.statusCode, 413);
    assert.equal(errorOf(huge.body).code, 'too-large');
  });

  it('uses the same error shape for unknown routes and missing credentials', async () => {
    const notFound = await t.request({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    assert.equal(notFound.statusCode, 404);
    assert.deepEqual(errorOf(notFound.body), {
      code: 'not-found',
      message: 'there is no GET /api/v1/nothing-here',
    });
    const anonymous = await t.request({ method: 'GET', url: '/api/v1/users' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(errorOf(anonymous.body).code, 'unauthenticated');
    const badToken = await t.request({
      method: 'GET',
      url: '/api/v1/users',
      token: 'htk_not-a-real-token',
    });
    assert.equal(badToken.statusCode, 401);
    const badCookie = await t.request({
      method: 'GET',
      url: '/api/v1/users',
      cookie: 'hotline_session=forged',
    });
    assert.equal(badCookie.statusCode, 401);
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    const health = await t.request({ method: 'GET', url: '/healthz' });
    assert.deepEqual(health.json(), { status: 'ok' });
    const ready = await t.request({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), {
      status: 'ready',
      checks: { database: true, accepting: true },
    });
    const metrics = await t.request({ method: 'GET', url: '/metrics' });
    assert.match(metrics.headers['content-type'] as string, /text\/plain/);
    assert.match(
      metrics.body,
      /hotline_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/,
    );
    assert.match(metrics.body, /hotline_process_cpu_user_seconds_total/);
    const openapi = await t.request({ method: 'GET', url: '/api/v1/openapi.json' });
    const doc = openapi.json<{
      openapi: string;
      paths: Record<string, Record<string, { responses: object }>>;
    }>();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/tokens',
      '/api/v1/audit',
    ]) {
      assert.ok(doc.paths[path], `OpenAPI lacks ${path}`);
    }
    assert.ok(doc.paths['/api/v1/users']!.post!.responses);
    assert.equal(doc.paths['/metrics'], undefined);
    const system = await t.request({ method: 'GET', url: '/api/v1/system', cookie: admin });
    assert.equal(system.json<{ engine: string }>().engine, 'sqlite');
  });

  it('refuses to register a route that declares no access', async () => {
    const app = Fastify();
    installAccessControl(app, t.hotline.services.auth);
    assert.throws(() => app.get('/open-by-mistake', async () => 'oops'), /declares no access/);
    await app.close();
  });

  it('reports not-ready while shutting down', async () => {
    const other = await startTestHotline();
    const stopping = other.hotline.stop();
    await stopping;
    assert.equal(other.hotline.stopping, true);
    await other.dispose();
  });

  it('streams committed events live over WebSocket and resumes from a cursor without gaps', async () => {
    const address = await t.hotline.http.listen({ host: '127.0.0.1', port: 0 });
    const wsUrl = address.replace('http', 'ws') + '/api/v1/ws';
    const unauthorized = await new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    assert.equal(unauthorized, 401);

    const messages: { type: string; lastEventId?: number; event?: { id: number; type: string } }[] =
      [];
    const ws = new WebSocket(wsUrl, { headers: { cookie: admin } });
    const next = (predicate: (m: (typeof messages)[number]) => boolean) =>
      new Promise<(typeof messages)[number]>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no such message; got ${JSON.stringify(messages)}`)),
          5000,
        );
        const check = () => {
          const found = messages.find(predicate);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else setTimeout(check, 5);
        };
        check();
      });
    ws.on('message', (data: Buffer) =>
      messages.push(JSON.parse(data.toString()) as (typeof messages)[number]),
    );
    const hello = await next((m) => m.type === 'hello');
    const start = hello.lastEventId!;
    await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: { username: 'ws-user1', role: 'agent' },
    });
    const live = await next((m) => m.type === 'event');
    assert.equal(live.event!.type, 'user.created');
    assert.ok(live.event!.id > start);
    ws.send('not json');
    assert.equal((await next((m) => m.type === 'error')).type, 'error');
    ws.send(JSON.stringify({ type: 'ping' }));
    await next((m) => m.type === 'pong');
    ws.close();

    // Events that happen while disconnected arrive on reconnect with ?after=
    await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: { username: 'ws-user2', role: 'agent' },
    });
    await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: { username: 'ws-user3', role: 'qa' },
    });
    const resumed: { type: string; event?: { id: number; type: string } }[] = [];
    const ws2 = new WebSocket(`${wsUrl}?after=${live.event!.id}`, { headers: { cookie: admin } });
    ws2.on('message', (data: Buffer) =>
      resumed.push(JSON.parse(data.toString()) as (typeof resumed)[number]),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(JSON.stringify(resumed))), 5000);
      const check = () =>
        resumed.filter((m) => m.type === 'event').length >= 2
          ? (clearTimeout(timer), resolve())
          : setTimeout(check, 5);
      check();
    });
    const ids = resumed.filter((m) => m.type === 'event').map((m) => m.event!.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
    );
    assert.equal(ids[0], live.event!.id + 1);
    ws2.close();
  });

  it('closes a live event stream when its user is disabled', async () => {
    const address = t.hotline.http.server.listening
      ? `http://127.0.0.1:${(t.hotline.http.server.address() as { port: number }).port}`
      : await t.hotline.http.listen({ host: '127.0.0.1', port: 0 });
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: { username: 'ws-leaver', role: 'supervisor', password: 'another-secret-77' },
    });
    const userId = created.json<{ user: { id: number } }>().user.id;
    const cookie = await t.login('ws-leaver', 'another-secret-77');
    const ws = new WebSocket(address.replace('http', 'ws') + '/api/v1/ws', { headers: { cookie } });
    await new Promise<void>((resolve) => ws.once('message', () => resolve()));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const patch = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${userId}`,
      cookie: admin,
      body: { disabled: true },
    });
    assert.equal(patch.statusCode, 200);
    assert.equal(await closed, 4401);
  });
});
