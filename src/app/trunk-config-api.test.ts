// SIP trunks through the API on both engines: created, replaced and deleted by administrators,
// checked by the config file's own rules (400 naming the field) and against the other trunks and
// the extensions (409), versioned, logged and audited without their passwords, which are never
// returned and are kept when a change leaves them out; the config file's trunks are listed
// read-only; supervisors read the list only. Telephony is not started here: the status is null
// (test/e2e/sip-trunks-api.test.ts runs the trunks against a carrier).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enginesUnderTest } from '../../test/support/test-databases.ts';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';
import type { TrunkConfig } from '../platform/index.ts';
import type { TrunkView } from '../api/index.ts';
import { trunksLive } from './trunk-config-live.ts';

interface ErrorAnswer {
  error: { code: string; message: string; field?: string };
}

const OUT_SECRET = 'outbound-secret-771';
const IN_SECRET = 'inbound-secret-9924';
const FILE_SECRET = 'file-trunk-secret-5';

/** A trunk of the config file (already parsed, as loadConfig leaves it). */
const fileTrunk: TrunkConfig = {
  name: 'telecom',
  host: '192.0.2.10',
  port: 5060,
  transport: 'udp',
  inbound: { addresses: ['192.0.2.10'], username: 'telecom-in', password: FILE_SECRET },
  outbound: {
    username: 'telecom-acct',
    password: FILE_SECRET,
    register: true,
    registerExpires: 3600,
    fromUser: '4008001000',
    passCallerId: false,
  },
  keepAliveSeconds: 30,
  dial: { stripPrefix: '+86', addPrefix: '0' },
};

const backup = {
  host: 'sip.backup.example',
  port: 5080,
  inbound: { addresses: ['198.51.100.20'], username: 'backup-in', password: IN_SECRET },
  outbound: { username: 'backup-acct', password: OUT_SECRET, register: true },
  keepAliveSeconds: 20,
  maxConcurrentCalls: 10,
  dial: { addPrefix: '9' },
};

