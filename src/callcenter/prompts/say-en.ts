// English say rules (American usage): cardinal numbers without "and", digits one by one, amounts
// "twelve yuan fifty", dates "December first, twenty twenty-six", 12-hour times "two oh five p.m.".
import type {
  ParsedAmount,
  ParsedDate,
  ParsedNumber,
  ParsedTime,
  SaySymbol,
} from './say-values.ts';

function digit(d: number): string {
  return `digits/${d}`;
}

/** Digits, keypad keys and letters one by one (flight numbers: M U five one zero one). */
export function enSymbols(symbols: readonly SaySymbol[]): string[] {
  return symbols.map((symbol) => {
    if (symbol === '*') return 'digits/star';
    if (symbol === '#') return 'digits/pound';
    if (/^[0-9]$/.test(symbol)) return digit(Number(symbol));
    return `letters/${symbol.toLowerCase()}`;
  });
}

/** 1..99: one, eleven, twenty, twenty-one. */
function under100(n: number): string[] {
  if (n < 10) return [digit(n)];
  if (n < 20) return [`number/${n}`];
  const ones = n % 10;
  return ones === 0 ? [`number/${n}`] : [`number/${n - ones}`, digit(ones)];
}

/** 1..999: one hundred five, three hundred twenty. */
function under1000(n: number): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const out = hundreds > 0 ? [digit(hundreds), 'number/hundred'] : [];
  if (rest > 0) out.push(...under100(rest));
  return out;
}

/** A whole number up to 999 billion: 1005 "one thousand five", 2000000 "two million". */
export function enInteger(n: number): string[] {
  if (n === 0) return [digit(0)];
  const scales: readonly [number, string | null][] = [
    [Math.floor(n / 1e9), 'number/billion'],
    [Math.floor(n / 1e6) % 1000, 'number/million'],
    [Math.floor(n / 1e3) % 1000, 'number/thousand'],
    [n % 1000, null],
  ];
  const out: string[] = [];
  for (const [group, scale] of scales) {
    if (group === 0) continue;
    out.push(...under1000(group));
    if (scale !== null) out.push(scale);
  }
  return out;
}

/** Decimals are read digit by digit after "point": 3.14 "three point one four". */
export function enNumber(number: ParsedNumber): string[] {
  const out = number.negative ? ['number/minus'] : [];
  out.push(...enInteger(number.integer));
  if (number.fraction !== '') {
    out.push('number/point', ...[...number.fraction].map((d) => digit(Number(d))));
  }
  return out;
}

/**
 * "twelve yuan fifty" (12.50), "twelve yuan oh five" (12.05), "twelve yuan" (12), "fifty fen"
 * (0.50), "zero yuan" (0): the fen follow the yuan the way cents follow dollars in speech.
 */
export function enAmount(amount: ParsedAmount): string[] {
  if (amount.yuan === 0) {
    return amount.fen === 0
      ? [digit(0), 'currency/yuan']
      : [...under100(amount.fen), 'currency/fen'];
  }
  const out = [...enInteger(amount.yuan), 'currency/yuan'];
  if (amount.fen > 0)
    out.push(...(amount.fen < 10 ? ['digits/oh', digit(amount.fen)] : under100(amount.fen)));
  return out;
}

/** 1..31 as ordinals: first, twentieth, twenty-first, thirty-first. */
function ordinal(n: number): string[] {
  if (n < 20 || n % 10 === 0) return [`ordinal/${n}`];
  const ones = n % 10;
  return [`number/${n - ones}`, `ordinal/${ones}`];
}

/**
 * Years in pairs, as English speakers read them: 2026 "twenty twenty-six", 1999 "nineteen
 * ninety-nine", 1905 "nineteen oh five", 1900 "nineteen hundred", but 2000–2009 as cardinals
 * ("two thousand five").
 */
function year(y: number): string[] {
  if (y % 1000 < 10) return enInteger(y);
  const high = Math.floor(y / 100);
  const low = y % 100;
  if (low === 0) return [...under100(high), 'number/hundred'];
  return [...under100(high), ...(low < 10 ? ['digits/oh', digit(low)] : under100(low))];
}

/** 2026-12-01 "December first, twenty twenty-six". */
export function enDate(date: ParsedDate): string[] {
  return [`month/${date.month}`, ...ordinal(date.day), ...year(date.year)];
}

/**
 * The 12-hour clock: 14:05 "two oh five p.m.", 14:00 "two p.m.", 09:30 "nine thirty a.m.",
 * 00:00 "twelve a.m." (midnight), 12:00 "twelve p.m." (noon).
 */
export function enTime(time: ParsedTime): string[] {
  const hour12 = time.hour % 12 === 0 ? 12 : time.hour % 12;
  const out = under100(hour12);
  if (time.minute > 0) {
    out.push(...(time.minute < 10 ? ['digits/oh', digit(time.minute)] : under100(time.minute)));
  }
  out.push(time.hour < 12 ? 'time/am' : 'time/pm');
  return out;
}
