import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runNodes } from '../ivr-test-kit.ts';
import type { VarValue } from '../templates.ts';

const q = (queue: string) => ({ type: 'queue', queue });
const queueOf = (kit: { outcome: { kind: string } & Partial<{ queue: string }> }) =>
  kit.outcome.kind === 'queue' ? kit.outcome.queue : kit.outcome.kind;

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('set node', () => {
  it('assigns strings (rendered), numbers and booleans', async () => {
    const kit = await runNodes(
      {
        s: { type: 'set', vars: { who: 'caller {{caller.number}}', n: 3, vip: true }, next: 'q' },
        q: q('general'),
      },
      { callerNumber: '555' },
    );
    assert.deepEqual(kit.outcome.vars, { who: 'caller 555', n: 3, vip: true });
  });
});

describe('branch node', () => {
  const branchTo = (when: unknown[]) => ({
    b: { type: 'branch', rules: [{ when, next: 'yes' }], otherwise: 'no' },
    yes: q('vip'),
    no: q('general'),
  });
  const decide = async (
    when: unknown[],
    vars: Record<string, VarValue> = {},
    callerNumber = '13800138000',
  ) => {
    const kit = await runNodes(
      { init: { type: 'set', vars: { ...vars, _: 0 }, next: 'b' }, ...branchTo(when) },
      { callerNumber },
    );
    return queueOf(kit) === 'vip';
  };

  it('compares variables and caller data', async () => {
    assert.equal(
      await decide([{ subject: '{{vars.tier}}', op: 'equals', value: 'gold' }], { tier: 'gold' }),
      true,
    );
    assert.equal(
      await decide([{ subject: '{{vars.tier}}', op: 'equals', value: 'gold' }], { tier: 'silver' }),
      false,
    );
    assert.equal(
      await decide([{ subject: '{{vars.tier}}', op: 'not-equals', value: 'gold' }], {
        tier: 'silver',
      }),
      true,
    );
    assert.equal(
      await decide([{ subject: '{{vars.tier}}', op: 'in', values: ['gold', 'platinum'] }], {
        tier: 'platinum',
      }),
      true,
    );
    assert.equal(
      await decide([{ subject: '{{caller.number}}', op: 'starts-with', value: '138' }]),
      true,
    );
    assert.equal(
      await decide(
        [{ subject: '{{caller.number}}', op: 'matches', value: '^1[3-9][0-9]{9}$' }],
        {},
        '02155550000',
      ),
      false,
    );
    assert.equal(await decide([{ subject: '{{vars.none}}', op: 'empty' }]), true);
    assert.equal(await decide([{ subject: '{{vars.x}}', op: 'not-empty' }], { x: 'a' }), true);
    assert.equal(
      await decide([{ subject: '{{vars.found}}', op: 'equals', value: 'true' }], { found: true }),
      true,
    );
  });

  it('compares numbers as numbers, and a non-number fails every comparison', async () => {
    assert.equal(
      await decide([{ subject: '{{vars.n}}', op: 'gt', value: '9' }], { n: 10 }),
      true,
      '10 > 9, not "10" < "9"',
    );
    assert.equal(
      await decide([{ subject: '{{vars.n}}', op: 'gte', value: '10' }], { n: 10 }),
      true,
    );
    assert.equal(
      await decide([{ subject: '{{vars.n}}', op: 'lt', value: '10' }], { n: 10 }),
      false,
    );
    assert.equal(
      await decide([{ subject: '{{vars.n}}', op: 'lte', value: '{{vars.m}}' }], { n: 3, m: 4 }),
      true,
    );
    assert.equal(
      await decide([{ subject: '{{vars.n}}', op: 'lt', value: '10' }], { n: 'abc' }),
      false,
    );
    assert.equal(await decide([{ subject: '{{vars.none}}', op: 'lt', value: '10' }]), false);
  });

  it('needs every test of a rule; the first matching rule wins', async () => {
    const both = [
      { subject: '{{vars.a}}', op: 'equals', value: '1' },
      { subject: '{{vars.b}}', op: 'equals', value: '1' },
    ];
    assert.equal(await decide(both, { a: '1', b: '1' }), true);
    assert.equal(await decide(both, { a: '1', b: '2' }), false);
    const kit = await runNodes({
      b: {
        type: 'branch',
        rules: [
          { when: [{ subject: '{{language}}', op: 'equals', value: 'zh' }], next: 'first' },
          { when: [{ subject: '{{language}}', op: 'not-empty' }], next: 'second' },
        ],
        otherwise: 'second',
      },
      first: q('hotels'),
      second: q('travel'),
    });
    assert.equal(queueOf(kit), 'hotels');
  });

  it('tests the local time and weekday', async () => {
    const when = [
      { time: { from: '09:00', to: '12:00', days: ['mon'], timeZone: 'Asia/Shanghai' } },
    ];
    const at = async (iso: string) => {
      const kit = await runNodes(branchTo(when), { start: Date.parse(`${iso}Z`) });
      return queueOf(kit);
    };
    assert.equal(await at('2026-01-05T00:59:59'), 'general', 'Monday 08:59:59');
    assert.equal(await at('2026-01-05T01:00:00'), 'vip', 'Monday 09:00:00');
    assert.equal(await at('2026-01-06T01:00:00'), 'general', 'Tuesday 09:00:00');
  });
});

