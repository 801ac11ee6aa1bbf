// Live CTI through the real server: the WebSocket resumes after a dropped connection with no
// lost and no duplicated frame, each role receives only what it may see, the snapshot holds
// agents, live calls and queue figures, and bad requests are refused naming the field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { enginesUnderTest } from '../../../test/support/test-databases.ts';
import { startTestHotline, T0, type TestHotline } from '../../../test/support/test-hotline.ts';
import type { NewEvent, EventCatalogue } from '../../store/index.ts';
import { silentLogger } from '../../platform/index.ts';
import {
  CtiLiveState,
  type CtiEvent,
  type CtiServerMessage,
  type CtiSnapshot,
} from '../cti/index.ts';

type Message = CtiServerMessage;

/** A WebSocket client that records every message, with a wait for one that matches. */
class Client {
  readonly messages: Message[] = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;

  constructor(url: string, cookie: string) {
    this.ws = new WebSocket(url, { headers: { cookie } });
    this.ws.on('message', (data: Buffer) =>
      this.messages.push(JSON.parse(data.toString()) as Message),
    );
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }

  get frames(): Extract<Message, { type: 'events' }>[] {
    return this.messages.filter(
      (m): m is Extract<Message, { type: 'events' }> => m.type === 'events',
    );
  }

  get events(): CtiEvent[] {
    return this.frames.flatMap((f) => f.events);
  }

  /** Waits (without a timed assertion: a test timeout would catch a hang) until `ready()` holds. */
  async until(ready: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error(`${what}; got ${JSON.stringify(this.messages)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    this.ws.close();
    await this.closed;
  }
}

const caller = { number: '013812345678', e164: '+8613812345678' };

/** One call's life as the call model and the ACD log it: offered, queued, ringing, answered. */
function callTo(
  callId: string,
  agentId: string,
  queue: string,
  at: number,
): NewEvent<EventCatalogue>[] {
  const stream = `call:${callId}`;
  return [
    {
      type: 'call.offered',
      stream,
      time: at,
      payload: { callId, legId: `${callId}-a`, caller, dialed: '4008001000', source: 'trunk' },
    },
    {
      type: 'call.queued',
      stream,
      time: at + 1000,
      payload: { callId, queue, priority: 1, skills: [] },
    },
    {
      type: 'queue.joined',
      stream: `queue:${queue}`,
      time: at + 1000,
      payload: { callId, queue, priority: 1, skills: [], position: 1, ewtSeconds: null },
    },
    {
      type: 'call.alerting',
      stream,
      time: at + 4000,
      payload: { callId, legId: `${callId}-b`, target: '1001', agentId },
    },
    {
      type: 'call.connected',
      stream,
      time: at + 6000,
      payload: { callId, legId: `${callId}-b`, target: '1001', agentId },
    },
    {
      type: 'queue.answered',
      stream: `queue:${queue}`,
      time: at + 6000,
      payload: { callId, queue, agentId, waitMs: 5000 },
    },
  ];
}

function stateChange(
  agentId: string,
  from: 'logged-out' | 'not-ready' | 'ready',
  to: 'not-ready' | 'ready',
  at: number,
): NewEvent<EventCatalogue> {
  return {
    type: 'agent.state-changed',
    stream: `agent:${agentId}`,
    time: at,
    payload: {
      agentId,
      from,
      to,
      event: to === 'ready' ? 'ready' : 'login',
      previousStateMs: 0,
      ...(to === 'not-ready' ? { reasonCode: 'login', extension: '1001' } : {}),
    },
  };
}

for (const engine of await enginesUnderTest()) {
  describe(`CTI API on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestHotline;
    let url: string;
    const cookies: Record<string, string> = {};
    const write = (events: NewEvent<EventCatalogue>[]) =>
      t.hotline.services.events.write((ctx) => ctx.appendAll(events));

    before(async () => {
      t = await startTestHotline({ engine: engine.engine });
      cookies.admin = await t.login('admin', t.admin.password);
      const roles = {
        supervisor: 'supervisor',
        qa01: 'qa',
        agent1001: 'agent',
        agent1002: 'agent',
      };
      for (const [username, role] of Object.entries(roles)) {
        const password = 'a-long-password-42';
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/users',
          cookie: cookies.admin,
          body: { username, role, password },
        });
        assert.equal(res.statusCode, 201, res.body);
        cookies[username] = await t.login(username, password);
      }
      const address = await t.hotline.http.listen({ host: '127.0.0.1', port: 0 });
      url = address.replace('http', 'ws') + '/api/v1/cti/ws';
    });
    after(() => t.dispose());

