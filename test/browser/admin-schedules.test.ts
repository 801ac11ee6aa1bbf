// The schedules administration screen in Debian's Chromium against the real `hotline start`
// process: an admin adds a holiday to the demo's business hours and the API shows it; the
// server's complaint about an overlapping range shows on that range's field; a schedule the demo
// flow names cannot be deleted (the server's reason is shown); a new schedule is created and
// deleted. The form's mapping between its rows and the API's document is tested alone first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ApiError } from '../../web/src/api/client.ts';
import type { ScheduleView } from '../../web/src/api/types.ts';
import { formErrors } from '../../web/src/features/admin/form-errors.ts';
import {
  scheduleBody,
  scheduleFormPaths,
  scheduleFormValues,
} from '../../web/src/features/admin/schedule-document.ts';
import { startBrowserHotline, type BrowserHotline } from './browser-harness.ts';

describe('the schedule form’s document', () => {
  const stored: ScheduleView = {
    name: 'support',
    document: {
      timeZone: 'Europe/London',
      hours: { mon: [{ from: '09:00', to: '17:00' }] },
      exceptions: [{ date: '2026-12-25', name: 'Christmas Day' }],
    },
    timeZone: 'Europe/London',
    version: 2,
    createdAt: 0,
    updatedAt: 0,
    updatedBy: 'admin',
  };

  it('turns the stored document into rows and back', () => {
    const values = scheduleFormValues(stored);
    assert.deepEqual(values.hours.mon, [{ from: '09:00', to: '17:00' }]);
    assert.deepEqual(values.hours.sun, []);
    assert.deepEqual(scheduleBody(values), stored.document);
    assert.deepEqual(
      scheduleBody({
        ...values,
        description: '  ',
        timeZone: ' ',
        hours: { ...values.hours, sat: [{ from: ' 10:00', to: '24:00 ' }] },
        exceptions: [
          ...values.exceptions,
          { date: '2026-12-24', name: ' ', hours: [{ from: '09:00', to: '12:00' }] },
        ],
      }),
      {
        hours: { mon: [{ from: '09:00', to: '17:00' }], sat: [{ from: '10:00', to: '24:00' }] },
        exceptions: [
          { date: '2026-12-25', name: 'Christmas Day' },
          { date: '2026-12-24', hours: [{ from: '09:00', to: '12:00' }] },
        ],
      },
    );
    assert.deepEqual(scheduleBody(scheduleFormValues()), { hours: {} });
  });

  it('puts the server’s complaints on the range, the date or the day at fault', () => {
    const values = scheduleFormValues(stored);
    const placed = (field: string) =>
      Object.fromEntries(
        formErrors(
          new ApiError(400, 'invalid-input', `${field}: wrong`, field),
          scheduleFormPaths(values),
          String,
        ).fields,
      );
    assert.deepEqual(placed('body.hours.mon.0.to'), {
      'hours.mon.0.to': `body.hours.mon.0.to: wrong`,
    });
    assert.deepEqual(placed('body.exceptions.0.date'), {
      'exceptions.0.date': 'body.exceptions.0.date: wrong',
    });
    // A complaint about a range as a whole lands on its day.
    assert.deepEqual(placed('body.hours.mon.0'), { 'hours.mon': 'body.hours.mon.0: wrong' });
    assert.deepEqual(placed('params.name'), { name: 'params.name: wrong' });
  });
});

