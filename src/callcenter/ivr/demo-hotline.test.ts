import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKnownPrompt } from '../prompts/index.ts';
import {
  DEMO_LOOKUPS,
  DEMO_QUEUES,
  DEMO_SCHEDULE,
  demoHotlineFlow,
  demoSchedules,
} from './demo-hotline.ts';
import { IvrTestKit, type IvrTestKitOptions } from './ivr-test-kit.ts';
import type { VarValue } from './templates.ts';
import { parseSchedule, scheduleHours } from './schedule-document.ts';
import { validateFlow } from './validate-flow.ts';

const known = {
  prompts: isKnownPrompt,
  queues: (name: string) => (DEMO_QUEUES as readonly string[]).includes(name),
  flows: () => false,
  lookups: (name: string) => (DEMO_LOOKUPS as readonly string[]).includes(name),
  schedules: (name: string) => name === DEMO_SCHEDULE,
};

function demoFlow() {
  const result = validateFlow(demoHotlineFlow(), known);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.flow;
}

/** Monday 2026-01-05 10:00 in Shanghai. */
const OPEN = Date.UTC(2026, 0, 5, 2, 0, 0);

/** The demo's schedule as the app hands it to the interpreter. */
const schedules = {
  [DEMO_SCHEDULE]: scheduleHours(demoSchedules()[DEMO_SCHEDULE]!, 'Asia/Shanghai'),
};

async function call(options: Partial<IvrTestKitOptions> = {}) {
  const kit = new IvrTestKit({ flow: demoFlow(), start: OPEN, schedules, ...options });
  await kit.start();
  return kit;
}

/** Through welcome and the language choice (in Chinese unless told) to the main menu. */
async function toMainMenu(kit: IvrTestKit, languageKey = '1') {
  assert.deepEqual(await kit.finishPlay(), ['welcome']);
  assert.deepEqual(kit.hearing, ['choose-language']);
  await kit.press(languageKey);
  assert.deepEqual(kit.hearing, ['main-menu']);
}

const flightStatus = (answer: Record<string, VarValue>) => ({
  'flight-status': async (params: Record<string, string>) => ({
    ...answer,
    flight: params.flight ?? '',
  }),
});

