// Webhooks against a real local receiver (node:http on 127.0.0.1) on the fake clock: failed
// attempts are retried with exponential backoff until the event arrives once, signed; a receiver
// that always fails ends in the dead letters, and a replay delivers it; a restart resumes what
// was pending; bad input is refused naming the field and other roles are refused.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { enginesUnderTest } from '../../../test/support/test-databases.ts';
import { startTestHotline, type TestHotline } from '../../../test/support/test-hotline.ts';
import { silentLogger } from '../../platform/index.ts';
import type { EventCatalogue, NewEvent } from '../../store/index.ts';
import {
  verifyWebhookSignature,
  WebhookDispatcher,
  WebhookService,
  type WebhookDelivery,
} from '../webhooks/index.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver whose answer per path is decided by the test (a status, or "drop" the socket). */
class Receiver {
  readonly received: Received[] = [];
  readonly answers = new Map<string, (n: number) => number | 'drop'>();
  readonly server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body });
        const n = this.received.filter((r) => r.path === path).length;
        const answer = this.answers.get(path)?.(n) ?? 200;
        if (answer === 'drop') req.socket.destroy();
        else res.writeHead(answer).end();
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${port}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const ended = (callId: string): NewEvent<EventCatalogue> => ({
  type: 'call.ended',
  stream: `call:${callId}`,
  payload: { callId, from: 'connected', cause: 'normal', by: 'customer' },
});

