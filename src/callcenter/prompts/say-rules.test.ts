// The say rules in both languages, checked through the catalogue texts the prompts say.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../../platform/index.ts';
import { catalogueEntry, sayPrompts, type Language, type SayKind } from './index.ts';

/** What a caller hears: the catalogue texts of the prompts, joined. Every prompt must exist. */
function heard(kind: SayKind, value: string, language: Language): string {
  const refs = sayPrompts(kind, value, language);
  return refs
    .map((ref) => {
      assert.equal(ref.kind, 'prompt');
      const entry = ref.kind === 'prompt' ? catalogueEntry(ref.name) : undefined;
      assert.ok(
        entry,
        `say ${kind} ${value} (${language}) uses an unknown prompt ${JSON.stringify(ref)}`,
      );
      return entry.text[language];
    })
    .join(language === 'zh' ? '' : ' ');
}

function cases(kind: SayKind, language: Language, table: Record<string, string>): void {
  for (const [value, expected] of Object.entries(table)) {
    assert.equal(heard(kind, value, language), expected, `${kind} ${value} in ${language}`);
  }
}

function rejects(kind: SayKind, value: string, field = 'value'): void {
  assert.throws(
    () => sayPrompts(kind, value, 'zh'),
    (error: unknown) =>
      isHotlineError(error, 'invalid-input') &&
      error.field === field &&
      error.message.includes(kind),
    `${kind} ${JSON.stringify(value)} must be rejected`,
  );
}

describe('say rules, Chinese', () => {
  it('reads numbers with 十百千万亿, 零 and 两', () => {
    cases('number', 'zh', {
      '0': '零',
      '2': '二',
      '7': '七',
      '10': '十',
      '12': '十二',
      '15': '十五',
      '20': '二十',
      '22': '二十二',
      '100': '一百',
      '101': '一百零一',
      '110': '一百一十',
      '115': '一百一十五',
      '200': '两百',
      '222': '两百二十二',
      '1000': '一千',
      '1005': '一千零五',
      '1010': '一千零一十',
      '1200': '一千两百',
      '2000': '两千',
      '2222': '两千两百二十二',
      '10000': '一万',
      '10005': '一万零五',
      '10200': '一万零两百',
      '20000': '两万',
      '22000': '两万两千',
      '100000': '十万',
      '120000': '十二万',
      '1,000,000': '一百万',
      '12345678': '一千两百三十四万五千六百七十八',
      '100000000': '一亿',
      '100000005': '一亿零五',
      '100050000': '一亿零五万',
      '200000000': '两亿',
      '1000010000': '十亿零一万',
      '999999999999': '九千九百九十九亿九千九百九十九万九千九百九十九',
    });
  });

  it('reads decimals and negatives with 点 and 负', () => {
    cases('number', 'zh', {
      '3.14': '三点一四',
      '0.5': '零点五',
      '10.01': '十点零一',
      '-12': '负十二',
      '-0.0': '零点零',
      '1,234.5': '一千两百三十四点五',
    });
  });

  it('reads digit strings one by one with 幺 for 1', () => {
    cases('digits', 'zh', {
      '4008001000': '四零零八零零幺零零零',
      '110': '幺幺零',
      '138 0013-8000': '幺三八零零幺三八零零零',
      '12*#': '幺二星号井号',
    });
  });

  it('reads flight numbers as letters then digits', () => {
    cases('flight-number', 'zh', {
      MU5101: 'MU五幺零幺',
      ca981: 'CA九八幺',
      '3U8633': '三U八六三三',
      CES5101: 'CES五幺零幺',
      'MU 5101A': 'MU五幺零幺A',
    });
  });

  it('reads amounts in 元角分', () => {
    cases('amount', 'zh', {
      '12.50': '十二元五角',
      '12.5': '十二元五角',
      '12.05': '十二元零五分',
      '12.55': '十二元五角五分',
      '12': '十二元',
      '2': '两元',
      '2.22': '两元两角两分',
      '0.50': '五角',
      '0.05': '五分',
      '0': '零元',
      '1,200.00': '一千两百元',
      '100.5': '一百元五角',
    });
  });

  it('reads dates as 年月日 with the year digit by digit', () => {
    cases('date', 'zh', {
      '2026-12-01': '二零二六年十二月一日',
      '2000-02-29': '二零零零年二月二十九日',
      '1999-10-10': '一九九九年十月十日',
      '2024-06-22': '二零二四年六月二十二日',
    });
  });

  it('reads 24-hour times with 点 and 分', () => {
    cases('time', 'zh', {
      '14:05': '十四点零五分',
      '14:00': '十四点整',
      '2:30': '两点三十分',
      '02:02': '两点零二分',
      '00:10': '零点十分',
      '12:45': '十二点四十五分',
      '22:20': '二十二点二十分',
      '23:59:59': '二十三点五十九分',
    });
  });
});