describe('schedule node', () => {
  const schedule = (extra: Record<string, unknown> = {}) => ({
    s: {
      type: 'schedule',
      hours: { mon: [{ from: '09:00', to: '18:00' }] },
      holidays: ['2026-01-12'],
      open: 'open',
      closed: 'closed',
      ...extra,
    },
    open: q('general'),
    closed: q('travel'),
    ...(extra.holiday ? { holiday: q('vip') } : {}),
  });
  const at = async (iso: string, nodes: Record<string, unknown> = schedule()) =>
    queueOf(await runNodes(nodes, { start: Date.parse(`${iso}Z`) }));

  it('defaults to Asia/Shanghai and switches at the second', async () => {
    assert.equal(await at('2026-01-05T00:59:59'), 'travel', 'Monday 08:59:59');
    assert.equal(await at('2026-01-05T01:00:00'), 'general', 'Monday 09:00:00');
    assert.equal(await at('2026-01-05T09:59:59'), 'general', 'Monday 17:59:59');
    assert.equal(await at('2026-01-05T10:00:00'), 'travel', 'Monday 18:00:00');
  });

  it('goes to holiday on a holiday, or to closed when no holiday exit is given', async () => {
    assert.equal(await at('2026-01-12T02:00:00', schedule({ holiday: 'holiday' })), 'vip');
    assert.equal(await at('2026-01-12T02:00:00'), 'travel');
  });

  it('follows the zone it is given, daylight saving time included', async () => {
    const london = schedule({
      timeZone: 'Europe/London',
      hours: { mon: [{ from: '09:00', to: '17:00' }] },
    });
    assert.equal(await at('2026-03-23T08:59:59', london), 'travel', 'GMT');
    assert.equal(await at('2026-03-23T09:00:00', london), 'general', 'GMT');
    assert.equal(await at('2026-03-30T07:59:59', london), 'travel', 'BST');
    assert.equal(await at('2026-03-30T08:00:00', london), 'general', 'BST');
  });
});

describe('lookup node', () => {
  const lookupNodes = (extra: Record<string, unknown> = {}) => ({
    init: { type: 'set', vars: { flight: 'MU5101' }, next: 'l' },
    l: {
      type: 'lookup',
      lookup: 'flight-status',
      params: { flight: '{{vars.flight}}', lang: '{{language}}' },
      timeoutMs: 3000,
      into: 'status',
      next: 'ok',
      fallback: 'fallback',
      ...extra,
    },
    ok: q('flights'),
    fallback: q('general'),
  });

  it('calls the lookup with rendered params and stores the answer under `into`', async () => {
    const kit = await runNodes(lookupNodes(), {
      lookups: {
        'flight-status': async (params) => ({
          found: true,
          status: `on time (${params.flight})`,
          gate: 'B12',
        }),
      },
    });
    assert.deepEqual(
      kit.lookupCalls.map((c) => [c.name, c.params]),
      [['flight-status', { flight: 'MU5101', lang: 'zh' }]],
    );
    assert.equal(queueOf(kit), 'flights');
    assert.deepEqual(kit.outcome.vars, {
      flight: 'MU5101',
      'status.found': true,
      'status.status': 'on time (MU5101)',
      'status.gate': 'B12',
    });
    assert.equal(kit.clock.pendingTimers, 0, 'the timeout timer is cancelled');
  });

  it('an error goes to fallback, and is reported', async () => {
    const kit = await runNodes(lookupNodes(), {
      lookups: { 'flight-status': () => Promise.reject(new Error('HTTP 502 from the webhook')) },
    });
    assert.equal(queueOf(kit), 'general');
    const report = kit.progress.find((p) => p.type === 'lookup');
    assert.ok(report && report.type === 'lookup' && !report.ok && /502/.test(report.reason ?? ''));
  });

  it('a lookup that throws at once, or answers something not flat, goes to fallback', async () => {
    const throws = await runNodes(lookupNodes(), {
      lookups: {
        'flight-status': () => {
          throw new Error('not configured');
        },
      },
    });
    assert.equal(queueOf(throws), 'general');
    const nested = await runNodes(lookupNodes(), {
      lookups: { 'flight-status': async () => ({ flight: { status: 'x' } }) as never },
    });
    assert.equal(queueOf(nested), 'general');
    assert.equal(nested.outcome.vars['status.flight'], undefined);
  });

  it('a slow lookup times out on the clock: fallback, aborted, the late answer ignored', async () => {
    const answer = deferred<Record<string, VarValue>>();
    const kit = await runNodes(lookupNodes(), {
      lookups: { 'flight-status': () => answer.promise },
    });
    await kit.advance(2999);
    assert.equal(kit.session.outcome, undefined);
    await kit.advance(1);
    assert.equal(queueOf(kit), 'general');
    assert.equal(kit.lookupCalls[0]!.signal.aborted, true);
    answer.resolve({ found: true });
    await kit.settle();
    assert.equal(kit.outcome.vars['status.found'], undefined);
  });

  it('keys pressed while the lookup runs are kept for the next menu', async () => {
    const answer = deferred<Record<string, VarValue>>();
    const kit = await runNodes(
      {
        l: { type: 'lookup', lookup: 'customer', next: 'm', fallback: 'm' },
        m: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '4': 'c' } },
        c: q('complaints'),
      },
      { lookups: { customer: () => answer.promise } },
    );
    await kit.press('4');
    answer.resolve({ tier: 'gold' });
    await kit.settle();
    assert.equal(queueOf(kit), 'complaints');
    assert.equal(kit.commandsOf('leg.play').length, 0);
  });
});
