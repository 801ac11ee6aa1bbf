// The users screen's editing in Debian's Chromium against the real `hotline start` process: an
// admin changes a user's display name and role (only those are sent, and the user's session
// ends), disables and re-enables them, sets a password that then signs them in, and sees the
// server's password policy on the field and its refusal to demote the last admin. What a save
// sends is tested alone first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { User } from '../../web/src/api/types.ts';
import {
  endsSessions,
  userChanges,
  userEditValues,
} from '../../web/src/features/admin/user-edit-document.ts';
import { signIn, startBrowserHotline, type BrowserHotline } from './browser-harness.ts';

describe('the user edit form’s changes', () => {
  const stored: User = {
    id: 7,
    username: 'qa2001',
    displayName: 'Quality',
    role: 'qa',
    disabled: false,
    lockedUntil: null,
    passwordChangedAt: 0,
    createdAt: 0,
    updatedAt: 0,
  };

  it('sends only what differs from the stored user', () => {
    const values = userEditValues(stored);
    assert.deepEqual(userChanges(stored, values), {});
    // Spaces around the name are not a change.
    assert.deepEqual(userChanges(stored, { ...values, displayName: ' Quality ' }), {});
    assert.deepEqual(
      userChanges(stored, { ...values, displayName: ' Quality Lead ', role: 'supervisor' }),
      { displayName: 'Quality Lead', role: 'supervisor' },
    );
    assert.deepEqual(userChanges(stored, { ...values, disabled: true }), { disabled: true });
    // An emptied name goes to the server, which says what a name needs.
    assert.deepEqual(userChanges(stored, { ...values, displayName: '  ' }), { displayName: '' });
  });

  it('says when a save ends the user’s sessions: a new role or disabling', () => {
    assert.equal(endsSessions({ displayName: 'x' }), false);
    assert.equal(endsSessions({ role: 'agent' }), true);
    assert.equal(endsSessions({ disabled: true }), true);
    assert.equal(endsSessions({ disabled: false }), false);
  });
});

