import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidTimeZone, localTime, scheduleState, type BusinessHours } from './business-hours.ts';

const weekdays: BusinessHours['hours'] = {
  mon: [{ from: '09:00', to: '18:00' }],
  tue: [{ from: '09:00', to: '18:00' }],
  wed: [{ from: '09:00', to: '18:00' }],
  thu: [{ from: '09:00', to: '18:00' }],
  fri: [
    { from: '09:00', to: '12:00' },
    { from: '13:00', to: '18:00' },
  ],
  sat: [{ from: '10:00', to: '24:00' }],
};
const shanghai: BusinessHours = {
  timeZone: 'Asia/Shanghai',
  hours: weekdays,
  holidays: ['2026-10-01'],
};
const utc = (iso: string) => Date.parse(`${iso}Z`);

describe('localTime', () => {
  it('reads the wall clock of the zone, midnight as 00', () => {
    assert.deepEqual(localTime(utc('2026-01-04T16:00:00'), 'Asia/Shanghai'), {
      date: '2026-01-05',
      weekday: 'mon',
      secondsOfDay: 0,
    });
    assert.deepEqual(localTime(utc('2026-01-05T00:59:59'), 'Asia/Shanghai'), {
      date: '2026-01-05',
      weekday: 'mon',
      secondsOfDay: 8 * 3600 + 59 * 60 + 59,
    });
  });

  it('knows which zones exist', () => {
    assert.equal(isValidTimeZone('Europe/London'), true);
    assert.equal(isValidTimeZone('Asia/Beijing'), false);
  });
});

describe('scheduleState at the boundaries (Asia/Shanghai, UTC+8)', () => {
  const cases: [string, string, string][] = [
    ['2026-01-05T00:59:59', 'closed', 'Monday 08:59:59'],
    ['2026-01-05T01:00:00', 'open', 'Monday 09:00:00'],
    ['2026-01-05T09:59:59', 'open', 'Monday 17:59:59'],
    ['2026-01-05T10:00:00', 'closed', 'Monday 18:00:00 (the end is exclusive)'],
    ['2026-01-09T04:00:00', 'closed', 'Friday 12:00 (lunch)'],
    ['2026-01-09T05:00:00', 'open', 'Friday 13:00'],
    ['2026-01-10T15:59:59', 'open', 'Saturday 23:59:59 (window to 24:00)'],
    ['2026-01-10T16:00:00', 'closed', 'Sunday 00:00 (no hours on Sunday)'],
    ['2026-10-01T02:00:00', 'holiday', 'Thursday 10:00 on a holiday'],
    ['2026-09-30T15:59:59', 'closed', 'the eve of the holiday, 23:59:59 local'],
    ['2026-09-30T16:00:00', 'holiday', 'the holiday from 00:00 local, still 30 Sep in UTC'],
  ];
  for (const [at, state, what] of cases)
    it(`${what} is ${state}`, () => assert.equal(scheduleState(utc(at), shanghai), state));
});

describe('scheduleState across daylight saving time (Europe/London)', () => {
  const london: BusinessHours = {
    timeZone: 'Europe/London',
    hours: { mon: [{ from: '09:00', to: '17:00' }], sun: [{ from: '02:00', to: '03:00' }] },
  };
  it('opens at 09:00 GMT in winter (09:00 UTC)', () => {
    assert.equal(scheduleState(utc('2026-03-23T08:59:59'), london), 'closed');
    assert.equal(scheduleState(utc('2026-03-23T09:00:00'), london), 'open');
  });
  it('opens at 09:00 BST in summer (08:00 UTC)', () => {
    assert.equal(scheduleState(utc('2026-03-30T07:59:59'), london), 'closed');
    assert.equal(scheduleState(utc('2026-03-30T08:00:00'), london), 'open');
    assert.equal(scheduleState(utc('2026-03-30T15:59:59'), london), 'open');
    assert.equal(scheduleState(utc('2026-03-30T16:00:00'), london), 'closed');
  });
  it('on the night the clocks go forward, 01:00 UTC is 02:00 BST', () => {
    assert.equal(scheduleState(utc('2026-03-29T00:59:59'), london), 'closed');
    assert.equal(scheduleState(utc('2026-03-29T01:00:00'), london), 'open');
  });
});
