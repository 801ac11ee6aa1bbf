// The agents' and extensions' administration screens in Debian's Chromium against the real
// `hotline start` process: an admin gives an agent a skill and a level (and dial-out and a team)
// and the API returns them; the server's complaint about a skill shows on its row; an extension
// is created and its password is shown once, a new one is shown once, and one an agent's profile
// names cannot be deleted (the server's reason is shown). The form's mapping between skill rows
// and the API's skill object is tested alone first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ApiError } from '../../web/src/api/client.ts';
import type { AgentProfile, ExtensionView } from '../../web/src/api/types.ts';
import {
  agentProfileBody,
  agentProfileFormPaths,
  agentProfileFormValues,
  duplicateSkillRows,
  onFormRows,
} from '../../web/src/features/admin/agent-profile-document.ts';
import { formErrors } from '../../web/src/features/admin/form-errors.ts';
import { startBrowserHotline, type BrowserHotline } from './browser-harness.ts';

describe('the agent profile form’s document', () => {
  const stored: AgentProfile = {
    agentId: 'agent1001',
    skills: { flights: 5, 'lang-en': 4 },
    extension: '1001',
    outboundCalls: false,
    team: null,
    autoAnswer: true,
    version: 3,
    createdAt: 0,
    updatedAt: 0,
    updatedBy: 'admin',
  };

  it('turns skill rows into the skill object and back', () => {
    const values = agentProfileFormValues(stored);
    assert.deepEqual(values, {
      skills: [
        { skill: 'flights', level: '5' },
        { skill: 'lang-en', level: '4' },
      ],
      extension: '1001',
      outboundCalls: false,
      team: '',
      autoAnswer: true,
    });
    assert.deepEqual(
      agentProfileBody({
        ...values,
        skills: [...values.skills, { skill: ' vip ', level: '2' }, { skill: '  ', level: '3' }],
        team: ' flights-a ',
        extension: '',
        outboundCalls: true,
      }),
      {
        skills: { flights: 5, 'lang-en': 4, vip: 2 },
        extension: null,
        outboundCalls: true,
        team: 'flights-a',
        autoAnswer: true,
      },
    );
    assert.deepEqual(agentProfileFormValues(), {
      skills: [],
      extension: '',
      outboundCalls: false,
      team: '',
      autoAnswer: false,
    });
    assert.deepEqual(
      duplicateSkillRows({
        ...values,
        skills: [...values.skills, { skill: 'flights ', level: '1' }],
      }),
      [2],
    );
  });

  it('puts the server’s complaint about a skill on that skill’s row', () => {
    const values = agentProfileFormValues(stored);
    const failure = new ApiError(
      400,
      'invalid-input',
      'body.skills.lang-en must be <= 5',
      'body.skills.lang-en',
    );
    const placed = formErrors(onFormRows(failure, values), agentProfileFormPaths(values), String);
    assert.deepEqual(Object.fromEntries(placed.fields), {
      'skills.1': 'body.skills.lang-en must be <= 5',
    });
    const extension = formErrors(
      onFormRows(new ApiError(409, 'conflict', 'taken', 'body.extension'), values),
      agentProfileFormPaths(values),
      String,
    );
    assert.deepEqual(Object.fromEntries(extension.fields), { extension: 'taken' });
  });
});

