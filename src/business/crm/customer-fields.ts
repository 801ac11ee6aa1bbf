// Customer fields checked and normalized once, for every way in (API, CSV
// import, demo seed): phone numbers to E.164 (China by default, as calls are
// normalized), search keys folded, the ID document masked for display.
import type { CountryCode } from 'libphonenumber-js';
import { normalizePhoneNumber } from '../../callcenter/index.ts';
import type { InputProblem } from '../../platform/index.ts';
import {
  customerLanguages,
  customerTiers,
  type CustomerLanguage,
  type CustomerPatch,
  type CustomerTier,
} from './customer.ts';

/** The fields as stored, after checking: each present only when the input named it. */
export interface CustomerValues {
  name?: string;
  phones?: { e164: string; raw: string }[];
  email?: string | null;
  document?: string | null;
  birthday?: string | null;
  language?: CustomerLanguage | null;
  tier?: CustomerTier;
  tags?: string[];
  notes?: string;
  consent?: Partial<{ calls: boolean; sms: boolean; email: boolean }>;
}

/** A number a customer can be reached at, in E.164; undefined when it is not a public number. */
export function customerPhoneE164(raw: string, region: CountryCode = 'CN'): string | undefined {
  const number = normalizePhoneNumber(raw, region);
  return number.kind === 'public' ? number.e164 : undefined;
}

/** The name folded for search: NFKC (full-width → ASCII), lower case, no spaces or punctuation. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** ID documents compare without spaces, dashes or case (an 18-digit ID's final x is X). */
export function documentKey(document: string): string {
  return document.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
}

export function tagKey(tag: string): string {
  return tag.normalize('NFKC').trim().toLowerCase();
}

/** The smallest string greater than every string starting with `prefix` (for index ranges). */
export function prefixEnd(prefix: string): string {
  const points = [...prefix];
  const last = points.pop();
  if (last === undefined) return '\u{10FFFF}';
  return points.join('') + String.fromCodePoint(last.codePointAt(0)! + 1);
}

/** Only the last four characters show: enough for an agent to check it with the caller. */
export function maskDocument(document: string | null): string | null {
  if (document === null) return null;
  const visible = document.length > 6 ? 4 : 0;
  return '*'.repeat(document.length - visible) + document.slice(document.length - visible);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOCUMENT = /^[0-9A-Za-z][0-9A-Za-z -]{3,38}[0-9A-Za-z]$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks and normalizes the fields present in `input`; every problem names its field under
 * `prefix` (`body.phones.1`, or a CSV column). `today` bounds birthdays.
 */
export function checkCustomerFields(
  input: CustomerPatch,
  options: { prefix: string; region?: CountryCode; today: string },
): { values: CustomerValues; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const field = (name: string) => (options.prefix ? `${options.prefix}.${name}` : name);
  const values: CustomerValues = {};
  if (input.name !== undefined) {
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (nameKey(name) === '')
      problems.push({ field: field('name'), message: 'must contain letters or digits' });
    else values.name = name;
  }
  if (input.phones !== undefined) {
    const phones: { e164: string; raw: string }[] = [];
    input.phones.forEach((raw, i) => {
      const e164 = customerPhoneE164(raw, options.region);
      if (e164 === undefined)
        problems.push({
          field: field(`phones.${i}`),
          message: `"${raw.trim()}" is not a valid phone number (write e.g. 13812345678, 010-12345678 or +44 20 7946 0958)`,
        });
      else if (!phones.some((p) => p.e164 === e164)) phones.push({ e164, raw: raw.trim() });
    });
    values.phones = phones;
  }
  if (input.email !== undefined) {
    const email = input.email?.trim() || null;
    if (email !== null && !EMAIL.test(email))
      problems.push({ field: field('email'), message: `"${email}" is not an e-mail address` });
    else values.email = email;
  }
  if (input.document !== undefined) {
    const document = input.document?.trim() || null;
    // The value itself is never echoed: error messages end up in logs.
    if (document !== null && !DOCUMENT.test(document))
      problems.push({
        field: field('document'),
        message: 'must be 5–40 letters and digits (spaces and dashes allowed inside)',
      });
    else values.document = document;
  }
  if (input.birthday !== undefined) {
    const birthday = input.birthday?.trim() || null;
    if (birthday !== null && !isPastDate(birthday, options.today))
      problems.push({
        field: field('birthday'),
        message: `"${birthday}" is not a date in the past written YYYY-MM-DD`,
      });
    else values.birthday = birthday;
  }
  if (input.language !== undefined) {
    if (input.language !== null && !customerLanguages.includes(input.language))
      problems.push({
        field: field('language'),
        message: `expected one of ${customerLanguages.join(', ')}`,
      });
    else values.language = input.language;
  }
  if (input.tier !== undefined) {
    if (!customerTiers.includes(input.tier))
      problems.push({
        field: field('tier'),
        message: `expected one of ${customerTiers.join(', ')}`,
      });
    else values.tier = input.tier;
  }
  if (input.tags !== undefined) {
    const tags: string[] = [];
    for (const tag of input.tags) {
      const key = tagKey(tag);
      if (key !== '' && !tags.includes(key)) tags.push(key);
    }
    values.tags = tags;
  }
  if (input.notes !== undefined) values.notes = input.notes;
  if (input.consent !== undefined) values.consent = input.consent;
  return { values, problems };
}

function isPastDate(text: string, today: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  const valid =
    date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  return valid && y >= 1900 && text <= today;
}
