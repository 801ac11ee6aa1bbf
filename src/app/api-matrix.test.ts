// The permission column of docs/api-test-matrix.md for every endpoint at once:
// each documented route is listed here with the permission it should demand,
// and the real server must refuse a caller without credentials (401) and each
// role that permission leaves out (403), before it reads any input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAllowed, type Permission } from '../api/index.ts';
import type { Role } from '../store/index.ts';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';

type Access = 'public' | 'authenticated' | Permission;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What each endpoint of the OpenAPI document should demand, as route files declare it. */
const access: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/v1/system': 'system:read-config',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'authenticated',
  'GET /api/v1/auth/me': 'authenticated',
  'POST /api/v1/auth/password': 'authenticated',
  'GET /api/v1/users': 'users:list',
  'POST /api/v1/users': 'users:create',
  'GET /api/v1/users/{id}': 'users:read',
  'PATCH /api/v1/users/{id}': 'users:update',
  'POST /api/v1/users/{id}/password': 'users:reset-password',
  'POST /api/v1/users/{id}/unlock': 'users:update',
  'GET /api/v1/tokens': 'api-tokens:manage-own',
  'POST /api/v1/tokens': 'api-tokens:manage-own',
  'DELETE /api/v1/tokens/{id}': 'api-tokens:manage-own',
  'GET /api/v1/audit': 'audit:read',
  'GET /api/v1/events': 'events:read',
  'GET /api/v1/cti/snapshot': 'cti:subscribe',
  'GET /api/v1/webhooks': 'webhooks:read',
  'POST /api/v1/webhooks': 'webhooks:write',
  'GET /api/v1/webhooks/{id}': 'webhooks:read',
  'PATCH /api/v1/webhooks/{id}': 'webhooks:write',
  'DELETE /api/v1/webhooks/{id}': 'webhooks:write',
  'GET /api/v1/webhooks/deliveries': 'webhooks:read',
  'GET /api/v1/webhooks/dead-letters': 'webhooks:read',
  'POST /api/v1/webhooks/deliveries/{id}/replay': 'webhooks:write',
  'GET /api/v1/registrations': 'telephony:read',
  'GET /api/v1/telephony/health': 'telephony:read',
  'GET /api/v1/calls/{callId}/recordings/{recordingId}': 'recordings:play',
  'GET /api/v1/calls': 'calls:read',
  'POST /api/v1/calls': 'calls:control',
  'GET /api/v1/calls/{callId}': 'calls:read',
  'GET /api/v1/calls/{callId}/timeline': 'calls:read',
  'POST /api/v1/calls/{callId}/answer': 'calls:control',
  'POST /api/v1/calls/{callId}/hold': 'calls:control',
  'POST /api/v1/calls/{callId}/resume': 'calls:control',
  'POST /api/v1/calls/{callId}/hangup': 'calls:control',
  'POST /api/v1/calls/{callId}/dtmf': 'calls:control',
  'POST /api/v1/calls/{callId}/transfer': 'calls:control',
  'POST /api/v1/calls/{callId}/consult': 'calls:control',
  'POST /api/v1/calls/{callId}/consult/complete': 'calls:control',
  'POST /api/v1/calls/{callId}/consult/cancel': 'calls:control',
  'POST /api/v1/calls/{callId}/conference': 'calls:control',
  'POST /api/v1/calls/{callId}/monitor': 'calls:monitor',
  'GET /api/v1/dispositions': 'calls:control',
  'POST /api/v1/calls/{callId}/disposition': 'calls:control',
  'GET /api/v1/agents': 'agents:read',
  'GET /api/v1/agents/me': 'agents:self',
  'POST /api/v1/agents/me/login': 'agents:self',
  'POST /api/v1/agents/me/ready': 'agents:self',
  'POST /api/v1/agents/me/not-ready': 'agents:self',
  'POST /api/v1/agents/me/logout': 'agents:self',
  'POST /api/v1/agents/{agentId}/state': 'agents:force',
  'GET /api/v1/ivr/flows': 'ivr:read',
  'GET /api/v1/ivr/flows/{name}': 'ivr:read',
  'PUT /api/v1/ivr/flows/{name}': 'ivr:write',
  'GET /api/v1/ivr/flows/{name}/versions': 'ivr:read',
  'POST /api/v1/ivr/flows/{name}/validate': 'ivr:write',
  'POST /api/v1/ivr/flows/{name}/publish': 'ivr:publish',
  'POST /api/v1/ivr/flows/{name}/rollback': 'ivr:publish',
  'GET /api/v1/ivr/numbers': 'ivr:read',
  'PUT /api/v1/ivr/numbers/{number}': 'ivr:publish',
  'DELETE /api/v1/ivr/numbers/{number}': 'ivr:publish',
  'POST /api/v1/prompt-recordings': 'prompts:write',
  'GET /api/v1/prompt-recordings/{id}': 'prompts:write',
  'GET /api/v1/prompts': 'prompts:read',
  'PUT /api/v1/prompts/{language}/{*}': 'prompts:write',
  'GET /api/v1/prompts/{language}/{*}': 'prompts:read',
  'DELETE /api/v1/prompts/{language}/{*}': 'prompts:write',
  'GET /api/v1/customers': 'customers:read',
  'POST /api/v1/customers': 'customers:write',
  'GET /api/v1/customers/lookup': 'customers:read',
  'GET /api/v1/customers/export': 'customers:export',
  'POST /api/v1/customers/import': 'customers:import',
  'GET /api/v1/customers/{id}': 'customers:read',
  'PATCH /api/v1/customers/{id}': 'customers:write',
  'POST /api/v1/customers/{id}/merge': 'customers:merge',
  'POST /api/v1/customers/{id}/erase': 'customers:erase',
  'GET /api/v1/customers/{id}/document': 'customers:reveal-document',
  'GET /api/v1/customers/{id}/interactions': 'customers:read',
  'POST /api/v1/customers/{id}/calls': 'customers:write',
  'GET /api/v1/queues': 'queues:read',
  'GET /api/v1/queues/{name}': 'queues:read',
  'PUT /api/v1/queues/{name}': 'queues:write',
  'DELETE /api/v1/queues/{name}': 'queues:write',
  'GET /api/v1/reason-codes': 'reason-codes:read',
  'PUT /api/v1/reason-codes/{code}': 'reason-codes:write',
  'DELETE /api/v1/reason-codes/{code}': 'reason-codes:write',
  'GET /api/v1/disposition-codes': 'disposition-codes:read',
  'PUT /api/v1/disposition-codes/{code}': 'disposition-codes:write',
  'DELETE /api/v1/disposition-codes/{code}': 'disposition-codes:write',
  'GET /api/v1/agent-profiles': 'agent-profiles:read',
  'GET /api/v1/agent-profiles/{agentId}': 'agent-profiles:read',
  'PUT /api/v1/agent-profiles/{agentId}': 'agent-profiles:write',
  'DELETE /api/v1/agent-profiles/{agentId}': 'agent-profiles:write',
  'GET /api/v1/extensions': 'extensions:read',
  'GET /api/v1/extensions/{extension}': 'extensions:read',
  'PUT /api/v1/extensions/{extension}': 'extensions:write',
  'DELETE /api/v1/extensions/{extension}': 'extensions:write',
  'POST /api/v1/extensions/{extension}/password': 'extensions:write',
  'GET /api/v1/schedules': 'schedules:read',
  'GET /api/v1/schedules/{name}': 'schedules:read',
  'PUT /api/v1/schedules/{name}': 'schedules:write',
  'DELETE /api/v1/schedules/{name}': 'schedules:write',
  // Supervisors see the list with its live status; one trunk's settings are an administrator's.
  'GET /api/v1/trunks': 'trunks:list',
  'GET /api/v1/trunks/{name}': 'trunks:read',
  'PUT /api/v1/trunks/{name}': 'trunks:write',
  'DELETE /api/v1/trunks/{name}': 'trunks:write',
};

