// Trunks created and deleted through the API while Hotline runs, with sipp playing the carrier:
// a trunk PUT with register:true registers at once (digest the registrar verifies) and the API
// shows it registered; a keep-alive trunk added beside it goes up and is untouched when the
// first is deleted, which unregisters it (Expires: 0). A trunk's inbound address is recognised
// from the moment it is saved and forgotten when it is deleted: before and after, an INVITE from
// there is challenged like anyone's (toll fraud).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TrunkView } from '../../src/api/index.ts';
import { hotlineApi, type HotlineApi } from '../support/hotline-api.ts';
import { freePort, runSipp, startSippServer } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

/** Polls `check` until it holds or `ms` pass. */
async function eventually(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('trunks managed through the API, live', () => {
  let h: SipHotline;
  let api: HotlineApi;
  let admin: string;
  let registrar: ReturnType<typeof startSippServer>;
  let options: ReturnType<typeof startSippServer>;
  let registrarPort: number;
  let optionsPort: number;

  const trunks = async () => {
    const res = await api.call(admin, 'GET', '/api/v1/trunks');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.trunks as TrunkView[];
  };
  const trunk = async (name: string) => (await trunks()).find((t) => t.name === name);
  /** What became of an INVITE from 127.0.0.2 to an outside number: a 401 or a leg. */
  const inviteFromCarrier = async (scenario: 'uac-challenged.xml' | 'uac-reject.xml') => {
    const run = await runSipp({
      scenario,
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '13800138000',
      fields: [['13900139000']],
      args: ['-i', '127.0.0.2'],
    });
    assert.equal(run.code, 0, run.output);
  };
  const offeredFromTrunks = async () => {
    await h.hotline.telephony.flushEvents();
    const events = await h.hotline.services.events.read({ limit: 1000 });
    return events
      .filter((e) => e.type === 'leg.offered')
      .map((e) => (e.payload as { source: { kind: string; trunk?: string } }).source)
      .filter((s) => s.kind === 'trunk')
      .map((s) => s.trunk);
  };

  before(async () => {
    registrarPort = await freePort();
    optionsPort = await freePort();
    registrar = startSippServer({ scenario: 'carrier-registrar.xml', localPort: registrarPort });
    options = startSippServer({ scenario: 'carrier-options.xml', localPort: optionsPort });
    await new Promise((r) => setTimeout(r, 300));
    h = await startSipHotline();
    api = hotlineApi(h.http);
    admin = await api.login('admin', h.adminPassword);
  });
  after(async () => {
    await h?.dispose();
    await registrar?.stop();
    await options?.stop();
  });

  it('challenges an INVITE from an address no trunk lists yet', async () => {
    await inviteFromCarrier('uac-challenged.xml');
    assert.deepEqual(await offeredFromTrunks(), []);
  });

  it('registers a trunk PUT with register:true at once; the API shows it registered', async () => {
    const res = await api.call(admin, 'PUT', '/api/v1/trunks/carrier', {
      host: '127.0.0.1',
      port: registrarPort,
      inbound: { addresses: ['127.0.0.2'] },
      outbound: {
        username: 'acct-5550',
        password: 'trunk-secret-9',
        register: true,
        registerExpires: 300,
        fromDomain: 'carrier.test',
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.ok(!JSON.stringify(res.body).includes('trunk-secret-9'), 'the password is not returned');
    await eventually(
      async () => (await trunk('carrier'))?.status?.registration?.state === 'registered',
      5_000,
      'the registration',
    );
    const carrier = (await trunk('carrier'))!;
    assert.equal(carrier.source, 'api');
    assert.equal(carrier.status?.status, 'up');
    // The registrar granted 2 s: the refresh is granted 60 s (the scenario then waits for Expires: 0).
    const first = carrier.status.registration!.expiresAt!;
    await eventually(
      async () => ((await trunk('carrier'))?.status?.registration?.expiresAt ?? 0) > first + 30_000,
      5_000,
      'the refresh',
    );
  });

  it('takes an INVITE from the trunk’s inbound address as the trunk’s from the moment it is saved', async () => {
    await inviteFromCarrier('uac-reject.xml');
    assert.deepEqual(await offeredFromTrunks(), ['carrier']);
  });

  it('adds a keep-alive trunk beside it, which goes up', async () => {
    const res = await api.call(admin, 'PUT', '/api/v1/trunks/probe', {
      host: '127.0.0.1',
      port: optionsPort,
      keepAliveSeconds: 1,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await eventually(
      async () => (await trunk('probe'))?.status?.status === 'up',
      5_000,
      'the keep-alive',
    );
  });

  it('unregisters a deleted trunk (Expires: 0), leaves the other running, and forgets its address', async () => {
    const res = await api.call(admin, 'DELETE', '/api/v1/trunks/carrier');
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.deepEqual(
      (await trunks()).map((t) => t.name),
      ['probe'],
    );
    // Every step of the registrar's scenario held: 401, digest verified, refresh, Expires: 0.
    const run = await registrar.stop();
    assert.match(run.output, /Successful call\s*\|\s*\d+\s*\|\s*1\s/, run.output);
    assert.doesNotMatch(run.output, /Failed call\s*\|\s*\d+\s*\|\s*[1-9]/, run.output);
    const probe = (await trunk('probe'))!;
    assert.equal(probe.status?.status, 'up', 'the other trunk was not touched');
    await h.hotline.telephony.flushEvents();
    const registrations = (await h.hotline.services.events.read({ limit: 1000 }))
      .filter((e) => e.type === 'trunk.registration')
      .map((e) => (e.payload as { to: string }).to);
    assert.deepEqual(registrations, ['registering', 'registered', 'unregistering', 'unregistered']);

    await inviteFromCarrier('uac-challenged.xml');
    assert.deepEqual(await offeredFromTrunks(), ['carrier'], 'no new trunk call');
  });
});
