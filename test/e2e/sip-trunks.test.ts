// SIP trunks end to end, with sipp playing the carrier: outbound registration with digest and
// refresh, OPTIONS keep-alive going up and down, a call out through a trunk that challenges the
// INVITE (407), and toll fraud: nothing unauthenticated or from a trunk reaches the carrier.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, runSipp, startSippServer, type SippOptions } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

const CREDENTIALS = { username: 'acct-5550', password: 'trunk-secret-9' };

/** Polls `check` until it holds or `ms` pass. */
async function eventually(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function eventTypes(h: SipHotline, prefix: string) {
  await h.hotline.telephony.flushEvents();
  const events = await h.hotline.services.events.read({ limit: 1000 });
  return events.filter((e) => e.type.startsWith(prefix));
}

/** The trunk events in the log, as [trunk, from, to]. */
async function trunkEvents(h: SipHotline, type: 'trunk.status' | 'trunk.registration') {
  return (await eventTypes(h, type)).map((e) => {
    const payload = e.payload as { trunk: string; from: string; to: string };
    return [payload.trunk, payload.from, payload.to];
  });
}

const trunkOf = (h: SipHotline, name: string) =>
  h.hotline.telephony.trunkStatus().find((t) => t.name === name);

describe('trunk registration and keep-alive', () => {
  let h: SipHotline;
  let registrar: ReturnType<typeof startSippServer>;
  let options: ReturnType<typeof startSippServer>;

  before(async () => {
    const registrarPort = await freePort();
    const optionsPort = await freePort();
    // The carrier is up before Hotline starts: the first REGISTER goes out at start.
    registrar = startSippServer({ scenario: 'carrier-registrar.xml', localPort: registrarPort });
    options = startSippServer({ scenario: 'carrier-options.xml', localPort: optionsPort });
    await new Promise((r) => setTimeout(r, 300));
    h = await startSipHotline({
      HOTLINE_SIP_TRUNKS: JSON.stringify([
        {
          name: 'carrier',
          host: '127.0.0.1',
          port: registrarPort,
          outbound: {
            ...CREDENTIALS,
            register: true,
            registerExpires: 300,
            fromDomain: 'carrier.test',
          },
        },
        { name: 'probe', host: '127.0.0.1', port: optionsPort, keepAliveSeconds: 1 },
      ]),
    });
  });
  after(async () => {
    await h?.dispose();
    await registrar?.stop();
    await options?.stop();
  });

  it('registers after a 401 with digest the registrar verifies, and refreshes before expiry', async () => {
    await eventually(
      () => trunkOf(h, 'carrier')?.registration?.state === 'registered',
      5_000,
      'the registration',
    );
    const first = trunkOf(h, 'carrier')!.registration!;
    // The registrar granted 2 s: the refresh goes within a second and is granted 60 s.
    await eventually(
      () => (trunkOf(h, 'carrier')?.registration?.expiresAt ?? 0) > first.expiresAt! + 30_000,
      5_000,
      'the refresh',
    );
    assert.equal(trunkOf(h, 'carrier')!.registration!.state, 'registered');
    assert.deepEqual(await trunkEvents(h, 'trunk.registration'), [
      ['carrier', 'unregistered', 'registering'],
      ['carrier', 'registering', 'registered'],
    ]);
  });

  it('marks a trunk up while it answers OPTIONS, and down once it stops', async () => {
    await eventually(() => trunkOf(h, 'probe')?.keepAlive?.state === 'up', 5_000, 'status up');
    assert.ok(trunkOf(h, 'probe')!.keepAlive!.lastRttMs! >= 0);
    const answered = await options.stop();
    assert.match(answered.output, /Successful call\s*\|\s*\d+\s*\|\s*[1-9]/, answered.output);
    await eventually(() => trunkOf(h, 'probe')?.keepAlive?.state === 'down', 5_000, 'status down');
    assert.deepEqual(await trunkEvents(h, 'trunk.status'), [
      ['probe', 'unknown', 'up'],
      ['probe', 'up', 'down'],
    ]);
  });

  it('unregisters (Expires: 0) when Hotline stops; the registrar saw every step', async () => {
    await h.dispose();
    const run = await registrar.stop();
    // Every ereg with check_it held (no Authorization at first, digest verified, refresh, Expires 0).
    assert.match(run.output, /Successful call\s*\|\s*\d+\s*\|\s*1\s/, run.output);
    assert.doesNotMatch(run.output, /Failed call\s*\|\s*\d+\s*\|\s*[1-9]/, run.output);
  });
});

describe('calls out through a trunk', () => {
  let h: SipHotline;
  let carrierPort: number;

  before(async () => {
    carrierPort = await freePort();
    h = await startSipHotline({
      HOTLINE_SIP_TRUNKS: JSON.stringify([
        {
          name: 'telecom',
          host: '127.0.0.1',
          port: carrierPort,
          outbound: { ...CREDENTIALS, fromDomain: 'carrier.test' },
          maxConcurrentCalls: 5,
          dial: { stripPrefix: '+86', addPrefix: '0' },
        },
      ]),
      HOTLINE_SIP_OUTBOUND_TRUNK: 'telecom',
      // A second loopback address plays an inbound-only trunk peer.
      HOTLINE_SIP_TRUNK_PEERS: 'peer=127.0.0.2',
    });
    await h.addExtension('1001', 'caller-password-1');
  });
  after(() => h?.dispose());

  const extensionCall = (service: string, password = 'caller-password-1'): SippOptions => ({
    scenario: 'uac-call.xml',
    target: { host: '127.0.0.1', port: h.sip.udp },
    service,
    fields: [['1001']],
    auth: { username: '1001', password },
    args: ['-auth_uri', `${service}@127.0.0.1:${h.sip.udp}`],
    pauseMs: 500,
  });

  it("sends an extension's call to an outside number through the trunk, answering its 407", async () => {
    const carrier = startSippServer({ scenario: 'carrier-uas-407.xml', localPort: carrierPort });
    await new Promise((r) => setTimeout(r, 200));
    const run = await runSipp(extensionCall('+8613800138000'));
    const seen = await carrier.stop();
    assert.equal(run.code, 0, run.output);
    assert.match(seen.output, /Successful call\s*\|\s*\d+\s*\|\s*1\s/, seen.output);
    await eventually(() => h.hotline.telephony.legs === 0, 2_000, 'both legs to end');
    const legs = (await eventTypes(h, 'leg.')).map((e) => e.type);
    assert.deepEqual(legs.slice(-6).sort(), [
      'leg.answered',
      'leg.answered',
      'leg.ended',
      'leg.ended',
      'leg.offered',
      'leg.ringing',
    ]);
    assert.equal(trunkOf(h, 'telecom')!.activeCalls, 0, 'the trunk slot is given back');
  });

  it('lets nothing unauthenticated, wrongly authenticated or from a trunk reach the carrier', async () => {
    const carrier = startSippServer({ scenario: 'carrier-uas-407.xml', localPort: carrierPort });
    await new Promise((r) => setTimeout(r, 200));
    const before = (await eventTypes(h, 'leg.')).length;
    // No credentials: 401 and nothing more.
    const anonymous = await runSipp({
      scenario: 'uac-challenged.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '13800138000',
      fields: [['1001']],
    });
    assert.equal(anonymous.code, 0, anonymous.output);
    // A wrong password: 401, then 403.
    const wrong = await runSipp({
      ...extensionCall('13800138000', 'not-the-password'),
      scenario: 'uac-refused.xml',
    });
    assert.equal(wrong.code, 0, wrong.output);
    // A trunk peer dialing an outside number (hairpinning carrier to carrier): 404.
    const hairpin = await runSipp({
      scenario: 'uac-reject.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '13800138000',
      fields: [['13900139000']],
      args: ['-i', '127.0.0.2'],
    });
    assert.equal(hairpin.code, 0, hairpin.output);
    assert.match(hairpin.output, /404 <-/);
    const seen = await carrier.stop();
    assert.match(seen.output, /INVITE\s+0\s/, `the carrier got an INVITE:\n${seen.output}`);
    // Only the trunk peer's INVITE became a leg (offered, then refused).
    const legs = (await eventTypes(h, 'leg.')).slice(before).map((e) => e.type);
    assert.deepEqual(legs, ['leg.offered', 'leg.ended']);
  });
});
