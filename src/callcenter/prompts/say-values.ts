// Parsing of the values the `say` rules speak: each kind's accepted forms, rejected with a
// HotlineError `invalid-input` (field `value`) that says what was expected.
import { HotlineError } from '../../platform/index.ts';
import type { SayKind } from './prompt-ref.ts';

/** A parsed decimal number: sign, integer part and the fraction's digits as written. */
export interface ParsedNumber {
  readonly negative: boolean;
  readonly integer: number;
  readonly fraction: string;
}

/** An amount in yuan and fen (hundredths). */
export interface ParsedAmount {
  readonly yuan: number;
  readonly fen: number;
}

export interface ParsedDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface ParsedTime {
  readonly hour: number;
  readonly minute: number;
}

/**
 * One symbol of a digit string or a flight number: a digit, a letter (`A`–`Z`) or a keypad key
 * (`*`, `#`).
 */
export type SaySymbol = string;

/** 999,999,999,999: the largest integer both languages' rules name (9999亿…, 999 billion…). */
export const MAX_SAY_INTEGER = 999_999_999_999;
const MAX_DIGITS = 64;
const MAX_FRACTION_DIGITS = 10;

function invalid(kind: SayKind, value: string, expected: string): never {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  throw new HotlineError(
    'invalid-input',
    `Cannot say "${shown}" as ${kind}: expected ${expected}.`,
    {
      field: 'value',
    },
  );
}

/** Phone numbers and keypad input: digits, `*` and `#`; spaces and hyphens are ignored. */
export function parseDigits(value: string): SaySymbol[] {
  const compact = value.replace(/[\s-]/g, '');
  if (!/^[0-9*#]+$/.test(compact) || compact.length > MAX_DIGITS) {
    invalid('digits', value, `1 to ${MAX_DIGITS} of 0-9, * and # (spaces and hyphens allowed)`);
  }
  return [...compact];
}

/** `-1,234.5`, `1005`, `0.25`: thousands commas must group by three. */
export function parseNumber(value: string): ParsedNumber {
  const match = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(value);
  const expected = `a decimal number such as 1005, -12, 1,234.5 (at most ${MAX_SAY_INTEGER})`;
  if (match === null) invalid('number', value, expected);
  const integer = Number(match[2]!.replaceAll(',', ''));
  const fraction = match[3] ?? '';
  if (integer > MAX_SAY_INTEGER || fraction.length > MAX_FRACTION_DIGITS) {
    invalid('number', value, expected);
  }
  return {
    negative: match[1] === '-' && (integer > 0 || /[1-9]/.test(fraction)),
    integer,
    fraction,
  };
}

/** Yuan with at most two decimals: `12.50`, `12.5`, `1,200`, `0.05`. */
export function parseAmount(value: string): ParsedAmount {
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(value);
  const expected = `a non-negative amount with at most two decimals, such as 12.50 (at most ${MAX_SAY_INTEGER})`;
  if (match === null) invalid('amount', value, expected);
  const yuan = Number(match[1]!.replaceAll(',', ''));
  if (yuan > MAX_SAY_INTEGER) invalid('amount', value, expected);
  const fen = Number((match[2] ?? '0').padEnd(2, '0'));
  return { yuan, fen };
}

/** ISO 8601 calendar date `YYYY-MM-DD` (years 1000–9999), checked against the calendar. */
export function parseDate(value: string): ParsedDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const expected = 'a calendar date YYYY-MM-DD such as 2026-12-01';
  if (match === null) invalid('date', value, expected);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    invalid('date', value, expected);
  }
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** 24-hour `H:MM` or `HH:MM` (seconds, if given, are not spoken). */
export function parseTime(value: string): ParsedTime {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  const expected = 'a 24-hour time HH:MM such as 14:05';
  if (match === null) invalid('time', value, expected);
  const [hour, minute, second] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) invalid('time', value, expected);
  return { hour, minute };
}

/**
 * IATA (MU5101, 3U8633, CA981) or ICAO (CES5101) flight numbers: a two-character or three-letter
 * designator, one to four digits and an optional operational suffix letter (IATA Resolution 762).
 */
export function parseFlightNumber(value: string): SaySymbol[] {
  const compact = value.replace(/\s/g, '').toUpperCase();
  const match = /^([A-Z]{2,3}|[A-Z]\d|\d[A-Z])(\d{1,4})([A-Z])?$/.exec(compact);
  if (match === null) {
    invalid('flight-number', value, 'an airline code and 1 to 4 digits such as MU5101 or CES5101');
  }
  return [...compact];
}
