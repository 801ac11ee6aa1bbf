// Scalar header values: CSeq, Max-Forwards, Content-Length, Expires, Call-ID and Content-Type (RFC 3261 §20).
import { DIGIT, TOKEN, WORD, isClass, trimWs } from './char-classes.ts';
import { Cursor } from './cursor.ts';
import { type HeaderParams, readParams } from './header-params.ts';
import { SipSyntaxError } from './sip-syntax-error.ts';

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

export interface MediaType {
  /** Lower-cased. */
  readonly type: string;
  /** Lower-cased. */
  readonly subtype: string;
  readonly params: HeaderParams;
}

/** 2**32 - 1: the largest CSeq, Expires and delta-seconds value (RFC 3261 §8.1.1.5, §20.19). */
export const MAX_UINT32 = 0xffffffff;

/**
 * Decimal digits as a number no larger than `max`, else undefined. Leading zeros are fine
 * (RFC 4475 wsinv: Max-Forwards 0068); the digit count is capped before conversion so an
 * overlarge value (RFC 4475 scalar02) can never lose precision into an accepted number.
 */
export function parseBoundedInt(text: string, max: number): number | undefined {
  let i = 0;
  while (text.charCodeAt(i) === 48 && i < text.length - 1) i++;
  if (text.length === 0 || text.length - i > 10) return undefined;
  for (let j = i; j < text.length; j++) if (!isClass(text.charCodeAt(j), DIGIT)) return undefined;
  const value = Number(text.slice(i));
  return value <= max ? value : undefined;
}

/** CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number fits in 32 bits. */
export function parseCSeq(value: string, header = 'CSeq'): CSeq {
  const c: Cursor = new Cursor(value, header);
  c.ws();
  const digits = c.run(DIGIT, 'a sequence number');
  const seq = parseBoundedInt(digits, MAX_UINT32);
  if (seq === undefined) c.fail('sequence number larger than 2**32-1');
  if (!c.ws()) c.fail('expected whitespace after the sequence number');
  const method = c.token('a method');
  c.end();
  return { seq, method };
}

/** Max-Forwards = 1*DIGIT, 0-255 (RFC 3261 §20.22, §25.1). */
export function parseMaxForwards(value: string, header = 'Max-Forwards'): number {
  const n = parseBoundedInt(trimWs(value), 255);
  if (n === undefined) throw new SipSyntaxError('expected a number from 0 to 255', header);
  return n;
}

/** Content-Length = 1*DIGIT (RFC 3261 §20.14); a sign or other text is an error (RFC 4475 ncl). */
export function parseContentLength(value: string, header = 'Content-Length'): number {
  const n = parseBoundedInt(trimWs(value), Number.MAX_SAFE_INTEGER);
  if (n === undefined) throw new SipSyntaxError('expected a non-negative number', header);
  return n;
}

/** Expires = delta-seconds (RFC 3261 §20.19); also the Contact expires parameter. */
export function parseExpires(value: string, header = 'Expires'): number {
  const n = parseBoundedInt(trimWs(value), MAX_UINT32);
  if (n === undefined) throw new SipSyntaxError('expected delta-seconds up to 2**32-1', header);
  return n;
}

/**
 * Call-ID = word [ "@" word ] (RFC 3261 §20.8). "%" is no escape and the bracket characters
 * need not balance (RFC 4475 intmeth). Returns the value itself, which compares byte for byte.
 */
export function parseCallId(value: string, header = 'Call-ID'): string {
  const id = trimWs(value);
  const at = id.indexOf('@');
  const end = at === -1 ? id.length : at;
  let valid = end > 0 && (at === -1 || at < id.length - 1);
  for (let i = 0; valid && i < id.length; i++) {
    if (i !== at && !isClass(id.charCodeAt(i), WORD)) valid = false;
  }
  if (!valid) throw new SipSyntaxError('expected word [ "@" word ]', header);
  return id;
}

/** media-type = m-type SLASH m-subtype *( SEMI m-parameter ) (RFC 3261 §20.15). */
export function parseMediaType(value: string, header = 'Content-Type'): MediaType {
  const c = new Cursor(value, header);
  c.ws();
  const type = c.token('a media type').toLowerCase();
  c.ws();
  c.expect(47, '"/"');
  c.ws();
  const subtype = c.token('a media subtype').toLowerCase();
  const params = readParams(c);
  c.end();
  return { type, subtype, params };
}

/** A header of tokens separated by commas (Supported, Require, Allow, ...), as written. */
export function parseTokenList(value: string, header?: string): string[] {
  const out: string[] = [];
  for (const part of value.split(',')) {
    const item = trimWs(part);
    if (item === '') continue;
    for (let i = 0; i < item.length; i++) {
      if (!isClass(item.charCodeAt(i), TOKEN))
        throw new SipSyntaxError(`invalid token "${item}"`, header);
    }
    out.push(item);
  }
  return out;
}
