// The demo hotline's acceptance scenarios with no agent to take the call (issue 9: 2, 3, 6),
// end to end with real SIP peers: a caller waits with nobody ready, hears its place and wait,
// and hangs up (abandoned, with its wait); the first agent lets the phone ring out and the
// second takes the call (ring-no-answer); a caller serves themselves with the flight status
// and hangs up (contained in the IVR). Each is checked through the API, as a supervisor sees it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hotlineApi, type HotlineApi } from '../support/hotline-api.ts';
import { Phone, sleep } from '../support/rtp-phone.ts';
import { freePort, runSipp, startSippServer, type SippRun } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

const HOTLINE = '4008001000';

interface Scenario {
  h: SipHotline;
  api: HotlineApi;
  admin: string;
  supervisor: string;
  /** Waits for an event of the log (after `from`) that matches, and returns its payload. */
  waitFor(
    type: string,
    match: (payload: Record<string, unknown>) => boolean,
    from?: number,
  ): Promise<Record<string, unknown>>;
  /** A registered phone on the extension running the sipp UAS scenario. */
  phone(extension: string, scenario: string): Promise<{ done: Promise<SippRun> }>;
  /** The agent logged in on the extension, ready; returns the agent's session cookie. */
  ready(agent: string, extension: string): Promise<string>;
  /**
   * A caller who chooses Chinese, then presses each key once the flow is at its node; resolves
   * after the last key. Without `hangUpAfterMs` the caller stays until Hotline hangs up
   * (uac-ivr.xml); with it, the caller hangs up that long after the answer (uac-ivr-hangup.xml).
   */
  call(
    phone: Phone,
    keys: { node: string; digit: string }[],
    hangUpAfterMs?: number,
  ): Promise<{ callId: string; caller: Promise<SippRun> }>;
  /** The call's record once the projection has folded everything the log holds. */
  record(callId: string): Promise<Record<string, unknown>>;
  /** The supervisor's live CTI snapshot. */
  snapshot(): Promise<Record<string, unknown>>;
}