for (const engine of await enginesUnderTest()) {
  describe(`webhooks API on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestHotline;
    let admin: string;
    let receiver: Receiver;
    let service: WebhookService;

    const write = (events: NewEvent<EventCatalogue>[]) =>
      t.hotline.services.events.write((ctx) => ctx.appendAll(events));
    const deliveries = async (query = '') =>
      (
        await t.request({
          method: 'GET',
          url: `/api/v1/webhooks/deliveries${query}`,
          cookie: admin,
        })
      ).json<{ deliveries: WebhookDelivery[] }>().deliveries;
    const subscribe = async (name: string, path: string, eventTypes: string[]) => {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/webhooks',
        cookie: admin,
        body: { name, url: receiver.url + path, eventTypes },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ webhook: { id: number; secretHint: string }; secret: string }>();
    };
    /** Moves the fake clock to the delivery's next attempt and waits for that attempt. */
    const nextAttempt = async (delivery: WebhookDelivery) => {
      t.clock.advance(Math.max(0, delivery.nextAttemptAt! - t.clock.now()));
      await service.dispatcher.idle();
    };

    before(async () => {
      t = await startTestHotline({ engine: engine.engine });
      receiver = new Receiver();
      await receiver.listen();
      service = t.hotline.services.webhooks!;
      await service.start();
    });
    // Tests move the clock by hours: a fresh session keeps each one independent.
    beforeEach(async () => {
      admin = await t.login('admin', t.admin.password);
    });
    after(async () => {
      await receiver.close();
      await t.dispose();
    });

    it('retries a failing receiver with backoff until the event arrives once, signed', async () => {
      receiver.answers.set('/flaky', (n) => (n === 1 ? 500 : n === 2 ? 'drop' : 200));
      const { webhook, secret } = await subscribe('crm', '/flaky', ['call.ended']);
      assert.match(secret, /^whsec_/);
      assert.equal(webhook.secretHint, `whsec_…${secret.slice(-4)}`);
      await write([
        {
          type: 'call.offered',
          stream: 'call:x1',
          payload: {
            callId: 'x1',
            legId: 'l1',
            caller: { number: '1001' },
            dialed: '4008001000',
            source: 'extension',
          },
        },
        ended('x1'),
      ]);
      await service.dispatcher.catchUp();
      await service.dispatcher.idle();
      let [delivery] = await deliveries(`?subscriptionId=${webhook.id}`);
      assert.equal(delivery!.eventType, 'call.ended', 'only the subscribed type');
      assert.equal(delivery!.status, 'pending');
      assert.equal(delivery!.attempts, 1);
      assert.equal(delivery!.lastStatus, 500);
      // Exponential backoff with jitter: 10 s doubled per attempt, each in [half, full].
      const firstDelay = delivery!.nextAttemptAt! - delivery!.lastAttemptAt!;
      assert.ok(firstDelay >= 5_000 && firstDelay <= 10_000, `first delay ${firstDelay}`);
      await nextAttempt(delivery!);
      [delivery] = await deliveries(`?subscriptionId=${webhook.id}`);
      assert.equal(delivery!.attempts, 2);
      assert.equal(delivery!.lastStatus, null, 'a dropped connection has no status');
      const secondDelay = delivery!.nextAttemptAt! - delivery!.lastAttemptAt!;
      assert.ok(secondDelay >= 10_000 && secondDelay <= 20_000, `second delay ${secondDelay}`);
      await nextAttempt(delivery!);
      [delivery] = await deliveries(`?subscriptionId=${webhook.id}`);
      assert.equal(delivery!.status, 'delivered');
      assert.equal(delivery!.attempts, 3);

      const got = receiver.at('/flaky');
      assert.equal(got.length, 3);
      // Every attempt carries the same delivery id, so the receiver can drop repeats.
      assert.deepEqual(new Set(got.map((r) => r.headers['x-hotline-delivery'])).size, 1);
      assert.equal(got[2]!.headers['idempotency-key'], `hotline-delivery-${delivery!.id}`);
      const last = got[2]!;
      const signature = last.headers['x-hotline-signature'] as string;
      assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
      const now = Math.floor(t.clock.now() / 1000);
      assert.equal(verifyWebhookSignature(signature, secret, last.body, now), true);
      assert.equal(verifyWebhookSignature(signature, 'whsec_wrong', last.body, now), false);
      assert.equal(verifyWebhookSignature(signature, secret, last.body + ' ', now), false);
      assert.equal(verifyWebhookSignature(signature, secret, last.body, now + 3600), false);
      const body = JSON.parse(last.body) as {
        event: { type: string; payload: { callId: string } };
      };
      assert.equal(body.event.type, 'call.ended');
      assert.equal(body.event.payload.callId, 'x1');
      // Delivered once: nothing more arrives however long we wait.
      t.clock.advance(86_400_000);
      await service.dispatcher.idle();
      assert.equal(receiver.at('/flaky').length, 3);
    });

    it('turns a delivery that always fails into a dead letter, and replays it', async () => {
      receiver.answers.set('/down', () => 503);
      const { webhook } = await subscribe('ticketing', '/down', ['*']);
      await write([ended('x2')]);
      await service.dispatcher.catchUp();
      await service.dispatcher.idle();
      const max = service.dispatcher.maxAttempts;
      for (let i = 1; i < max; i++) {
        const [d] = await deliveries(`?subscriptionId=${webhook.id}`);
        assert.equal(d!.status, 'pending');
        await nextAttempt(d!);
      }
      assert.equal(receiver.at('/down').length, max);
      const dead = await t.request({
        method: 'GET',
        url: '/api/v1/webhooks/dead-letters',
        cookie: admin,
      });
      assert.equal(dead.statusCode, 200);
      const [letter] = dead.json<{ deliveries: WebhookDelivery[] }>().deliveries;
      assert.equal(letter!.subscriptionId, webhook.id);
      assert.equal(letter!.status, 'dead');
      assert.equal(letter!.attempts, max);
      assert.equal(letter!.lastStatus, 503);
      assert.equal(letter!.nextAttemptAt, null);

      receiver.answers.set('/down', () => 204);
      const replay = await t.request({
        method: 'POST',
        url: `/api/v1/webhooks/deliveries/${letter!.id}/replay`,
        cookie: admin,
      });
      assert.equal(replay.statusCode, 200, replay.body);
      await service.dispatcher.idle();
      const [done] = await deliveries(`?subscriptionId=${webhook.id}`);
      assert.equal(done!.status, 'delivered');
      assert.equal(receiver.at('/down').length, max + 1);
      assert.equal(
        receiver.at('/down').at(-1)!.headers['x-hotline-delivery'],
        String(letter!.id),
        'a replay keeps the delivery id',
      );
      const again = await t.request({
        method: 'POST',
        url: `/api/v1/webhooks/deliveries/${letter!.id}/replay`,
        cookie: admin,
      });
      assert.equal(again.statusCode, 409);
      const audit = await t.request({
        method: 'GET',
        url: '/api/v1/audit?action=webhook.replay',
        cookie: admin,
      });
      assert.equal(audit.json<{ entries: unknown[] }>().entries.length, 1);
      // Done with this subscription: it would take every later event.
      const removed = await t.request({
        method: 'DELETE',
        url: `/api/v1/webhooks/${webhook.id}`,
        cookie: admin,
      });
      assert.equal(removed.statusCode, 204);
    });

    it('resumes pending deliveries and unread events after a restart', async () => {
      receiver.answers.set('/restart', (n) => (n === 1 ? 500 : 200));
      const { webhook } = await subscribe('warehouse', '/restart', ['call.ended']);
      await write([ended('x3')]);
      await service.dispatcher.catchUp();
      await service.dispatcher.idle();
      assert.equal(receiver.at('/restart').length, 1);
      // The process stops with one delivery pending; another event is logged while it is down.
      await service.stop();
      await write([ended('x4')]);
      const dispatcher = new WebhookDispatcher({
        events: t.hotline.services.events,
        clock: t.clock,
        logger: silentLogger(),
      });
      service = new WebhookService({
        events: t.hotline.services.events,
        audit: t.hotline.services.audit,
        clock: t.clock,
        dispatcher,
      });
      t.hotline.services.webhooks = service;
      await service.start();
      await dispatcher.idle();
      const [pending] = (await deliveries(`?subscriptionId=${webhook.id}&status=pending`)).filter(
        (d) => d.attempts === 1,
      );
      await nextAttempt(pending!);
      const list = await deliveries(`?subscriptionId=${webhook.id}`);
      assert.deepEqual(
        list.map((d) => d.status),
        ['delivered', 'delivered'],
      );
      const ids = receiver
        .at('/restart')
        .map((r) => (JSON.parse(r.body) as { event: { payload: { callId: string } } }).event);
      assert.deepEqual(
        [...new Set(ids.map((e) => e.payload.callId))].sort(),
        ['x3', 'x4'],
        'neither event lost',
      );
    });

    it('refuses bad subscriptions naming the field, hides secrets, and keeps it to admins', async () => {
      const bad = async (body: unknown) => {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/webhooks',
          cookie: admin,
          body,
        });
        assert.equal(res.statusCode, 400, res.body);
        return res.json<{ error: { field: string; message: string } }>().error;
      };
      const ok = { name: 'x', url: 'https://example.test/hook', eventTypes: ['call.ended'] };
      assert.equal((await bad({ ...ok, url: 'ftp://example.test/x' })).field, 'body.url');
      assert.equal((await bad({ ...ok, url: 'file:///etc/passwd' })).field, 'body.url');
      assert.equal((await bad({ ...ok, url: 'not a url' })).field, 'body.url');
      assert.equal((await bad({ ...ok, eventTypes: ['user.created'] })).field, 'body.eventTypes.0');
      assert.equal((await bad({ ...ok, eventTypes: [] })).field, 'body.eventTypes');
      assert.equal((await bad({ url: ok.url, eventTypes: ok.eventTypes })).field, 'body.name');
      assert.equal((await bad({ ...ok, secret: 'mine' })).field, 'body.secret');

      const created = await t.request({
        method: 'POST',
        url: '/api/v1/webhooks',
        cookie: admin,
        body: ok,
      });
      const { webhook, secret } = created.json<{ webhook: { id: number }; secret: string }>();
      const patch = await t.request({
        method: 'PATCH',
        url: `/api/v1/webhooks/${webhook.id}`,
        cookie: admin,
        body: { url: 'gopher://old.test' },
      });
      assert.equal(patch.statusCode, 400);
      assert.equal(patch.json<{ error: { field: string } }>().error.field, 'body.url');
      const off = await t.request({
        method: 'PATCH',
        url: `/api/v1/webhooks/${webhook.id}`,
        cookie: admin,
        body: { active: false },
      });
      assert.equal(off.json<{ active: boolean }>().active, false);
      for (const url of ['/api/v1/webhooks', `/api/v1/webhooks/${webhook.id}`]) {
        const res = await t.request({ method: 'GET', url, cookie: admin });
        assert.equal(res.statusCode, 200);
        assert.equal(res.body.includes(secret), false, `${url} shows no secret`);
      }
      const missing = await t.request({
        method: 'GET',
        url: '/api/v1/webhooks/999999',
        cookie: admin,
      });
      assert.equal(missing.statusCode, 404);
      const replayMissing = await t.request({
        method: 'POST',
        url: '/api/v1/webhooks/deliveries/999999/replay',
        cookie: admin,
      });
      assert.equal(replayMissing.statusCode, 404);

      const user = async (username: string, role: string) => {
        const password = 'a-long-password-42';
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/users',
          cookie: admin,
          body: { username, role, password },
        });
        assert.equal(res.statusCode, 201, res.body);
        return t.login(username, password);
      };
      const supervisor = await user('webhook-supervisor', 'supervisor');
      const agent = await user('webhook-agent', 'agent');
      for (const cookie of [supervisor, agent]) {
        for (const [method, url, body] of [
          ['GET', '/api/v1/webhooks', undefined],
          ['GET', '/api/v1/webhooks/dead-letters', undefined],
          ['POST', '/api/v1/webhooks', ok],
          ['DELETE', `/api/v1/webhooks/${webhook.id}`, undefined],
          ['POST', '/api/v1/webhooks/deliveries/1/replay', undefined],
        ] as const) {
          const res = await t.request({ method, url, cookie, ...(body ? { body } : {}) });
          assert.equal(res.statusCode, 403, `${method} ${url}`);
        }
      }
      const anonymous = await t.request({ method: 'GET', url: '/api/v1/webhooks' });
      assert.equal(anonymous.statusCode, 401);
    });
  });
}
