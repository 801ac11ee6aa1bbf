// The `say` rules: a value (digits, number, amount, date, time, flight number) parsed, then spoken
// as a concatenation of catalogue prompts by the Chinese or the English rules.
import { HotlineError } from '../../platform/index.ts';
import { LANGUAGES, SAY_KINDS, type Language, type PromptRef, type SayKind } from './prompt-ref.ts';
import { enAmount, enDate, enNumber, enSymbols, enTime } from './say-en.ts';
import {
  parseAmount,
  parseDate,
  parseDigits,
  parseFlightNumber,
  parseNumber,
  parseTime,
} from './say-values.ts';
import { zhAmount, zhDate, zhNumber, zhSymbols, zhTime } from './say-zh.ts';

/**
 * The catalogue prompts that speak `value` as a `kind` in `language`, to be played in order.
 * Throws a HotlineError `invalid-input` (field `value`, `kind` or `language`) for what it cannot say.
 */
export function sayPrompts(kind: SayKind, value: string, language: Language): PromptRef[] {
  if (!(LANGUAGES as readonly string[]).includes(language)) {
    throw new HotlineError(
      'invalid-input',
      `Cannot say in language "${String(language)}": use one of ${LANGUAGES.join(', ')}.`,
      { field: 'language' },
    );
  }
  if (typeof value !== 'string') {
    throw new HotlineError('invalid-input', `The value to say must be a string.`, {
      field: 'value',
    });
  }
  const zh = language === 'zh';
  const trimmed = value.trim();
  let names: string[];
  switch (kind) {
    case 'digits': {
      const symbols = parseDigits(trimmed);
      names = zh ? zhSymbols(symbols) : enSymbols(symbols);
      break;
    }
    case 'number': {
      const number = parseNumber(trimmed);
      names = zh ? zhNumber(number) : enNumber(number);
      break;
    }
    case 'amount': {
      const amount = parseAmount(trimmed);
      names = zh ? zhAmount(amount) : enAmount(amount);
      break;
    }
    case 'date': {
      const date = parseDate(trimmed);
      names = zh ? zhDate(date) : enDate(date);
      break;
    }
    case 'time': {
      const time = parseTime(trimmed);
      names = zh ? zhTime(time) : enTime(time);
      break;
    }
    case 'flight-number': {
      const symbols = parseFlightNumber(trimmed);
      names = zh ? zhSymbols(symbols) : enSymbols(symbols);
      break;
    }
    default:
      throw new HotlineError(
        'invalid-input',
        `Cannot say a "${String(kind)}": use one of ${SAY_KINDS.join(', ')}.`,
        { field: 'kind' },
      );
  }
  return names.map((name) => ({ kind: 'prompt', name }));
}
