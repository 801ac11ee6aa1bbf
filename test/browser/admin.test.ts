// The administration screens in Debian's Chromium against the real `hotline start` process: an
// admin creates a queue through the form and the API returns it, the server's complaint shows on
// the field at fault, settings the form does not show survive a save, a queue a published flow
// uses cannot be deleted (the server's reason is shown); disposition and reason codes are added,
// edited and deleted; a user is created and unlocked; agents and supervisors get no admin
// screens. The form's document mapping and the field placement of errors are tested alone first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ApiError } from '../../web/src/api/client.ts';
import type { QueueView, ReasonCode } from '../../web/src/api/types.ts';
import { fieldPath, formErrors } from '../../web/src/features/admin/form-errors.ts';
import {
  queueDocumentFrom,
  queueFormPaths,
  queueFormValues,
} from '../../web/src/features/admin/queue-document.ts';
import { startBrowserHotline, type BrowserHotline } from './browser-harness.ts';

describe('the queue form’s document', () => {
  it('writes what the form shows over the stored document and keeps the rest', () => {
    const stored = {
      name: 'vip',
      skills: [{ skill: 'vip', minLevel: 3 }],
      serviceLevel: { percent: 90, seconds: 15, shortAbandonSeconds: 3 },
      announcements: { atJoin: false, position: false },
      escalation: [{ afterSeconds: 60, relaxSkillsBy: 1 }],
      musicOnHold: 'jazz',
    };
    const values = queueFormValues(stored);
    assert.deepEqual(values.skills, [{ skill: 'vip', minLevel: '3' }]);
    assert.equal(values.slPercent, '90');
    assert.equal(values.announceAtJoin, 'no');
    assert.equal(values.wrapUpSeconds, '');
    // Unchanged, the document comes back as it was.
    assert.deepEqual(queueDocumentFrom(values, stored), stored);

    const changed = queueDocumentFrom(
      {
        ...values,
        skills: [...values.skills, { skill: '  ', minLevel: '2' }],
        slPercent: '',
        wrapUpSeconds: '30',
        announceAtJoin: '',
        overflowKind: 'flow',
        overflowFlow: ' after-hours ',
      },
      stored,
    );
    assert.deepEqual(changed, {
      name: 'vip',
      skills: [{ skill: 'vip', minLevel: 3 }],
      // An emptied input leaves the setting to the default; the hidden ones stay.
      serviceLevel: { seconds: 15, shortAbandonSeconds: 3 },
      announcements: { position: false },
      escalation: [{ afterSeconds: 60, relaxSkillsBy: 1 }],
      musicOnHold: 'jazz',
      wrapUpSeconds: 30,
      overflow: { kind: 'flow', flow: 'after-hours' },
    });
    // A new queue with nothing filled in is just its name.
    assert.deepEqual(queueDocumentFrom({ ...queueFormValues(), name: ' q1 ' }), { name: 'q1' });
  });

  it('places each of the server’s complaints on the field it names', () => {
    assert.equal(fieldPath('body.serviceLevel.percent'), 'serviceLevel.percent');
    assert.equal(fieldPath('params.name'), 'name');
    assert.equal(fieldPath('username'), 'username');
    const values = { ...queueFormValues(), skills: [{ skill: 'a', minLevel: '' }] };
    const known = queueFormPaths(values);
    const single = formErrors(
      new ApiError(
        400,
        'invalid-input',
        'body.serviceLevel.percent must be <= 100',
        'body.serviceLevel.percent',
      ),
      known,
      String,
    );
    assert.deepEqual(
      [...single.fields],
      [['serviceLevel.percent', 'body.serviceLevel.percent must be <= 100']],
    );
    assert.deepEqual(single.general, []);
    const many = formErrors(
      new ApiError(400, 'invalid-input', 'x', 'body.skills.0.skill', [
        { field: 'body.skills.0.skill', message: '"a" is listed twice' },
        { field: 'body.escalation.0.afterSeconds', message: 'must be later' },
        { field: 'body.overflow.flow', message: 'is required for kind "flow"' },
      ]),
      known,
      String,
    );
    assert.deepEqual(Object.fromEntries(many.fields), {
      'skills.0.skill': '"a" is listed twice',
      'overflow.flow': 'is required for kind "flow"',
    });
    // Away from a field of its own, a complaint keeps the field's name.
    assert.deepEqual(many.general, ['body.escalation.0.afterSeconds: must be later']);
    const general = formErrors(new ApiError(503, 'unavailable', 'down'), known, () => 'said');
    assert.deepEqual(general.general, ['said']);
  });
});

