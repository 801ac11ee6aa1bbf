// Click-to-call end to end: an agent allowed to place outside calls dials a
// number through the API; their own phone (sipp) rings and answers first,
// then the carrier (sipp, challenging with 407) gets the INVITE and answers;
// the agent hangs up from the desk's API. One outbound CDR, recorded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hotlineApi, type HotlineApi } from '../support/hotline-api.ts';
import { Phone, sleep } from '../support/rtp-phone.ts';
import { freePort, runSipp, startSippServer } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

describe('click-to-call through a trunk', () => {
  let h: SipHotline;
  let api: HotlineApi;
  let carrierPort: number;

  const password = (username: string) =>
    h.credentials.find((c) => c.username === username)!.password;

  before(async () => {
    carrierPort = await freePort();
    h = await startSipHotline({
      HOTLINE_DEMO: 'true',
      HOTLINE_SIP_TRUNKS: JSON.stringify([
        {
          name: 'telecom',
          host: '127.0.0.1',
          port: carrierPort,
          outbound: {
            username: 'acct-5550',
            password: 'trunk-secret-9',
            fromDomain: 'carrier.test',
          },
          // The carrier's scenario expects national format: +86 138… goes out as 0138….
          dial: { stripPrefix: '+86', addPrefix: '0' },
        },
      ]),
      HOTLINE_SIP_OUTBOUND_TRUNK: 'telecom',
    });
    api = hotlineApi(h.http);
  });
  after(() => h?.dispose());

  it('rings the agent’s phone, then the customer through the trunk; the agent hangs up from the API', async () => {
    const admin = await api.login('admin', h.adminPassword);
    const profile = await api.call(admin, 'GET', '/api/v1/agent-profiles/agent1001');
    assert.equal(profile.status, 200, JSON.stringify(profile.body));
    const allowed = await api.call(admin, 'PUT', '/api/v1/agent-profiles/agent1001', {
      skills: profile.body.skills,
      outboundCalls: true,
    });
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));

    await h.addExtension('1001', 'phone-1001');
    const port = await freePort();
    const registered = await runSipp({
      scenario: 'register.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '1001',
      auth: { username: '1001', password: 'phone-1001' },
      localPort: port,
    });
    assert.equal(registered.code, 0, registered.output);
    const agentAudio = new Phone({ toneHz: 600 });
    const agentPhone = startSippServer({
      scenario: 'uas-answer-media.xml',
      localPort: port,
      args: ['-mi', '127.0.0.1', '-m', '1'],
      fields: [[String(await agentAudio.open())]],
      timeoutSeconds: 60,
    });
    const carrier = startSippServer({ scenario: 'carrier-uas-407.xml', localPort: carrierPort });
    const agent = await api.login('agent1001', password('agent1001'));
    const login = await api.call(agent, 'POST', '/api/v1/agents/me/login', {
      extension: '1001',
      ready: true,
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const other = await api.login('agent1002', password('agent1002'));
    const refused = await api.call(other, 'POST', '/api/v1/calls', { number: '13800138000' });
    assert.equal(refused.status, 403, 'agent1002 may not place outside calls');

    try {
      const dialed = await api.call(
        agent,
        'POST',
        '/api/v1/calls',
        { number: '+8613800138000' },
        { 'idempotency-key': 'click-1' },
      );
      assert.equal(dialed.status, 201, JSON.stringify(dialed.body));
      const callId = String(dialed.body.callId);
      for (const end = Date.now() + 15_000; Date.now() < end; await sleep(100)) {
        await h.hotline.telephony.flushEvents();
        const seen = await h.hotline.services.events.read({ types: ['call.connected'] });
        if (seen.some((e) => (e.payload as { callId: string }).callId === callId)) break;
      }
      const me = await api.call(agent, 'GET', '/api/v1/agents/me');
      assert.equal(me.body.state, 'on-call');
      await sleep(1500);
      const hungUp = await api.call(agent, 'POST', `/api/v1/calls/${callId}/hangup`);
      assert.equal(hungUp.status, 200, JSON.stringify(hungUp.body));
      assert.equal((await agentPhone.done).code, 0, 'the agent’s phone got its BYE');
      const seen = await carrier.stop();
      assert.match(seen.output, /Successful call\s*\|\s*\d+\s*\|\s*1\s/, seen.output);

      await h.hotline.telephony.flushEvents();
      await h.hotline.callRecords.catchUp();
      const supervisor = await api.login('supervisor', password('supervisor'));
      const record = await api.call(supervisor, 'GET', `/api/v1/calls/${callId}`);
      assert.equal(record.status, 200, JSON.stringify(record.body));
      assert.equal(record.body.direction, 'outbound');
      assert.equal(record.body.caller, '+8613800138000');
      assert.equal(record.body.agentId, 'agent1001');
      assert.equal(record.body.endedBy, 'agent');
      assert.ok(Number(record.body.talkMs) >= 1000, `talked ${String(record.body.talkMs)} ms`);
      const after = await api.call(agent, 'GET', '/api/v1/agents/me');
      assert.equal(after.body.state, 'ready', 'back to where they were');
    } finally {
      agentAudio.close();
      await carrier.stop().catch(() => undefined);
    }
  });
});