describe('say rules, English', () => {
  it('reads cardinal numbers', () => {
    cases('number', 'en', {
      '0': 'zero',
      '7': 'seven',
      '10': 'ten',
      '13': 'thirteen',
      '20': 'twenty',
      '21': 'twenty one',
      '99': 'ninety nine',
      '100': 'one hundred',
      '105': 'one hundred five',
      '110': 'one hundred ten',
      '1005': 'one thousand five',
      '1,005': 'one thousand five',
      '2000': 'two thousand',
      '12345': 'twelve thousand three hundred forty five',
      '1000000': 'one million',
      '2000020': 'two million twenty',
      '1000000001': 'one billion one',
      '999999999999':
        'nine hundred ninety nine billion nine hundred ninety nine million nine hundred ninety nine thousand nine hundred ninety nine',
      '3.14': 'three point one four',
      '-12': 'minus twelve',
      '0.05': 'zero point zero five',
    });
  });

  it('reads digit strings and flight numbers one by one', () => {
    cases('digits', 'en', {
      '4008001000': 'four zero zero eight zero zero one zero zero zero',
      '1-2': 'one two',
      '*9#': 'star nine pound',
    });
    cases('flight-number', 'en', {
      MU5101: 'M U five one zero one',
      '3U8633': 'three U eight six three three',
      CA981: 'C A nine eight one',
    });
  });

  it('reads amounts in yuan', () => {
    cases('amount', 'en', {
      '12.50': 'twelve yuan fifty',
      '12.05': 'twelve yuan oh five',
      '12': 'twelve yuan',
      '1,200.99': 'one thousand two hundred yuan ninety nine',
      '0.50': 'fifty fen',
      '0.07': 'seven fen',
      '0': 'zero yuan',
    });
  });

  it('reads dates as month, ordinal day, year in pairs', () => {
    cases('date', 'en', {
      '2026-12-01': 'December first twenty twenty six',
      '2026-03-22': 'March twenty second twenty twenty six',
      '2026-01-30': 'January thirtieth twenty twenty six',
      '2026-07-31': 'July thirty first twenty twenty six',
      '2026-05-20': 'May twentieth twenty twenty six',
      '2026-05-12': 'May twelfth twenty twenty six',
      '2005-11-11': 'November eleventh two thousand five',
      '2000-02-29': 'February twenty ninth two thousand',
      '1999-12-31': 'December thirty first nineteen ninety nine',
      '1905-04-03': 'April third nineteen oh five',
      '1900-01-01': 'January first nineteen hundred',
      '2010-08-08': 'August eighth twenty ten',
    });
  });

  it('reads 12-hour times with a.m. and p.m.', () => {
    cases('time', 'en', {
      '14:05': 'two oh five p.m.',
      '14:00': 'two p.m.',
      '09:30': 'nine thirty a.m.',
      '0:00': 'twelve a.m.',
      '12:00': 'twelve p.m.',
      '12:15': 'twelve fifteen p.m.',
      '23:59': 'eleven fifty nine p.m.',
      '11:11': 'eleven eleven a.m.',
    });
  });
});

describe('say rules, invalid values', () => {
  it('rejects values each kind cannot say, naming the field', () => {
    for (const value of ['', '12a', '+86 10', '1'.repeat(65)]) rejects('digits', value);
    for (const value of ['', 'abc', '1.', '.5', '1,00', '12,3456', '1e5', '1000000000000', '--1']) {
      rejects('number', value);
    }
    for (const value of ['-1', '1.234', '12.', 'ten', '1000000000000.00']) rejects('amount', value);
    for (const value of [
      '2026-02-30',
      '2025-02-29',
      '2026-13-01',
      '2026-00-10',
      '26-12-01',
      '0999-01-01',
      '2026/12/01',
    ]) {
      rejects('date', value);
    }
    for (const value of ['24:00', '12:60', '7', '1:5', '12:00:61', 'noon']) rejects('time', value);
    for (const value of ['5101', 'M', 'MU', 'MU51012', 'MU-5101', '中国5101']) {
      rejects('flight-number', value);
    }
  });

  it('rejects an unknown kind or language', () => {
    assert.throws(
      () => sayPrompts('colour' as SayKind, '1', 'zh'),
      (error: unknown) => isHotlineError(error, 'invalid-input') && error.field === 'kind',
    );
    assert.throws(
      () => sayPrompts('number', '1', 'fr' as Language),
      (error: unknown) => isHotlineError(error, 'invalid-input') && error.field === 'language',
    );
  });

  it('says the value in the message and what was expected', () => {
    assert.throws(
      () => sayPrompts('date', '2026-02-30', 'en'),
      /"2026-02-30" as date: expected a calendar date YYYY-MM-DD/,
    );
  });
});
