import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BusinessHours } from '../business-hours.ts';
import { IvrTestKit, TEST_KNOWN, flowOf, runNodes } from '../ivr-test-kit.ts';
import { validateFlow } from '../validate-flow.ts';

const q = (queue: string) => ({ type: 'queue', queue });
const queueOf = (kit: { outcome: { kind: string } & Partial<{ queue: string }> }) =>
  kit.outcome.kind === 'queue' ? kit.outcome.queue : kit.outcome.kind;

const nineToSix: BusinessHours = {
  timeZone: 'Asia/Shanghai',
  hours: { mon: [{ from: '09:00', to: '18:00' }] },
  exceptions: [{ date: '2026-01-12', hours: [] }],
};

const named = (extra: Record<string, unknown> = {}) => ({
  s: { type: 'schedule', schedule: 'support', open: 'open', closed: 'closed', ...extra },
  open: q('general'),
  closed: q('travel'),
  ...(extra.holiday ? { holiday: q('vip') } : {}),
});

describe('schedule node naming a schedule', () => {
  const at = async (iso: string, nodes = named(), schedules = { support: nineToSix }) =>
    queueOf(await runNodes(nodes, { start: Date.parse(`${iso}Z`), schedules }));

  it('tests the instant against the named schedule', async () => {
    assert.equal(await at('2026-01-05T00:59:59'), 'travel', 'Monday 08:59:59');
    assert.equal(await at('2026-01-05T01:00:00'), 'general', 'Monday 09:00:00');
    assert.equal(await at('2026-01-05T10:00:00'), 'travel', 'Monday 18:00:00');
  });

  it('sends an exception closed all day to holiday, or to closed without that exit', async () => {
    assert.equal(await at('2026-01-12T02:00:00', named({ holiday: 'holiday' })), 'vip');
    assert.equal(await at('2026-01-12T02:00:00'), 'travel');
  });

  it('reads the schedule at each visit: a change reaches the next caller, the flow unchanged', async () => {
    const schedules: Record<string, BusinessHours> = { support: nineToSix };
    const flow = flowOf(named());
    const call = async () => {
      const kit = new IvrTestKit({ flow, start: Date.parse('2026-01-05T02:00:00Z'), schedules });
      await kit.start();
      return queueOf(kit);
    };
    assert.equal(await call(), 'general');
    schedules.support = { ...nineToSix, exceptions: [{ date: '2026-01-05', hours: [] }] };
    assert.equal(await call(), 'travel');
  });

  it('hangs up, saying why, when the schedule is gone (deleting a used one is refused)', async () => {
    const kit = await runNodes(named(), { schedules: {} });
    assert.equal(kit.outcome.kind, 'hangup');
    assert.ok(
      kit.progress.some((p) => p.type === 'node.failed' && /no schedule "support"/.test(p.message)),
    );
  });
});

describe('schedule node validation', () => {
  const unnamed = { type: 'schedule', open: 'open', closed: 'closed' };
  const errorsOf = (nodes: Record<string, unknown>, known = TEST_KNOWN) => {
    const result = validateFlow({ schemaVersion: 1, name: 't', start: 's', nodes }, known);
    return result.ok ? [] : result.errors;
  };

  it('takes a known schedule, or a table of its own', () => {
    assert.deepEqual(errorsOf(named()), []);
    assert.deepEqual(errorsOf({ ...named(), s: { ...unnamed, hours: {} } }), []);
  });

  it('refuses an unknown schedule on the node, naming the field', () => {
    assert.deepEqual(errorsOf(named({ schedule: 'night-shift' })), [
      {
        node: 's',
        field: 'nodes.s.schedule',
        message: 'unknown schedule "night-shift"; create it under Schedules first, or name another',
      },
    ]);
    // A catalogue that knows no schedules (an older caller of validateFlow) knows none.
    const { schedules: _, ...withoutSchedules } = TEST_KNOWN;
    assert.equal(errorsOf(named(), withoutSchedules)[0]?.field, 'nodes.s.schedule');
  });

  it('wants exactly one source of hours', () => {
    const both = errorsOf(
      named({ hours: { mon: [] }, timeZone: 'Asia/Shanghai', holidays: ['2026-10-01'] }),
    );
    assert.deepEqual(
      both.map((e) => [e.node, e.field]),
      [
        ['s', 'nodes.s.hours'],
        ['s', 'nodes.s.timeZone'],
        ['s', 'nodes.s.holidays'],
      ],
    );
    assert.match(both[0]!.message, /not allowed with schedule "support"/);
    const neither = errorsOf({ ...named(), s: unnamed });
    assert.deepEqual(
      neither.map((e) => e.field),
      ['nodes.s.schedule'],
    );
    assert.match(neither[0]!.message, /name a schedule, or give hours/);
  });
});
