// The schedule form's values and the API's schedule document, each way: ranges per weekday and
// exceptions as rows the form edits, the PUT body with empty texts and closed days left out,
// and every field path a server complaint can land on.
import type {
  ScheduleDocument,
  ScheduleException,
  ScheduleRange,
  ScheduleView,
} from '../../api/types.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface ScheduleFormValues {
  name: string;
  description: string;
  timeZone: string;
  hours: Record<Weekday, ScheduleRange[]>;
  exceptions: { date: string; name: string; hours: ScheduleRange[] }[];
}

/** The form's values for a stored schedule, or a blank one (closed every day). */
export function scheduleFormValues(view?: ScheduleView): ScheduleFormValues {
  const doc = view?.document;
  return {
    name: view?.name ?? '',
    description: doc?.description ?? '',
    timeZone: doc?.timeZone ?? '',
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d, [...(doc?.hours[d] ?? [])]])) as Record<
      Weekday,
      ScheduleRange[]
    >,
    exceptions: (doc?.exceptions ?? []).map((e) => ({
      date: e.date,
      name: e.name ?? '',
      hours: [...(e.hours ?? [])],
    })),
  };
}

/** The PUT body: empty texts left out, a day without ranges left out (closed). */
export function scheduleBody(values: ScheduleFormValues): ScheduleDocument {
  const range = (r: ScheduleRange) => ({ from: r.from.trim(), to: r.to.trim() });
  const hours: ScheduleDocument['hours'] = {};
  for (const day of WEEKDAYS)
    if (values.hours[day].length > 0) hours[day] = values.hours[day].map(range);
  const exceptions = values.exceptions.map((e): ScheduleException => {
    const name = e.name.trim();
    return {
      date: e.date.trim(),
      ...(name ? { name } : {}),
      ...(e.hours.length > 0 ? { hours: e.hours.map(range) } : {}),
    };
  });
  const description = values.description.trim();
  const timeZone = values.timeZone.trim();
  return {
    ...(description ? { description } : {}),
    ...(timeZone ? { timeZone } : {}),
    hours,
    ...(exceptions.length > 0 ? { exceptions } : {}),
  };
}

/** Every field of the form a server complaint can land on. */
export function scheduleFormPaths(values: ScheduleFormValues): string[] {
  const ranges = (prefix: string, list: ScheduleRange[]) => [
    prefix,
    ...list.flatMap((_, i) => [`${prefix}.${i}.from`, `${prefix}.${i}.to`]),
  ];
  return [
    'name',
    'description',
    'timeZone',
    'hours',
    ...WEEKDAYS.flatMap((d) => ranges(`hours.${d}`, values.hours[d])),
    'exceptions',
    ...values.exceptions.flatMap((e, i) => [
      `exceptions.${i}`,
      `exceptions.${i}.date`,
      `exceptions.${i}.name`,
      ...ranges(`exceptions.${i}.hours`, e.hours),
    ]),
  ];
}
