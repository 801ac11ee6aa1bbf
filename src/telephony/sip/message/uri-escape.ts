// Percent-escapes of RFC 3261 §19.1.1 / §25.1 ("escaped" = "%" HEXDIG HEXDIG): check, decode, encode, normalize.
import { isUtf8 } from 'node:buffer';
import { UNRESERVED, hexValue, isClass } from './char-classes.ts';

/** True when `text[start, end)` is non-empty and holds only `flags` characters and valid escapes. */
export function isEscapedText(text: string, flags: number, start = 0, end = text.length): boolean {
  if (start >= end) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isClass(c, flags)) continue;
    if (c !== 37) return false;
    if (hexValue(text.charCodeAt(i + 1)) < 0 || hexValue(text.charCodeAt(i + 2)) < 0) return false;
    if (i + 2 >= end) return false;
    i += 2;
  }
  return true;
}

/**
 * Decodes every valid `%HH`; the octets are read as UTF-8 when they form valid UTF-8, else as
 * Latin-1, so decoding never fails. Escapes are decoded once (RFC 4475 esc01: "v%61lue%25%34%31"
 * is "value%41", not "valueA"). An invalid escape such as "%Z4" is kept as written.
 */
export function unescapeUri(text: string): string {
  if (text.indexOf('%') === -1) return text;
  const bytes: number[] = [];
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hi = c === 37 ? hexValue(text.charCodeAt(i + 1)) : -1;
    const lo = hi >= 0 ? hexValue(text.charCodeAt(i + 2)) : -1;
    if (lo >= 0) {
      const b = hi * 16 + lo;
      if (b >= 0x80) plain = false;
      bytes.push(b);
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      plain = false;
      const encoded = Buffer.from(String.fromCharCode(c), 'utf8');
      for (const b of encoded) bytes.push(b);
    }
  }
  const buf = Buffer.from(bytes);
  return plain || isUtf8(buf) ? buf.toString('utf8') : buf.toString('latin1');
}

/**
 * The comparison form of RFC 3261 §19.1.4: characters outside the "reserved" set are equivalent
 * to their escapes, so escapes of unreserved characters are decoded and the rest get upper-case hex.
 */
export function normalizeEscapes(text: string): string {
  if (text.indexOf('%') === -1) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hi = c === 37 ? hexValue(text.charCodeAt(i + 1)) : -1;
    const lo = hi >= 0 ? hexValue(text.charCodeAt(i + 2)) : -1;
    if (lo < 0) {
      out += text[i];
      continue;
    }
    const b = hi * 16 + lo;
    out += isClass(b, UNRESERVED)
      ? String.fromCharCode(b)
      : '%' + text.slice(i + 1, i + 3).toUpperCase();
    i += 2;
  }
  return out;
}

/** Percent-encodes (as UTF-8) every character of `text` outside `flags` and unreserved. */
export function escapeUri(text: string, flags: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isClass(c, flags | UNRESERVED)) {
      out += text[i];
      continue;
    }
    const cp = text.codePointAt(i) ?? c;
    if (cp > 0xffff) i++;
    for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) {
      out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
    }
  }
  return out;
}
