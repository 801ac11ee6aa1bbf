// A named schedule as data: the opening hours `schedule` nodes refer to by name, kept once for
// every flow that asks "are we open?" (a time zone, hours per weekday, and dated exceptions such
// as public holidays). Checked here, so the API and the interpreter agree on what one means.
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { HotlineError } from '../../platform/index.ts';
import { schemaProblems, type FieldProblem } from '../schema-problems.ts';
import {
  CLOCK_PATTERN,
  DATE_PATTERN,
  WEEKDAYS,
  clockSeconds,
  isValidTimeZone,
  type BusinessHours,
  type TimeWindow,
} from './business-hours.ts';

const Range = Type.Object(
  {
    from: Type.String({ pattern: CLOCK_PATTERN, description: 'HH:MM, inclusive, e.g. 09:00' }),
    to: Type.String({
      pattern: CLOCK_PATTERN,
      description: 'HH:MM, exclusive; 24:00 for the end of the day',
    }),
  },
  { additionalProperties: false },
);

const Ranges = Type.Array(Range, {
  maxItems: 8,
  description: 'Open ranges in order, not overlapping (none: closed all day).',
});

export const ScheduleException = Type.Object(
  {
    date: Type.String({ pattern: DATE_PATTERN, description: 'YYYY-MM-DD in the schedule’s zone' }),
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'e.g. 国庆节 National Day' }),
    ),
    hours: Type.Optional(
      Type.Array(Range, {
        maxItems: 8,
        description:
          'The hours of that date instead of its weekday’s; left out or empty: closed all day.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ScheduleException = Static<typeof ScheduleException>;

export const ScheduleDocument = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 500 })),
    timeZone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'An IANA time zone, e.g. Asia/Shanghai; left out: the center’s own.',
      }),
    ),
    hours: Type.Object(
      {
        mon: Type.Optional(Ranges),
        tue: Type.Optional(Ranges),
        wed: Type.Optional(Ranges),
        thu: Type.Optional(Ranges),
        fri: Type.Optional(Ranges),
        sat: Type.Optional(Ranges),
        sun: Type.Optional(Ranges),
      },
      {
        additionalProperties: false,
        description: 'Open ranges per weekday (mon…sun); a day left out is closed.',
      },
    ),
    exceptions: Type.Optional(
      Type.Array(ScheduleException, {
        maxItems: 366,
        description: 'Dates whose hours replace the weekday’s: holidays, half days.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ScheduleDocument = Static<typeof ScheduleDocument>;

const check = Compile(ScheduleDocument);

/** The problems of a schedule, fields under `prefix` (`body.hours.mon.1.from`). */
export function scheduleProblems(doc: unknown, prefix = ''): FieldProblem[] {
  const at = (field: string) => [prefix, field].filter((p) => p !== '').join('.');
  if (!check.Check(doc)) return schemaProblems(ScheduleDocument, check.Errors(doc), prefix);
  const problems: FieldProblem[] = [];
  if (doc.timeZone !== undefined && !isValidTimeZone(doc.timeZone))
    problems.push({
      field: at('timeZone'),
      message: `unknown time zone "${doc.timeZone}" (use an IANA name such as Asia/Shanghai)`,
    });
  for (const day of WEEKDAYS)
    problems.push(...rangeProblems(doc.hours[day] ?? [], at(`hours.${day}`)));
  const seen = new Map<string, number>();
  (doc.exceptions ?? []).forEach((exception, i) => {
    const field = at(`exceptions.${i}`);
    if (!isRealDate(exception.date))
      problems.push({ field: `${field}.date`, message: `${exception.date} is not a date` });
    const first = seen.get(exception.date);
    if (first !== undefined)
      problems.push({
        field: `${field}.date`,
        message: `${exception.date} is already exception ${first}; give each date once`,
      });
    else seen.set(exception.date, i);
    problems.push(...rangeProblems(exception.hours ?? [], `${field}.hours`));
  });
  return problems;
}

/** A valid schedule, or a HotlineError('invalid-input') naming the first field at fault. */
export function parseSchedule(doc: unknown, prefix = ''): ScheduleDocument {
  const problems = scheduleProblems(doc, prefix);
  if (problems.length === 0) return doc as ScheduleDocument;
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new HotlineError('invalid-input', `${first.field}: ${first.message}${more}`, {
    field: first.field,
    problems,
  });
}

/** What the interpreter tests an instant against; a schedule without a zone takes `timeZone`. */
export function scheduleHours(doc: ScheduleDocument, timeZone: string): BusinessHours {
  return {
    timeZone: doc.timeZone ?? timeZone,
    hours: doc.hours,
    exceptions: (doc.exceptions ?? []).map((e) => ({ date: e.date, hours: e.hours ?? [] })),
  };
}

/** Each range starts before it ends, and after the one before it has ended. */
function rangeProblems(ranges: readonly TimeWindow[], field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  ranges.forEach((range, i) => {
    if (clockSeconds(range.from) >= clockSeconds(range.to))
      problems.push({
        field: `${field}.${i}.to`,
        message: `must be after from (${range.from}); a range cannot cross midnight (end it at 24:00 and start the next day at 00:00)`,
      });
    const before = ranges[i - 1];
    if (before && clockSeconds(range.from) < clockSeconds(before.to))
      problems.push({
        field: `${field}.${i}.from`,
        message: `${range.from} is before the end of the range before it (${before.to}); give the ranges in order, without overlaps`,
      });
  });
  return problems;
}

/** `YYYY-MM-DD` that the calendar has (no 30 February). */
function isRealDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