    it('resumes a dropped connection with ?after=<seq>: nothing lost, nothing twice', async () => {
      // A witness stays connected throughout; the other client drops mid-stream and comes back.
      const witness = new Client(url, cookies.supervisor!);
      const dropper = new Client(url, cookies.supervisor!);
      await Promise.all([witness.opened, dropper.opened]);
      await dropper.until(() => dropper.messages.some((m) => m.type === 'snapshot'), 'no snapshot');
      const firstSeq = dropper.messages.find((m) => m.type === 'hello')!;
      assert.equal(firstSeq.type === 'hello' && firstSeq.resumed, false);

      const calls = 12;
      let dropped = false;
      let lastSeen = 0;
      for (let i = 0; i < calls; i++) {
        await write(callTo(`r${i}`, 'agent1001', 'flights', T0 + i * 10_000));
        await witness.until(() => witness.frames.length >= (i + 1) * 6, 'frames of the call');
        if (!dropped && dropper.frames.length >= 10) {
          // Mid-stream: frames are still coming while the client is gone.
          lastSeen = dropper.frames.at(-1)!.seq;
          dropper.ws.terminate();
          await dropper.closed;
          dropped = true;
        }
      }
      assert.ok(dropped, 'the client dropped mid-stream');
      const beforeDrop = dropper.frames.filter((f) => f.seq <= lastSeen);
      const resumed = new Client(`${url}?after=${lastSeen}`, cookies.supervisor!);
      await resumed.opened;
      // Each call makes 6 frames (queue figures ride in the queue events' frames).
      const total = () => witness.frames.length;
      await witness.until(() => total() >= calls * 6, 'the witness did not get every frame');
      const lastSeq = witness.frames.at(-1)!.seq;
      await resumed.until(
        () => resumed.frames.at(-1)?.seq === lastSeq,
        'the resumed client did not catch up',
      );
      const hello = resumed.messages[0]!;
      assert.equal(hello.type === 'hello' && hello.resumed, true, 'resumed, not a fresh snapshot');
      assert.equal(
        resumed.messages.some((m) => m.type === 'snapshot'),
        false,
      );
      const joined = [...beforeDrop, ...resumed.frames];
      const seqs = joined.map((f) => f.seq);
      assert.equal(new Set(seqs).size, seqs.length, 'no frame twice');
      assert.deepEqual(joined, witness.frames, 'the same frames, in the same order, none missing');
      // Events after the drop really were missed live and delivered on resume.
      assert.ok(resumed.frames.length > 0 && resumed.frames[0]!.seq > lastSeen);

      // A cursor from the future (another database) gets a fresh snapshot instead.
      const stranger = new Client(`${url}?after=${lastSeq + 1000}`, cookies.supervisor!);
      await stranger.until(
        () => stranger.messages.some((m) => m.type === 'snapshot'),
        'no snapshot',
      );
      await Promise.all([witness.close(), resumed.close(), stranger.close()]);
    });

    it("does not send an agent another agent's calls or states", async () => {
      const one = new Client(url, cookies.agent1001!);
      const two = new Client(url, cookies.agent1002!);
      const boss = new Client(url, cookies.supervisor!);
      await Promise.all([one.opened, two.opened, boss.opened]);
      for (const c of [one, two, boss])
        await c.until(() => c.messages.some((m) => m.type === 'snapshot'), 'no snapshot');
      const at = t.clock.now();
      await write([
        stateChange('agent1001', 'logged-out', 'not-ready', at),
        stateChange('agent1002', 'logged-out', 'not-ready', at),
        ...callTo('f1', 'agent1001', 'hotels', at + 1000),
        ...callTo('f2', 'agent1002', 'hotels', at + 2000),
        {
          type: 'call.held',
          stream: 'call:f2',
          time: at + 9000,
          payload: { callId: 'f2' },
        },
      ]);
      await boss.until(() => boss.events.some((e) => e.type === 'call.held'), 'no hold');
      await one.until(() => one.events.some((e) => e.type === 'call.answered'), 'no answer');
      await two.until(() => two.events.some((e) => e.type === 'call.held'), 'no hold for two');
      const about = (events: CtiEvent[]) =>
        events.map((e) =>
          e.type.startsWith('agent.') && 'agentId' in e
            ? e.agentId
            : 'callId' in e
              ? e.callId
              : e.type,
        );
      assert.deepEqual(about(one.events), ['agent1001', 'f1', 'f1']);
      assert.deepEqual(
        one.events.map((e) => e.type),
        ['agent.state-changed', 'call.alerting', 'call.answered'],
      );
      assert.deepEqual(about(two.events), ['agent1002', 'f2', 'f2', 'f2']);
      // The supervisor sees everything: both agents, both calls from offer on, the queue.
      const bossTypes = new Set(boss.events.map((e) => e.type));
      for (const type of [
        'call.offered',
        'call.queued',
        'call.left-queue',
        'queue.statistics-changed',
      ])
        assert.ok(bossTypes.has(type as CtiEvent['type']), type);
      assert.ok(boss.events.some((e) => 'callId' in e && e.callId === 'f1'));
      assert.ok(boss.events.some((e) => 'callId' in e && e.callId === 'f2'));
      await Promise.all([one.close(), two.close(), boss.close()]);
    });

