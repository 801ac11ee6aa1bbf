// The validation column of docs/api-test-matrix.md where no other test had it:
// every endpoint that takes input answers bad input with 400 (or 404 for a
// version that does not exist) naming the field, over real HTTP on the real
// server, for a role that may call it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** "who METHOD url", "status field" the answer must carry, and the body sent. */
type Case = [request: string, answer: string, body?: unknown];

const long = (n: number) => 'x'.repeat(n);

describe('API matrix: bad input names the field', () => {
  let t: TestHotline;
  const cookies: Record<string, string> = {};

  before(async () => {
    t = await startTestHotline({ demo: true });
    const password = (u: string) => t.credentials.find((c) => c.username === u)!.password;
    cookies.admin = await t.login('admin', t.admin.password);
    for (const user of ['supervisor', 'agent1001'])
      cookies[user] = await t.login(user, password(user));
  });
  after(() => t.dispose());

  const check = async (cases: Case[]) => {
    for (const [request, answer, body] of cases) {
      const [who, method, url] = request.split(' ') as [string, Method, string];
      const [status, field] = answer.split(' ');
      const res = await t.request({
        method,
        url,
        ...(who === 'anonymous' ? {} : { cookie: cookies[who]! }),
        ...(body !== undefined ? { body } : {}),
      });
      const name = request.slice(0, 80);
      assert.equal(res.statusCode, Number(status), `${name}: ${res.body}`);
      const { error } = res.json<{ error: { code: string; message: string; field?: string } }>();
      assert.equal(error.field, field, `${name}: ${res.body}`);
      assert.ok(error.message.length > 0, name);
    }
  };

  it('names the field of bad logins, user changes and API tokens', async () => {
    await check([
      ['anonymous POST /api/v1/auth/login', '400 body.password', { username: 'admin' }],
      ['admin PATCH /api/v1/users/2', '400 body', {}],
      ['admin PATCH /api/v1/users/2', '400 body.role', { role: 'pilot' }],
      ['admin POST /api/v1/users/2/password', '400 password', { password: 'short' }],
      ['admin POST /api/v1/users/zero/unlock', '400 params.id'],
      ['agent1001 GET /api/v1/tokens?userId=0', '400 querystring.userId'],
      ['agent1001 POST /api/v1/tokens', '400 body.name', {}],
      ['agent1001 POST /api/v1/tokens', '400 body.expiresInDays', { name: 'x', expiresInDays: 0 }],
      ['agent1001 DELETE /api/v1/tokens/zero', '400 params.id'],
    ]);
  });

  it('names the field of bad queries to the audit, the event log, registrations and webhooks', async () => {
    await check([
      ['admin GET /api/v1/audit?limit=0', '400 querystring.limit'],
      ['admin GET /api/v1/audit?actor=admin', '400 querystring.actor'],
      ['admin GET /api/v1/events?after=-1', '400 querystring.after'],
      // The live stream checks its cursor before it upgrades the connection.
      ['agent1001 GET /api/v1/ws?after=-1', '400 querystring.after'],
      [`supervisor GET /api/v1/registrations?extension=${long(33)}`, '400 querystring.extension'],
      ['admin GET /api/v1/webhooks/zero', '400 params.id'],
      ['admin DELETE /api/v1/webhooks/zero', '400 params.id'],
      ['admin GET /api/v1/webhooks/deliveries?status=lost', '400 querystring.status'],
      ['admin GET /api/v1/webhooks/dead-letters?limit=0', '400 querystring.limit'],
      ['admin POST /api/v1/webhooks/deliveries/zero/replay', '400 params.id'],
    ]);
  });

  it('names the field of bad call, recording and prompt addresses', async () => {
    await check([
      [`supervisor GET /api/v1/calls/${long(65)}`, '400 params.callId'],
      [`supervisor GET /api/v1/calls/${long(65)}/timeline`, '400 params.callId'],
      [`supervisor GET /api/v1/calls/c1/recordings/${long(81)}`, '400 params.recordingId'],
      [`admin GET /api/v1/prompt-recordings/${long(65)}`, '400 params.id'],
      [
        'admin POST /api/v1/prompt-recordings',
        '400 body.extension',
        { language: 'en', name: 'custom/x' },
      ],
      ['admin GET /api/v1/prompts/zh/Bad%20Name', '400 params.name'],
      ['admin GET /api/v1/prompts/fr/welcome', '400 params.language'],
      ['admin GET /api/v1/prompts/zh/welcome', '404 params.name'],
      ['admin DELETE /api/v1/prompts/fr/welcome', '400 params.language'],
      ['admin DELETE /api/v1/prompts/zh/custom/never-uploaded', '404 params.name'],
    ]);
  });

  it('names the field of bad IVR flow and number requests', async () => {
    await check([
      ['supervisor GET /api/v1/ivr/flows/Bad%20Name', '400 params.name'],
      ['supervisor GET /api/v1/ivr/flows/demo-hotline?version=0', '400 querystring.version'],
      ['supervisor GET /api/v1/ivr/flows/demo-hotline?version=9', '404 querystring.version'],
      ['supervisor GET /api/v1/ivr/flows/nope', '404 params.name'],
      ['supervisor GET /api/v1/ivr/flows/Bad%20Name/versions', '400 params.name'],
      ['supervisor GET /api/v1/ivr/flows/nope/versions', '404 params.name'],
      ['admin POST /api/v1/ivr/flows/demo-hotline/validate', '400 body.document', {}],
      ['admin POST /api/v1/ivr/flows/demo-hotline/publish', '400 body.version', {}],
      ['admin POST /api/v1/ivr/flows/Bad%20Name/rollback', '400 params.name'],
      ['admin DELETE /api/v1/ivr/numbers/40x', '400 params.number'],
      [`admin DELETE /api/v1/ivr/numbers/${'4'.repeat(22)}`, '400 params.number'],
    ]);
  });

  it('names the field of bad customer requests', async () => {
    await check([
      ['agent1001 GET /api/v1/customers/lookup', '400 querystring.number'],
      ['admin GET /api/v1/customers/export?tier=diamond', '400 querystring.tier'],
      ['agent1001 GET /api/v1/customers/zero', '400 params.id'],
      ['supervisor POST /api/v1/customers/1/merge', '400 body.duplicateId', {}],
      ['admin POST /api/v1/customers/1/erase', '400 body.reason', { reason: long(501) }],
      ['supervisor GET /api/v1/customers/zero/document', '400 params.id'],
      ['agent1001 GET /api/v1/customers/1/interactions?limit=0', '400 querystring.limit'],
      ['agent1001 POST /api/v1/customers/1/calls', '400 body.callId', {}],
      ['admin POST /api/v1/customers/import', '400 body'],
    ]);
  });

  it('names the field of bad configuration addresses', async () => {
    await check([
      ['supervisor GET /api/v1/queues/bad%20name', '400 params.name'],
      ['admin DELETE /api/v1/queues/bad%20name', '400 params.name'],
      ['admin DELETE /api/v1/reason-codes/Bad%20Code', '400 params.code'],
      ['admin DELETE /api/v1/reason-codes/never-was', '404 params.code'],
      ['admin DELETE /api/v1/disposition-codes/Bad%20Code', '400 params.code'],
      ['admin PUT /api/v1/disposition-codes/x', '400 body.labels.en', { labels: { zh: '某' } }],
      ['supervisor GET /api/v1/agent-profiles/Bad%20Name', '400 params.agentId'],
      ['admin DELETE /api/v1/agent-profiles/Bad%20Name', '400 params.agentId'],
      ['admin GET /api/v1/extensions/two%20words', '400 params.extension'],
      ['admin GET /api/v1/extensions/2999', '404 params.extension'],
      ['admin DELETE /api/v1/extensions/two%20words', '400 params.extension'],
      ['admin POST /api/v1/extensions/1001/password', '400 body.password', { password: 'short' }],
      ['supervisor GET /api/v1/schedules/Bad%20Name', '400 params.name'],
      ['supervisor GET /api/v1/schedules/night-shift', '404 params.name'],
      ['admin DELETE /api/v1/schedules/Bad%20Name', '400 params.name'],
      ['admin DELETE /api/v1/schedules/night-shift', '404 params.name'],
      // A trunk's name is checked by the config file's rules on save; an address only by length.
      [`admin GET /api/v1/trunks/${long(65)}`, '400 params.name'],
      ['admin GET /api/v1/trunks/backup', '404 params.name'],
      [`admin DELETE /api/v1/trunks/${long(65)}`, '400 params.name'],
      ['admin DELETE /api/v1/trunks/backup', '404 params.name'],
    ]);
  });
});