for (const engine of await enginesUnderTest()) {
  describe(`trunks API on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestHotline;
    const cookies: Record<string, string> = {};
    const call = (who: string, method: 'GET' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
      t.request({ method, url, cookie: cookies[who]!, ...(body !== undefined ? { body } : {}) });
    const errorOf = (res: { json<T>(): T }) => res.json<ErrorAnswer>().error;
    const service = () => t.hotline.services.config!.trunks!;
    const stored = (name: string) =>
      service()
        .trunks()
        .find((tr) => tr.name === name);
    const noSecrets = (body: string) => {
      for (const secret of [OUT_SECRET, IN_SECRET, FILE_SECRET, 'other-secret-12345'])
        assert.ok(!body.includes(secret), `a password was returned: ${body}`);
      assert.ok(!/"password"/.test(body), `a password field was returned: ${body}`);
    };

    before(async () => {
      t = await startTestHotline({
        engine: engine.engine,
        demo: true,
        config: {
          sip: { trunks: [fileTrunk], trunkPeers: [{ name: 'peer', address: '203.0.113.9' }] },
        },
      });
      const password = (u: string) => t.credentials.find((c) => c.username === u)!.password;
      cookies.admin = await t.login('admin', t.admin.password);
      for (const user of ['supervisor', 'agent1001', 'qa01'])
        cookies[user] = await t.login(user, password(user));
    });
    after(() => t.dispose());

    it('lists the config file’s trunks read-only, without passwords, to admins and supervisors', async () => {
      const res = await call('supervisor', 'GET', '/api/v1/trunks');
      assert.equal(res.statusCode, 200, res.body);
      noSecrets(res.body);
      const [telecom] = res.json<{ trunks: TrunkView[] }>().trunks;
      assert.deepEqual(telecom, {
        name: 'telecom',
        source: 'config',
        host: '192.0.2.10',
        port: 5060,
        transport: 'udp',
        tlsAcceptSelfSigned: false,
        inbound: { addresses: ['192.0.2.10'], username: 'telecom-in', passwordSet: true },
        outbound: {
          username: 'telecom-acct',
          passwordSet: true,
          register: true,
          registerExpires: 3600,
          fromUser: '4008001000',
          fromDomain: null,
          passCallerId: false,
        },
        keepAliveSeconds: 30,
        maxConcurrentCalls: null,
        dial: { stripPrefix: '+86', addPrefix: '0' },
        version: null,
        createdAt: null,
        updatedAt: null,
        updatedBy: null,
        status: null,
      });
      const put = await call('admin', 'PUT', '/api/v1/trunks/telecom', { host: '192.0.2.11' });
      assert.equal(put.statusCode, 409, put.body);
      assert.equal(errorOf(put).field, 'params.name');
      assert.match(errorOf(put).message, /config file/);
      const del = await call('admin', 'DELETE', '/api/v1/trunks/telecom');
      assert.equal(del.statusCode, 409);
      assert.equal(errorOf(del).field, 'params.name');
    });

    it('creates and replaces a trunk, versioned, logged and audited; passwords write-only', async () => {
      const created = await call('admin', 'PUT', '/api/v1/trunks/backup', backup);
      assert.equal(created.statusCode, 201, created.body);
      noSecrets(created.body);
      const view = created.json<{ trunk: TrunkView }>().trunk;
      assert.deepEqual(
        [view.source, view.version, view.updatedBy, view.port, view.transport, view.status],
        ['api', 1, 'admin', 5080, 'udp', null],
      );
      assert.deepEqual(view.inbound, {
        addresses: ['198.51.100.20'],
        username: 'backup-in',
        passwordSet: true,
      });
      assert.deepEqual(view.outbound, {
        username: 'backup-acct',
        passwordSet: true,
        register: true,
        registerExpires: 3600,
        fromUser: 'backup-acct',
        fromDomain: null,
        passCallerId: false,
      });
      assert.deepEqual(view.dial, { stripPrefix: null, addPrefix: '9' });
      assert.equal(stored('backup')?.outbound?.password, OUT_SECRET);

      // A change without passwords keeps both; the username must still be given.
      const replaced = await call('admin', 'PUT', '/api/v1/trunks/backup', {
        ...backup,
        port: 5090,
        inbound: { addresses: ['198.51.100.20'], username: 'backup-in' },
        outbound: { username: 'backup-acct', register: true, registerExpires: 600 },
      });
      assert.equal(replaced.statusCode, 200, replaced.body);
      const second = replaced.json<{ trunk: TrunkView }>().trunk;
      assert.deepEqual(
        [second.version, second.port, second.outbound?.registerExpires],
        [2, 5090, 600],
      );
      assert.equal(stored('backup')?.outbound?.password, OUT_SECRET);
      assert.equal(stored('backup')?.inbound.password, IN_SECRET);
      // A new password replaces the stored one.
      const rotated = await call('admin', 'PUT', '/api/v1/trunks/backup', {
        ...backup,
        outbound: { ...backup.outbound, password: 'other-secret-12345' },
      });
      assert.equal(rotated.statusCode, 200, rotated.body);
      noSecrets(rotated.body);
      assert.equal(stored('backup')?.outbound?.password, 'other-secret-12345');

      const one = await call('admin', 'GET', '/api/v1/trunks/backup');
      assert.equal(one.statusCode, 200);
      noSecrets(one.body);
      assert.equal(one.json<TrunkView>().version, 3);
      const list = await call('admin', 'GET', '/api/v1/trunks');
      assert.deepEqual(
        list.json<{ trunks: TrunkView[] }>().trunks.map((tr) => [tr.name, tr.source]),
        [
          ['telecom', 'config'],
          ['backup', 'api'],
        ],
      );

      const audit = await call('admin', 'GET', '/api/v1/audit?resource=trunks&resourceId=backup');
      assert.equal(audit.statusCode, 200, audit.body);
      noSecrets(audit.body.replaceAll('"password":"***"', ''));
      assert.deepEqual(
        audit
          .json<{ entries: { action: string }[] }>()
          .entries.map((e) => e.action)
          .sort(),
        ['trunk.create', 'trunk.replace', 'trunk.replace'],
      );
      const events = await call('admin', 'GET', '/api/v1/events?type=config.trunk-saved');
      assert.equal(events.statusCode, 200, events.body);
      assert.ok(events.body.includes('config.trunk-saved'), events.body);
      noSecrets(events.body.replaceAll('"password":"***"', ''));

      // Stored: a restart reads it back as it was saved.
      await service().load();
      assert.equal(stored('backup')?.outbound?.password, 'other-secret-12345');
      assert.equal(stored('backup')?.port, 5080);
    });

    it('refuses values the config file refuses, with a 400 naming the field', async () => {
      const cases: [string, unknown, string, RegExp][] = [
        ['backup', { ...backup, port: 70000 }, 'body.port', /70000 is outside 1–65535/],
        ['backup', { ...backup, transport: 'sctp' }, 'body.transport', /not allowed/],
        ['backup', { ...backup, host: 'not a host!' }, 'body.host', /neither an IP address/],
        [
          'backup',
          { ...backup, inbound: { addresses: ['198.51.100.20', '300.1.1.1'] } },
          'body.inbound.addresses.1',
          /not an IPv4 or IPv6 address/,
        ],
        [
          'fresh',
          { ...backup, inbound: { username: 'fresh-in', password: 'short' } },
          'body.inbound.password',
          /at least 10 characters/,
        ],
        [
          'fresh',
          { host: '192.0.2.50', outbound: { register: true, fromUser: '4008001000' } },
          'body.outbound.register',
          /registering needs/,
        ],
        [
          'fresh',
          { host: '192.0.2.50', inbound: { username: 'fresh-in' } },
          'body.inbound.username',
          /give both/,
        ],
        ['fresh', { ...backup, keepAliveSeconds: -1 }, 'body.keepAliveSeconds', /outside 0–3600/],
        ['fresh', { ...backup, dial: { addPrefix: 'x' } }, 'body.dial.addPrefix', /not digits/],
        ['fresh', { ...backup, carrier: 'x' }, 'body.carrier', /not a known field/],
        ['no%20spaces', backup, 'params.name', /must be 1–32 letters/],
      ];
      for (const [name, body, field, message] of cases) {
        const res = await call('admin', 'PUT', `/api/v1/trunks/${name}`, body);
        assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
        assert.equal(errorOf(res).field, field, res.body);
        assert.match(errorOf(res).message, message);
        noSecrets(res.body);
      }
      assert.equal((await call('admin', 'GET', '/api/v1/trunks/fresh')).statusCode, 404);
      assert.equal(stored('backup')?.port, 5080, 'a refused change changed nothing');
    });

    it('refuses what clashes with other trunks, carriers or extensions (409 naming the field)', async () => {
      const fresh = { host: '192.0.2.60' };
      const cases: [string, unknown, string, RegExp][] = [
        ['peer', fresh, 'params.name', /sip\.trunkPeers/],
        [
          'fresh',
          { ...fresh, inbound: { username: 'telecom-in', password: IN_SECRET } },
          'body.inbound.username',
          /trunk "telecom"'s already/,
        ],
        [
          'fresh',
          { ...fresh, inbound: { username: '1001', password: IN_SECRET } },
          'body.inbound.username',
          /is a SIP extension/,
        ],
        [
          'fresh',
          { ...fresh, inbound: { addresses: ['192.0.2.10'] } },
          'body.inbound.addresses',
          /192\.0\.2\.10 is an inbound address of "telecom" and "fresh"/,
        ],
        [
          'fresh',
          { ...fresh, inbound: { addresses: ['203.0.113.9'] } },
          'body.inbound.addresses',
          /"peer" and "fresh"/,
        ],
      ];
      for (const [name, body, field, message] of cases) {
        const res = await call('admin', 'PUT', `/api/v1/trunks/${name}`, body);
        assert.equal(res.statusCode, 409, `${field}: ${res.body}`);
        assert.equal(errorOf(res).field, field, res.body);
        assert.match(errorOf(res).message, message);
      }
      // Sharing an address is fine when both trunks also require their own digest credentials.
      const shared = await call('admin', 'PUT', '/api/v1/trunks/fresh', {
        ...fresh,
        inbound: { addresses: ['192.0.2.10'], username: 'fresh-in', password: IN_SECRET },
      });
      assert.equal(shared.statusCode, 201, shared.body);
      assert.equal((await call('admin', 'DELETE', '/api/v1/trunks/fresh')).statusCode, 204);
    });

    it('describes the routes in the OpenAPI document, passwords write-only', async () => {
      const res = await t.request({ method: 'GET', url: '/api/v1/openapi.json' });
      assert.equal(res.statusCode, 200);
      const doc = res.json<{ paths: Record<string, Record<string, unknown>> }>();
      assert.deepEqual(Object.keys(doc.paths['/api/v1/trunks/{name}'] ?? {}).sort(), [
        'delete',
        'get',
        'put',
      ]);
      assert.ok(doc.paths['/api/v1/trunks']?.get);
      assert.match(res.body, /"password":\{"type":"string","writeOnly":true/);
    });

    it('lets supervisors read the list only, and nobody else anything', async () => {
      for (const [who, method, url] of [
        ['supervisor', 'GET', '/api/v1/trunks/backup'],
        ['supervisor', 'PUT', '/api/v1/trunks/backup'],
        ['supervisor', 'DELETE', '/api/v1/trunks/backup'],
        ['agent1001', 'GET', '/api/v1/trunks'],
        ['qa01', 'GET', '/api/v1/trunks'],
        ['agent1001', 'PUT', '/api/v1/trunks/backup'],
      ] as const) {
        const res = await call(who, method, url, method === 'PUT' ? backup : undefined);
        assert.equal(res.statusCode, 403, `${who} ${method} ${url}: ${res.body}`);
      }
      const anonymous = await t.request({ method: 'GET', url: '/api/v1/trunks' });
      assert.equal(anonymous.statusCode, 401);
    });

    it('keeps a trunk with calls going out or a published flow transferring through it; deletes the rest', async () => {
      // Telephony is not running here: the live port stands in for two calls going out.
      service().connect({
        status: () => [],
        activeCalls: (name) => (name === 'backup' ? 2 : 0),
        apply: () => Promise.resolve(),
        remove: () => Promise.resolve(),
      });
      const busy = await call('admin', 'DELETE', '/api/v1/trunks/backup');
      assert.equal(busy.statusCode, 409, busy.body);
      assert.match(errorOf(busy).message, /2 calls in progress/);
      service().connect(trunksLive(t.hotline.telephony));

      const flow = await call('admin', 'PUT', '/api/v1/ivr/flows/overflow-out', {
        document: {
          schemaVersion: 1,
          name: 'overflow-out',
          start: 'out',
          nodes: { out: { type: 'transfer', number: '13800138000', trunk: 'backup' } },
        },
        publish: true,
      });
      assert.equal(flow.statusCode, 201, flow.body);
      const named = await call('admin', 'DELETE', '/api/v1/trunks/backup');
      assert.equal(named.statusCode, 409, named.body);
      assert.match(errorOf(named).message, /overflow-out/);
      const elsewhere = await call('admin', 'PUT', '/api/v1/ivr/flows/overflow-out', {
        document: {
          schemaVersion: 1,
          name: 'overflow-out',
          start: 'out',
          nodes: { out: { type: 'transfer', number: '13800138000', trunk: 'telecom' } },
        },
        publish: true,
      });
      assert.equal(elsewhere.statusCode, 201, elsewhere.body);

      const deleted = await call('admin', 'DELETE', '/api/v1/trunks/backup');
      assert.equal(deleted.statusCode, 204, deleted.body);
      const gone = await call('admin', 'GET', '/api/v1/trunks/backup');
      assert.equal(gone.statusCode, 404);
      assert.equal(errorOf(gone).field, 'params.name');
      assert.equal((await call('admin', 'DELETE', '/api/v1/trunks/backup')).statusCode, 404);
      assert.equal(stored('backup'), undefined);
      await service().load();
      assert.equal(stored('backup'), undefined, 'deleted from the database too');
      const audit = await call('admin', 'GET', '/api/v1/audit?resource=trunks&resourceId=backup');
      assert.ok(
        audit
          .json<{ entries: { action: string }[] }>()
          .entries.some((e) => e.action === 'trunk.delete'),
      );
    });
  });
}