    it('snapshots agents with time in state, live calls and queue figures, per role', async () => {
      const at = t.clock.now();
      await write([
        stateChange('agent1001', 'not-ready', 'ready', at),
        {
          type: 'call.offered',
          stream: 'call:w1',
          time: at,
          payload: { callId: 'w1', legId: 'w1-a', caller, dialed: '4008001000', source: 'trunk' },
        },
        {
          type: 'call.queued',
          stream: 'call:w1',
          time: at,
          payload: { callId: 'w1', queue: 'travel', priority: 1, skills: [] },
        },
        {
          type: 'queue.joined',
          stream: 'queue:travel',
          time: at,
          payload: {
            callId: 'w1',
            queue: 'travel',
            priority: 1,
            skills: [],
            position: 1,
            ewtSeconds: null,
          },
        },
      ]);
      t.clock.advance(42_000);
      const res = await t.request({
        method: 'GET',
        url: '/api/v1/cti/snapshot',
        cookie: cookies.supervisor!,
      });
      assert.equal(res.statusCode, 200);
      const snap = res.json<CtiSnapshot>();
      assert.equal(snap.seq, await t.hotline.services.events.lastId());
      const a1 = snap.agents.find((a) => a.agentId === 'agent1001')!;
      assert.equal(a1.state, 'ready');
      assert.equal(a1.timeInStateMs, 42_000);
      assert.equal(a1.extension, '1001');
      assert.equal(snap.agentsByState.ready, 1);
      assert.equal(snap.agentsByState['not-ready'], 1);
      const waiting = snap.calls.find((c) => c.callId === 'w1')!;
      assert.equal(waiting.state, 'queued');
      assert.equal(waiting.queue, 'travel');
      const answered = snap.calls.find((c) => c.callId === 'f2')!;
      assert.equal(answered.state, 'held');
      assert.equal(answered.agentId, 'agent1002');
      const travel = snap.queues.find((q) => q.queue === 'travel')!;
      assert.equal(travel.waiting, 1);
      assert.equal(travel.longestWaitMs, 42_000);
      const hotels = snap.queues.find((q) => q.queue === 'hotels')!;
      assert.equal(hotels.offered, 2);
      assert.equal(hotels.answered, 2);
      assert.equal(hotels.answeredWithinThreshold, 2);
      assert.equal(hotels.serviceLevel.value, 1);
      assert.equal(hotels.asaMs, 5000);
      assert.equal(hotels.day, '2026-11-28');

      // An agent sees themself and their own calls; the queue they do not serve stays hidden.
      const mine = (
        await t.request({ method: 'GET', url: '/api/v1/cti/snapshot', cookie: cookies.agent1002! })
      ).json<CtiSnapshot>();
      assert.deepEqual(
        mine.agents.map((a) => a.agentId),
        ['agent1002'],
      );
      assert.deepEqual(
        mine.calls.map((c) => c.callId),
        ['f2'],
      );
      assert.deepEqual(mine.queues, []);
      const qa = (
        await t.request({ method: 'GET', url: '/api/v1/cti/snapshot', cookie: cookies.qa01! })
      ).json<CtiSnapshot>();
      assert.deepEqual([qa.agents, qa.calls, qa.queues], [[], [], []]);
    });

    it('shows an agent the waiting calls and figures of the queues they serve, not who answers', async () => {
      // The ACD is not running in this test: a directory stands in for its queue membership.
      const services = t.hotline.services;
      const original = services.cti!;
      const live = new CtiLiveState({
        events: services.events,
        clock: t.clock,
        logger: silentLogger(),
        timeZone: 'Asia/Shanghai',
        directory: () => ({
          queuesOf: (agentId) => (agentId === 'agent1001' ? ['billing'] : []),
          queues: () => [],
        }),
      });
      await live.start();
      services.cti = live;
      try {
        const one = new Client(url, cookies.agent1001!);
        await one.until(() => one.messages.some((m) => m.type === 'snapshot'), 'no snapshot');
        await write(callTo('b1', 'agent1002', 'billing', t.clock.now()));
        await one.until(
          () => one.events.some((e) => e.type === 'call.left-queue' && e.callId === 'b1'),
          'no left-queue',
        );
        assert.deepEqual(
          one.events.map((e) => e.type),
          [
            'call.queued',
            'queue.statistics-changed',
            'call.left-queue',
            'queue.statistics-changed',
          ],
        );
        await one.close();
      } finally {
        services.cti = original;
        await live.stop();
      }
    });

