import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../../platform/index.ts';
import { scheduleState } from './business-hours.ts';
import {
  parseSchedule,
  scheduleHours,
  scheduleProblems,
  type ScheduleDocument,
} from './schedule-document.ts';

const utc = (iso: string) => Date.parse(`${iso}Z`);
const day = (from: string, to: string) => [{ from, to }];

/** Weekdays 09:00–12:00 and 13:00–18:00, Saturday to midnight, Sunday closed; two exceptions. */
const support: ScheduleDocument = {
  timeZone: 'Asia/Shanghai',
  hours: {
    mon: [
      { from: '09:00', to: '12:00' },
      { from: '13:00', to: '18:00' },
    ],
    tue: day('09:00', '18:00'),
    wed: day('09:00', '18:00'),
    thu: day('09:00', '18:00'),
    fri: day('09:00', '18:00'),
    sat: day('10:00', '24:00'),
  },
  exceptions: [
    { date: '2026-10-01', name: '国庆节 National Day' },
    { date: '2026-02-16', name: '除夕 Spring Festival Eve', hours: day('08:00', '12:00') },
    // A Sunday worked as a weekday (调休), as Chinese holiday arrangements do.
    { date: '2026-02-15', name: '调休 Working Sunday', hours: day('09:00', '18:00') },
  ],
};

const stateAt = (iso: string, doc: ScheduleDocument = support, zone = 'Asia/Shanghai') =>
  scheduleState(utc(iso), scheduleHours(doc, zone));

describe('a schedule in Asia/Shanghai (UTC+8, no daylight saving time)', () => {
  const cases: [string, string, string][] = [
    ['2026-01-05T00:59:59', 'closed', 'Monday 08:59:59'],
    ['2026-01-05T01:00:00', 'open', 'Monday 09:00:00'],
    ['2026-01-05T03:59:59', 'open', 'Monday 11:59:59'],
    ['2026-01-05T04:00:00', 'closed', 'Monday 12:00 (the end of a range is exclusive: lunch)'],
    ['2026-01-05T05:00:00', 'open', 'Monday 13:00'],
    ['2026-01-10T15:59:59', 'open', 'Saturday 23:59:59 (a range to 24:00)'],
    ['2026-01-10T16:00:00', 'closed', 'Sunday 00:00 (Sunday has no hours)'],
    ['2026-07-06T01:00:00', 'open', 'Monday 09:00 in summer too: the zone has no DST'],
  ];
  for (const [at, state, what] of cases)
    it(`${what} is ${state}`, () => assert.equal(stateAt(at), state));
});

describe('exceptions override the weekday’s hours', () => {
  it('a date closed all day is a holiday from local midnight to midnight', () => {
    assert.equal(stateAt('2026-09-30T15:59:59'), 'closed', 'Wednesday 23:59:59 the eve');
    assert.equal(stateAt('2026-09-30T16:00:00'), 'holiday', '00:00 local, still 30 Sep in UTC');
    assert.equal(stateAt('2026-10-01T02:00:00'), 'holiday', 'Thursday 10:00, normally open');
    assert.equal(stateAt('2026-10-01T15:59:59'), 'holiday', '23:59:59 local');
    assert.equal(stateAt('2026-10-01T16:00:00'), 'closed', 'Friday 00:00: the weekday again');
    assert.equal(stateAt('2026-10-02T01:00:00'), 'open', 'Friday 09:00');
  });

  it('a date with hours of its own is open only then, and a holiday outside them', () => {
    assert.equal(stateAt('2026-02-16T00:00:00'), 'open', 'Monday 08:00, before the usual 09:00');
    assert.equal(stateAt('2026-02-16T03:59:59'), 'open', '11:59:59');
    assert.equal(stateAt('2026-02-16T05:00:00'), 'holiday', '13:00, normally open on Monday');
  });

  it('opens a day the week leaves closed', () => {
    assert.equal(stateAt('2026-02-15T01:00:00'), 'open', 'Sunday 09:00 worked');
    assert.equal(stateAt('2026-02-22T01:00:00'), 'closed', 'the next Sunday is closed again');
  });
});

describe('a schedule in a zone with daylight saving time (America/New_York)', () => {
  const newYork: ScheduleDocument = {
    timeZone: 'America/New_York',
    hours: { mon: day('09:00', '17:00'), sun: day('00:00', '24:00') },
    exceptions: [{ date: '2026-07-06', hours: day('10:00', '14:00') }],
  };
  it('opens at 09:00 EST (14:00 UTC) in winter', () => {
    assert.equal(stateAt('2026-03-02T13:59:59', newYork), 'closed');
    assert.equal(stateAt('2026-03-02T14:00:00', newYork), 'open');
    assert.equal(stateAt('2026-03-02T21:59:59', newYork), 'open');
    assert.equal(stateAt('2026-03-02T22:00:00', newYork), 'closed');
  });
  it('opens at 09:00 EDT (13:00 UTC) after the clocks go forward', () => {
    assert.equal(stateAt('2026-03-09T12:59:59', newYork), 'closed');
    assert.equal(stateAt('2026-03-09T13:00:00', newYork), 'open');
    assert.equal(stateAt('2026-03-09T20:59:59', newYork), 'open');
    assert.equal(stateAt('2026-03-09T21:00:00', newYork), 'closed');
  });
  it('keeps a whole-day Sunday open through the short night of the change', () => {
    // 2026-03-08: 02:00 EST becomes 03:00 EDT; Sunday runs 05:00 UTC to 04:00 UTC on Monday.
    assert.equal(stateAt('2026-03-08T04:59:59', newYork), 'closed', 'Saturday 23:59:59 EST');
    assert.equal(stateAt('2026-03-08T05:00:00', newYork), 'open', 'Sunday 00:00 EST');
    assert.equal(stateAt('2026-03-08T07:30:00', newYork), 'open', 'Sunday 03:30 EDT');
    assert.equal(stateAt('2026-03-09T03:59:59', newYork), 'open', 'Sunday 23:59:59 EDT');
    assert.equal(stateAt('2026-03-09T04:00:00', newYork), 'closed', 'Monday 00:00 EDT');
  });
  it('reads an exception’s date and hours in the zone, in summer time', () => {
    assert.equal(stateAt('2026-07-06T13:59:59', newYork), 'holiday', 'Monday 09:59:59 EDT');
    assert.equal(stateAt('2026-07-06T14:00:00', newYork), 'open', '10:00 EDT');
    assert.equal(stateAt('2026-07-06T18:00:00', newYork), 'holiday', '14:00 EDT');
  });
});

