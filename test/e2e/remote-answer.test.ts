// Answering from the desk with real phones (sipp): a caller (sipp, RTP from the test) goes
// through the demo IVR to `flights`; the agent's desk phone rings offering remote answer
// (Allow-Events: talk), the agent answers through the API, Hotline sends NOTIFY Event: talk in
// the early dialog and the phone picks up. A phone whose 180 offers nothing gets a 409 and keeps
// ringing; an agent whose profile says auto-answer gets an INVITE with Call-Info answer-after=0.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hotlineApi, type HotlineApi } from '../support/hotline-api.ts';
import {
  callFlights as callFlightsIn,
  hangUp,
  registeredPhone,
  waitForEvent,
} from '../support/demo-center.ts';
import { sleep } from '../support/rtp-phone.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

describe('answering from the desk with real phones', () => {
  let h: SipHotline;
  let api: HotlineApi;
  let admin: string;
  let supervisor: string;

  const password = (username: string) =>
    h.credentials.find((c) => c.username === username)!.password;

  /** A registered desk phone on the extension playing the scenario; its agent logged in, ready. */
  const deskPhone = (extension: string, scenario: string, agent: string) =>
    registeredPhone(h, api, extension, scenario, { agent });
  const waitFor = (type: string, match: (payload: Record<string, unknown>) => boolean, after = 0) =>
    waitForEvent(h, type, match, after);
  /**
   * A caller into `flights` (the agent's phone rings) who stays until Hotline hangs up: each test
   * ends its call through the API, so a slow IVR on a loaded machine cannot use up the call.
   */
  const callFlights = () => callFlightsIn(h);
  const hangup = (cookie: string, callId: string) => hangUp(api, cookie, callId);

  before(async () => {
    h = await startSipHotline({
      HOTLINE_DEMO: 'true',
      HOTLINE_SIP_TRUNK_PEERS: 'carrier=127.0.0.1',
    });
    api = hotlineApi(h.http);
    // Open around the clock, so the test does not depend on the hour (see ivr-demo.test.ts).
    admin = await api.login('admin', h.adminPassword);
    const saved = await api.call(admin, 'PUT', '/api/v1/schedules/business-hours', {
      hours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
          d,
          [{ from: '00:00', to: '24:00' }],
        ]),
      ),
    });
    assert.equal(saved.status, 200);
    supervisor = await api.login('supervisor', password('supervisor'));
  });
  after(() => h?.dispose());

  it('answers a ringing desk phone through the API: NOTIFY Event: talk, and the phone picks up', async () => {
    const desk = await deskPhone('1001', 'uas-remote-answer.xml', 'agent1001');
    const { callId, caller, phone } = await callFlights();
    try {
      const ringing = await waitFor('call.ringing', (p) => p.callId === callId);
      assert.equal(ringing.agentId, 'agent1001');
      assert.equal(ringing.remoteAnswer, true, 'the 180 offered remote answer');
      const me = await api.call(desk.cookie, 'GET', '/api/v1/agents/me');
      assert.equal(me.body.state, 'reserved');
      assert.equal(me.body.remoteAnswerCallId, callId, 'the desk may answer it');
      const answered = await api.call(
        desk.cookie,
        'POST',
        `/api/v1/calls/${callId}/answer`,
        undefined,
        {
          'idempotency-key': `answer-${callId}`,
        },
      );
      assert.equal(answered.status, 200, JSON.stringify(answered.body));
      await waitFor('call.answer-requested', (p) => p.callId === callId);
      await waitFor('call.connected', (p) => p.callId === callId && p.agentId === 'agent1001');
      const connectedAt = performance.now();
      const onCall = await api.call(desk.cookie, 'GET', '/api/v1/agents/me');
      assert.equal(onCall.body.state, 'on-call');
      assert.equal(onCall.body.remoteAnswerCallId, null);
      // The phone's voice reaches the caller through the bridge; then the agent hangs up.
      const heardMs = () => phone.heard.filter((t) => t > connectedAt).length * 20;
      for (let waited = 0; heardMs() <= 1500 && waited < 10_000; waited += 100) await sleep(100);
      assert.ok(heardMs() > 1500, `the caller heard only ${heardMs()} ms from the agent`);
      await hangup(desk.cookie, callId);
      const run = await caller;
      assert.equal(run.code, 0, run.output);
    } finally {
      phone.close();
    }
    const deskRun = await desk.phone.done;
    assert.equal(deskRun.code, 0, `talk offered, NOTIFY Event: talk, then BYE: ${deskRun.output}`);
    await h.hotline.telephony.flushEvents();
    await h.hotline.callRecords.catchUp();
    const record = await api.call(supervisor, 'GET', `/api/v1/calls/${callId}`);
    assert.equal(record.status, 200);
    assert.equal(record.body.agentId, 'agent1001');
    assert.equal(record.body.connectedTo, '1001');
    assert.ok(Number(record.body.talkMs) > 1000, `talked ${String(record.body.talkMs)} ms`);
    const timeline = await api.call(supervisor, 'GET', `/api/v1/calls/${callId}/timeline`);
    const types = (timeline.body.events as { type: string }[]).map((e) => e.type);
    assert.ok(
      types.indexOf('call.ringing') < types.indexOf('call.answer-requested') &&
        types.indexOf('call.answer-requested') < types.indexOf('call.connected'),
      types.join(' '),
    );
    await api.call(desk.cookie, 'POST', '/api/v1/agents/me/ready');
    assert.equal((await api.call(desk.cookie, 'POST', '/api/v1/agents/me/logout')).status, 200);
  });

  it('refuses to answer a phone whose 180 offers no remote answer (409); it keeps ringing', async () => {
    const desk = await deskPhone('1002', 'uas-ring-no-talk.xml', 'agent1002');
    const { callId, caller, phone } = await callFlights();
    try {
      const ringing = await waitFor('call.ringing', (p) => p.callId === callId);
      assert.equal(ringing.remoteAnswer, false);
      const refused = await api.call(desk.cookie, 'POST', `/api/v1/calls/${callId}/answer`);
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      const error = refused.body.error as { code: string; message: string };
      assert.equal(error.code, 'unsupported');
      assert.match(error.message, /does not accept remote answer; pick it up on the phone/);
      await sleep(1000);
      const me = await api.call(desk.cookie, 'GET', '/api/v1/agents/me');
      assert.equal(me.body.state, 'reserved', 'the phone still rings');
      assert.equal(me.body.remoteAnswerCallId, null);
      // Nobody picks up; the supervisor ends the waiting call, and the phone gets its CANCEL.
      await hangup(supervisor, callId);
      const run = await caller;
      assert.equal(run.code, 0, run.output);
    } finally {
      phone.close();
    }
    const deskRun = await desk.phone.done;
    assert.equal(deskRun.code, 0, `no NOTIFY, rang until the CANCEL: ${deskRun.output}`);
    const ended = await waitFor('call.ended', (p) => p.callId === callId);
    assert.equal(ended.from, 'alerting', 'nobody answered');
    assert.equal((await api.call(desk.cookie, 'POST', '/api/v1/agents/me/logout')).status, 200);
  });

  it('rings an auto-answer agent’s phone with Call-Info answer-after=0; it picks up by itself', async () => {
    const profile = await api.call(admin, 'GET', '/api/v1/agent-profiles/agent1003');
    assert.equal(profile.status, 200, JSON.stringify(profile.body));
    const { skills, outboundCalls, team } = profile.body;
    const saved = await api.call(admin, 'PUT', '/api/v1/agent-profiles/agent1003', {
      skills,
      extension: null,
      outboundCalls,
      team,
      autoAnswer: true,
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal((saved.body.profile as { autoAnswer: boolean }).autoAnswer, true);
    const desk = await deskPhone('1013', 'uas-auto-answer.xml', 'agent1003');
    const { callId, caller, phone } = await callFlights();
    try {
      await waitFor('call.connected', (p) => p.callId === callId && p.agentId === 'agent1003');
      await sleep(1000);
      await hangup(desk.cookie, callId);
      const run = await caller;
      assert.equal(run.code, 0, run.output);
    } finally {
      phone.close();
    }
    const deskRun = await desk.phone.done;
    assert.equal(deskRun.code, 0, `Call-Info answer-after=0 and Alert-Info: ${deskRun.output}`);
    await api.call(desk.cookie, 'POST', '/api/v1/agents/me/ready');
    assert.equal((await api.call(desk.cookie, 'POST', '/api/v1/agents/me/logout')).status, 200);
  });
});
