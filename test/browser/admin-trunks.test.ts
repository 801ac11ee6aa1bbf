// The trunks' administration screen in Debian's Chromium against the real `hotline start`
// process: a bad port shows the server's message under the port field and saves nothing; the
// trunk is then created and listed, its status turns down live (pushed, not reloaded) when its
// carrier does not answer keep-alives; an edit leaves the password empty ("unchanged") and keeps
// it; deletion asks first. The form's mapping to the API's trunk is tested alone first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ApiError } from '../../web/src/api/client.ts';
import type { TrunkView } from '../../web/src/api/types.ts';
import { formErrors } from '../../web/src/features/admin/form-errors.ts';
import {
  trunkBody,
  trunkFormPaths,
  trunkFormValues,
} from '../../web/src/features/admin/trunk-document.ts';
import { startBrowserHotline, type BrowserHotline } from './browser-harness.ts';

describe('the trunk form’s document', () => {
  const stored: TrunkView = {
    name: 'telecom',
    source: 'api',
    host: '192.0.2.10',
    port: 5080,
    transport: 'udp',
    tlsAcceptSelfSigned: false,
    inbound: { addresses: ['192.0.2.10', '192.0.2.11'], username: null, passwordSet: false },
    outbound: {
      username: 'acct',
      passwordSet: true,
      register: true,
      registerExpires: 600,
      fromUser: '4008001000',
      fromDomain: null,
      passCallerId: false,
    },
    keepAliveSeconds: 30,
    maxConcurrentCalls: null,
    dial: { stripPrefix: '+86', addPrefix: null },
    version: 2,
    createdAt: 0,
    updatedAt: 0,
    updatedBy: 'admin',
    status: null,
  };

  it('turns a stored trunk into inputs (passwords empty) and the inputs into the PUT body', () => {
    const values = trunkFormValues(stored);
    assert.equal(values.inboundAddresses, '192.0.2.10, 192.0.2.11');
    assert.equal(values.outboundPassword, '', 'a password is never filled in');
    assert.deepEqual(trunkBody(values), {
      host: '192.0.2.10',
      port: 5080,
      transport: 'udp',
      inbound: { addresses: ['192.0.2.10', '192.0.2.11'] },
      // No password: the stored one is kept.
      outbound: {
        username: 'acct',
        register: true,
        registerExpires: 600,
        fromUser: '4008001000',
        passCallerId: false,
      },
      keepAliveSeconds: 30,
      dial: { stripPrefix: '+86' },
    });
    const fresh = trunkBody({
      ...trunkFormValues(),
      host: ' sip.carrier.example ',
      port: '50x',
      outbound: false,
      inboundUsername: 'carrier-in',
      inboundPassword: ' secret with spaces ',
    });
    assert.deepEqual(fresh, {
      host: 'sip.carrier.example',
      // Not a whole number: sent as typed, for the server to name the field.
      port: '50x' as unknown as number,
      transport: 'udp',
      inbound: { username: 'carrier-in', password: ' secret with spaces ' },
    });
  });

  it('puts the server’s complaint on the field it names', () => {
    const placed = (field: string) =>
      Object.fromEntries(
        formErrors(new ApiError(400, 'invalid-input', 'wrong', field), trunkFormPaths, String)
          .fields,
      );
    assert.deepEqual(placed('body.port'), { port: 'wrong' });
    assert.deepEqual(placed('body.inbound.addresses.1'), { 'inbound.addresses': 'wrong' });
    assert.deepEqual(placed('params.name'), { name: 'wrong' });
    assert.deepEqual(placed('body.outbound.registerExpires'), {
      'outbound.registerExpires': 'wrong',
    });
  });
});