describe('the schedules screen in Chromium', () => {
  let h: BrowserHotline;

  before(async () => {
    h = await startBrowserHotline();
  });
  after(() => h?.dispose());

  const text = (page: Page, selector: string) => page.locator(selector).innerText();
  /** Calls the API with the page's own session, as the screen does. */
  const apiOf = (page: Page) => async (method: string, path: string) => {
    const res = await page.request.fetch(path, { method });
    return { status: res.status(), body: (await res.json().catch(() => null)) as unknown };
  };

  it('adds a holiday to the business hours; the list and the API show it', async () => {
    const page = await h.signIn('admin');
    const api = apiOf(page);
    await page.waitForURL('**/admin');
    await page.locator('[role=navigation].admin-menu a', { hasText: 'Schedules' }).click();
    await page.waitForURL('**/admin/schedules');
    const row = page.locator('[data-testid=schedules] tr[data-schedule=business-hours]');
    await row.waitFor();
    assert.equal(await row.locator('[data-col=timeZone]').innerText(), 'Asia/Shanghai');
    assert.equal(await row.locator('[data-col=week]').innerText(), 'Mon–Sun 08:00–20:00');
    assert.equal(await row.locator('[data-col=exceptions]').innerText(), '3 dates');

    await page.locator('button[aria-label="Edit schedule business-hours"]').click();
    await page.locator('#schedule-hours-mon-0-from').waitFor();
    assert.equal(await page.locator('#schedule-hours-mon-0-to').inputValue(), '20:00');
    await page.locator('button', { hasText: 'Add exception' }).click();
    // The new exception's date takes the focus.
    // React moves the focus after the render: wait for it, then check where it is.
    await page.locator('#schedule-exception-3-date:focus').waitFor();
    assert.equal(await page.evaluate('document.activeElement?.id'), 'schedule-exception-3-date');
    await page.locator('#schedule-exception-3-date').fill('2026-05-01');
    await page.locator('#schedule-exception-3-name').fill('劳动节 Labour Day');
    await page.locator('button[type=submit]', { hasText: 'Save' }).click();

    await page
      .locator('[data-testid=schedules-notice]', {
        hasText: 'Schedule business-hours saved as version 2.',
      })
      .waitFor();
    await row.locator('[data-col=exceptions]', { hasText: '4 dates' }).waitFor();
    const saved = await api('GET', '/api/v1/schedules/business-hours');
    assert.equal(saved.status, 200);
    const view = saved.body as ScheduleView;
    assert.equal(view.version, 2);
    assert.equal(view.updatedBy, 'admin');
    assert.deepEqual(view.document.exceptions?.at(-1), {
      date: '2026-05-01',
      name: '劳动节 Labour Day',
    });
    assert.deepEqual(view.document.hours.mon, [{ from: '08:00', to: '20:00' }]);
  });

  it('shows the server’s complaint on the range at fault, and keeps a schedule a flow names', async () => {
    const page = await h.signIn('admin');
    const api = apiOf(page);
    await page.goto('/admin/schedules');
    await page.locator('button[aria-label="Edit schedule business-hours"]').click();
    await page.locator('button[aria-label="Add hours to Tuesday"]').click();
    // The new range starts where the last one ended; its end takes the focus.
    assert.equal(await page.locator('#schedule-hours-tue-1-from').inputValue(), '20:00');
    // React moves the focus after the render: wait for it, then check where it is.
    await page.locator('#schedule-hours-tue-1-to:focus').waitFor();
    assert.equal(await page.evaluate('document.activeElement?.id'), 'schedule-hours-tue-1-to');
    await page.keyboard.type('22:00');
    await page.locator('#schedule-hours-tue-1-from').fill('19:00');
    await page.locator('button[type=submit]', { hasText: 'Save' }).click();
    const error = page.locator('[data-testid=schedule-hours-tue-1-from-error]');
    await error.waitFor();
    assert.match(await error.innerText(), /before the end of the range before it \(20:00\)/);
    assert.equal(
      await page.locator('#schedule-hours-tue-1-from').getAttribute('aria-invalid'),
      'true',
    );
    // React moves the focus after the render: wait for it, then check where it is.
    await page.locator('#schedule-hours-tue-1-from:focus').waitFor();
    assert.equal(await page.evaluate('document.activeElement?.id'), 'schedule-hours-tue-1-from');
    const unchanged = (await api('GET', '/api/v1/schedules/business-hours')).body as ScheduleView;
    assert.equal(unchanged.version, 2, 'nothing refused was saved');
    await page.locator('button', { hasText: 'Cancel' }).click();

    await page.locator('button[aria-label="Delete schedule business-hours"]').click();
    await page.locator('[data-testid=schedules] button', { hasText: 'Yes, delete' }).click();
    const refusal = page.locator('[data-testid=schedules-error]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /published IVR flow "demo-hotline"/);
    assert.equal((await api('GET', '/api/v1/schedules/business-hours')).status, 200);
  });

  it('creates a schedule of its own, then deletes it', async () => {
    const page = await h.signIn('admin');
    const api = apiOf(page);
    await page.goto('/admin/schedules');
    await page.locator('button', { hasText: 'New schedule' }).click();
    await page.locator('#schedule-name').fill('night-desk');
    await page.locator('#schedule-timeZone').fill('Europe/London');
    await page.locator('button[aria-label="Add hours to Sunday"]').click();
    await page.locator('#schedule-hours-sun-0-from').fill('18:00');
    await page.locator('#schedule-hours-sun-0-to').fill('24:00');
    await page.locator('#schedule-hours-sun-0-to').press('Enter');
    const row = page.locator('[data-testid=schedules] tr[data-schedule=night-desk]');
    await row.waitFor();
    assert.equal(await row.locator('[data-col=week]').innerText(), 'Sun 18:00–24:00');
    const created = (await api('GET', '/api/v1/schedules/night-desk')).body as ScheduleView;
    assert.deepEqual(created.document, {
      timeZone: 'Europe/London',
      hours: { sun: [{ from: '18:00', to: '24:00' }] },
    });

    await page.locator('button[aria-label="Delete schedule night-desk"]').click();
    await page.locator('[data-testid=schedules] button', { hasText: 'Yes, delete' }).click();
    await row.waitFor({ state: 'detached' });
    assert.match(await text(page, '[data-testid=schedules-notice]'), /Schedule night-desk deleted/);
    assert.equal((await api('GET', '/api/v1/schedules/night-desk')).status, 404);
  });

  it('shows the schedules in Chinese to a browser that prefers it', async () => {
    const page = await h.signIn('admin', { locale: 'zh-CN' });
    await page.goto('/admin/schedules');
    await page.locator('[data-testid=schedules] tr[data-schedule=business-hours]').waitFor();
    assert.equal(await text(page, '.admin-menu a[aria-current=page]'), '服务时间表');
    assert.equal(
      await text(page, 'tr[data-schedule=business-hours] [data-col=week]'),
      '周一–周日 08:00–20:00',
    );
  });
});
