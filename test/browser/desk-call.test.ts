// A real call through the agent desk in Chromium: the agent logs in ready on
// a registered phone (sipp); a caller (sipp + RTP) dials the hotline and picks
// flights in the IVR; the desk pops the call with the caller and queue and the
// screen pop finds the demo customer by the caller's number; the agent holds and resumes it and hangs up by hotkey, then records a
// disposition at wrap-up; the supervisor's wallboard follows each step live.
// Then another agent consults a colleague, holds a conference and completes
// the attended transfer, all by hotkeys; and a third answers a ringing call
// from the desk on a phone that takes remote answer (Alt+A).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { SipHotline } from '../support/sip-hotline.ts';
import { ensureWebBuilt, launchChromium, openContext, signIn } from './browser-harness.ts';
import { agentPhone, apiSession, passwordOf, placeCall, startCallCenter } from './live-calls.ts';

describe('a call on the agent desk', () => {
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

  it('pops the call, holds, resumes, hangs up and takes a disposition, live on the wallboard', async () => {
    const phone = await agentPhone(h, '1001');
    const wall = await signIn(
      await openContext(browser, h.http),
      'supervisor',
      passwordOf(h, 'supervisor'),
    );
    await wall.locator('[data-testid=live-status]', { hasText: 'Live' }).waitFor();
    const desk = await signIn(
      await openContext(browser, h.http),
      'agent1001',
      passwordOf(h, 'agent1001'),
    );
    await desk.locator('#extension').fill('1001');
    await desk.locator('label.check input').check();
    await desk.locator('button[type=submit]', { hasText: 'Log in on extension' }).click();
    await desk.locator('[data-testid=agent-state]', { hasText: /^Ready$/ }).waitFor();
    assert.equal(await desk.locator('.warning').count(), 0, 'the phone is registered');
    await desk.locator('[data-testid=live-status]', { hasText: 'Live' }).waitFor();
    await wall.locator('[data-testid="agent-agent1001"][data-state=ready]').waitFor();

    const caller = await placeCall(h, '13812345678');
    try {
      // The screen pop: who calls, through which queue, and that the agent talks to them.
      await desk.locator('[data-testid=caller]', { hasText: '13812345678' }).waitFor();
      await desk.locator('[data-testid=call-state]', { hasText: 'Talking' }).waitFor();
      assert.match(await desk.locator('[data-testid=call-panel]').innerText(), /Queue\s+flights/);
      await desk.locator('[data-testid=agent-state]', { hasText: 'On call' }).waitFor();
      // The screen pop: 13812345678 is the demo customer 李华 (src/business/crm/demo-customers.ts),
      // shown with her tier, language and only the last four characters of her ID number.
      const pop = desk.locator('[data-testid=screen-pop]');
      await pop.locator('[data-testid=pop-customer-name]', { hasText: '李华' }).waitFor();
      const popText = await pop.innerText();
      assert.match(popText, /Platinum/);
      assert.match(popText, /Language\s+Chinese/);
      assert.match(popText, /ID document\s+\*{14}\d{3}[\dX]\b/);
      // The demo customer has no earlier interactions (the call in progress is not "earlier").
      await pop.locator('p', { hasText: 'this is their first contact' }).waitFor();
      assert.equal(await pop.locator('[data-testid=pop-no-match]').count(), 0);
      // Alt+C takes the keyboard to the pop.
      await desk.keyboard.press('Alt+KeyC');
      await desk.locator('#screen-pop:focus, #screen-pop :focus').waitFor();
      await wall.locator('[data-testid="agent-agent1001"][data-state=on-call]').waitFor();
      await wall.locator('[data-testid=live-calls] tr', { hasText: '13812345678' }).waitFor();
      // The day's chart counted the call as it was offered.
      assert.match(
        (await wall.locator('[data-testid=calls-chart]').getAttribute('aria-label'))!,
        /^1 calls offered today/,
      );
      const flights = wall.locator('[data-testid=queue-flights]');
      await flights.waitFor();
      assert.match(await flights.innerText(), /Answered\s+1/);

      // Hold and resume by hotkey: the customer hears music meanwhile.
      await desk.keyboard.press('Alt+KeyH');
      await desk.locator('[data-testid=call-state]', { hasText: 'On hold' }).waitFor();
      await desk.locator('[data-testid=action-hold]', { hasText: 'Resume' }).waitFor();
      await wall.locator('[data-testid="agent-agent1001"][data-state=held]').waitFor();
      await desk.keyboard.press('Alt+KeyH');
      await desk.locator('[data-testid=call-state]', { hasText: 'Talking' }).waitFor();
      await wall.locator('[data-testid="agent-agent1001"][data-state=on-call]').waitFor();

      // Hang up, then after-call work with a disposition.
      await desk.keyboard.press('Alt+KeyE');
      await desk.locator('[data-testid=agent-state]', { hasText: 'Wrap-up' }).waitFor();
      // flights gives 15 s of after-call work: the desk counts it down.
      await desk
        .locator('[data-testid=wrap-up-status]', { hasText: /ready again in 0:\d\d/ })
        .waitFor();
      // The pop stays through wrap-up, for notes about the customer.
      await pop.locator('[data-testid=pop-customer-name]', { hasText: '李华' }).waitFor();
      await wall.locator('[data-testid="agent-agent1001"][data-state=wrap-up]').waitFor();
      await wall.locator('[data-testid=live-calls] tr', { hasText: '13812345678' }).waitFor({
        state: 'detached',
      });
      const code = desk.locator('#disposition option').first();
      await code.waitFor({ state: 'attached' });
      const chosen = await code.getAttribute('value');
      await desk.locator('#notes').fill('Booked MU5101 for tomorrow');
      await desk.locator('button', { hasText: 'Save disposition' }).click();
      await desk.locator('.wrap-up .ok', { hasText: 'Disposition saved.' }).waitFor();
      await desk.locator('[data-testid=calls-answered]', { hasText: '1' }).waitFor();

      await desk.keyboard.press('Alt+KeyR');
      await desk.locator('[data-testid=agent-state]', { hasText: /^Ready$/ }).waitFor();
      await pop.waitFor({ state: 'detached' });
      await wall.locator('[data-testid="agent-agent1001"][data-state=ready]').waitFor();

      // The call's record holds what the desk did.
      await h.hotline.telephony.flushEvents();
      await h.hotline.callRecords.catchUp();
      const supervisor = await apiSession(h, 'supervisor', passwordOf(h, 'supervisor'));
      const { calls } = (await supervisor('GET', '/api/v1/calls?agent=agent1001')) as {
        calls: {
          caller: string;
          disposition: string;
          notes: string;
          holdMs: number;
          endedBy: string;
        }[];
      };
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.caller, '13812345678');
      assert.equal(calls[0]!.disposition, chosen);
      assert.equal(calls[0]!.notes, 'Booked MU5101 for tomorrow');
      assert.ok(calls[0]!.holdMs > 0, 'the hold was counted');
      assert.equal(calls[0]!.endedBy, 'agent');
    } finally {
      caller.close();
    }
    assert.equal((await phone.done).code, 0, 'the agent’s phone got the BYE');
  });

  it('consults a colleague from the desk, joins a conference and completes the transfer by hotkeys', async () => {
    const phone = await agentPhone(h, '1002');
    const colleague = await agentPhone(h, '2003');
    const desk = await signIn(
      await openContext(browser, h.http),
      'agent1002',
      passwordOf(h, 'agent1002'),
    );
    await desk.locator('#extension').fill('1002');
    await desk.locator('label.check input').check();
    await desk.locator('button[type=submit]', { hasText: 'Log in on extension' }).click();
    await desk.locator('[data-testid=agent-state]', { hasText: /^Ready$/ }).waitFor();
    await desk.locator('[data-testid=live-status]', { hasText: 'Live' }).waitFor();

    const caller = await placeCall(h, '13900002222');
    const supervisor = await apiSession(h, 'supervisor', passwordOf(h, 'supervisor'));
    try {
      await desk.locator('[data-testid=call-state]', { hasText: 'Talking' }).waitFor();
      // The transfer form (Alt+T): an extension, consulted first rather than sent blind.
      await desk.keyboard.press('Alt+KeyT');
      await desk.locator('#transfer-kind').selectOption('extension');
      await desk.locator('#transfer-to').fill('2003');
      await desk.locator('[data-testid=consult]').click();
      const bar = desk.locator('[data-testid=consult]');
      await bar.locator('[data-phase=connected]', { hasText: 'Consulting 2003' }).waitFor();
      assert.equal(await desk.locator('[data-testid=action-hold]').isDisabled(), true);
      await desk.locator('[data-testid=call-state]', { hasText: 'Transferring' }).waitFor();

      await desk.keyboard.press('Alt+KeyF');
      await bar.locator('[data-phase=conference]', { hasText: 'Conference with 2003' }).waitFor();
      await desk.locator('[data-testid=call-state]', { hasText: 'Talking' }).waitFor();

      await desk.keyboard.press('Alt+KeyK');
      await desk.locator('[data-testid=agent-state]', { hasText: 'Wrap-up' }).waitFor();
      assert.equal((await phone.done).code, 0, 'the agent’s phone got its BYE');

      await h.hotline.telephony.flushEvents();
      const { calls } = (await supervisor('GET', '/api/v1/calls?agent=agent1002')) as {
        calls: { callId: string }[];
      };
      const callId = calls[0]?.callId;
      assert.ok(callId, 'the call is listed under the agent');
      // The caller and the colleague talk on; the supervisor ends it rather than wait a minute.
      await supervisor('POST', `/api/v1/calls/${callId}/hangup`);
      await h.hotline.telephony.flushEvents();
      await h.hotline.callRecords.catchUp();
      const record = (await supervisor('GET', `/api/v1/calls/${callId}`)) as {
        segments: { agentId: string | null; target: string; transferredTo: string | null }[];
      };
      assert.deepEqual(
        record.segments.map((s) => [s.agentId, s.target, s.transferredTo]),
        [
          ['agent1002', '1002', '2003'],
          [null, '2003', null],
        ],
      );
    } finally {
      caller.close();
    }
    assert.equal((await colleague.done).code, 0, 'the colleague is hung up with the call');
  });

  it('answers a ringing call from the desk by hotkey on a phone that takes remote answer', async () => {
    // Only this agent serves flights now: the earlier ones go.
    const supervisor = await apiSession(h, 'supervisor', passwordOf(h, 'supervisor'));
    for (const agentId of ['agent1001', 'agent1002'])
      await supervisor('POST', `/api/v1/agents/${agentId}/state`, { state: 'logged-out' }).catch(
        () => undefined,
      );
    const phone = await agentPhone(h, '1008', 'uas-remote-answer.xml');
    const desk = await signIn(
      await openContext(browser, h.http),
      'agent1008',
      passwordOf(h, 'agent1008'),
    );
    await desk.locator('#extension').fill('1008');
    await desk.locator('label.check input').check();
    await desk.locator('button[type=submit]', { hasText: 'Log in on extension' }).click();
    await desk.locator('[data-testid=agent-state]', { hasText: /^Ready$/ }).waitFor();
    await desk.locator('[data-testid=live-status]', { hasText: 'Live' }).waitFor();
    assert.equal(await desk.locator('[data-testid=action-answer]').count(), 0, 'nothing rings');

    const caller = await placeCall(h, '13900003333');
    try {
      // The phone rings and offered remote answer: the desk can pick it up (Alt+A).
      const answer = desk.locator('[data-testid=action-answer]', { hasText: 'Answer' });
      await answer.waitFor();
      await desk.keyboard.press('Alt+KeyA');
      await desk.locator('[data-testid=call-state]', { hasText: 'Talking' }).waitFor();
      await desk.locator('[data-testid=agent-state]', { hasText: 'On call' }).waitFor();
      await answer.waitFor({ state: 'detached' });
      await desk.keyboard.press('Alt+KeyE');
      await desk.locator('[data-testid=agent-state]', { hasText: 'Wrap-up' }).waitFor();
    } finally {
      caller.close();
    }
    assert.equal((await phone.done).code, 0, 'NOTIFY Event: talk, then the BYE');
  });
});
