// Local wall-clock time in an IANA time zone (Intl.DateTimeFormat over the injected clock's
// now()), and the business-hours windows the schedule and branch nodes test it against: a
// weekly table, holidays closed all day, and dated exceptions with hours of their own.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface LocalTime {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  weekday: Weekday;
  /** Seconds since local midnight. */
  secondsOfDay: number;
}

/** `HH:MM`, 00:00 to 24:00 (24:00 only makes sense as the end of a window). */
export const CLOCK_PATTERN = '^(?:[01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$';
export const DATE_PATTERN = '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$';

/** A window of the day, from inclusive to exclusive: 09:00-18:00 is open at 09:00:00, closed at 18:00:00. */
export interface TimeWindow {
  from: string;
  to: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // hourCycle h23: midnight is 00, never 24 (en-US with hour12:false says 24:00:00).
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time at `epochMs` in `timeZone` (DST as the zone's rules say). */
export function localTime(epochMs: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(epochMs)) parts[part.type] = part.value;
  const weekday = (parts.weekday ?? '').toLowerCase() as Weekday;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    secondsOfDay: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
  };
}

/** Seconds since midnight of an `HH:MM`. */
export function clockSeconds(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 3600 + Number(m) * 60;
}

export function inWindow(time: LocalTime, window: TimeWindow): boolean {
  return (
    time.secondsOfDay >= clockSeconds(window.from) && time.secondsOfDay < clockSeconds(window.to)
  );
}

/** A local date whose hours replace the weekday's: none is a holiday closed all day. */
export interface DatedHours {
  /** `YYYY-MM-DD` in the schedule's zone. */
  date: string;
  hours: readonly TimeWindow[];
}

export interface BusinessHours {
  timeZone: string;
  /** Open windows per weekday; a day left out is closed all day. */
  hours: Partial<Record<Weekday, readonly TimeWindow[]>>;
  /** Local dates (`YYYY-MM-DD`) closed all day. */
  holidays?: readonly string[];
  /** Dates with hours of their own (a half day before a festival) or none (closed all day). */
  exceptions?: readonly DatedHours[];
}

export type ScheduleState = 'open' | 'closed' | 'holiday';

/**
 * Open, closed, or holiday at an instant. A date that is a holiday or has an exception is
 * decided by that alone: open within the exception's hours, otherwise `holiday` (the caller is
 * told why, not the usual closing time), whatever the weekday's hours say.
 */
export function scheduleState(epochMs: number, spec: BusinessHours): ScheduleState {
  const time = localTime(epochMs, spec.timeZone);
  if (spec.holidays?.includes(time.date)) return 'holiday';
  const exception = spec.exceptions?.find((e) => e.date === time.date);
  if (exception) return exception.hours.some((w) => inWindow(time, w)) ? 'open' : 'holiday';
  const windows = spec.hours[time.weekday] ?? [];
  return windows.some((w) => inWindow(time, w)) ? 'open' : 'closed';
}
