// Shared header-value pieces of RFC 3261 §25.1: quoted-string, generic-param lists and comma-separated lists.
import { TOKEN, isClass, isWs, trimWs } from './char-classes.ts';
import type { Cursor } from './cursor.ts';
import { SipSyntaxError } from './sip-syntax-error.ts';

/**
 * Header parameters (`;tag=x;expires=60`): names lower-cased, values exactly as written, so a
 * quoted-string value keeps its quotes (use `unquote`) and forwards unchanged; null = no value.
 */
export type HeaderParams = ReadonlyMap<string, string | null>;

export const EMPTY_PARAMS: HeaderParams = new Map();

/**
 * Reads a quoted-string at the cursor (which must be on the opening DQUOTE) and returns its
 * content with quoted-pairs resolved. RFC 3261 §25.1: qdtext is LWS, %x21, %x23-5B, %x5D-7E or
 * UTF8-NONASCII; quoted-pair is "\" followed by %x00-09 / %x0B-0C / %x0E-7F.
 */
export function readQuoted(c: Cursor): string {
  const text = c.text;
  let i = c.pos + 1;
  let out = '';
  let runStart = i;
  for (;;) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      out += text.slice(runStart, i);
      c.pos = i + 1;
      return out;
    }
    if (ch === 92) {
      const next = text.charCodeAt(i + 1);
      if (!(next <= 0x7f) || next === 10 || next === 13) {
        c.pos = i;
        c.fail('invalid quoted-pair');
      }
      out += text.slice(runStart, i) + text[i + 1];
      i += 2;
      runStart = i;
      continue;
    }
    if (Number.isNaN(ch)) {
      c.pos = i;
      c.fail('unterminated quoted string');
    }
    if ((ch < 0x20 && ch !== 9) || ch === 0x7f) {
      c.pos = i;
      c.fail('control character in quoted string');
    }
    i++;
  }
}

/** Skips a quoted-string at the cursor without decoding it; returns its raw text with quotes. */
export function readQuotedRaw(c: Cursor): string {
  const start = c.pos;
  readQuoted(c);
  return c.text.slice(start, c.pos);
}

/** A quoted-string for `text`: `"` and `\` and control characters become quoted-pairs. */
export function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 13)
      throw new SipSyntaxError('CR or LF cannot be carried in a quoted string');
    out +=
      ch === 34 || ch === 92 || (ch < 0x20 && ch !== 9) || ch === 0x7f ? '\\' + text[i] : text[i];
  }
  return out + '"';
}

/** The content of a quoted-string (quoted-pairs resolved), or `text` itself when it is not quoted. */
export function unquote(text: string): string {
  if (text.length < 2 || text.charCodeAt(0) !== 34 || text.charCodeAt(text.length - 1) !== 34)
    return text;
  let out = '';
  for (let i = 1; i < text.length - 1; i++) {
    if (text.charCodeAt(i) === 92 && i < text.length - 2) i++;
    out += text[i];
  }
  return out;
}

/**
 * Parses `*( SEMI generic-param )` at the cursor, where generic-param = token [ EQUAL gen-value ]
 * and gen-value = token / host / quoted-string. Stops before anything that is not ";" (a ","
 * between list elements, or the end). Empty parameters (";;") are errors (RFC 4475 badinv01).
 */
export function readParams(c: Cursor): HeaderParams {
  // Hand-inlined scanning: this runs for every Via, From and To of every message.
  const text = c.text;
  let i = c.pos;
  while (isWs(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 59) {
    c.pos = i;
    return EMPTY_PARAMS;
  }
  const params = new Map<string, string | null>();
  while (text.charCodeAt(i) === 59) {
    i++;
    while (isWs(text.charCodeAt(i))) i++;
    const nameStart = i;
    while (isClass(text.charCodeAt(i), TOKEN)) i++;
    if (i === nameStart) {
      c.pos = i;
      c.fail('expected a parameter name');
    }
    const name = text.slice(nameStart, i).toLowerCase();
    while (isWs(text.charCodeAt(i))) i++;
    let value: string | null = null;
    if (text.charCodeAt(i) === 61) {
      i++;
      while (isWs(text.charCodeAt(i))) i++;
      c.pos = i;
      value = readParamValue(c);
      i = c.pos;
      while (isWs(text.charCodeAt(i))) i++;
    }
    if (params.has(name)) {
      c.pos = nameStart;
      c.fail(`repeated parameter "${name}"`);
    }
    params.set(name, value);
  }
  c.pos = i;
  return params;
}

function readParamValue(c: Cursor): string {
  const ch = c.peek();
  if (ch === 34) return readQuotedRaw(c);
  if (ch === 91) {
    // IPv6reference, e.g. received=[2001:db8::9]
    const close = c.text.indexOf(']', c.pos);
    if (close === -1) c.fail('unterminated IPv6 reference');
    const value = c.text.slice(c.pos, close + 1);
    c.pos = close + 1;
    return value;
  }
  // token, host, or (for Via received, RFC 3261 §20.42) a bare IPv6address, hence ":".
  const text = c.text;
  const start = c.pos;
  let i = start;
  for (let ch = text.charCodeAt(i); isClass(ch, TOKEN) || ch === 58; ch = text.charCodeAt(++i));
  c.pos = i;
  if (i === start) c.fail('expected a parameter value');
  return text.slice(start, i);
}

export function serializeParams(params: HeaderParams): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}

/**
 * Splits a list header value on the commas that are outside quoted strings and `<...>`, trimming
 * each element. Empty elements are dropped (RFC 7230 §7 style leniency for generic lists); the
 * structured parsers (Via, Contact, Route) do not use this and reject them instead.
 */
export function splitList(value: string): string[] {
  if (value.indexOf(',') === -1) {
    const trimmed = trimWs(value);
    return trimmed === '' ? [] : [trimmed];
  }
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (quoted) {
      if (ch === 92) i++;
      else if (ch === 34) quoted = false;
    } else if (ch === 34) quoted = true;
    else if (ch === 60) angle = true;
    else if (ch === 62) angle = false;
    else if (ch === 44 && !angle) {
      const piece = trimWs(value.slice(start, i));
      if (piece !== '') out.push(piece);
      start = i + 1;
    }
  }
  const last = trimWs(value.slice(start));
  if (last !== '') out.push(last);
  return out;
}

/** After one list element: whitespace, then the end (false) or a "," followed by more (true). */
export function nextListElement(c: Cursor): boolean {
  c.ws();
  if (c.eof) return false;
  if (!c.take(44)) c.fail(`unexpected "${c.text[c.pos]}"`);
  c.ws();
  if (c.eof || c.peek() === 44) c.fail('empty list element');
  return true;
}
