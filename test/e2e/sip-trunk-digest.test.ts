// Carriers that prove themselves with digest, end to end with sipp as the carrier: challenged,
// answered and into the demo IVR as the trunk's call; a wrong password, an address the trunk does
// not list, or no credentials at all get 401/403 and no leg reaches the call model; a carrier's
// username is never an extension's.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Hotline } from '../../src/app/index.ts';
import { isHotlineError, loadConfig, silentLogger } from '../../src/platform/index.ts';
import { runSipp, type SippOptions } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

const HOTLINE = '4008001000';
const CARRIER = { username: 'carrier-in', password: 'carrier-secret-1' };
const BOTH = { username: 'both-in', password: 'both-secret-22' };
/** A second loopback address, listed by the trunk that needs its address and digest. */
const BOTH_ADDRESS = '127.0.0.2';

interface Offered {
  id: number;
  payload: { to: string; source: { kind: string; trunk?: string } };
}

describe('trunks authenticated by digest', () => {
  let h: SipHotline;

  before(async () => {
    h = await startSipHotline({
      HOTLINE_DEMO: 'true',
      HOTLINE_SIP_TRUNKS: JSON.stringify([
        { name: 'carrier', host: '198.51.100.1', inbound: CARRIER },
        { name: 'both', host: '198.51.100.2', inbound: { ...BOTH, addresses: [BOTH_ADDRESS] } },
      ]),
    });
  });
  after(() => h?.dispose());

  /** Every leg offered to the call model so far, oldest first. */
  const offered = async (): Promise<Offered[]> => {
    await h.hotline.telephony.flushEvents();
    const events = await h.hotline.services.events.read({ types: ['leg.offered'], limit: 1000 });
    return events.map((e) => ({ id: e.id, payload: e.payload as Offered['payload'] }));
  };

  const carrierCall = (
    scenario: string,
    auth: { username: string; password: string } | undefined,
    address = '127.0.0.1',
  ): SippOptions => ({
    scenario,
    target: { host: '127.0.0.1', port: h.sip.udp },
    service: HOTLINE,
    fields: [['13800138000']],
    ...(auth === undefined ? {} : { auth }),
    pauseMs: 1_000,
    // sipp digests remote_ip:remote_port unless told; Hotline checks the uri against the Request-URI.
    args: ['-auth_uri', `${HOTLINE}@127.0.0.1:${h.sip.udp}`, '-i', address],
  });

  it('challenges a carrier, takes its credentials and answers it with the IVR as the trunk’s call', async () => {
    const before = (await offered()).length;
    const run = await runSipp(carrierCall('carrier-uac-digest.xml', CARRIER));
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /401 <-/);
    const legs = (await offered()).slice(before);
    assert.equal(legs.length, 1, 'one leg for the one call');
    assert.deepEqual(legs[0]!.payload.source, { kind: 'trunk', trunk: 'carrier' });
    assert.equal(legs[0]!.payload.to, HOTLINE);
    // The call went into the demo hotline's flow.
    const nodes = await h.hotline.services.events.read({ types: ['call.ivr-node'], limit: 1000 });
    assert.ok(
      nodes.some((e) => e.id > legs[0]!.id),
      'the IVR ran for the carrier’s call',
    );
  });

  it('takes a trunk that needs both only from its address and with its credentials', async () => {
    const before = (await offered()).length;
    const run = await runSipp(carrierCall('carrier-uac-digest.xml', BOTH, BOTH_ADDRESS));
    assert.equal(run.code, 0, run.output);
    const legs = (await offered()).slice(before);
    assert.deepEqual(
      legs.map((l) => l.payload.source),
      [{ kind: 'trunk', trunk: 'both' }],
    );
    // The same credentials from another address: 401, then 403.
    const elsewhere = await runSipp(carrierCall('uac-refused.xml', BOTH));
    assert.equal(elsewhere.code, 0, elsewhere.output);
    assert.equal((await offered()).length, before + 1, 'no leg for the refused call');
  });

  it('answers a wrong password with 403 after the challenge, and offers no leg', async () => {
    const before = (await offered()).length;
    const run = await runSipp(
      carrierCall('uac-refused.xml', { ...CARRIER, password: 'not-the-password' }),
    );
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /403 <-/);
    assert.equal((await offered()).length, before);
    assert.equal(h.hotline.telephony.legs, 0);
  });

  it('never lets an extension made later under a carrier’s username register', async () => {
    await h.addExtension(CARRIER.username, 'an-extension-password');
    const run = await runSipp({
      scenario: 'register-refused.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: CARRIER.username,
      auth: { username: CARRIER.username, password: 'an-extension-password' },
    });
    assert.equal(run.code, 0, run.output);
    assert.equal(h.hotline.telephony.stack.location.lookup(CARRIER.username).length, 0);
  });

  it('gives a source without credentials a 401 and nothing more', async () => {
    const before = (await offered()).length;
    const run = await runSipp(carrierCall('uac-challenged.xml', undefined));
    assert.equal(run.code, 0, run.output);
    assert.equal((await offered()).length, before);
    assert.equal(h.hotline.telephony.legs, 0);
  });
});

describe('a carrier’s username that is an extension', () => {
  it('stops Hotline from starting, naming the trunk and the username', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-trunk-clash-'));
    const { config } = loadConfig({
      env: {
        HOTLINE_DATA_DIR: dir,
        HOTLINE_DEMO: 'true',
        HOTLINE_SCRYPT_COST: '1024',
        HOTLINE_HTTP_HOST: '127.0.0.1',
        HOTLINE_HTTP_PORT: '0',
        HOTLINE_SIP_HOST: '127.0.0.1',
        HOTLINE_SIP_PORT: '0',
        HOTLINE_SIP_WS_PORT: '0',
        HOTLINE_MEDIA_WORKERS: '1',
        // 1001 is a demo extension.
        HOTLINE_SIP_TRUNKS: JSON.stringify([
          { name: 'carrier', host: '198.51.100.1', inbound: { ...CARRIER, username: '1001' } },
        ]),
      },
      cwd: dir,
    });
    const hotline = await Hotline.create({ config, logger: silentLogger() });
    try {
      await hotline.bootstrap();
      await assert.rejects(
        hotline.listen(),
        (error: unknown) =>
          isHotlineError(error, 'invalid-config') &&
          /sip\.trunks "carrier": inbound\.username "1001" is also a SIP extension/.test(
            error.message,
          ),
      );
    } finally {
      await hotline.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
