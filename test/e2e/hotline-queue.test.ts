// The demo hotline through the queue to an agent, end to end: an agent's
// phone (sipp, registered with digest) logs in and goes ready through the
// API; a caller (sipp for SIP, the test for RTP) chooses 1 then 1 then 2 in
// the IVR and is queued in `flights`; the ACD rings the agent, who answers
// and talks; the caller hangs up. Then the agent is in after-call work, and
// the call's record holds the IVR path, the queue wait and the talk time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Phone, sleep } from '../support/rtp-phone.ts';
import { tonePower } from '../../src/telephony/media/fixtures/media-test-kit.ts';
import { freePort, runSipp, startSippServer } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

describe('the demo hotline through the queue to an agent', () => {
  let h: SipHotline;

  const login = async (username: string, password: string) => {
    const res = await fetch(`${h.http}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    assert.equal(res.status, 200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };
  const api = async (cookie: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.http}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: res.status,
      body: (await res.json().catch(() => null)) as Record<string, unknown>,
    };
  };

  before(async () => {
    h = await startSipHotline({
      HOTLINE_DEMO: 'true',
      HOTLINE_SIP_TRUNK_PEERS: 'carrier=127.0.0.1',
    });
    // Open around the clock, so the test does not depend on the hour (see ivr-demo.test.ts).
    const admin = await login('admin', h.adminPassword);
    const saved = await api(admin, 'PUT', '/api/v1/schedules/business-hours', {
      hours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
          d,
          [{ from: '00:00', to: '24:00' }],
        ]),
      ),
    });
    assert.equal(saved.status, 200);
  });
  after(() => h?.dispose());

  it('queues the caller in flights, rings the ready agent, connects, and leaves the agent in wrap-up', async () => {
    // The agent: a registered phone on extension 1001, logged in and ready.
    await h.addExtension('1001', 'agent-phone-1001');
    const phonePort = await freePort();
    const registered = await runSipp({
      scenario: 'register.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '1001',
      auth: { username: '1001', password: 'agent-phone-1001' },
      localPort: phonePort,
    });
    assert.equal(registered.code, 0, registered.output);
    // Each side speaks its own tone, so the recording's channels can be told apart by frequency.
    const agentAudio = new Phone({ toneHz: 600 });
    const agentPhone = startSippServer({
      scenario: 'uas-answer-media.xml',
      localPort: phonePort,
      args: ['-mi', '127.0.0.1', '-m', '1'],
      fields: [[String(await agentAudio.open())]],
      timeoutSeconds: 90,
    });
    const agentPassword = h.credentials.find((c) => c.username === 'agent1001')!.password;
    const agent = await login('agent1001', agentPassword);
    const loggedIn = await api(agent, 'POST', '/api/v1/agents/me/login', {
      extension: '1001',
      ready: true,
    });
    assert.equal(loggedIn.status, 200, JSON.stringify(loggedIn.body));
    assert.equal(loggedIn.body.state, 'ready');
    assert.equal(loggedIn.body.registered, true, 'the phone registered before the login counts');

    // The caller.
    const phone = new Phone({ toneHz: 1000 });
    const mediaPort = await phone.open();
    const events = h.hotline.services.events;
    const reached = async (type: 'call.ivr-node' | 'call.connected', node?: string) => {
      for (const end = Date.now() + 30_000; Date.now() < end;) {
        await h.hotline.telephony.flushEvents();
        const seen = await events.read({ types: [type] });
        if (seen.some((e) => node === undefined || (e.payload as { node: string }).node === node))
          return;
        await sleep(100);
      }
      assert.fail(`never reached ${type} ${node ?? ''}`);
    };
    const caller = runSipp({
      scenario: 'uac-ivr-hangup.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '4008001000',
      fields: [['13812345678', String(mediaPort)]],
      pauseMs: 30_000,
      timeoutSeconds: 90,
    });
    try {
      await reached('call.ivr-node', 'choose-language');
      await phone.press('1');
      await reached('call.ivr-node', 'main-menu');
      await phone.press('1');
      await reached('call.ivr-node', 'flights-menu');
      await phone.press('2');
      await reached('call.connected');
      const connectedAt = performance.now();
      const run = await caller;
      assert.equal(run.code, 0, run.output);
      // The agent's voice reached the caller through the bridge.
      const heardMs = phone.heard.filter((t) => t > connectedAt).length * 20;
      assert.ok(heardMs > 3000, `the caller heard only ${heardMs} ms from the agent`);
    } finally {
      phone.close();
      agentAudio.close();
    }
    const agentRun = await agentPhone.done;
    assert.equal(agentRun.code, 0, agentRun.output);

    const me = await api(agent, 'GET', '/api/v1/agents/me');
    assert.equal(me.body.state, 'wrap-up', 'after-call work follows the call');
    const ready = await api(agent, 'POST', '/api/v1/agents/me/ready');
    assert.equal(ready.body.state, 'ready', 'going ready ends after-call work');

    await h.hotline.telephony.flushEvents();
    await h.hotline.callRecords.catchUp();
    const supervisor = await login(
      'supervisor',
      h.credentials.find((c) => c.username === 'supervisor')!.password,
    );
    const calls = await api(supervisor, 'GET', '/api/v1/calls');
    const call = (calls.body.calls as Record<string, unknown>[])[0]!;
    assert.deepEqual(call.ivrPath, [
      'init',
      'welcome',
      'choose-language',
      'hours',
      'main-menu',
      'flights-menu',
      'flights-booking',
    ]);
    assert.equal(call.queue, 'flights');
    assert.equal(call.agentId, 'agent1001');
    assert.equal(call.connectedTo, '1001');
    assert.ok(
      Number(call.waitMs) >= 0 && Number(call.waitMs) < 10_000,
      `waited ${String(call.waitMs)} ms`,
    );
    assert.ok(Number(call.talkMs) > 5_000, `talked ${String(call.talkMs)} ms`);
    assert.equal(call.endedBy, 'customer');

    const byAgent = await api(supervisor, 'GET', '/api/v1/calls?agent=agent1001');
    assert.deepEqual(
      (byAgent.body.calls as { callId: string }[]).map((c) => c.callId),
      [call.callId],
      'calls (and their recordings) are found by agent',
    );
    // The conversation was recorded (customer left, agent right), playable with seeking, audited.
    const recordings = call.recordings as { recordingId: string; durationMs: number }[];
    assert.equal(recordings.length, 1);
    const [recording] = recordings;
    assert.ok(
      Math.abs(recording!.durationMs - Number(call.talkMs)) < 1500,
      `recorded ${recording!.durationMs} ms of ${String(call.talkMs)} ms talk`,
    );
    const url = `${h.http}/api/v1/calls/${String(call.callId)}/recordings/${recording!.recordingId}`;
    const whole = await fetch(url, { headers: { cookie: supervisor } });
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    const wav = Buffer.from(await whole.arrayBuffer());
    assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
    assert.deepEqual([wav.readUInt16LE(22), wav.readUInt32LE(24)], [2, 8000], 'stereo, 8 kHz');
    // Customer on the left, agent on the right: each channel holds its side's tone, not the other's.
    const data = wav.indexOf('data', 12);
    const frames = (wav.length - data - 8) >> 2;
    const left = new Int16Array(frames);
    const right = new Int16Array(frames);
    for (let i = 0; i < frames; i++) {
      left[i] = wav.readInt16LE(data + 8 + i * 4);
      right[i] = wav.readInt16LE(data + 10 + i * 4);
    }
    assert.ok(
      tonePower(left, 1000) > 20 * tonePower(left, 600),
      `left holds the caller: ${tonePower(left, 1000)} at 1000 Hz, ${tonePower(left, 600)} at 600 Hz`,
    );
    assert.ok(
      tonePower(right, 600) > 20 * tonePower(right, 1000),
      `right holds the agent: ${tonePower(right, 600)} at 600 Hz, ${tonePower(right, 1000)} at 1000 Hz`,
    );
    const part = await fetch(url, { headers: { cookie: supervisor, range: 'bytes=100-199' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-199/${wav.length}`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), wav.subarray(100, 200));
    const beyond = await fetch(url, {
      headers: { cookie: supervisor, range: `bytes=${wav.length}-` },
    });
    assert.equal(beyond.status, 416);
    assert.equal(
      (await fetch(url, { headers: { cookie: agent } })).status,
      403,
      'agents cannot listen',
    );
    const plays = await api(
      await login('admin', h.adminPassword),
      'GET',
      '/api/v1/audit?action=recording.play',
    );
    assert.equal((plays.body.entries as unknown[]).length, 3, 'every playback is audited');

    const agents = await api(supervisor, 'GET', '/api/v1/agents');
    const row = (agents.body.agents as { agentId: string; callsAnswered: number }[]).find(
      (a) => a.agentId === 'agent1001',
    );
    assert.equal(row?.callsAnswered, 1);
  });
});
