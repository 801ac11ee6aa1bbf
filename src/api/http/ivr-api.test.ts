// IVR flows through the API: refused on save with every problem named by node
// and field, versions kept, publish and roll back, dialed numbers mapped,
// every change audited, and only administrators may change what callers hear.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enginesUnderTest } from '../../../test/support/test-databases.ts';
import { startTestHotline, type TestHotline } from '../../../test/support/test-hotline.ts';

interface Problem {
  node?: string;
  field: string;
  message: string;
}

const tinyFlow = (greeting: string) => ({
  schemaVersion: 1,
  name: 'tiny',
  start: 'hello',
  nodes: {
    hello: { type: 'play', prompts: [{ prompt: greeting }], next: 'bye' },
    bye: { type: 'hangup' },
  },
});

for (const engine of await enginesUnderTest()) {
  describe(`IVR API on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestHotline;
    let admin: string;

    before(async () => {
      t = await startTestHotline({ engine: engine.engine, demo: true });
      admin = await t.login('admin', t.admin.password);
    });
    after(() => t.dispose());

    it('seeds the demo flow, published and answering the hotline number', async () => {
      const flows = await t.request({ method: 'GET', url: '/api/v1/ivr/flows', cookie: admin });
      assert.equal(flows.statusCode, 200);
      const demo = flows
        .json<{ flows: { name: string; publishedVersion: number | null }[] }>()
        .flows.find((f) => f.name === 'demo-hotline');
      assert.equal(demo?.publishedVersion, 1);
      const numbers = await t.request({ method: 'GET', url: '/api/v1/ivr/numbers', cookie: admin });
      assert.deepEqual(
        numbers
          .json<{ numbers: { number: string; flow: string }[] }>()
          .numbers.map((n) => [n.number, n.flow]),
        [['4008001000', 'demo-hotline']],
      );
    });

    it('refuses an invalid flow with every problem, naming node and field, and saves nothing', async () => {
      const document = {
        schemaVersion: 1,
        name: 'broken',
        start: 'menu',
        nodes: {
          menu: {
            type: 'menu',
            prompt: [{ prompt: 'no-such-prompt' }],
            options: { '1': 'missing-node' },
            timeoutMs: 'soon',
            retries: 1,
          },
          queue: { type: 'queue', queue: 'no-such-queue' },
        },
      };
      const res = await t.request({
        method: 'PUT',
        url: '/api/v1/ivr/flows/broken',
        cookie: admin,
        body: { document },
      });
      assert.equal(res.statusCode, 400);
      const error = res.json<{ error: { code: string; field: string; problems: Problem[] } }>()
        .error;
      assert.equal(error.code, 'invalid-input');
      assert.match(error.field, /^body\.document\.nodes\.menu/);
      const fields = error.problems.map((p) => `${p.node ?? ''}:${p.field}`);
      assert.ok(
        fields.some((f) => f.startsWith('menu:') && f.includes('timeoutMs')),
        fields.join(' | '),
      );
      // Type errors come first: fix those and the references are checked.
      document.nodes.menu.timeoutMs = 5000 as never;
      const again = await t.request({
        method: 'POST',
        url: '/api/v1/ivr/flows/broken/validate',
        cookie: admin,
        body: { document },
      });
      assert.equal(again.statusCode, 200);
      const problems = again.json<{ ok: boolean; problems: Problem[] }>();
      assert.equal(problems.ok, false);
      const messages = problems.problems
        .map((p) => `${p.node ?? ''}|${p.field}|${p.message}`)
        .join('\n');
      assert.match(messages, /menu\|.*options.*missing-node/);
      assert.match(messages, /menu\|.*prompt.*no-such-prompt/);
      assert.match(messages, /queue\|.*no-such-queue/);
      const list = await t.request({ method: 'GET', url: '/api/v1/ivr/flows', cookie: admin });
      assert.ok(!list.json<{ flows: { name: string }[] }>().flows.some((f) => f.name === 'broken'));
    });

    it('keeps versions, publishes, rolls back, and maps a number to the flow', async () => {
      const v1 = await t.request({
        method: 'PUT',
        url: '/api/v1/ivr/flows/tiny',
        cookie: admin,
        body: { document: tinyFlow('welcome'), comment: 'first', publish: true },
      });
      assert.equal(v1.statusCode, 201);
      assert.deepEqual(v1.json(), { name: 'tiny', version: 1, published: true });
      const v2 = await t.request({
        method: 'PUT',
        url: '/api/v1/ivr/flows/tiny',
        cookie: admin,
        body: { document: tinyFlow('goodbye'), comment: 'second' },
      });
      assert.deepEqual(v2.json(), { name: 'tiny', version: 2, published: false });
      const published = await t.request({
        method: 'GET',
        url: '/api/v1/ivr/flows/tiny',
        cookie: admin,
      });
      assert.equal(published.json<{ version: number }>().version, 1, 'saving does not publish');
      const draft = await t.request({
        method: 'GET',
        url: '/api/v1/ivr/flows/tiny?version=2',
        cookie: admin,
      });
      assert.deepEqual(draft.json<{ document: unknown }>().document, tinyFlow('goodbye'));

      const pub = await t.request({
        method: 'POST',
        url: '/api/v1/ivr/flows/tiny/publish',
        cookie: admin,
        body: { version: 2 },
      });
      assert.equal(pub.statusCode, 200);
      const back = await t.request({
        method: 'POST',
        url: '/api/v1/ivr/flows/tiny/rollback',
        cookie: admin,
      });
      assert.deepEqual(back.json(), { version: 1 });
      const noEarlier = await t.request({
        method: 'POST',
        url: '/api/v1/ivr/flows/tiny/rollback',
        cookie: admin,
      });
      assert.equal(noEarlier.statusCode, 409);
      const missing = await t.request({
        method: 'POST',
        url: '/api/v1/ivr/flows/tiny/publish',
        cookie: admin,
        body: { version: 9 },
      });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json<{ error: { field: string } }>().error.field, 'body.version');

      const versions = await t.request({
        method: 'GET',
        url: '/api/v1/ivr/flows/tiny/versions',
        cookie: admin,
      });
      assert.deepEqual(
        versions
          .json<{ versions: { version: number; comment: string }[] }>()
          .versions.map((v) => [v.version, v.comment]),
        [
          [2, 'second'],
          [1, 'first'],
        ],
      );

      const map = await t.request({
        method: 'PUT',
        url: '/api/v1/ivr/numbers/4008002000',
        cookie: admin,
        body: { flow: 'tiny', description: 'second line' },
      });
      assert.equal(map.statusCode, 204);
      const unknownFlow = await t.request({
        method: 'PUT',
        url: '/api/v1/ivr/numbers/4008003000',
        cookie: admin,
        body: { flow: 'nope' },
      });
      assert.equal(unknownFlow.statusCode, 404);
      const badNumber = await t.request({
        method: 'PUT',
        url: '/api/v1/ivr/numbers/40x',
        cookie: admin,
        body: { flow: 'tiny' },
      });
      assert.equal(badNumber.statusCode, 400);
      assert.equal(
        (
          await t.request({
            method: 'DELETE',
            url: '/api/v1/ivr/numbers/4008002000',
            cookie: admin,
          })
        ).statusCode,
        204,
      );
      assert.equal(
        (
          await t.request({
            method: 'DELETE',
            url: '/api/v1/ivr/numbers/4008002000',
            cookie: admin,
          })
        ).statusCode,
        404,
      );

      const audit = await t.request({
        method: 'GET',
        url: '/api/v1/audit?resource=ivr-flows',
        cookie: admin,
      });
      const actions = audit.json<{ entries: { action: string }[] }>().entries.map((e) => e.action);
      assert.ok(
        actions.includes('ivr-flow.save') && actions.includes('ivr-flow.publish'),
        actions.join(),
      );
    });

    it('lets supervisors read flows but not change them; agents see none', async () => {
      const password = (name: string) => t.credentials.find((c) => c.username === name)!.password;
      const supervisor = await t.login('supervisor', password('supervisor'));
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/ivr/flows', cookie: supervisor }))
          .statusCode,
        200,
      );
      const change = await t.request({
        method: 'PUT',
        url: '/api/v1/ivr/flows/tiny',
        cookie: supervisor,
        body: { document: tinyFlow('welcome') },
      });
      assert.equal(change.statusCode, 403);
      const agent = await t.login('agent1002', password('agent1002'));
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/ivr/flows', cookie: agent })).statusCode,
        403,
      );
    });
  });
}
