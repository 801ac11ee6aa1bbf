// Chinese (Mandarin) say rules: numbers with 十/百/千/万/亿 and 零, 两 where speakers say it,
// 幺 for 1 in digit strings, amounts in 元/角/分, dates 年月日, 24-hour times 点/分.
import type {
  ParsedAmount,
  ParsedDate,
  ParsedNumber,
  ParsedTime,
  SaySymbol,
} from './say-values.ts';

const ZERO = 'digits/0';
const LIANG = 'number/liang';
const TEN = 'number/10';

function digit(d: number): string {
  return `digits/${d}`;
}

/**
 * Digit strings one by one, reading 1 as 幺 (yāo): over the phone 一 (yī) is easily confused with
 * 七 (qī), so Chinese telephony and aviation say 幺. Letters keep their (English) names.
 */
export function zhSymbols(symbols: readonly SaySymbol[]): string[] {
  return symbols.map((symbol) => {
    if (symbol === '1') return 'digits/yao';
    if (symbol === '*') return 'digits/star';
    if (symbol === '#') return 'digits/pound';
    if (/^[0-9]$/.test(symbol)) return digit(Number(symbol));
    return `letters/${symbol.toLowerCase()}`;
  });
}

/**
 * A whole number up to 9999亿9999万9999. Groups of four digits are read with 亿 and 万; one 零
 * stands for any run of zeros between spoken digits (1005 一千零五, 100000005 一亿零五); a
 * leading 一十 is said 十 (10 十, 15 十五, 100000 十万) but stays inside (110 一百一十).
 * 两 replaces 二 before 百 and 千, and as the whole multiplier of 万 or 亿 (两百, 两千, 两万),
 * as it is spoken; 二 stays before 十 and as a final digit (二十二, 十二).
 */
export function zhInteger(n: number): string[] {
  if (n === 0) return [ZERO];
  const groups: readonly [number, string | null][] = [
    [Math.floor(n / 1e8), 'number/hundred-million'],
    [Math.floor(n / 1e4) % 1e4, 'number/ten-thousand'],
    [n % 1e4, null],
  ];
  const out: string[] = [];
  let zeroPending = false;
  for (const [group, unit] of groups) {
    if (group === 0) {
      if (out.length > 0) zeroPending = true;
      continue;
    }
    if (out.length > 0 && (zeroPending || group < 1000)) out.push(ZERO);
    zeroPending = false;
    if (group === 2 && unit !== null) out.push(LIANG);
    else out.push(...zhGroup(group, out.length === 0));
    if (unit !== null) out.push(unit);
  }
  return out;
}

/** One group of up to four digits (千百十个); `leading` when nothing has been said before it. */
function zhGroup(group: number, leading: boolean): string[] {
  const digits = [
    Math.floor(group / 1000),
    Math.floor(group / 100) % 10,
    Math.floor(group / 10) % 10,
    group % 10,
  ];
  const out: string[] = [];
  let zero = false;
  digits.forEach((d, position) => {
    if (d === 0) {
      if (out.length > 0) zero = true;
      return;
    }
    if (zero) out.push(ZERO);
    zero = false;
    if (position === 0) out.push(d === 2 ? LIANG : digit(d), 'number/thousand');
    else if (position === 1) out.push(d === 2 ? LIANG : digit(d), 'number/hundred');
    else if (position === 2) {
      if (d === 1 && !(leading && out.length === 0)) out.push(digit(1), TEN);
      else out.push(`number/${d * 10}`);
    } else out.push(digit(d));
  });
  return out;
}

/** Decimal numbers: 负, the integer, then 点 and the fraction digit by digit (3.14 三点一四). */
export function zhNumber(number: ParsedNumber): string[] {
  const out = number.negative ? ['number/minus'] : [];
  out.push(...zhInteger(number.integer));
  if (number.fraction !== '') {
    out.push('number/point', ...[...number.fraction].map((d) => digit(Number(d))));
  }
  return out;
}

/** A count before a measure word: 2 alone is 两 (两元, 两点), otherwise the number as usual. */
function zhCount(n: number): string[] {
  return n === 2 ? [LIANG] : zhInteger(n);
}

/**
 * 元, 角 and 分 (12.50 十二元五角, 12.05 十二元零五分, 0.50 五角); 零 marks a missing 角 between
 * 元 and 分; nothing at all is 零元.
 */
export function zhAmount(amount: ParsedAmount): string[] {
  const jiao = Math.floor(amount.fen / 10);
  const fen = amount.fen % 10;
  const out: string[] = [];
  if (amount.yuan > 0) out.push(...zhCount(amount.yuan), 'currency/yuan');
  if (jiao > 0) out.push(...zhCount(jiao), 'currency/jiao');
  if (fen > 0) {
    if (jiao === 0 && amount.yuan > 0) out.push(ZERO);
    out.push(...zhCount(fen), 'currency/fen');
  }
  return out.length === 0 ? [ZERO, 'currency/yuan'] : out;
}

/** 2026-12-01 二〇二六年十二月一日: the year digit by digit (〇 is said 零), the day as a number. */
export function zhDate(date: ParsedDate): string[] {
  return [
    ...[...String(date.year)].map((d) => digit(Number(d))),
    'date/year',
    `month/${date.month}`,
    ...zhInteger(date.day),
    'date/day',
  ];
}

/**
 * The 24-hour clock, as timetables and flight announcements say it: 14:05 十四点零五分,
 * 02:30 两点三十分, 14:00 十四点整, 00:10 零点十分.
 */
export function zhTime(time: ParsedTime): string[] {
  const out = [...zhCount(time.hour), 'time/hour'];
  if (time.minute === 0) out.push('time/oclock');
  else {
    if (time.minute < 10) out.push(ZERO);
    out.push(...zhInteger(time.minute), 'time/minute');
  }
  return out;
}
