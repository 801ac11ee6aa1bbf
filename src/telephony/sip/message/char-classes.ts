// Character classes of the RFC 3261 §25.1 grammar as a bit table, so scanners test a byte without allocating.

export const TOKEN = 1 << 0; // token: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
export const WORD = 1 << 1; // word (Call-ID): token chars plus ( ) < > : \ " / [ ] ? { }
export const UNRESERVED = 1 << 2; // unreserved: alphanum / mark
export const USER_UNRESERVED = 1 << 3; // user-unreserved: & = + $ , ; ? /
export const PASSWORD = 1 << 4; // password extras: & = + $ ,
export const PARAM_UNRESERVED = 1 << 5; // param-unreserved: [ ] / : & + $
export const HNV_UNRESERVED = 1 << 6; // hnv-unreserved: [ ] / ? : + $
export const HOST = 1 << 7; // hostname / IPv4 characters (plus "_", seen in the wild)
export const SCHEME = 1 << 8; // scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
export const URIC = 1 << 9; // characters of an opaque absoluteURI (RFC 3986 unreserved / reserved / "%")
export const DIGIT = 1 << 10;
export const HEX = 1 << 11;
export const RESERVED = 1 << 12; // reserved: ; / ? : @ & = + $ ,
export const ALPHA = 1 << 13;
export const AT = 1 << 14; // "@", tolerated unescaped in URI header values

const table = new Uint16Array(128);

function add(chars: string, flags: number): void {
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    table[c] = (table[c] ?? 0) | flags;
  }
}

const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const digits = '0123456789';
const alnumFlags = TOKEN | WORD | UNRESERVED | HOST | SCHEME | URIC;
add(alpha, alnumFlags | ALPHA);
add(digits, alnumFlags | DIGIT);
add('0123456789abcdefABCDEF', HEX);
add("-.!%*_+`'~", TOKEN | WORD);
add("-_.!~*'()", UNRESERVED);
add('()<>:\\"/[]?{}', WORD);
add('&=+$,;?/', USER_UNRESERVED);
add('&=+$,', PASSWORD);
add('[]/:&+$', PARAM_UNRESERVED);
add('[]/?:+$', HNV_UNRESERVED);
add('-._', HOST);
add('+-.', SCHEME);
add("-._~:/?#[]@!$&'()*+,;=%", URIC);
add(';/?:@&=+$,', RESERVED);
add('@', AT);

/** True when the UTF-16 code unit `code` belongs to every class in `flags`' union (any flag matches). */
export function isClass(code: number, flags: number): boolean {
  return code < 128 && ((table[code] ?? 0) & flags) !== 0;
}

/** True when every character of `text[start, end)` is in `flags`; an empty range is false. */
export function allClass(text: string, flags: number, start = 0, end = text.length): boolean {
  if (start >= end) return false;
  for (let i = start; i < end; i++) {
    if (!isClass(text.charCodeAt(i), flags)) return false;
  }
  return true;
}

/** SP or HTAB: the only whitespace left inside a header value once folding is undone. */
export function isWs(code: number): boolean {
  return code === 32 || code === 9;
}

/** Index of the first character at or after `i` that is not SP/HTAB. */
export function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

export function isToken(text: string): boolean {
  return allClass(text, TOKEN);
}

export function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** `text` without leading and trailing SP/HTAB. Unlike String#trim it keeps NBSP and BOM, which are content. */
export function trimWs(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWs(text.charCodeAt(start))) start++;
  while (end > start && isWs(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