describe('the agents and extensions screens in Chromium', () => {
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

  it('gives an agent a skill and a level; the list and the API show it', async () => {
    const page = await h.signIn('admin');
    const api = apiOf(page);
    await page.waitForURL('**/admin');
    await menu(page, 'Agents');
    await page.waitForURL('**/admin/agents');
    const agents = page.locator('[data-testid=agents]');
    // The demo agents' skills were seeded as their profiles, strongest first.
    const first = agents.locator('tr[data-agent=agent1001]');
    await first.waitFor();
    assert.deepEqual(await first.locator('[data-col=skills] .skill-tag').allInnerTexts(), [
      'flights 5',
      'lang-zh 5',
      'lang-en 4',
      'hotels 3',
    ]);
    assert.equal(await first.locator('[data-col=extension]').innerText(), '1001');

    await page.locator('a[aria-label="Edit agent agent1003"]').click();
    await page.waitForURL('**/admin/agents/agent1003/edit');
    await page.locator('#agent-skill-0').waitFor();
    const rows = await page.locator('.skill-row').count();
    // A new skill row takes the focus: typing names the skill.
    await page.locator('button', { hasText: 'Add skill' }).click();
    await page.keyboard.type('vip');
    assert.equal(await page.locator(`#agent-skill-${rows}`).inputValue(), 'vip');
    assert.equal(
      await page.locator(`#agent-skill-${rows}-level`).inputValue(),
      '3',
      'a new skill starts at level 3',
    );
    await page.locator(`#agent-skill-${rows}-level`).selectOption('4');
    await page.locator('#agent-outboundCalls').check();
    await page.locator('#agent-team').fill('flights-a');
    // The extension another agent holds cannot be chosen.
    assert.equal(
      await page.locator('#agent-extension option[value="1001"]').getAttribute('disabled'),
      '',
    );
    await page.locator('#agent-team').press('Enter');

    await page.waitForURL('**/admin/agents');
    assert.equal(
      await text(page, '[data-testid=admin-notice]'),
      'Profile of agent1003 saved as version 2; the skills apply when they next log in.',
    );
    const row = agents.locator('tr[data-agent=agent1003]');
    await row.locator('.skill-tag', { hasText: 'vip 4' }).waitFor();
    assert.ok(
      (await row.locator('[data-col=skills] .skill-tag').allInnerTexts()).includes('vip 4'),
    );
    assert.equal(await row.locator('[data-col=outbound]').innerText(), 'Yes');
    assert.equal(await row.locator('[data-col=team]').innerText(), 'flights-a');

    const saved = await api('GET', '/api/v1/agent-profiles/agent1003');
    assert.equal(saved.status, 200);
    const profile = saved.body as AgentProfile;
    assert.deepEqual(profile.skills, { flights: 3, hotels: 4, 'lang-zh': 5, vip: 4 });
    assert.deepEqual(
      [profile.extension, profile.outboundCalls, profile.team, profile.version, profile.updatedBy],
      ['1003', true, 'flights-a', 2, 'admin'],
    );
  });

  it('shows the server’s complaint on the skill row at fault, and a skill listed twice', async () => {
    const page = await h.signIn('admin');
    const api = apiOf(page);
    await page.goto('/admin/agents/agent1003/edit');
    await page.locator('#agent-skill-0').waitFor();
    const rows = await page.locator('.skill-row').count();

    await page.locator('button', { hasText: 'Add skill' }).click();
    await page.keyboard.type('two words');
    await page.locator('button[type=submit]', { hasText: 'Save' }).click();
    const error = page.locator(`#agent-skill-${rows}-error`);
    await error.waitFor();
    assert.match(await error.innerText(), /a skill name is 1–64 letters/);
    assert.equal(await page.locator(`#agent-skill-${rows}`).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate('document.activeElement?.id'), `agent-skill-${rows}`);

    await page.locator(`#agent-skill-${rows}`).fill('vip');
    await page.locator('button[type=submit]', { hasText: 'Save' }).click();
    await page.locator(`#agent-skill-${rows}-error`, { hasText: 'listed twice' }).waitFor();
    const unchanged = (await api('GET', '/api/v1/agent-profiles/agent1003')).body as AgentProfile;
    assert.equal(unchanged.version, 2, 'nothing refused was saved');
  });

  it('creates an extension and shows its password once; a new one once more; deletes with confirmation', async () => {
    const page = await h.signIn('admin');
    const api = apiOf(page);
    await menu(page, 'Extensions');
    await page.waitForURL('**/admin/extensions');
    const list = page.locator('[data-testid=extensions]');
    const demo = list.locator('tr[data-extension="1001"]');
    await demo.waitFor();
    assert.equal(await demo.locator('[data-col=registered]').innerText(), 'Not registered');
    assert.equal(await demo.locator('[data-col=agent]').innerText(), 'agent1001');

    await page.locator('#extension-extension').fill('2001');
    await page.locator('#extension-displayName').fill('前台 Front desk');
    await page.locator('#extension-displayName').press('Enter');
    const secret = page.locator('[data-testid=extension-secret] code.secret');
    await secret.waitFor();
    const password = await secret.innerText();
    assert.ok(password.length >= 12, password);
    const row = list.locator('tr[data-extension="2001"]');
    await row.waitFor();
    assert.match(await row.innerText(), /2001\s+前台 Front desk\s+Not registered/);
    const listed = (await api('GET', '/api/v1/extensions')).body as { extensions: ExtensionView[] };
    assert.ok(listed.extensions.some((e) => e.extension === '2001'));
    assert.doesNotMatch(JSON.stringify(listed), new RegExp(password));

    // Shown once: after a reload it is gone.
    await page.reload();
    await row.waitFor();
    assert.equal(await page.locator('code.secret').count(), 0);

    // A new password, after a confirmation, shown once.
    await page.locator('button[aria-label="New password for 2001"]').click();
    await page.locator('button', { hasText: 'Yes, generate one' }).click();
    await secret.waitFor();
    const second = await secret.innerText();
    assert.notEqual(second, password);
    assert.match(
      await text(page, '[data-testid=extensions-notice]'),
      /Extension 2001 has a new password/,
    );

    // An extension an agent's profile names is kept; the server says why.
    await page.locator('button[aria-label="Delete 1001"]').click();
    await list.locator('button', { hasText: 'Yes, delete' }).click();
    const refusal = page.locator('[data-testid=extensions-error]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /usual extension of "agent1001"/);
    assert.equal((await api('GET', '/api/v1/extensions/1001')).status, 200);

    await page.locator('button[aria-label="Delete 2001"]').click();
    await list.locator('button', { hasText: 'Yes, delete' }).click();
    await row.waitFor({ state: 'detached' });
    assert.match(await text(page, '[data-testid=extensions-notice]'), /Extension 2001 deleted/);
    assert.equal((await api('GET', '/api/v1/extensions/2001')).status, 404);
  });

  it('shows the agents in Chinese to a browser that prefers it', async () => {
    const page = await h.signIn('admin', { locale: 'zh-CN' });
    await page.goto('/admin/agents');
    await page.locator('[data-testid=agents] tr[data-agent=agent1001]').waitFor();
    assert.equal(await text(page, '.admin-menu a[aria-current=page]'), '坐席');
  });
});
