// End to end with sipp over real sockets: OPTIONS, REGISTER with digest
// authentication (right password 200, wrong 403), lockout, unregister.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runSipp } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

describe('SIP registrar and OPTIONS with sipp', () => {
  let h: SipHotline;

  before(async () => {
    h = await startSipHotline();
    await h.addExtension('1001', 'right-password-1001');
    await h.addExtension('1002', 'right-password-1002');
    await h.addExtension('1003', 'right-password-1003');
  });
  after(() => h?.dispose());

  for (const transport of ['udp', 'tcp'] as const) {
    it(`answers OPTIONS over ${transport} with 200, Allow and no banner`, async () => {
      const run = await runSipp({
        scenario: 'options.xml',
        target: { host: '127.0.0.1', port: h.sip[transport] },
        transport,
      });
      assert.equal(run.code, 0, run.output);
    });

    it(`registers an extension over ${transport} with digest authentication`, async () => {
      const run = await runSipp({
        scenario: 'register.xml',
        target: { host: '127.0.0.1', port: h.sip[transport] },
        transport,
        service: '1001',
        auth: { username: '1001', password: 'right-password-1001' },
      });
      assert.equal(run.code, 0, run.output);
      const bindings = h.hotline.telephony.stack.location.lookup('1001');
      assert.ok(
        bindings.some((b) => b.source.protocol === transport),
        JSON.stringify(bindings),
      );
    });
  }

  it('refuses a wrong password with 403', async () => {
    const run = await runSipp({
      scenario: 'register-refused.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '1002',
      auth: { username: '1002', password: 'not-the-password' },
    });
    assert.equal(run.code, 0, run.output);
    assert.equal(h.hotline.telephony.stack.location.lookup('1002').length, 0);
  });

  it('locks an extension after ten wrong passwords: the right one is then refused too', async () => {
    const target = { host: '127.0.0.1', port: h.sip.udp };
    const wrong = await runSipp({
      scenario: 'register-refused.xml',
      target,
      service: '1003',
      auth: { username: '1003', password: 'guessing-wrong' },
      calls: 10,
      rate: 50,
    });
    assert.equal(wrong.code, 0, wrong.output);
    // Locked: the challenge still comes (it tells nothing), the right password is refused.
    const locked = await runSipp({
      scenario: 'register-refused.xml',
      target,
      service: '1003',
      auth: { username: '1003', password: 'right-password-1003' },
    });
    assert.equal(locked.code, 0, locked.output);
    assert.equal(h.hotline.telephony.stack.location.lookup('1003').length, 0);
  });

  it('lists registrations through the API for supervisors and admins only', async () => {
    const anonymous = await h.hotline.http.inject({ method: 'GET', url: '/api/v1/registrations' });
    assert.equal(anonymous.statusCode, 401);
    const login = await h.hotline.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: h.adminPassword },
    });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await h.hotline.http.inject({
      method: 'GET',
      url: '/api/v1/registrations?extension=1001',
      headers: { cookie },
    });
    assert.equal(res.statusCode, 200, res.body);
    const { registrations } = res.json<{
      registrations: { extension: string; transport: string; userAgent: string }[];
    }>();
    assert.deepEqual([...new Set(registrations.map((r) => r.transport))].sort(), ['tcp', 'udp']);
    assert.ok(registrations.every((r) => r.extension === '1001' && r.userAgent === 'sipp-e2e'));
  });
});