    it('refuses bad cursors naming the field, and strangers', async () => {
      for (const after of ['-1', 'soon']) {
        const status = await new Promise<number>((resolve) => {
          const ws = new WebSocket(`${url}?after=${after}`, {
            headers: { cookie: cookies.agent1001! },
          });
          ws.on('unexpected-response', (_req, res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => {
              assert.match(body, /querystring\.after/);
              resolve(res.statusCode ?? 0);
            });
          });
          ws.on('open', () => resolve(101));
        });
        assert.equal(status, 400, after);
      }
      const anonymous = await t.request({ method: 'GET', url: '/api/v1/cti/snapshot' });
      assert.equal(anonymous.statusCode, 401);
      const ws = new Client(url, 'hotline_session=nope');
      const code = await new Promise<number>((resolve) =>
        ws.ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
      );
      assert.equal(code, 401);
      // An integration connects with an API token instead of a session.
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/tokens',
        cookie: cookies.supervisor!,
        body: { name: 'wallboard' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const bearer = new WebSocket(url, {
        headers: { authorization: `Bearer ${created.json<{ token: string }>().token}` },
      });
      const first = await new Promise<Message>((resolve) =>
        bearer.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as Message)),
      );
      assert.equal(first.type === 'hello' && first.user.role, 'supervisor');
      bearer.close();

      const client = new Client(url, cookies.agent1001!);
      await client.opened;
      client.ws.send('{"type":"subscribe"}');
      await client.until(() => client.messages.some((m) => m.type === 'error'), 'no error');
      const error = client.messages.find((m) => m.type === 'error')!;
      assert.equal(error.type === 'error' && error.error.field, 'type');
      client.ws.send(JSON.stringify({ type: 'ping' }));
      await client.until(() => client.messages.some((m) => m.type === 'pong'), 'no pong');
      await client.close();
    });

    it('shows a supervisor with a team only that team’s agents and calls, and every queue', async () => {
      const password = 'a-long-password-42';
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        cookie: cookies.admin!,
        body: { username: 'lead01', role: 'supervisor', password },
      });
      assert.equal(created.statusCode, 201, created.body);
      for (const [agentId, team] of [
        ['lead01', 'east'],
        ['agent1001', 'east'],
      ] as const) {
        const put = await t.request({
          method: 'PUT',
          url: `/api/v1/agent-profiles/${agentId}`,
          cookie: cookies.admin!,
          body: { skills: { hotels: 3 }, team },
        });
        assert.ok([200, 201].includes(put.statusCode), put.body);
      }
      const lead = new Client(url, await t.login('lead01', password));
      await lead.opened;
      await lead.until(() => lead.messages.some((m) => m.type === 'snapshot'), 'no snapshot');
      const at = t.clock.now();
      await write([
        stateChange('agent1001', 'not-ready', 'ready', at),
        stateChange('agent1002', 'not-ready', 'ready', at),
        ...callTo('t1', 'agent1001', 'hotels', at + 1000),
        ...callTo('t2', 'agent1002', 'hotels', at + 2000),
      ]);
      await lead.until(
        () => lead.events.some((e) => e.type === 'call.answered' && e.callId === 't1'),
        'no answer on the team’s call',
      );
      await lead.until(
        () => lead.events.some((e) => e.type === 'call.left-queue' && e.callId === 't2'),
        'the other call leaving the line',
      );
      const agentsSeen = new Set(
        lead.events.flatMap((e) => (e.type === 'agent.state-changed' ? [e.agentId] : [])),
      );
      assert.deepEqual([...agentsSeen], ['agent1001'], 'only the team’s agent');
      assert.ok(
        !lead.events.some((e) => e.type === 'call.answered' && e.callId === 't2'),
        'not who answers outside the team',
      );
      assert.ok(lead.events.some((e) => e.type === 'call.offered' && e.callId === 't2'));
      assert.ok(lead.events.some((e) => e.type === 'queue.statistics-changed'));
      const snapshot = await t.request({
        method: 'GET',
        url: '/api/v1/cti/snapshot',
        cookie: await t.login('lead01', password),
      });
      const body = snapshot.json<CtiSnapshot>();
      assert.deepEqual(
        body.agents.map((a) => a.agentId),
        ['agent1001'],
      );
      assert.ok(body.queues.some((q) => q.queue === 'hotels'));
      await lead.close();
      // The team was only a view: the supervisor without one still sees everyone.
      const whole = await t.request({
        method: 'GET',
        url: '/api/v1/cti/snapshot',
        cookie: cookies.supervisor!,
      });
      assert.ok(whole.json<CtiSnapshot>().agents.some((a) => a.agentId === 'agent1002'));
    });
  });
}