describe('editing users in Chromium', () => {
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
  const login = async (username: string, password: string) => {
    const res = await fetch(`${h.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  /** The body the screen sends with its next request to `path`. */
  const nextBody = (page: Page, path: string) =>
    page
      .waitForRequest((r) => r.url().endsWith(path) && r.method() !== 'GET')
      .then((r) => ({
        method: r.method(),
        body: r.postDataJSON() as unknown,
      }));
  const focused = (page: Page) => page.evaluate('document.activeElement?.id ?? ""');
  const focusedLabel = (page: Page) =>
    page.evaluate('document.activeElement?.getAttribute("aria-label") ?? ""');

  it('changes role and name, disables and re-enables, and sets a password', async () => {
    const page = await h.signIn('admin');
    const api = apiOf(page);
    const created = await api('POST', '/api/v1/users', {
      username: 'qa2001',
      displayName: 'Quality',
      role: 'qa',
      password: 'Quality-check-77',
    });
    assert.equal(created.status, 201);
    const id = (created.body as { user: User }).user.id;
    // The user is signed in elsewhere: a new role ends that session.
    const theirs = await signIn(await h.context(), 'qa2001', 'Quality-check-77');
    assert.equal((await apiOf(theirs)('GET', '/api/v1/auth/me')).status, 200);

    await page.goto('/admin/users');
    const row = page.locator('[data-testid=users] tr[data-user=qa2001]');
    await row.waitFor();
    await page.locator('button[aria-label="Edit qa2001"]').click();
    const form = page.locator('[data-testid=user-edit-form]');
    assert.equal(await text(page, '#user-edit-title'), 'Edit qa2001');
    assert.match(await form.innerText(), /Changing the role or disabling the user ends their/);
    // The keyboard is on the form's first field, which holds the stored name.
    await page.waitForFunction("document.activeElement?.id === 'user-edit-displayName'");
    assert.equal(await page.locator('#user-edit-displayName').inputValue(), 'Quality');

    // Saving with nothing changed sends nothing and says so.
    await form.locator('button[type=submit]').click();
    assert.match(await text(page, '[data-testid=user-edit-error]'), /Nothing changed/);

    await page.locator('#user-edit-displayName').fill('Quality Lead');
    await page.locator('#user-edit-role').selectOption('supervisor');
    assert.equal(
      await text(page, '[data-testid=user-edit-warning]'),
      'Saving signs qa2001 out everywhere.',
    );
    let sent = nextBody(page, `/api/v1/users/${id}`);
    await form.locator('button[type=submit]').click();
    assert.deepEqual(await sent, {
      method: 'PATCH',
      body: { displayName: 'Quality Lead', role: 'supervisor' },
    });
    const notice = page.locator('[data-testid=users-notice]');
    await notice.filter({ hasText: 'qa2001 saved; their sessions ended.' }).waitFor();
    await row.locator('td', { hasText: 'Quality Lead' }).waitFor();
    assert.match(await row.innerText(), /qa2001\s+Quality Lead\s+Supervisor\s+Can sign in/);
    // The form closed and the keyboard is back on the row's Edit button.
    await form.waitFor({ state: 'detached' });
    await page.waitForFunction(
      'document.activeElement?.getAttribute("aria-label") === "Edit qa2001"',
    );
    assert.equal(await focusedLabel(page), 'Edit qa2001');
    const saved = (await api('GET', `/api/v1/users/${id}`)).body as User;
    assert.deepEqual([saved.displayName, saved.role], ['Quality Lead', 'supervisor']);
    assert.equal((await apiOf(theirs)('GET', '/api/v1/auth/me')).status, 401);

    // Disabled: the row says so and signing in is refused.
    await page.locator('button[aria-label="Edit qa2001"]').click();
    await page.locator('#user-edit-status').selectOption('disabled');
    sent = nextBody(page, `/api/v1/users/${id}`);
    await form.locator('button[type=submit]').click();
    assert.deepEqual((await sent).body, { disabled: true });
    await row.locator('[data-col=status]', { hasText: 'Disabled' }).waitFor();
    assert.match(await notice.innerText(), /qa2001 saved; their sessions ended\./);
    const refused = await login('qa2001', 'Quality-check-77');
    assert.equal(refused.status, 401);
    assert.match(JSON.stringify(refused.body), /disabled/);

    // Enabled again: nothing ends, and they may sign in.
    await page.locator('button[aria-label="Edit qa2001"]').click();
    assert.equal(await page.locator('#user-edit-status').inputValue(), 'disabled');
    await page.locator('#user-edit-status').selectOption('active');
    assert.equal(await page.locator('[data-testid=user-edit-warning]').count(), 0);
    sent = nextBody(page, `/api/v1/users/${id}`);
    await form.locator('button[type=submit]').click();
    assert.deepEqual((await sent).body, { disabled: false });
    await row.locator('[data-col=status]', { hasText: 'Can sign in' }).waitFor();
    assert.equal(await notice.innerText(), 'qa2001 saved.');
    assert.equal((await login('qa2001', 'Quality-check-77')).status, 200);

    // A new password: typed twice, compared here, then the server's policy on the field.
    await page.locator('button[aria-label="Set a new password for qa2001"]').click();
    const passwordForm = page.locator('[data-testid=user-password-form]');
    assert.equal(await text(page, '#user-password-title'), 'New password for qa2001');
    await page.waitForFunction("document.activeElement?.id === 'user-new-password'");
    await page.locator('#user-new-password').fill('Fresh-secret-2024');
    await page.locator('#user-repeat-password').fill('Fresh-secret-2025');
    await passwordForm.locator('button[type=submit]').click();
    assert.match(await text(page, '[data-testid=user-repeat-password-error]'), /differ/);
    assert.equal(await focused(page), 'user-repeat-password');

    await page.locator('#user-new-password').fill('short');
    await page.locator('#user-repeat-password').fill('short');
    await passwordForm.locator('button[type=submit]').click();
    const policy = page.locator('[data-testid=user-new-password-error]');
    await policy.waitFor();
    assert.match(await policy.innerText(), /password must be at least 10 characters long/);
    assert.equal(await page.locator('#user-new-password').getAttribute('aria-invalid'), 'true');
    assert.equal(await focused(page), 'user-new-password');
    assert.equal(await page.locator('[data-testid=user-repeat-password-error]').count(), 0);

    await page.locator('#user-new-password').fill('Fresh-secret-2024');
    await page.locator('#user-repeat-password').fill('Fresh-secret-2024');
    await passwordForm.locator('button[type=submit]').click();
    await notice
      .filter({ hasText: 'New password set for qa2001; their sessions ended.' })
      .waitFor();
    await passwordForm.waitFor({ state: 'detached' });
    await page.waitForFunction(
      'document.activeElement?.getAttribute("aria-label") === "Set a new password for qa2001"',
    );

    // The old password no longer works; the new one signs in through the login form.
    assert.equal((await login('qa2001', 'Quality-check-77')).status, 401);
    const signedIn = await signIn(await h.context(), 'qa2001', 'Fresh-secret-2024');
    assert.equal(
      ((await apiOf(signedIn)('GET', '/api/v1/auth/me')).body as { user: User }).user.role,
      'supervisor',
    );
  });

  it('shows the server’s refusal to demote the last admin, and warns the admin about themselves', async () => {
    const page = await h.signIn('admin');
    await page.goto('/admin/users');
    await page.locator('button[aria-label="Edit admin"]').click();
    await page.locator('#user-edit-role').selectOption('agent');
    assert.equal(
      await text(page, '[data-testid=user-edit-warning]'),
      'This is you: saving signs you out.',
    );
    await page.locator('[data-testid=user-edit-form] button[type=submit]').click();
    assert.match(await text(page, '[data-testid=user-edit-error]'), /last active admin/);
    // Still signed in as an admin: the refusal changed nothing.
    const me = await apiOf(page)('GET', '/api/v1/auth/me');
    assert.equal((me.body as { user: User }).user.role, 'admin');

    // Cancel returns to the create form.
    await page.locator('[data-testid=user-edit-form] button', { hasText: 'Cancel' }).click();
    await page.locator('#user-form-title').waitFor();
  });
});
