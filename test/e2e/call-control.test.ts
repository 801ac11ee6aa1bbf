// Call control end to end with real SIP peers: a caller (sipp, RTP from the
// test) goes through the demo IVR to `flights`; the agent's phone (sipp)
// answers; the agent holds, resumes and blind-transfers the call to
// `complaints` through the API, where a second agent answers; later a phone
// transfers a call itself with REFER, a supervisor listens in, and an agent
// consults a colleague, holds a conference and leaves (attended transfer).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hotlineApi, type HotlineApi } from '../support/hotline-api.ts';
import {
  callFlights as callFlightsIn,
  hangUp,
  registeredPhone,
  waitForEvent,
  type PhoneOptions,
} from '../support/demo-center.ts';
import { Phone, sleep } from '../support/rtp-phone.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';
import { tonePower } from '../../src/telephony/media/fixtures/media-test-kit.ts';

describe('call control with real phones', () => {
  let h: SipHotline;
  let api: HotlineApi;
  let supervisor: string;

  const password = (username: string) =>
    h.credentials.find((c) => c.username === username)!.password;

  /** A registered phone on the extension, answering with the scenario; the agent logged in ready. */
  const agentPhone = (extension: string, scenario: string, options: PhoneOptions = {}) =>
    registeredPhone(h, api, extension, scenario, options);
  const events = () => h.hotline.services.events;
  const waitFor = (type: string, match: (payload: Record<string, unknown>) => boolean, after = 0) =>
    waitForEvent(h, type, match, after);
  /**
   * A caller through the IVR into `flights`, connected to an agent, who stays until Hotline hangs
   * up: each test ends its call through the API once it has seen what it came for, instead of
   * waiting out a fixed hold long enough for a slow machine.
   */
  const callFlights = async (phone = new Phone()) => {
    const call = await callFlightsIn(h, phone);
    await waitFor('call.connected', (p) => p.callId === call.callId);
    return call;
  };
  const hangup = (cookie: string, callId: string) => hangUp(api, cookie, callId);

  before(async () => {
    h = await startSipHotline({
      HOTLINE_DEMO: 'true',
      HOTLINE_SIP_TRUNK_PEERS: 'carrier=127.0.0.1',
    });
    api = hotlineApi(h.http);
    // Open around the clock, so the test does not depend on the hour (see ivr-demo.test.ts).
    const admin = await api.login('admin', h.adminPassword);
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

  it('holds, resumes and blind-transfers to complaints through the API; one CDR, two segments', async () => {
    const first = await agentPhone('1001', 'uas-agent.xml', { agent: 'agent1001' });
    const second = await agentPhone('1006', 'uas-agent.xml', { agent: 'agent1006' });
    // Not in flights: only agent1001 can take the first call.
    const { callId, caller, phone } = await callFlights();
    try {
      const url = `/api/v1/calls/${callId}`;
      const held = await api.call(first.cookie, 'POST', `${url}/hold`);
      assert.equal(held.status, 200, JSON.stringify(held.body));
      const me = await api.call(first.cookie, 'GET', '/api/v1/agents/me');
      assert.equal(me.body.state, 'held');
      const again = await api.call(first.cookie, 'POST', `${url}/hold`);
      assert.equal(again.status, 409, 'a held call cannot be held again');
      assert.equal((again.body.error as { code: string }).code, 'illegal-state');
      await sleep(1500);
      const resumed = await api.call(first.cookie, 'POST', `${url}/resume`);
      assert.equal(resumed.status, 200);
      await sleep(1000);
      const key = { 'idempotency-key': `transfer-${callId}` };
      const body = { target: { kind: 'queue', queue: 'complaints' } };
      const transferred = await api.call(first.cookie, 'POST', `${url}/transfer`, body, key);
      assert.equal(transferred.status, 200, JSON.stringify(transferred.body));
      const retried = await api.call(first.cookie, 'POST', `${url}/transfer`, body, key);
      assert.equal(retried.status, 200);
      assert.equal(retried.headers.get('idempotent-replayed'), 'true');
      await waitFor('call.connected', (p) => p.callId === callId && p.agentId === 'agent1006');
      const firstRun = await first.phone.done;
      assert.equal(firstRun.code, 0, `the first agent's phone got its BYE: ${firstRun.output}`);
      const wrapUp = await api.call(first.cookie, 'GET', '/api/v1/agents/me');
      assert.equal(wrapUp.body.state, 'wrap-up', 'the first agent wraps up at the transfer');
      const disposition = await api.call(first.cookie, 'POST', `${url}/disposition`, {
        code: 'transferred',
        notes: 'complaint about a delayed flight',
      });
      assert.equal(disposition.status, 200, JSON.stringify(disposition.body));
      await hangup(second.cookie, callId);
      const run = await caller;
      assert.equal(run.code, 0, run.output);
    } finally {
      phone.close();
    }
    const secondRun = await second.phone.done;
    assert.equal(secondRun.code, 0, secondRun.output);

    // The second segment's recording is closed by the media worker after the call ends.
    await waitFor('call.recording-finished', (p) => p.recordingId === `call-${callId}-2`);
    await h.hotline.callRecords.catchUp();
    const record = await api.call(supervisor, 'GET', `/api/v1/calls/${callId}`);
    assert.equal(record.status, 200);
    const segments = record.body.segments as {
      agentId: string;
      queue: string;
      transferredTo: string | null;
    }[];
    assert.deepEqual(
      segments.map((s) => [s.agentId, s.queue, s.transferredTo]),
      [
        ['agent1001', 'flights', 'complaints'],
        ['agent1006', 'complaints', null],
      ],
    );
    assert.ok(Number(record.body.holdMs) >= 1000, `held ${String(record.body.holdMs)} ms`);
    assert.equal(record.body.disposition, 'transferred');
    assert.equal((record.body.recordings as unknown[]).length, 2, 'one recording per segment');
    const transfers = await events().read({ types: ['call.transferred'] });
    assert.equal(transfers.length, 1, 'the retried request did not transfer twice');
    for (const cookie of [first.cookie, second.cookie])
      assert.equal((await api.call(cookie, 'POST', '/api/v1/agents/me/logout')).status, 200);
  });

  it('carries out a blind transfer a phone asks for with REFER', async () => {
    const target = await agentPhone('1003', 'uas-agent.xml');
    const first = await agentPhone('1002', 'uas-agent-refer.xml', {
      agent: 'agent1002',
      fields: ['1003'],
      pauseMs: 2000,
    });
    const { callId, caller, phone } = await callFlights();
    try {
      await waitFor('call.transferred', (p) => p.callId === callId);
      const refer = await first.phone.done;
      assert.equal(refer.code, 0, `REFER 202, NOTIFY 100 and 200, then BYE: ${refer.output}`);
      await waitFor('call.connected', (p) => p.callId === callId && p.target === '1003');
      await hangup(supervisor, callId);
      const run = await caller;
      assert.equal(run.code, 0, run.output);
    } finally {
      phone.close();
    }
    const reached = await target.phone.done;
    assert.equal(reached.code, 0, reached.output);
    await h.hotline.telephony.flushEvents();
    await h.hotline.callRecords.catchUp();
    const record = await api.call(supervisor, 'GET', `/api/v1/calls/${callId}`);
    const segments = record.body.segments as { target: string; transferredTo: string | null }[];
    assert.deepEqual(
      segments.map((s) => [s.target, s.transferredTo]),
      [
        ['1002', '1003'],
        ['1003', null],
      ],
    );
    assert.equal((await api.call(first.cookie, 'POST', '/api/v1/agents/me/logout')).status, 200);
  });

  it('lets a supervisor listen (hears both, heard by none), then whisper (heard by the agent only)', async () => {
    // Each party speaks its own tone, so who hears whom is a frequency, not a guess.
    const agentPhone_ = new Phone({ toneHz: 600 });
    const supervisorPhone = new Phone({ toneHz: 1800 });
    const caller = new Phone({ toneHz: 1000 });
    const agent = await agentPhone('1013', 'uas-answer-media.xml', {
      agent: 'agent1003',
      fields: [String(await agentPhone_.open())],
    });
    const supervisorSip = await agentPhone('2001', 'uas-answer-media.xml', {
      fields: [String(await supervisorPhone.open())],
    });
    const { callId, caller: callerRun } = await callFlights(caller);
    const share = (samples: Int16Array, hz: number) => {
      let total = 0;
      for (const f of [600, 1000, 1800]) total += tonePower(samples, f);
      return total === 0 ? 0 : tonePower(samples, hz) / total;
    };
    try {
      await sleep(1500);
      const listen = await api.call(supervisor, 'POST', `/api/v1/calls/${callId}/monitor`, {
        mode: 'listen',
        extension: '2001',
      });
      assert.equal(listen.status, 200, JSON.stringify(listen.body));
      for (const end = Date.now() + 15_000; !supervisorPhone.connected && Date.now() < end;)
        await sleep(100);
      await sleep(1000);
      let from = performance.now();
      await sleep(2000);
      let to = performance.now();
      const heardBySupervisor = supervisorPhone.samplesSince(from, to);
      assert.ok(share(heardBySupervisor, 1000) > 0.2, 'the supervisor hears the caller');
      assert.ok(share(heardBySupervisor, 600) > 0.2, 'the supervisor hears the agent');
      assert.ok(share(caller.samplesSince(from, to), 1800) < 0.05, 'the caller does not hear them');
      assert.ok(share(agentPhone_.samplesSince(from, to), 1800) < 0.05, 'nor does the agent');
      assert.ok(
        share(caller.samplesSince(from, to), 600) > 0.5,
        'the caller still hears the agent',
      );

      const whisper = await api.call(supervisor, 'POST', `/api/v1/calls/${callId}/monitor`, {
        mode: 'whisper',
        extension: '2001',
      });
      assert.equal(whisper.status, 200);
      await sleep(1000);
      from = performance.now();
      await sleep(2000);
      to = performance.now();
      assert.ok(
        share(agentPhone_.samplesSince(from, to), 1800) > 0.2,
        'the agent hears the whisper',
      );
      assert.ok(share(caller.samplesSince(from, to), 1800) < 0.05, 'the caller does not');
      await hangup(agent.cookie, callId);
      const run = await callerRun;
      assert.equal(run.code, 0, run.output);
    } finally {
      caller.close();
      agentPhone_.close();
      supervisorPhone.close();
    }
    assert.equal((await agent.phone.done).code, 0);
    assert.equal(
      (await supervisorSip.phone.done).code,
      0,
      'the supervisor is hung up with the call',
    );
    const seen = await events().read({ types: ['call.monitor-started', 'call.monitor-changed'] });
    assert.deepEqual(
      seen.map((e) => (e.payload as { mode: string }).mode),
      ['listen', 'whisper'],
    );
    // Out of flights, so the next test's call cannot ring a phone that is gone.
    assert.equal((await api.call(agent.cookie, 'POST', '/api/v1/agents/me/logout')).status, 200);
  });

  it('consults a colleague with the caller on hold, joins all three, then leaves them talking (attended transfer)', async () => {
    // Each party speaks its own tone: who hears whom is a frequency.
    const agentAudio = new Phone({ toneHz: 600 });
    const colleagueAudio = new Phone({ toneHz: 1800 });
    const caller = new Phone({ toneHz: 1000 });
    const agent = await agentPhone('1018', 'uas-answer-media.xml', {
      agent: 'agent1008',
      fields: [String(await agentAudio.open())],
    });
    const colleague = await agentPhone('2002', 'uas-answer-media.xml', {
      fields: [String(await colleagueAudio.open())],
    });
    const { callId, caller: callerRun } = await callFlights(caller);
    const share = (samples: Int16Array, hz: number) => {
      let total = 0;
      for (const f of [600, 1000, 1800]) total += tonePower(samples, f);
      return total === 0 ? 0 : tonePower(samples, hz) / total;
    };
    /** Two seconds of what each phone heard, after a second to settle. */
    const listen = async () => {
      await sleep(1000);
      const from = performance.now();
      await sleep(2000);
      const to = performance.now();
      return {
        caller: caller.samplesSince(from, to),
        agent: agentAudio.samplesSince(from, to),
        colleague: colleagueAudio.samplesSince(from, to),
      };
    };
    const url = `/api/v1/calls/${callId}`;
    try {
      // How loud the agent is to the caller while they talk: the yardstick for "not heard".
      const talking = await listen();
      const agentToCaller = tonePower(talking.caller, 600);
      assert.ok(share(talking.caller, 600) > 0.5, 'the caller hears the agent');
      const consult = await api.call(agent.cookie, 'POST', `${url}/consult`, {
        target: { kind: 'extension', extension: '2002' },
      });
      assert.equal(consult.status, 200, JSON.stringify(consult.body));
      await waitFor('call.consult-connected', (p) => p.callId === callId);
      const consulting = await listen();
      assert.ok(share(consulting.agent, 1800) > 0.5, 'the agent hears the colleague');
      assert.ok(share(consulting.colleague, 600) > 0.5, 'the colleague hears the agent');
      // The caller hears hold music (speech has some energy at any frequency): compare loudness.
      const heldAgent = tonePower(consulting.caller, 600);
      const heldColleague = tonePower(consulting.caller, 1800);
      assert.ok(
        heldAgent < agentToCaller * 0.02 && heldColleague < agentToCaller * 0.02,
        `the caller, on hold, hears neither: ${heldAgent} and ${heldColleague} against ${agentToCaller}`,
      );
      assert.ok(share(consulting.colleague, 1000) < 0.05, 'nor is heard');
      const me = await api.call(agent.cookie, 'GET', '/api/v1/agents/me');
      assert.equal(me.body.state, 'held', 'consulting is hold time');

      const conference = await api.call(agent.cookie, 'POST', `${url}/conference`);
      assert.equal(conference.status, 200, JSON.stringify(conference.body));
      const all = await listen();
      assert.ok(
        share(all.caller, 600) > 0.2 && share(all.caller, 1800) > 0.2,
        'the caller hears both',
      );
      assert.ok(
        share(all.agent, 1000) > 0.2 && share(all.agent, 1800) > 0.2,
        'the agent hears both',
      );
      assert.ok(
        share(all.colleague, 1000) > 0.2 && share(all.colleague, 600) > 0.2,
        'the colleague hears both',
      );

      const complete = await api.call(agent.cookie, 'POST', `${url}/consult/complete`);
      assert.equal(complete.status, 200, JSON.stringify(complete.body));
      const agentRun = await agent.phone.done;
      assert.equal(agentRun.code, 0, `the agent's phone got its BYE: ${agentRun.output}`);
      const handedOver = await listen();
      assert.ok(share(handedOver.caller, 1800) > 0.5, 'the caller hears the colleague');
      assert.ok(share(handedOver.colleague, 1000) > 0.5, 'the colleague hears the caller');
      const wrapUp = await api.call(agent.cookie, 'GET', '/api/v1/agents/me');
      assert.equal(wrapUp.body.state, 'wrap-up');
      await hangup(supervisor, callId);
      const run = await callerRun;
      assert.equal(run.code, 0, run.output);
    } finally {
      caller.close();
      agentAudio.close();
      colleagueAudio.close();
    }
    assert.equal((await colleague.phone.done).code, 0, 'the colleague is hung up with the call');
    await waitFor('call.recording-finished', (p) => p.recordingId === `call-${callId}-2`);
    await h.hotline.callRecords.catchUp();
    const record = await api.call(supervisor, 'GET', `/api/v1/calls/${callId}`);
    const segments = record.body.segments as {
      agentId: string | null;
      target: string;
      transferredTo: string | null;
    }[];
    assert.deepEqual(
      segments.map((s) => [s.agentId, s.target, s.transferredTo]),
      [
        ['agent1008', '1018', '2002'],
        [null, '2002', null],
      ],
    );
    const transferred = await waitFor('call.transferred', (p) => p.callId === callId);
    assert.equal(transferred.attended, true);
    assert.equal((await api.call(agent.cookie, 'POST', '/api/v1/agents/me/logout')).status, 200);
  });
});
