// The web app in Debian's Chromium against the real `hotline start` process:
// each role lands on its home; an agent logs in on an extension and goes ready
// and not ready (by button and by hotkey) while a supervisor's wallboard
// follows without a reload; an admin breaks a flow and sees the error on the
// right node, then publishes a fixed version; Chinese is the default for a
// browser that prefers it, and the switch changes the language.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startBrowserHotline, type BrowserHotline } from './browser-harness.ts';

describe('the web app in Chromium', () => {
  let h: BrowserHotline;

  before(async () => {
    h = await startBrowserHotline();
  });
  after(() => h?.dispose());

  const text = (page: Page, selector: string) => page.locator(selector).innerText();

  it('signs each role in to its own home', async () => {
    const homes = [
      ['admin', '/admin', 'Administration'],
      ['supervisor', '/wallboard', 'Wallboard'],
      ['agent1001', '/desk', 'Agent desk'],
      ['qa01', '/calls', 'Calls'],
    ] as const;
    for (const [username, path, current] of homes) {
      const page = await h.signIn(username);
      await page.waitForURL(`**${path}`);
      assert.equal(new URL(page.url()).pathname, path, username);
      assert.equal(await text(page, 'nav a[aria-current=page]'), current, username);
      await page.locator('main h1, main h2').first().waitFor();
    }
    // Each role is offered only its pages.
    const agent = await h.signIn('agent1001');
    assert.deepEqual(await agent.locator('nav a').allInnerTexts(), ['Agent desk']);
    await agent.goto('/admin');
    assert.match(await text(agent, 'main [role=alert]'), /may not open this page/);
    // The admin sees the demo flows; the QA reviewer an empty call list that says why.
    const admin = await h.signIn('admin');
    await admin.locator('[data-testid=flows] a', { hasText: 'demo-hotline' }).waitFor();
    const qa = await h.signIn('qa01');
    assert.match(await text(qa, 'main .state-empty'), /No call in this period/);
  });

  it('refuses a wrong password with the server’s reason and stays on the sign-in page', async () => {
    const page = await (await h.context()).newPage();
    await page.goto('/wallboard');
    await page.waitForURL('**/login');
    await page.locator('#username').fill('supervisor');
    await page.locator('#password').fill('not-the-password');
    await page.locator('button[type=submit]').click();
    const error = page.locator('.form-error', { hasText: 'Sign-in failed' });
    await error.waitFor();
    assert.match(await error.innerText(), /Sign-in failed: .+/);
    assert.equal(await page.locator('#password').inputValue(), '');
    assert.equal(new URL(page.url()).pathname, '/login');
  });

  it('shows an agent going ready and not ready live on the supervisor’s wallboard', async () => {
    const wall = await h.signIn('supervisor');
    await wall.waitForURL('**/wallboard');
    await wall.locator('[data-testid=live-status]', { hasText: 'Live' }).waitFor();
    // A marker that a reload would wipe: the wallboard must change without one.
    await wall.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));

    const desk = await h.signIn('agent1002');
    await desk.waitForURL('**/desk');
    assert.equal(await desk.locator('#extension').inputValue(), '1002');
    await desk.locator('button[type=submit]', { hasText: 'Log in on extension' }).click();
    const state = desk.locator('[data-testid=agent-state]');
    await state.waitFor();
    assert.equal(await state.innerText(), 'Not ready · Just logged in');

    const row = wall.locator('[data-testid="agent-agent1002"]');
    await row.locator('[data-testid=state]', { hasText: 'Not ready' }).waitFor();
    assert.equal(await row.getAttribute('data-state'), 'not-ready');

    await desk.locator('[data-testid=action-ready]').click();
    await desk.locator('[data-testid=agent-state]', { hasText: /^Ready$/ }).waitFor();
    await wall.locator('[data-testid="agent-agent1002"][data-state=ready]').waitFor();
    assert.equal(await row.locator('[data-testid=state]').innerText(), 'Ready');
    assert.match(await text(wall, '[data-testid=agent-summary]'), /^1 ready/);
    assert.equal(await desk.locator('[data-testid=action-ready]').isDisabled(), true);

    // Not ready with a reason, by the documented hotkey.
    await desk.locator('#reason').selectOption('lunch');
    await desk.keyboard.press('Alt+KeyN');
    await desk.locator('[data-testid=agent-state]', { hasText: 'Not ready · Lunch' }).waitFor();
    await wall.locator('[data-testid="agent-agent1002"][data-state=not-ready]').waitFor();
    assert.equal(await row.locator('[data-testid=state]').innerText(), 'Not ready · Lunch');
    assert.match(await text(desk, '.shortcuts'), /Alt\+N\s+Not ready/);

    assert.equal(
      await wall.evaluate(() => (globalThis as unknown as { marker: number }).marker),
      42,
    );

    // Wall mode (F) hides the app's chrome; Escape brings it back.
    await wall.keyboard.press('f');
    await wall.locator('body.wall-mode').waitFor({ state: 'attached' });
    assert.equal(await wall.locator('header.topbar').isVisible(), false);
    await wall.keyboard.press('Escape');
    await wall.locator('header.topbar').waitFor();

    // Logging out of the extension returns the desk to the extension form, and the agent leaves
    // the wallboard.
    await desk.keyboard.press('Alt+KeyO');
    await desk.locator('#extension').waitFor();
    await row.waitFor({ state: 'detached' });
    assert.equal(
      await wall.evaluate(() => (globalThis as unknown as { marker: number }).marker),
      42,
    );
  });

  it('shows a flow’s validation error on the node at fault, then publishes the fixed flow', async () => {
    const page = await h.signIn('admin');
    await page.locator('[data-testid=flows] a', { hasText: 'demo-hotline' }).click();
    await page.waitForURL('**/admin/flows/demo-hotline');
    const editor = page.locator('#flow-json');
    await editor.waitFor();
    const original = await editor.inputValue();
    const doc = JSON.parse(original) as { nodes: Record<string, Record<string, unknown>> };
    doc.nodes.hours!.schedule = 'night-shift';
    await editor.fill(JSON.stringify(doc, null, 2));
    await page.locator('button', { hasText: /^Validate$/ }).click();

    const hours = page.locator('[data-testid=node-hours]');
    await hours.locator('.problems li').first().waitFor();
    assert.match(await text(page, '[data-testid=flow-outcome]'), /problem/);
    assert.match(await hours.locator('.problems').innerText(), /unknown schedule "night-shift"/);
    // Only the node at fault is marked.
    const bad = page.locator('.nodes .node-bad');
    assert.equal(await bad.count(), 1);
    assert.equal(await bad.getAttribute('data-testid'), 'node-hours');
    // Saving is refused the same way.
    await page.locator('button', { hasText: /^Save version$/ }).click();
    await hours.locator('.problems li').first().waitFor();

    // A JSON typo is caught before anything is sent.
    await editor.fill('{ "nodes": ');
    await page.locator('button', { hasText: /^Validate$/ }).click();
    assert.match(await text(page, '[data-testid=flow-outcome]'), /not valid JSON/);

    doc.nodes.hours!.schedule = 'business-hours';
    doc.nodes.hours!.description = 'Edited in the browser test';
    await editor.fill(JSON.stringify(doc, null, 2));
    await page.locator('button', { hasText: /^Save and publish$/ }).click();
    await page
      .locator('[data-testid=flow-outcome]', { hasText: 'Saved and published as version 2.' })
      .waitFor();
    assert.equal(await page.locator('.nodes .node-bad').count(), 0);
    await page.locator('a', { hasText: 'All flows' }).click();
    const row = page.locator('[data-testid=flows] tr', { hasText: 'demo-hotline' });
    await row.locator('td', { hasText: 'v2' }).first().waitFor();
  });

  it('speaks Chinese to a browser that prefers it, and switches to English', async () => {
    const page = await (await h.context({ locale: 'zh-CN' })).newPage();
    await page.goto('/');
    assert.equal(await text(page, '#login-title'), '登录');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.locator('#username').fill('supervisor');
    await page.locator('#password').fill(h.password('supervisor'));
    await page.locator('button[type=submit]').click();
    await page.locator('nav a[aria-current=page]', { hasText: '监控大屏' }).waitFor();
    await page.locator('button', { hasText: 'English' }).click();
    await page.locator('nav a[aria-current=page]', { hasText: 'Wallboard' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    // The choice is remembered.
    await page.reload();
    await page.locator('nav a[aria-current=page]', { hasText: 'Wallboard' }).waitFor();
  });
});
