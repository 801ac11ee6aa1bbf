// The demo hotline end to end: sipp places the call (signaling), the test
// is the caller's phone (RTP): it hears the prompts, presses digits as RFC
// 4733 events, and listens to the flight status read back. Then the call's
// record and timeline show the IVR path.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Phone, sleep } from '../support/rtp-phone.ts';
import { runSipp } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

const HOTLINE = '4008001000';
describe('the demo hotline over SIP and RTP', () => {
  let h: SipHotline;
  let cookie: string;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.http}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as never };
  };

  before(async () => {
    h = await startSipHotline({
      HOTLINE_DEMO: 'true',
      HOTLINE_SIP_TRUNK_PEERS: 'carrier=127.0.0.1',
    });
    const login = await fetch(`${h.http}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: h.adminPassword }),
    });
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    // The test must not depend on the hour or the date it runs at: open the schedule the demo
    // flow names around the clock, without its holidays (an administrator's change, through the
    // API; the next call follows it, no flow is published again).
    const allDay = [{ from: '00:00', to: '24:00' }];
    const saved = await api('PUT', '/api/v1/schedules/business-hours', {
      hours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay]),
      ),
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  });
  after(() => h?.dispose());

  it('answers, plays the menus, takes RFC 4733 digits, reads the flight status back, and logs the path', async () => {
    const phone = new Phone();
    const mediaPort = await phone.open();
    const events = h.hotline.services.events;
    const nodeEntered = async (node: string, timeoutMs = 20_000) => {
      for (const end = Date.now() + timeoutMs; Date.now() < end;) {
        await h.hotline.telephony.flushEvents();
        const entered = await events.read({ types: ['call.ivr-node'] });
        if (entered.some((e) => e.type === 'call.ivr-node' && e.payload.node === node)) return;
        await sleep(100);
      }
      assert.fail(`the IVR never reached ${node}`);
    };
    const sipp = runSipp({
      scenario: 'uac-ivr.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: HOTLINE,
      fields: [['13812345678', String(mediaPort)]],
      timeoutSeconds: 90,
    });
    try {
      await nodeEntered('choose-language');
      assert.ok(phone.connected, 'the welcome prompt reached the caller as RTP');
      const welcomePackets = phone.heard.length;
      assert.ok(welcomePackets > 25, `heard only ${welcomePackets} packets of the welcome`);
      await phone.press('1'); // 中文
      await nodeEntered('main-menu');
      await phone.press('1'); // flights
      await nodeEntered('flights-menu');
      await phone.press('1'); // flight status
      await nodeEntered('flight-number');
      for (const digit of '5101#') await phone.press(digit);
      const askedAt = performance.now();
      const run = await sipp;
      assert.equal(run.code, 0, run.output);
      const readBack = phone.heard.filter((t) => t > askedAt).length * 20;

      await h.hotline.telephony.flushEvents();
      await h.hotline.callRecords.catchUp();
      const calls = await api('GET', '/api/v1/calls');
      const call = (calls.body as { calls: Record<string, unknown>[] }).calls[0]!;
      assert.deepEqual(call.ivrPath, [
        'init',
        'welcome',
        'choose-language',
        'hours',
        'main-menu',
        'flights-menu',
        'flight-number',
        'flight-id',
        'flight-lookup',
        'flight-found',
        'flight-status',
        'goodbye',
      ]);
      assert.equal((call.vars as Record<string, string>).flight, 'MU5101');
      assert.equal(call.endedIn, 'ivr');
      assert.equal(call.endedBy, 'system');
      assert.equal(call.language, 'zh');

      // What was played after the flight number, by Hotline's own account, reached the caller.
      const timeline = await api('GET', `/api/v1/calls/${String(call.callId)}/timeline`);
      const played = (
        timeline.body as {
          events: { type: string; time: number; payload: Record<string, unknown> }[];
        }
      ).events;
      const statusNode = played.find(
        (e) => e.type === 'call.ivr-node' && e.payload.node === 'flight-status',
      )!;
      const playedAfter = played
        .filter((e) => e.type === 'leg.play.finished' && e.time >= statusNode.time)
        .reduce((sum, e) => sum + Number(e.payload.playedMs), 0);
      // The status (prompt, flight number, TTS status, time, gate) and the goodbye: several seconds.
      assert.ok(playedAfter > 4000, `only ${playedAfter} ms played after the lookup`);
      assert.ok(
        Math.abs(readBack - playedAfter) < Math.max(600, playedAfter * 0.1),
        `the caller heard ${readBack} ms, Hotline played ${playedAfter} ms`,
      );
      const types = played.map((e) => e.type);
      assert.ok(types.includes('leg.dtmf'), 'digits are on the timeline');
      assert.equal(types.at(-1) === 'call.ended' || types.includes('call.ended'), true);
    } finally {
      phone.close();
    }
  });
});