/** A value for each path parameter: access control answers before any of them is read. */
const sample: Record<string, string> = {
  id: '1',
  callId: 'matrix-call',
  recordingId: 'matrix-recording',
  name: 'matrix',
  number: '4008009999',
  language: 'zh',
  '*': 'welcome',
  agentId: 'agent1001',
  extension: '1001',
  code: 'lunch',
};

const concrete = (path: string) =>
  path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = sample[name];
    if (value === undefined) throw new Error(`no sample value for {${name}} in ${path}`);
    return value;
  });

const users: Record<Role, string> = {
  admin: 'admin',
  supervisor: 'supervisor',
  agent: 'agent1001',
  qa: 'qa01',
};

describe('API access matrix', () => {
  let t: TestHotline;
  let endpoints: { key: string; method: Method; path: string }[];
  const cookies = {} as Record<Role, string>;

  before(async () => {
    t = await startTestHotline({ demo: true });
    for (const [role, username] of Object.entries(users) as [Role, string][]) {
      const password =
        username === 'admin'
          ? t.admin.password
          : t.credentials.find((c) => c.username === username)!.password;
      cookies[role] = await t.login(username, password);
    }
    const res = await t.request({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(res.statusCode, 200);
    const paths = res.json<{ paths: Record<string, Record<string, unknown>> }>().paths;
    endpoints = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((m) => {
        const method = m.toUpperCase() as Method;
        return { key: `${method} ${path}`, method, path };
      }),
    );
  });
  after(() => t?.dispose());

  it('knows the permission of every endpoint the OpenAPI document lists', () => {
    const documented = endpoints.map((e) => e.key);
    const unlisted = documented.filter((k) => access[k] === undefined);
    assert.deepEqual(unlisted, [], 'add these endpoints, with their permission, to the table');
    const gone = Object.keys(access).filter((k) => !documented.includes(k));
    assert.deepEqual(gone, [], 'these endpoints are no longer in the OpenAPI document');
  });

  it('refuses every endpoint but the public ones to a caller without credentials (401)', async () => {
    for (const { key, method, path } of endpoints) {
      const wanted = access[key];
      if (wanted === undefined || wanted === 'public') continue;
      const res = await t.request({ method, url: concrete(path) });
      assert.equal(res.statusCode, 401, `${key}: ${res.body}`);
      assert.equal(res.json<{ error: { code: string } }>().error.code, 'unauthenticated', key);
    }
  });

  it('refuses every endpoint to each role its permission leaves out (403), before reading input', async () => {
    let refusals = 0;
    for (const { key, method, path } of endpoints) {
      const wanted = access[key];
      if (wanted === undefined || wanted === 'public' || wanted === 'authenticated') continue;
      for (const role of Object.keys(users) as Role[]) {
        if (isAllowed(role, wanted)) continue;
        // A body that would fail validation: the refusal must come first.
        const res = await t.request({
          method,
          url: concrete(path),
          cookie: cookies[role],
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: { unknownField: true } }),
        });
        assert.equal(res.statusCode, 403, `${role} ${key}: ${res.body}`);
        const { error } = res.json<{ error: { code: string; message: string } }>();
        assert.equal(error.code, 'forbidden', `${role} ${key}`);
        assert.match(error.message, new RegExp(`your role \\(${role}\\) may not`), key);
        refusals++;
      }
    }
    // Every permission that leaves a role out was exercised (a guard against an empty loop).
    assert.ok(refusals > 150, `${refusals} refusals`);
  });
});