describe('the trunks screen in Chromium', () => {
  let h: BrowserHotline;

  before(async () => {
    h = await startBrowserHotline();
  });
  after(() => h?.dispose());

  /** Calls the API with the page's own session, as the screen does. */
  const apiOf = (page: Page) => async (method: string, path: string) => {
    const res = await page.request.fetch(path, { method });
    return { status: res.status(), text: await res.text() };
  };

  it('creates a trunk (a bad port first), shows it live, edits it keeping its password, deletes it', async () => {
    const page = await h.signIn('admin');
    const api = apiOf(page);
    await page.waitForURL('**/admin');
    await page.locator('[role=navigation].admin-menu a', { hasText: 'Trunks' }).click();
    await page.waitForURL('**/admin/trunks');
    await page.locator('text=No trunk yet').waitFor();

    await page.locator('#trunk-name').fill('carrier-b');
    await page.locator('#trunk-host').fill('127.0.0.1');
    await page.locator('#trunk-port').fill('70000');
    await page.locator('#trunk-outbound-username').fill('acct-77');
    await page.locator('#trunk-outbound-password').fill('carrier-password-77');
    await page.locator('#trunk-keepAliveSeconds').fill('1');
    await page.locator('button[type=submit]', { hasText: 'Create trunk' }).click();
    const portError = page.locator('[data-testid=trunk-port-error]');
    await portError.waitFor();
    assert.match(await portError.innerText(), /70000 is outside 1–65535/);
    assert.equal(await page.locator('#trunk-port').getAttribute('aria-invalid'), 'true');
    assert.equal((await api('GET', '/api/v1/trunks/carrier-b')).status, 404, 'nothing saved');

    // Port 9 (discard): nothing answers the keep-alives there.
    await page.locator('#trunk-port').fill('9');
    await page.locator('button[type=submit]', { hasText: 'Create trunk' }).click();
    await page
      .locator('[data-testid=trunks-notice]', { hasText: 'Trunk carrier-b created' })
      .waitFor();
    const row = page.locator('[data-testid=trunks] tr[data-trunk="carrier-b"]');
    await row.waitFor();
    assert.equal(await row.locator('[data-col=server]').innerText(), '127.0.0.1:9/udp');
    assert.equal(await row.locator('[data-col=source]').innerText(), 'Administration');
    // Pushed over the CTI feed as the keep-alive goes unanswered: no reload.
    await row
      .locator('[data-col=status] .health-pill[data-status=down]')
      .waitFor({ timeout: 15_000 });
    const stored = await api('GET', '/api/v1/trunks/carrier-b');
    assert.equal(stored.status, 200);
    assert.doesNotMatch(stored.text, /carrier-password-77/);
    assert.equal((JSON.parse(stored.text) as TrunkView).outbound?.passwordSet, true);

    await page.locator('button[aria-label="Edit trunk carrier-b"]').click();
    const password = page.locator('#trunk-outbound-password');
    assert.equal(await password.inputValue(), '');
    assert.equal(await password.getAttribute('placeholder'), 'unchanged');
    assert.equal(await page.locator('#trunk-name').getAttribute('readonly'), '');
    await page.locator('#trunk-keepAliveSeconds').fill('0');
    await page.locator('#trunk-maxConcurrentCalls').fill('3');
    await page.locator('button[type=submit]', { hasText: 'Save' }).click();
    await page
      .locator('[data-testid=trunks-notice]', { hasText: 'Trunk carrier-b saved (version 2)' })
      .waitFor();
    const edited = JSON.parse((await api('GET', '/api/v1/trunks/carrier-b')).text) as TrunkView;
    assert.deepEqual(
      [edited.version, edited.maxConcurrentCalls, edited.keepAliveSeconds],
      [2, 3, 0],
    );
    assert.equal(edited.outbound?.passwordSet, true, 'the password was kept');
    assert.equal(await row.locator('[data-col=calls]').innerText(), '0 of 3');

    await page.locator('button[aria-label="Delete trunk carrier-b"]').click();
    await row.locator('button', { hasText: 'Yes, delete' }).click();
    await row.waitFor({ state: 'detached' });
    assert.match(
      await page.locator('[data-testid=trunks-notice]').innerText(),
      /Trunk carrier-b deleted/,
    );
    assert.equal((await api('GET', '/api/v1/trunks/carrier-b')).status, 404);
  });
});
