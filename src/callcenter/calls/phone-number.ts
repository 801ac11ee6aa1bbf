// Caller and dialed numbers as the edge presents them ("013812345678",
// "+86 10 6234 5678", "1001"), normalized to E.164 with libphonenumber-js so
// a customer is found by one spelling of their number. Short numbers are
// internal extensions and stay as they are.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export interface PhoneNumber {
  /** As presented, trimmed. */
  raw: string;
  /** E.164 (`+8613812345678`) when the number is a valid public number. */
  e164?: string;
  kind: 'public' | 'internal' | 'unknown';
}

/** Extensions and service codes: at most this many digits. */
const INTERNAL_MAX_DIGITS = 6;

export function normalizePhoneNumber(raw: string, defaultCountry: CountryCode = 'CN'): PhoneNumber {
  const trimmed = raw.trim();
  if (/^[0-9*#]{1,6}$/.test(trimmed) && trimmed.length <= INTERNAL_MAX_DIGITS) {
    return { raw: trimmed, kind: 'internal' };
  }
  // "00" is the international prefix in China (and most of the world); libphonenumber handles it
  // when the default country says so.
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (parsed?.isValid()) return { raw: trimmed, e164: parsed.number, kind: 'public' };
  return { raw: trimmed, kind: 'unknown' };
}
