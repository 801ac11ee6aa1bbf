// DTMF digits: RFC 4733 §3.2 event codes and the ITU-T Q.23 row/column frequencies.

/** RFC 4733 §3.2 Table 3: events 0-15 are the DTMF digits in this order. */
export const DTMF_DIGITS = '0123456789*#ABCD';

export const DTMF_ROWS = [697, 770, 852, 941] as const;
export const DTMF_COLUMNS = [1209, 1336, 1477, 1633] as const;

// Q.23 keypad: row r, column c.
const KEYPAD = ['123A', '456B', '789C', '*0#D'] as const;

export function digitOfEvent(event: number): string | undefined {
  return event >= 0 && event < 16 ? DTMF_DIGITS[event] : undefined;
}

export function eventOfDigit(digit: string): number | undefined {
  const index = DTMF_DIGITS.indexOf(digit.toUpperCase());
  return digit.length === 1 && index >= 0 ? index : undefined;
}

export function digitAt(row: number, column: number): string | undefined {
  return KEYPAD[row]?.[column];
}

/** The row and column frequencies (Hz) of a digit. */
export function frequenciesOf(digit: string): readonly [number, number] | undefined {
  const upper = digit.toUpperCase();
  for (let r = 0; r < KEYPAD.length; r++) {
    const c = KEYPAD[r]!.indexOf(upper);
    if (c >= 0 && upper.length === 1) return [DTMF_ROWS[r]!, DTMF_COLUMNS[c]!];
  }
  return undefined;
}

export function isDtmfDigits(value: string): boolean {
  return /^[0-9*#A-Da-d]+$/.test(value);
}
