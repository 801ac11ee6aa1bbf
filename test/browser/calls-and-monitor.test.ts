// A supervisor supervises a real call from the wallboard and reviews it after:
// a caller (sipp + RTP) reaches an agent's sipp phone through the IVR; on the
// wallboard the supervisor is told an unknown extension is no phone, then
// clicks Listen with their own extension and their sipp phone rings and
// answers (the call's log shows the monitor and the answered leg), and Whisper
// changes the mode. The live feed carries the monitor: a badge on the call's
// row on the supervisor's and the admin's wallboards (whose buttons are off
// while someone else is on the call), the agent's desk told of the whisper but
// not of the listening, and all of it gone when the supervisor's phone hangs
// up. After the call, the calls page finds it by the caller's number and opens
// its record, timeline and a recording player that serves the WAV by range.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { CallRecord, LogEvent } from '../../web/src/api/types.ts';
import { describeEvent, legParties } from '../../web/src/features/calls/call-words.ts';
import { segmentRecordings } from '../../web/src/features/calls/segment-recordings.ts';
import { en, type MessageKey } from '../../web/src/i18n/en.ts';
import { sleep } from '../support/rtp-phone.ts';
import type { SipHotline } from '../support/sip-hotline.ts';
import { ensureWebBuilt, launchChromium, openContext, signIn } from './browser-harness.ts';
import { agentPhone, apiSession, passwordOf, placeCall, startCallCenter } from './live-calls.ts';

const CALLER = '13700001111';