describe('the administration screens in Chromium', () => {
  let h: BrowserHotline;

  before(async () => {
    h = await startBrowserHotline();
  });
  after(() => h?.dispose());

  const text = (page: Page, selector: string) => page.locator(selector).innerText();
  /** Calls the API with the page's own session, as the screen does. */
  const apiOf = (page: Page) => async (method: string, path: string, body?: unknown) => {
    const res = await page.request.fetch(path, {
      method,
      ...(body === undefined ? {} : { data: body }),
    });
    return { status: res.status(), body: (await res.json().catch(() => null)) as unknown };
  };
  const menu = (page: Page, section: string) =>
    page.locator('[role=navigation].admin-menu a', { hasText: section }).click();

  it('creates a queue through the form; the list and the API show it', async () => {
    const page = await h.signIn('admin');
    await page.waitForURL('**/admin');
    await menu(page, 'Queues');
    await page.waitForURL('**/admin/queues');
    await page.locator('[data-testid=queues] tr[data-queue=flights]').waitFor();
    assert.equal(await text(page, '.admin-menu a[aria-current=page]'), 'Queues');

    await page.locator('a', { hasText: 'New queue' }).click();
    await page.waitForURL('**/admin/queues/new');
    await page.locator('#queue-name').waitFor();
    // The name takes the focus; typing fills it.
    await page.keyboard.type('vip');
    assert.equal(await page.locator('#queue-name').inputValue(), 'vip');
    // A new skill row takes the focus too.
    await page.locator('button', { hasText: 'Add skill' }).click();
    await page.keyboard.type('vip');
    assert.equal(await page.locator('#queue-skill-0').inputValue(), 'vip');
    await page.locator('#queue-skill-0-level').selectOption('3');
    await page.locator('#queue-strategy').selectOption('round-robin');
    await page.locator('#queue-slPercent').fill('90');
    await page.locator('#queue-slSeconds').fill('15');
    await page.locator('#queue-wrapUpSeconds').fill('30');
    await page.locator('#queue-overflowKind').selectOption('callback');
    await page.locator('#queue-announceAtJoin').selectOption('no');
    // Enter in a text field submits the form.
    await page.locator('#queue-wrapUpSeconds').press('Enter');

    await page.waitForURL('**/admin/queues');
    assert.equal(await text(page, '[data-testid=admin-notice]'), 'Queue vip created.');
    const row = page.locator('[data-testid=queues] tr[data-queue=vip]');
    assert.equal(await row.locator('[data-col=skills]').innerText(), 'vip ≥ 3');
    assert.equal(await row.locator('[data-col=strategy]').innerText(), 'round-robin');
    assert.equal(await row.locator('[data-col=service-level]').innerText(), '90% in 15 s');

    const queue = await apiOf(page)('GET', '/api/v1/queues/vip');
    assert.equal(queue.status, 200);
    const view = queue.body as QueueView;
    assert.equal(view.version, 1);
    // Only what was filled in is saved: every other setting follows the server's default.
    assert.deepEqual(view.document, {
      name: 'vip',
      skills: [{ skill: 'vip', minLevel: 3 }],
      strategy: 'round-robin',
      serviceLevel: { percent: 90, seconds: 15 },
      wrapUpSeconds: 30,
      overflow: { kind: 'callback' },
      announcements: { atJoin: false },
    });
    assert.equal(view.config.ringTimeoutSeconds, 20);
  });

  it('shows the server’s complaint on the field at fault, and keeps the settings it does not show', async () => {
    const page = await h.signIn('admin');
    const api = apiOf(page);
    // Settings the form has no input for, set through the API.
    const stored = ((await api('GET', '/api/v1/queues/vip')).body as QueueView).document;
    const withEscalation = {
      ...stored,
      escalation: [{ afterSeconds: 60, relaxSkillsBy: 1 }],
      callback: { maxAttempts: 5 },
    };
    assert.equal((await api('PUT', '/api/v1/queues/vip', withEscalation)).status, 200);

    await page.goto('/admin/queues');
    await page.locator('[data-testid=queues] a', { hasText: 'vip' }).click();
    await page.waitForURL('**/admin/queues/vip/edit');
    const name = page.locator('#queue-name');
    assert.equal(await name.inputValue(), 'vip');
    assert.equal(await name.getAttribute('readonly'), '');
    // An empty input says what the queue does without it.
    assert.equal(
      await page.locator('#queue-ringTimeoutSeconds').getAttribute('placeholder'),
      'Default: 20',
    );

    const percent = page.locator('#queue-slPercent');
    await percent.fill('150');
    await page.locator('button[type=submit]', { hasText: 'Save' }).click();
    const percentError = page.locator('[data-testid=queue-slPercent-error]');
    await percentError.waitFor();
    assert.match(await percentError.innerText(), /serviceLevel\.percent must be <= 100/);
    assert.equal(await percent.getAttribute('aria-invalid'), 'true');
    assert.match((await percent.getAttribute('aria-describedby')) ?? '', /queue-slPercent-error/);
    // The keyboard is put where the fix is.
    // React moves the focus after the render: wait for it, then check where it is.
    await page.locator('#queue-slPercent:focus').waitFor();
    assert.equal(await page.evaluate('document.activeElement?.id'), 'queue-slPercent');
    assert.equal(await page.locator('.field-error').count(), 1);

    // A complaint about one skill row (the ACD's own check, past the schema) shows on that row.
    await percent.fill('95');
    await page.locator('button', { hasText: 'Add skill' }).click();
    await page.locator('#queue-skill-1').fill('vip');
    await page.locator('button[type=submit]', { hasText: 'Save' }).click();
    const skillError = page.locator('#queue-skill-1-error');
    await skillError.waitFor();
    assert.match(await skillError.innerText(), /"vip" is listed twice/);
    assert.equal(await page.locator('[data-testid=queue-slPercent-error]').count(), 0);
    assert.equal(((await api('GET', '/api/v1/queues/vip')).body as QueueView).version, 2);

    await page.locator('button[aria-label="Remove skill 2"]').click();
    await page.locator('button[type=submit]', { hasText: 'Save' }).click();
    await page.waitForURL('**/admin/queues');
    assert.equal(await text(page, '[data-testid=admin-notice]'), 'Queue vip saved as version 3.');
    const saved = (await api('GET', '/api/v1/queues/vip')).body as QueueView;
    assert.equal(saved.version, 3);
    assert.deepEqual(saved.document, {
      ...withEscalation,
      serviceLevel: { percent: 95, seconds: 15 },
    });
  });

  it('says why a queue a published flow uses cannot be deleted, and deletes one nothing uses', async () => {
    const page = await h.signIn('admin');
    const api = apiOf(page);
    await page.goto('/admin/queues/flights/edit');
    await page.locator('button', { hasText: 'Delete queue' }).click();
    // A second, deliberate click deletes; the confirmation has the focus.
    await page.keyboard.press('Enter');
    const refusal = page.locator('[data-testid=queue-form-error]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /used by the published IVR flow.*demo-hotline/);
    assert.equal((await api('GET', '/api/v1/queues/flights')).status, 200);

    await page.goto('/admin/queues/vip/edit');
    await page.locator('button', { hasText: 'Delete queue' }).click();
    await page.locator('button', { hasText: 'Yes, delete it' }).click();
    await page.waitForURL('**/admin/queues');
    assert.equal(await text(page, '[data-testid=admin-notice]'), 'Queue vip deleted.');
    await page.locator('[data-testid=queues] tr[data-queue=flights]').waitFor();
    assert.equal(await page.locator('[data-testid=queues] tr[data-queue=vip]').count(), 0);
    assert.equal((await api('GET', '/api/v1/queues/vip')).status, 404);
  });

  it('adds, edits and deletes a disposition code, and shows why a reason code is refused', async () => {
    const page = await h.signIn('admin');
    const api = apiOf(page);
    await menu(page, 'Reason and disposition codes');
    await page.waitForURL('**/admin/codes');
    const dispositions = page.locator('[data-testid=codes-disposition-codes]');
    await dispositions.locator('tr[data-code=resolved]').waitFor();

    await page.locator('#disposition-codes-code').fill('upsell');
    await page.locator('#disposition-codes-zh').fill('追加销售');
    await page.locator('#disposition-codes-en').fill('Upsell');
    await page.locator('#disposition-codes-en').press('Enter');
    const row = dispositions.locator('tr[data-code=upsell]');
    await row.waitFor();
    assert.match(await row.innerText(), /upsell\s+追加销售\s+Upsell\s+Yes/);
    const listed = (await api('GET', '/api/v1/disposition-codes')).body as { codes: ReasonCode[] };
    const upsell = listed.codes.find((c) => c.code === 'upsell');
    assert.deepEqual([upsell?.labels, upsell?.active], [{ zh: '追加销售', en: 'Upsell' }, true]);
    // The desk offers it at once.
    const desk = (await api('GET', '/api/v1/dispositions')).body as { codes: string[] };
    assert.ok(desk.codes.includes('upsell'), desk.codes.join());

    // Adding a code that exists would replace it quietly: the form says so instead.
    await page.locator('#disposition-codes-code').fill('upsell');
    await page.locator('#disposition-codes-zh').fill('x');
    await page.locator('#disposition-codes-en').fill('x');
    await page.locator('#disposition-codes-en').press('Enter');
    assert.match(await text(page, '[data-testid=disposition-codes-code-error]'), /exists already/);

    await page.locator('button[aria-label="Edit upsell"]').click();
    const english = page.locator('#disposition-codes-en');
    // The form takes the code, and the keyboard goes to its first label.
    assert.equal(await page.locator('#disposition-codes-code').inputValue(), 'upsell');
    await page.waitForFunction("document.activeElement?.id === 'disposition-codes-zh'");
    await english.fill('Upsell offered');
    await dispositions.locator('button[type=submit]', { hasText: 'Save' }).click();
    await row.locator('td', { hasText: 'Upsell offered' }).waitFor();

    await page.locator('button[aria-label="Delete upsell"]').click();
    await dispositions.locator('button', { hasText: 'Yes, delete' }).click();
    await row.waitFor({ state: 'detached' });
    assert.match(
      await text(page, '[data-testid=codes-disposition-codes] [role=status]'),
      /deleted/,
    );

    // Reasons the system sets itself cannot be configured: the server's reason, on the code.
    await page.locator('#reason-codes-code').fill('forced');
    await page.locator('#reason-codes-zh').fill('强制');
    await page.locator('#reason-codes-en').fill('Forced');
    await page.locator('[data-testid=codes-reason-codes] button', { hasText: 'Add code' }).click();
    assert.match(
      await text(page, '[data-testid=reason-codes-code-error]'),
      /set by the system only/,
    );
  });

  it('creates a user, and unlocks one that failed logins locked', async () => {
    const page = await h.signIn('admin');
    await menu(page, 'Users');
    await page.waitForURL('**/admin/users');
    const users = page.locator('[data-testid=users]');
    await users.locator('tr[data-user=supervisor]').waitFor();

    // The server's complaint about the username, on the username.
    await page.locator('#user-username').fill('x');
    await page.locator('button', { hasText: 'Create user' }).click();
    assert.match(await text(page, '[data-testid=user-username-error]'), /username/);

    await page.locator('#user-username').fill('agent2001');
    await page.locator('#user-displayName').fill('Test Agent');
    await page.locator('#user-role').selectOption('agent');
    await page.locator('button', { hasText: 'Create user' }).click();
    const created = page.locator('[data-testid=user-created]');
    await created.waitFor();
    const password = await created.locator('code.secret').innerText();
    assert.ok(password.length >= 12, password);
    const row = users.locator('tr[data-user=agent2001]');
    await row.waitFor();
    assert.match(await row.innerText(), /agent2001\s+Test Agent\s+Agent\s+Can sign in/);

    // Five wrong passwords lock the account.
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${h.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'agent2001', password: 'wrong-password' }),
      });
      await res.body?.cancel();
    }
    await page.reload();
    await row.locator('[data-col=status]', { hasText: 'Locked until' }).waitFor();
    await page.locator('button[aria-label="Unlock agent2001"]').click();
    await row.locator('[data-col=status]', { hasText: 'Can sign in' }).waitFor();
    assert.equal(await page.locator('button[aria-label="Unlock agent2001"]').count(), 0);

    // Unlocked, the new agent signs in with the password shown once, and lands on the desk.
    const agent = await (await h.context()).newPage();
    await agent.goto('/');
    await agent.locator('#username').fill('agent2001');
    await agent.locator('#password').fill(password);
    await agent.locator('button[type=submit]').click();
    await agent.waitForURL('**/desk');
  });

  it('keeps the administration screens from supervisors and agents', async () => {
    for (const username of ['supervisor', 'agent1001']) {
      const page = await h.signIn(username);
      const offered = await page.locator('nav a').allInnerTexts();
      assert.ok(!offered.includes('Administration'), `${username}: ${offered.join()}`);
      for (const path of ['/admin/queues', '/admin/codes', '/admin/users']) {
        await page.goto(path);
        assert.match(await text(page, 'main [role=alert]'), /may not open this page/, path);
        assert.equal(await page.locator('.admin-menu').count(), 0);
      }
    }
  });

  it('shows the queues in Chinese to a browser that prefers it', async () => {
    const page = await h.signIn('admin', { locale: 'zh-CN' });
    await page.goto('/admin/queues');
    await page.locator('[data-testid=queues] tr[data-queue=complaints]').waitFor();
    assert.equal(await text(page, '.admin-menu a[aria-current=page]'), '队列');
    const complaints = page.locator('[data-testid=queues] tr[data-queue=complaints]');
    assert.equal(await complaints.locator('[data-col=service-level]').innerText(), '30 秒内 80%');
  });
});