/** A demo Hotline open around the clock, with the queue `flights` set as `flights` says. */
async function startScenario(flights: Record<string, unknown> = {}): Promise<Scenario> {
  const h = await startSipHotline({
    HOTLINE_DEMO: 'true',
    HOTLINE_SIP_TRUNK_PEERS: 'carrier=127.0.0.1',
  });
  const api = hotlineApi(h.http);
  const password = (username: string) =>
    h.credentials.find((c) => c.username === username)!.password;
  const admin = await api.login('admin', h.adminPassword);
  const supervisor = await api.login('supervisor', password('supervisor'));

  // Open around the clock, so the test does not depend on the hour (see ivr-demo.test.ts).
  const saved = await api.call(admin, 'PUT', '/api/v1/schedules/business-hours', {
    hours: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
        d,
        [{ from: '00:00', to: '24:00' }],
      ]),
    ),
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  if (Object.keys(flights).length > 0) {
    // An administrator's change through the API, applied live by the running ACD.
    const queue = await api.call(admin, 'GET', '/api/v1/queues/flights');
    assert.equal(queue.status, 200, JSON.stringify(queue.body));
    const changed = await api.call(admin, 'PUT', '/api/v1/queues/flights', {
      ...(queue.body.document as Record<string, unknown>),
      ...flights,
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.ok((changed.body.applied as { changed: string[] }).changed.includes('flights'));
  }

  const events = h.hotline.services.events;
  const waitFor: Scenario['waitFor'] = async (type, match, from = 0) => {
    for (const end = Date.now() + 30_000; Date.now() < end;) {
      await h.hotline.telephony.flushEvents();
      const seen = await events.read({ types: [type as never], after: from, limit: 1000 });
      const hit = seen.find((e) => match(e.payload as Record<string, unknown>));
      if (hit) return hit.payload;
      await sleep(100);
    }
    const last = await events.read({ after: Math.max(0, (await events.lastId()) - 40) });
    return assert.fail(
      `never saw ${type}; the log ends with ${last.map((e) => `${e.type} ${JSON.stringify(e.payload)}`).join('\n')}`,
    );
  };

  return {
    h,
    api,
    admin,
    supervisor,
    waitFor,
    async phone(extension, scenario) {
      await h.addExtension(extension, `phone-${extension}`);
      const port = await freePort();
      const registered = await runSipp({
        scenario: 'register.xml',
        target: { host: '127.0.0.1', port: h.sip.udp },
        service: extension,
        auth: { username: extension, password: `phone-${extension}` },
        localPort: port,
      });
      assert.equal(registered.code, 0, registered.output);
      return startSippServer({
        scenario,
        localPort: port,
        args: ['-mi', '127.0.0.1', '-m', '1'],
        timeoutSeconds: 90,
      });
    },
    async ready(agent, extension) {
      const cookie = await api.login(agent, password(agent));
      const login = await api.call(cookie, 'POST', '/api/v1/agents/me/login', {
        extension,
        ready: true,
      });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      assert.equal(login.body.state, 'ready');
      assert.equal(login.body.registered, true);
      return cookie;
    },
    async call(phone, keys, hangUpAfterMs) {
      const mediaPort = await phone.open();
      // Only this call's events: an earlier call passed the same IVR nodes.
      await h.hotline.telephony.flushEvents();
      const from = await events.lastId();
      const caller = runSipp({
        scenario: hangUpAfterMs === undefined ? 'uac-ivr.xml' : 'uac-ivr-hangup.xml',
        target: { host: '127.0.0.1', port: h.sip.udp },
        service: HOTLINE,
        fields: [['13812345678', String(mediaPort)]],
        ...(hangUpAfterMs === undefined ? {} : { pauseMs: hangUpAfterMs }),
        timeoutSeconds: 90,
      });
      const node = (name: string) => waitFor('call.ivr-node', (p) => p.node === name, from);
      const { callId } = await node('choose-language');
      await phone.press('1'); // 中文
      for (const key of keys) {
        await node(key.node);
        await phone.press(key.digit);
      }
      return { callId: String(callId), caller };
    },
    async record(callId) {
      await h.hotline.telephony.flushEvents();
      await h.hotline.callRecords.catchUp();
      const record = await api.call(supervisor, 'GET', `/api/v1/calls/${callId}`);
      assert.equal(record.status, 200, JSON.stringify(record.body));
      return record.body;
    },
    async snapshot() {
      await h.hotline.telephony.flushEvents();
      const snapshot = await api.call(supervisor, 'GET', '/api/v1/cti/snapshot');
      assert.equal(snapshot.status, 200, JSON.stringify(snapshot.body));
      return snapshot.body;
    },
  };
}

/** Main menu 1 (flights), flights menu 2 (booking): the caller is queued in `flights`. */
const toFlights = [
  { node: 'main-menu', digit: '1' },
  { node: 'flights-menu', digit: '2' },
];

type QueueFigures = Record<string, number | null> & { queue: string };
const flightsFigures = (snapshot: Record<string, unknown>) =>
  (snapshot.queues as QueueFigures[]).find((q) => q.queue === 'flights')!;

describe('scenario 2: nobody ready, the caller hears place and wait, then hangs up', () => {
  let s: Scenario;
  // Announcements every 6 s instead of the demo's 45 s (one lasts some 5 s), so a short wait
  // hears several.
  before(async () => {
    s = await startScenario({ announcements: { atJoin: true, everySeconds: 6 } });
  });
  after(() => s?.h.dispose());

  it('announces place and wait while the caller waits; the hang-up counts as abandoned with its wait', async () => {
    // The only flights agent is busy with another caller: staffing the queue (so the wait can
    // be estimated) but not ready.
    const agentPhone = await s.phone('1001', 'uas-agent.xml');
    const agent = await s.ready('agent1001', '1001');
    const first = new Phone();
    const waiting = new Phone();
    try {
      const busy = await s.call(first, toFlights);
      await s.waitFor('call.connected', (p) => p.callId === busy.callId);

      // The second caller hangs up 20 s after Hotline answered: some 15 s in the queue.
      const answeredAt = performance.now();
      const { callId, caller } = await s.call(waiting, toFlights, 20_000);
      const joined = await s.waitFor('call.queued', (p) => p.callId === callId);
      assert.equal(joined.queue, 'flights');
      const queuedAt = performance.now();
      assert.ok(queuedAt - answeredAt < 12_000, 'the IVR left time to wait in the queue');
      const run = await caller;
      assert.equal(run.code, 0, run.output);
      const heardMs = waiting.heard.filter((t) => t > queuedAt).length * 20;
      assert.ok(heardMs > 5_000, `the waiting caller heard only ${heardMs} ms while queued`);

      // Abandoned, with its wait: the queue's own account, the CDR and the wallboard agree.
      const left = await s.waitFor('queue.left', (p) => p.callId === callId);
      assert.equal(left.reason, 'abandoned');
      const record = await s.record(callId);
      assert.equal(record.queue, 'flights');
      assert.equal(record.endedIn, 'queued');
      assert.equal(record.endedBy, 'customer');
      assert.equal(record.agentId, null);
      assert.equal(record.connectedAt, null);
      assert.ok(Number(record.waitMs) > 6_000, `waited ${String(record.waitMs)} ms`);
      assert.ok(
        Math.abs(Number(record.waitMs) - Number(left.waitMs)) < 200,
        `the CDR's wait ${String(record.waitMs)} ms, the queue's ${String(left.waitMs)} ms`,
      );
      const figures = flightsFigures(await s.snapshot());
      assert.deepEqual(
        [figures.offered, figures.answered, figures.abandoned, figures.waiting],
        [2, 1, 1, 0],
        'offered, answered, abandoned, waiting',
      );

      // What the ACD announced: the place (first in line) and the wait, estimated as position ×
      // expected handle time (180 s until one is measured) / 1 agent staffing.
      const announced = await s.api.call(
        s.supervisor,
        'GET',
        '/api/v1/events?stream=queue:flights&type=queue.announced',
      );
      const told = (announced.body.events as { payload: Record<string, unknown> }[])
        .map((e) => e.payload)
        .filter((p) => p.callId === callId);
      assert.ok(told.length >= 2, `${told.length} announcements`);
      for (const p of told) {
        assert.deepEqual(
          [p.position, p.ewtSeconds, p.staffed],
          [1, 180, 1],
          'position, wait (s), agents staffing',
        );
      }
      // And the caller's leg played them: the call's timeline holds each announcement's end.
      const timeline = await s.api.call(s.supervisor, 'GET', `/api/v1/calls/${callId}/timeline`);
      const played = (timeline.body.events as { type: string; payload: Record<string, unknown> }[])
        .filter((e) => e.type === 'leg.play.finished' && e.payload.playId === `announce-${callId}`)
        .map((e) => e.payload);
      // Each played to its end (some 5 s of speech), but the last: the hang-up cut it.
      const whole = played.filter((p) => p.reason === 'finished' && Number(p.playedMs) > 3000);
      assert.ok(
        whole.length >= told.length - 1,
        `${whole.length} of ${told.length} announcements played to the end: ${JSON.stringify(played)}`,
      );

      // The busy agent ends the first call through the API: both phones get their BYE.
      const done = await s.api.call(
        agent,
        'POST',
        `/api/v1/calls/${busy.callId}/hangup`,
        undefined,
        { 'idempotency-key': `hangup-${busy.callId}` },
      );
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal((await busy.caller).code, 0);
      assert.equal((await agentPhone.done).code, 0);
    } finally {
      first.close();
      waiting.close();
    }
  });
});

describe('scenario 3: the first agent lets it ring out, the second takes the call', () => {
  let s: Scenario;
  // A 5 s ring timeout (the least a queue allows) instead of the demo's 20 s.
  before(async () => {
    s = await startScenario({ ringTimeoutSeconds: 5 });
  });
  after(() => s?.h.dispose());

  it('parks the first agent not-ready (no-answer), counts the ring-no-answer, and connects the second', async () => {
    // best-match rings the stronger flights agent first: agent1001 (level 5) before agent1002 (4).
    const ringing = await s.phone('1001', 'uas-ring.xml');
    const answering = await s.phone('1002', 'uas-agent.xml');
    const first = await s.ready('agent1001', '1001');
    const second = await s.ready('agent1002', '1002');
    const phone = new Phone();
    try {
      const { callId, caller } = await s.call(phone, toFlights);
      const connected = await s.waitFor('call.connected', (p) => p.callId === callId);
      assert.equal(connected.agentId, 'agent1002');
      // The first phone saw the INVITE, rang, and got the CANCEL when the ring timed out.
      const rang = await ringing.done;
      assert.equal(rang.code, 0, rang.output);

      const parked = await s.api.call(first, 'GET', '/api/v1/agents/me');
      assert.deepEqual([parked.body.state, parked.body.reason], ['not-ready', 'no-answer']);
      const talking = await s.api.call(second, 'GET', '/api/v1/agents/me');
      assert.equal(talking.body.state, 'on-call');

      // The ring-no-answer, counted for the first agent (METRICS.md: one count per offer).
      const rona = await s.api.call(
        s.supervisor,
        'GET',
        '/api/v1/events?stream=agent:agent1001&type=agent.ring-no-answer',
      );
      const counted = (rona.body.events as { payload: Record<string, unknown> }[]).map(
        (e) => e.payload,
      );
      assert.equal(counted.length, 1);
      assert.equal(counted[0]!.callId, callId);
      assert.equal(counted[0]!.cause, 'timeout');
      assert.ok(Number(counted[0]!.ringMs) >= 5_000, `rang ${String(counted[0]!.ringMs)} ms`);
      const requeued = await s.waitFor('queue.requeued', (p) => p.callId === callId);
      assert.equal(requeued.reason, 'ring-no-answer');
      const snapshot = await s.snapshot();
      const agents = snapshot.agents as { agentId: string; state: string; reason: string }[];
      assert.deepEqual(
        agents
          .filter((a) => a.agentId === 'agent1001' || a.agentId === 'agent1002')
          .map((a) => [a.agentId, a.state, a.reason])
          .sort(),
        [
          ['agent1001', 'not-ready', 'no-answer'],
          ['agent1002', 'on-call', null],
        ],
      );

      // The second agent ends the call; the CDR names them and the wait includes the ring-out.
      await sleep(1_000);
      const done = await s.api.call(second, 'POST', `/api/v1/calls/${callId}/hangup`, undefined, {
        'idempotency-key': `hangup-${callId}`,
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal((await caller).code, 0);
      assert.equal((await answering.done).code, 0);
      const record = await s.record(callId);
      assert.equal(record.agentId, 'agent1002');
      assert.equal(record.connectedTo, '1002');
      assert.ok(Number(record.waitMs) >= 5_000, `waited ${String(record.waitMs)} ms`);
      assert.ok(Number(record.talkMs) >= 1_000, `talked ${String(record.talkMs)} ms`);
      const wrapUp = await s.api.call(second, 'GET', '/api/v1/agents/me');
      assert.equal(wrapUp.body.state, 'wrap-up');
      const figures = flightsFigures(await s.snapshot());
      assert.deepEqual(
        [figures.offered, figures.answered, figures.abandoned],
        [1, 1, 0],
        'one call offered and answered: the ring-out is not a second offer',
      );
    } finally {
      phone.close();
    }
  });
});

describe('scenario 6: the caller serves themselves with the flight status', () => {
  let s: Scenario;
  before(async () => {
    s = await startScenario();
  });
  after(() => s?.h.dispose());

  it('counts the call contained in the IVR, and an IVR hang-up without an outcome not', async () => {
    // The flight status of MU5101, then the flow's goodbye and hang-up: no queue, no agent.
    const phone = new Phone();
    let served: string;
    try {
      const { callId, caller } = await s.call(phone, [
        { node: 'main-menu', digit: '1' },
        { node: 'flights-menu', digit: '1' },
      ]);
      served = callId;
      await s.waitFor('call.ivr-node', (p) => p.callId === callId && p.node === 'flight-number');
      for (const digit of '5101#') await phone.press(digit);
      const run = await caller;
      assert.equal(run.code, 0, run.output);
    } finally {
      phone.close();
    }
    // A second caller chooses Chinese and hangs up during the main menu, 10 s after the answer:
    // in the IVR, but served by nothing.
    const other = new Phone();
    let unserved: string;
    try {
      const { callId, caller } = await s.call(other, [], 10_000);
      unserved = callId;
      const run = await caller;
      assert.equal(run.code, 0, run.output);
      await s.waitFor('call.ended', (p) => p.callId === callId);
    } finally {
      other.close();
    }

    const record = await s.record(served);
    assert.deepEqual((record.ivrPath as string[]).slice(-3), [
      'flight-found',
      'flight-status',
      'goodbye',
    ]);
    assert.equal(record.selfService, 'flight-status');
    assert.deepEqual(
      [record.endedIn, record.queue, record.agentId, record.ivrContained],
      ['ivr', null, null, true],
      'ended in the IVR, never queued nor connected: contained',
    );
    const notServed = await s.record(unserved);
    assert.deepEqual(
      [notServed.endedIn, notServed.selfService, notServed.ivrContained],
      ['ivr', null, false],
    );

    // IVR containment as METRICS.md defines it, over the API's call records.
    const calls = await s.api.call(s.supervisor, 'GET', '/api/v1/calls');
    const records = calls.body.calls as { flow: string | null; ivrContained: boolean }[];
    const entered = records.filter((c) => c.flow !== null);
    const contained = entered.filter((c) => c.ivrContained);
    assert.deepEqual([entered.length, contained.length], [2, 1], 'entered the IVR, contained');
  });
});