describe('the demo hotline flow', () => {
  it('validates against the prompt catalogue and the demo queues and lookups', () => {
    const result = validateFlow(demoHotlineFlow(), known);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    const missingQueue = validateFlow(demoHotlineFlow(), {
      ...known,
      queues: (q) => q !== 'travel',
    });
    assert.ok(
      !missingQueue.ok && missingQueue.errors.some((e) => e.field === 'nodes.travel.queue'),
    );
    const missingSchedule = validateFlow(demoHotlineFlow(), { ...known, schedules: () => false });
    assert.deepEqual(!missingSchedule.ok && missingSchedule.errors, [
      {
        node: 'hours',
        field: 'nodes.hours.schedule',
        message:
          'unknown schedule "business-hours"; create it under Schedules first, or name another',
      },
    ]);
  });

  it('ships a valid business-hours schedule', () => {
    assert.doesNotThrow(() => parseSchedule(demoSchedules()[DEMO_SCHEDULE]));
  });

  const queues: [string, string, string][] = [
    ['2', 'hotels', 'hotels-intro'],
    ['3', 'travel', 'travel-intro'],
    ['4', 'complaints', 'complaints-intro'],
    ['0', 'general', 'transferring'],
  ];
  for (const [key, queue, intro] of queues)
    it(`key ${key} reaches the ${queue} queue`, async () => {
      const kit = await call();
      await toMainMenu(kit);
      await kit.press(key);
      assert.deepEqual(await kit.finishPlay(), [intro]);
      const outcome = kit.outcome;
      assert.equal(outcome.kind === 'queue' && outcome.queue, queue);
      assert.ok(outcome.kind === 'queue' && outcome.skills.some((s) => s.skill === 'lang-zh'));
      assert.deepEqual(outcome.path, [
        'init',
        'welcome',
        'choose-language',
        'hours',
        'main-menu',
        queue,
      ]);
    });

  it('1 then 2 reaches the flights queue (booking agent)', async () => {
    const kit = await call();
    await toMainMenu(kit);
    await kit.press('1');
    assert.deepEqual(kit.hearing, ['flights-menu']);
    await kit.press('2');
    await kit.finishPlay();
    const outcome = kit.outcome;
    assert.deepEqual(
      outcome.kind === 'queue' && [outcome.queue, outcome.priority, outcome.skills],
      [
        'flights',
        0,
        [
          { skill: 'flights', minLevel: 1 },
          { skill: 'lang-zh', minLevel: 1 },
        ],
      ],
    );
  });

  it('flight status self-service: 1, 1, the flight digits, read back by speech', async () => {
    const kit = await call({
      language: 'zh',
      lookups: flightStatus({
        found: true,
        status: '航班正点',
        departureTime: '14:05',
        gate: 'B12',
      }),
    });
    await toMainMenu(kit, '2');
    await kit.press('11');
    assert.deepEqual(kit.hearing, ['enter-flight-number']);
    await kit.press('5101#');
    assert.deepEqual(
      kit.lookupCalls.map((c) => [c.name, c.params]),
      [['flight-status', { flight: 'MU5101', language: 'en' }]],
    );
    const heard = kit.hearing;
    assert.equal(heard[0], 'flight-status-is');
    assert.ok(heard.includes('tts:航班正点'), heard.join(' '));
    assert.equal(heard.at(-1), 'tts:B12');
    assert.equal(kit.playing?.language, 'en');
    assert.ok(
      heard.some((n) => n.startsWith('time/') || n.startsWith('digits/')),
      'the departure time by the say rules',
    );
    await kit.finishPlay();
    assert.deepEqual(await kit.finishPlay(), ['goodbye']);
    assert.equal(kit.outcome.kind === 'hangup' && kit.outcome.by, 'flow');
    assert.equal(kit.outcome.vars.flight, 'MU5101');
  });

  it('an unknown flight is said so, and the caller can enter another', async () => {
    let calls = 0;
    const kit = await call({
      lookups: {
        'flight-status': async (params): Promise<Record<string, VarValue>> =>
          ++calls === 1
            ? { found: false }
            : {
                found: true,
                status: 'on time',
                departureTime: '08:30',
                gate: 'A1',
                flight: params.flight!,
              },
      },
    });
    await toMainMenu(kit);
    await kit.press('11');
    await kit.press('9999#');
    assert.deepEqual(await kit.finishPlay(), ['flight-not-found']);
    assert.deepEqual(kit.hearing, ['enter-flight-number']);
    await kit.press('5101#');
    assert.equal(kit.hearing[0], 'flight-status-is');
    assert.ok(kit.hearing.includes('tts:on time'));
    assert.deepEqual(
      kit.lookupCalls.map((c) => c.params.flight),
      ['MU9999', 'MU5101'],
    );
  });

  it('lookup fallback: an error plays service-unavailable, then the flights queue', async () => {
    const kit = await call({
      lookups: { 'flight-status': () => Promise.reject(new Error('flights service down')) },
    });
    await toMainMenu(kit);
    await kit.press('11');
    await kit.press('5101#');
    assert.deepEqual(await kit.finishPlay(), ['service-unavailable']);
    await kit.finishPlay();
    assert.equal(kit.outcome.kind === 'queue' && kit.outcome.queue, 'flights');
  });

  it('lookup fallback: no answer within 3 s does the same', async () => {
    const kit = await call({ lookups: { 'flight-status': () => new Promise(() => {}) } });
    await toMainMenu(kit);
    await kit.press('11');
    await kit.press('5101#');
    assert.equal(kit.playing, undefined);
    await kit.advance(3000);
    assert.deepEqual(await kit.finishPlay(), ['service-unavailable']);
  });

  it('9 requests a callback to the calling number', async () => {
    const kit = await call({ callerNumber: '13612345678' });
    await toMainMenu(kit);
    await kit.press('9');
    assert.deepEqual(await kit.finishPlay(), ['callback-confirmed']);
    assert.deepEqual(kit.outcome.kind === 'callback' && [kit.outcome.number, kit.outcome.queue], [
      '13612345678',
      'general',
    ]);
  });

  it('English: the menus play in English and the agent needs the English skill', async () => {
    const kit = await call();
    await toMainMenu(kit, '2');
    assert.equal(kit.playing?.language, 'en');
    await kit.press('0');
    await kit.finishPlay();
    assert.deepEqual(kit.outcome.kind === 'queue' && kit.outcome.skills, [
      { skill: 'lang-en', minLevel: 1 },
    ]);
    assert.equal(kit.outcome.language, 'en');
  });

  it('star in the flights menu goes back to the main menu', async () => {
    const kit = await call();
    await toMainMenu(kit);
    await kit.press('1*');
    assert.deepEqual(kit.hearing, ['main-menu']);
  });

  it('wrong keys end with an agent, silence with goodbye', async () => {
    const wrong = await call();
    await toMainMenu(wrong);
    await wrong.press('7');
    await wrong.press('7');
    await wrong.press('7');
    await wrong.finishPlay();
    assert.equal(wrong.outcome.kind === 'queue' && wrong.outcome.queue, 'general');

    const silent = await call();
    await toMainMenu(silent);
    for (let i = 0; i < 3; i++) {
      if (i > 0) assert.deepEqual(await silent.finishPlay(), ['no-input']);
      await silent.finishPlay();
      await silent.advance(5000);
    }
    assert.deepEqual(await silent.finishPlay(), ['goodbye']);
    assert.equal(silent.outcome.kind, 'hangup');
  });

  it('no language key keeps Chinese and goes on after 4 s', async () => {
    const kit = await call();
    await kit.finishPlay();
    await kit.finishPlay();
    await kit.advance(4000);
    assert.deepEqual(kit.hearing, ['main-menu']);
    assert.equal(kit.playing?.language, 'zh');
  });

  it('after hours (20:00:00 China time) goes to voicemail with a follow-up task; 19:59:59 is still open', async () => {
    const open = await call({ start: Date.UTC(2026, 0, 5, 11, 59, 59) });
    await toMainMenu(open);

    const kit = await call({ start: Date.UTC(2026, 0, 5, 12, 0, 0), callerNumber: '13800138000' });
    await kit.finishPlay();
    await kit.press('1');
    assert.deepEqual(kit.hearing, ['after-hours', 'leave-message']);
    await kit.finishPlay();
    assert.equal(kit.recording.length, 1);
    await kit.advance(20_000);
    await kit.press('#');
    assert.deepEqual(await kit.finishPlay(), ['message-saved']);
    const outcome = kit.outcome;
    assert.equal(outcome.kind, 'voicemail');
    assert.deepEqual(outcome.kind === 'voicemail' && [outcome.durationMs, outcome.task], [
      20_000,
      { queue: 'general', subject: 'Voicemail from 13800138000 after hours' },
    ]);
  });

  it('goes to voicemail on the schedule’s holidays: National Day, and the Spring Festival Eve after 12:00', async () => {
    const kit = await call({ start: Date.UTC(2026, 9, 1, 2, 0, 0) });
    await kit.finishPlay();
    await kit.press('1');
    assert.deepEqual(kit.hearing, ['after-hours', 'leave-message']);
    const halfDay = await call({ start: Date.UTC(2026, 1, 16, 3, 59, 59) });
    await toMainMenu(halfDay);
    const afternoon = await call({ start: Date.UTC(2026, 1, 16, 4, 0, 0) });
    await afternoon.finishPlay();
    await afternoon.press('1');
    assert.deepEqual(afternoon.hearing, ['after-hours', 'leave-message']);
  });
});