describe('listen to a live call from the wallboard, then review it on the calls page', () => {
  let h: SipHotline;
  let browser: Browser;

  before(async () => {
    ensureWebBuilt();
    h = await startCallCenter();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await h?.dispose();
  });

  /** Reads the log until `found` says yes (events reach the log in batches). */
  const until = async <T>(what: string, found: () => Promise<T | undefined>): Promise<T> => {
    for (const end = Date.now() + 20_000; Date.now() < end;) {
      await h.hotline.telephony.flushEvents();
      const value = await found();
      if (value !== undefined) return value;
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('rings the supervisor’s phone on Listen, and shows the finished call with its timeline and recording', async () => {
    const agent = await agentPhone(h, '1003');
    const agentApi = await apiSession(h, 'agent1003', passwordOf(h, 'agent1003'));
    await agentApi('POST', '/api/v1/agents/me/login', { extension: '1003', ready: true });
    // The supervisor's phone answers, then hangs up by itself after a while (the monitor ends).
    const supervisorPhone = await agentPhone(h, '2091', 'uas-hangup.xml', 12_000);
    const supervisor = await apiSession(h, 'supervisor', passwordOf(h, 'supervisor'));
    const page = await signIn(
      await openContext(browser, h.http),
      'supervisor',
      passwordOf(h, 'supervisor'),
    );
    await page.locator('[data-testid=live-status]', { hasText: 'Live' }).waitFor();
    // Another viewer's wallboard (the admin's) and the agent's desk follow the same feed.
    const adminWall = await signIn(await openContext(browser, h.http), 'admin', h.adminPassword);
    await adminWall.goto('/wallboard');
    await adminWall.locator('[data-testid=live-status]', { hasText: 'Live' }).waitFor();
    const desk = await signIn(
      await openContext(browser, h.http),
      'agent1003',
      passwordOf(h, 'agent1003'),
    );

    const caller = await placeCall(h, CALLER);
    let callId: string;
    try {
      const row = page.locator('[data-testid=live-calls] tr', { hasText: CALLER });
      // The buttons come once the agent talks to the caller.
      const listen = row.locator('[data-testid=monitor-listen]');
      await listen.waitFor();
      callId = (await row.getAttribute('data-testid'))!.slice('call-'.length);

      // No phone has extension 2999: the row says so and what to do.
      await page.locator('#monitor-extension').fill('2999');
      await listen.click();
      const error = page.locator('[data-testid=monitor-error]');
      await error.filter({ hasText: 'There is no extension 2999' }).waitFor();
      assert.match(await error.innerText(), /Correct your phone’s extension above/);

      await page.locator('#monitor-extension').fill('2091');
      await listen.click();
      const badge = row.locator('[data-testid=monitor-mode]');
      await badge.filter({ hasText: 'Listening' }).waitFor();
      assert.match(await badge.innerText(), /^You: Listening/);
      await error.waitFor({ state: 'detached' });
      assert.equal(await listen.getAttribute('aria-pressed'), 'true');
      // The extension is remembered: asked once, then only shown.
      await page.locator('[data-testid=monitor-phone]', { hasText: 'extension 2091' }).waitFor();
      assert.equal(
        await page.evaluate(() =>
          (
            globalThis as unknown as { localStorage: { getItem(key: string): string | null } }
          ).localStorage.getItem('hotline.monitorExtension'),
        ),
        '2091',
      );

      // The supervisor's phone rang and answered: the call's timeline (API) holds both.
      const timeline = async () =>
        (
          (await supervisor('GET', `/api/v1/calls/${callId}/timeline`)) as {
            events: { type: string; payload: Record<string, unknown> }[];
          }
        ).events;
      const started = await until('the monitor to start', async () =>
        (await timeline()).find((e) => e.type === 'call.monitor-started'),
      );
      assert.equal(started.payload.mode, 'listen');
      assert.equal(started.payload.extension, '2091');
      await until('the supervisor’s phone to answer', async () =>
        (await timeline()).find(
          (e) => e.type === 'leg.answered' && e.payload.legId === started.payload.legId,
        ),
      );
      await badge.filter({ hasText: /^You: Listening$/ }).waitFor();

      // The admin's wallboard names who is on the call; its buttons wait for them to leave.
      const adminRow = adminWall.locator('[data-testid=live-calls] tr', { hasText: CALLER });
      await adminRow
        .locator('[data-testid=monitor-mode][data-supervisor=supervisor]', {
          hasText: 'supervisor: Listening',
        })
        .waitFor();
      const adminListen = adminRow.locator('[data-testid=monitor-listen]');
      assert.equal(await adminListen.isDisabled(), true);
      assert.match(
        (await adminListen.getAttribute('title'))!,
        /supervisor is already on this call/,
      );
      // Listening is silent: the agent's desk shows the call, and no supervisor.
      await desk.locator('[data-testid=caller]', { hasText: CALLER }).waitFor();
      assert.equal(await desk.locator('[data-testid=supervisor-notice]').count(), 0);

      // Whisper, posted again for the same call, changes the mode on the same phone.
      await row.locator('[data-testid=monitor-whisper]').click();
      await badge.filter({ hasText: 'Whispering' }).waitFor();
      assert.equal(
        await row.locator('[data-testid=monitor-whisper]').getAttribute('aria-pressed'),
        'true',
      );
      assert.equal(await listen.getAttribute('aria-pressed'), 'false');
      // The agent hears the whisper: the desk says so.
      await desk
        .locator('[data-testid=supervisor-notice]', {
          hasText: 'Supervisor supervisor is whispering to you',
        })
        .waitFor();
      const changed = await until('the mode to change', async () =>
        (await timeline()).find((e) => e.type === 'call.monitor-changed'),
      );
      assert.equal(changed.payload.mode, 'whisper');

      // The supervisor's phone hangs up: the call goes on, its badges and the desk's notice go.
      await badge.waitFor({ state: 'detached', timeout: 30_000 });
      await adminRow.locator('[data-testid=monitor-mode]').waitFor({ state: 'detached' });
      await desk.locator('[data-testid=supervisor-notice]').waitFor({ state: 'detached' });
      assert.equal(await listen.getAttribute('aria-pressed'), 'false');
      assert.equal(await adminListen.isDisabled(), false);
      await until('the monitor’s end in the log', async () =>
        (await timeline()).find((e) => e.type === 'call.monitor-ended'),
      );

      // The supervisor ends the call rather than wait for the caller's minute.
      await supervisor('POST', `/api/v1/calls/${callId}/hangup`);
      await row.waitFor({ state: 'detached' });
    } finally {
      caller.close();
    }
    assert.equal((await agent.done).code, 0, 'the agent’s phone got its BYE');
    assert.equal((await supervisorPhone.done).code, 0, 'the supervisor’s phone got its BYE');
    await until('the recording in the call’s record', async () => {
      await h.hotline.callRecords.catchUp();
      const record = (await supervisor('GET', `/api/v1/calls/${callId}`)) as CallRecord;
      return record.recordings.length > 0 ? record : undefined;
    });

    // The calls page finds the call by the caller's number.
    await page.locator('nav a', { hasText: 'Calls' }).click();
    await page.waitForURL('**/calls');
    await page.locator('#calls-caller').fill(CALLER);
    await page.locator('.call-filters button[type=submit]').click();
    const listed = page.locator(`[data-testid=calls] tr[data-call-id="${callId}"]`);
    await listed.waitFor();
    assert.equal(await page.locator('[data-testid=calls] tbody tr').count(), 1);
    assert.match(await listed.innerText(), /flights\s+agent1003/);

    await listed.locator('a').click();
    await page.waitForURL(`**/calls/${callId}`);
    const facts = page.locator('[data-testid=call-facts]');
    await facts.waitFor();
    assert.match(await facts.innerText(), /Direction\s+Inbound/);
    assert.match(
      await page.locator('[data-testid=detail-ended]').innerText(),
      /ended by a supervisor/,
    );
    assert.match(await page.locator('[data-testid=call-ivr]').innerText(), /flights-menu/);
    assert.match(await page.locator('[data-testid=segment-1]').innerText(), /agent1003\s+1003/);

    // The timeline in words: the supervisor joined to listen from 2091, and their phone answered.
    const monitorRow = page.locator('[data-testid=timeline] tr[data-type="call.monitor-started"]');
    await monitorRow.waitFor();
    assert.match(await monitorRow.innerText(), /Supervisor joining.*mode Listen.*extension 2091/s);
    await page
      .locator('[data-testid=timeline] tr[data-type="call.monitor-changed"]', {
        hasText: 'mode Whisper',
      })
      .waitFor();
    const answered = page.locator('[data-testid=timeline] tr[data-type="leg.answered"]', {
      hasText: 'Supervisor at 2091',
    });
    assert.equal(await answered.count(), 1);
    assert.ok((await page.locator('[data-testid=timeline] tbody tr').count()) > 10);

    // One player per segment; the server answers its Range requests.
    const player = page.locator('[data-testid=segment-1] audio[data-testid=recording]');
    const src = (await player.getAttribute('src'))!;
    const part = await page.request.get(src, { headers: { range: 'bytes=0-43' } });
    assert.equal(part.status(), 206);
    assert.equal(part.headers()['content-type'], 'audio/wav');
    assert.equal((await part.body()).subarray(0, 4).toString(), 'RIFF');

    // Back to the list: the search and its result are still there.
    await page.locator('a', { hasText: 'All calls' }).click();
    await listed.waitFor();
    assert.equal(await page.locator('#calls-caller').inputValue(), CALLER);
  });
});

describe('a call’s record and timeline in words', () => {
  const t = (key: MessageKey, values?: Record<string, string | number>) =>
    en[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? `{${name}}`));
  const event = (id: number, type: string, payload: Record<string, unknown>): LogEvent => ({
    id,
    time: 1000 + id,
    type,
    stream: 'call:c1',
    payload,
  });

  it('names each leg by who is on it and words the events with their details', () => {
    const events = [
      event(1, 'call.offered', { callId: 'c1', legId: 'L1', caller: { number: '138' } }),
      event(2, 'call.connected', { callId: 'c1', legId: 'L2', target: '1004', agentId: 'a4' }),
      event(3, 'call.monitor-started', {
        callId: 'c1',
        legId: 'L3',
        extension: '2091',
        mode: 'whisper',
        by: 'user:sup',
      }),
      event(4, 'leg.ended', { legId: 'L3', cause: 'normal', by: 'remote' }),
      event(5, 'call.brand-new', { callId: 'c1', legId: 'L1', level: 3 }),
    ];
    const parties = legParties(t, events);
    assert.deepEqual(
      [...parties],
      [
        ['L1', 'Customer 138'],
        ['L2', 'a4 · 1004'],
        ['L3', 'Supervisor at 2091'],
      ],
    );
    assert.deepEqual(describeEvent(t, events[2]!, parties), {
      what: 'Supervisor joining',
      party: 'Supervisor at 2091',
      details: [
        ['timeline.f.mode', 'Whisper'],
        ['timeline.f.extension', '2091'],
        ['timeline.f.by', 'user:sup'],
      ],
    });
    assert.deepEqual(describeEvent(t, events[3]!, parties).details, [
      ['timeline.f.cause', 'hung up'],
      ['timeline.f.hungUpBy', 'the phone'],
    ]);
    // An event this version has no words for is shown as logged, without ids.
    assert.deepEqual(describeEvent(t, events[4]!, parties), {
      what: 'call.brand-new',
      party: 'Customer 138',
      details: [[null, 'level=3']],
    });
  });

  it('pairs each segment with its own recording and keeps the others apart', () => {
    const recording = (recordingId: string) => ({ recordingId, path: '/x', durationMs: 1 });
    const segment = { agentId: null, queue: null, endedAt: null, transferredTo: null };
    const call = {
      callId: 'c1',
      segments: [
        { ...segment, target: '1001', connectedAt: 1 },
        { ...segment, target: '1002', connectedAt: 2 },
        { ...segment, target: '1003', connectedAt: 3 },
      ],
      recordings: [recording('call-c1-2'), recording('ivr-message'), recording('call-c1')],
    } as unknown as CallRecord;
    const { bySegment, others } = segmentRecordings(call);
    assert.deepEqual(
      bySegment.map((r) => r?.recordingId ?? null),
      ['call-c1', 'call-c1-2', null],
    );
    assert.deepEqual(
      others.map((r) => r.recordingId),
      ['ivr-message'],
    );
  });
});