describe('the time zone a schedule leaves out', () => {
  it('is the one the center gives', () => {
    const local: ScheduleDocument = { hours: { mon: day('09:00', '17:00') } };
    // Monday 09:00 in London (GMT in January) is 17:00 in Shanghai.
    assert.equal(stateAt('2026-01-05T09:00:00', local, 'Europe/London'), 'open');
    assert.equal(stateAt('2026-01-05T09:00:00', local, 'Asia/Shanghai'), 'closed');
    assert.equal(scheduleHours(local, 'Europe/London').timeZone, 'Europe/London');
    assert.equal(scheduleHours(support, 'Europe/London').timeZone, 'Asia/Shanghai');
  });
});

describe('schedule validation', () => {
  const fieldsOf = (doc: unknown) => scheduleProblems(doc, 'body').map((p) => p.field);

  it('accepts adjacent ranges, 24:00 as an end, and no hours at all', () => {
    assert.deepEqual(fieldsOf(support), []);
    assert.deepEqual(
      fieldsOf({
        hours: {
          mon: [
            { from: '00:00', to: '12:00' },
            { from: '12:00', to: '24:00' },
          ],
        },
      }),
      [],
    );
    assert.deepEqual(fieldsOf({ hours: {} }), []);
  });

  it('names the field of every problem', () => {
    const cases: [unknown, string[], RegExp][] = [
      [{ hours: { mon: day('18:00', '09:00') } }, ['body.hours.mon.0.to'], /cannot cross midnight/],
      [{ hours: { tue: day('09:00', '09:00') } }, ['body.hours.tue.0.to'], /must be after from/],
      [
        {
          hours: {
            wed: [
              { from: '13:00', to: '18:00' },
              { from: '09:00', to: '12:00' },
            ],
          },
        },
        ['body.hours.wed.1.from'],
        /in order, without overlaps/,
      ],
      [
        {
          hours: {
            thu: [
              { from: '09:00', to: '13:00' },
              { from: '12:00', to: '18:00' },
            ],
          },
        },
        ['body.hours.thu.1.from'],
        /before the end of the range before it \(13:00\)/,
      ],
      [{ hours: { fri: day('24:00', '24:00') } }, ['body.hours.fri.0.to'], /must be after/],
      [{ hours: { sat: day('9:00', '18:00') } }, ['body.hours.sat.0.from'], /pattern|match/i],
      [{ hours: { sat: day('09:00', '24:30') } }, ['body.hours.sat.0.to'], /pattern|match/i],
      [{ hours: { someday: [] } }, ['body.hours.someday'], /./],
      [{ hours: {}, timeZone: 'Asia/Beijing' }, ['body.timeZone'], /unknown time zone/],
      [
        { hours: {}, exceptions: [{ date: '2026-02-30' }] },
        ['body.exceptions.0.date'],
        /2026-02-30 is not a date/,
      ],
      [
        { hours: {}, exceptions: [{ date: '2026-13-01' }] },
        ['body.exceptions.0.date'],
        /pattern|match/i,
      ],
      [
        { hours: {}, exceptions: [{ date: '2026-10-01' }, { date: '2026-10-01' }] },
        ['body.exceptions.1.date'],
        /already exception 0/,
      ],
      [
        { hours: {}, exceptions: [{ date: '2026-10-02', hours: day('14:00', '10:00') }] },
        ['body.exceptions.0.hours.0.to'],
        /must be after from/,
      ],
      [{}, ['body.hours'], /required/],
    ];
    for (const [doc, fields, message] of cases) {
      const problems = scheduleProblems(doc, 'body');
      assert.deepEqual(
        problems.map((p) => p.field),
        fields,
        `${JSON.stringify(doc)}: ${JSON.stringify(problems)}`,
      );
      assert.match(problems[0]!.message, message, JSON.stringify(problems));
    }
  });

  it('accepts 29 February in a leap year only', () => {
    assert.deepEqual(fieldsOf({ hours: {}, exceptions: [{ date: '2028-02-29' }] }), []);
    assert.deepEqual(fieldsOf({ hours: {}, exceptions: [{ date: '2026-02-29' }] }), [
      'body.exceptions.0.date',
    ]);
  });

  it('parses into a HotlineError naming the first field, with every problem', () => {
    assert.throws(
      () =>
        parseSchedule({ timeZone: 'Mars/Olympus', hours: { mon: day('18:00', '09:00') } }, 'body'),
      (error) =>
        isHotlineError(error, 'invalid-input') &&
        error.field === 'body.timeZone' &&
        error.problems?.length === 2 &&
        /\(and 1 more\)/.test(error.message),
    );
  });
});
