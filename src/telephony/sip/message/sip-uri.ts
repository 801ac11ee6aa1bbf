// SIP, SIPS and tel URIs (RFC 3261 §19.1, RFC 3966): parse from and serialize to their wire form.
import { isIPv6 } from 'node:net';
import {
  ALPHA,
  AT,
  DIGIT,
  HEX,
  HNV_UNRESERVED,
  HOST,
  PARAM_UNRESERVED,
  PASSWORD,
  SCHEME,
  UNRESERVED,
  URIC,
  USER_UNRESERVED,
  allClass,
  isClass,
} from './char-classes.ts';
import { SipSyntaxError } from './sip-syntax-error.ts';
import { isEscapedText } from './uri-escape.ts';

/** URI parameters: names lower-cased (they compare case-insensitively), values as written; null = no value. */
export type UriParams = ReadonlyMap<string, string | null>;

/**
 * A sip: or sips: URI. Every text field is in its wire form, escapes kept as received, so a proxy
 * forwards what it was sent; `unescapeUri` gives the decoded text and `uriEquals` compares by the
 * RFC 3261 §19.1.4 rules.
 */
export interface SipUri {
  readonly type: 'sip';
  readonly scheme: 'sip' | 'sips';
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** Host as written; an IPv6 address keeps its brackets ("[2001:db8::1]"). */
  readonly host: string;
  readonly port: number | undefined;
  readonly params: UriParams;
  /** URI headers (`?name=value&...`), names and values as written. */
  readonly headers: ReadonlyMap<string, string>;
}

/** A tel: URI (RFC 3966); `number` keeps its visual separators. */
export interface TelUri {
  readonly type: 'tel';
  readonly scheme: 'tel';
  readonly number: string;
  readonly params: UriParams;
}

/** Any other absoluteURI (RFC 3261 §25.1); kept opaque. */
export interface OtherUri {
  readonly type: 'other';
  /** Lower-cased. */
  readonly scheme: string;
  /** Everything after the colon, as written. */
  readonly opaque: string;
}

export type Uri = SipUri | TelUri | OtherUri;

const EMPTY_PARAMS: UriParams = new Map();
const EMPTY_HEADERS: ReadonlyMap<string, string> = new Map();

const USER_CHARS = UNRESERVED | USER_UNRESERVED;
const PASSWORD_CHARS = UNRESERVED | PASSWORD;
const PARAM_CHARS = UNRESERVED | PARAM_UNRESERVED;
const HEADER_CHARS = UNRESERVED | HNV_UNRESERVED;

function fail(message: string, text: string): never {
  throw new SipSyntaxError(
    `${message} in URI "${text.length > 80 ? text.slice(0, 80) + '…' : text}"`,
  );
}

/** Parses any URI that may appear in a Request-URI or a name-addr; throws SipSyntaxError. */
export function parseUri(text: string): Uri {
  if (text.startsWith('sip:')) return parseSipUri(text, 'sip', 4);
  let colon = 0;
  while (isClass(text.charCodeAt(colon), SCHEME)) colon++;
  if (colon === 0 || text.charCodeAt(colon) !== 58 || !isClass(text.charCodeAt(0), ALPHA)) {
    fail('missing scheme', text);
  }
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(text, scheme, colon + 1);
  if (scheme === 'tel') return parseTelUri(text, colon + 1);
  if (!allClass(text, URIC, colon + 1)) fail('invalid character', text);
  return { type: 'other', scheme, opaque: text.slice(colon + 1) };
}

function parseSipUri(text: string, scheme: 'sip' | 'sips', start: number): SipUri {
  const end = text.length;
  let user: string | undefined;
  let password: string | undefined;
  let i = start;
  // The user part may hold ";", "?" and "/" (RFC 4475 semiuri, intmeth) but never an unescaped
  // "@", so the first "@" ends the userinfo.
  const at = text.indexOf('@', start);
  if (at !== -1) {
    let userEnd = text.indexOf(':', start);
    if (userEnd === -1 || userEnd > at) userEnd = at;
    if (!isEscapedText(text, USER_CHARS, start, userEnd)) fail('invalid user part', text);
    user = text.slice(start, userEnd);
    if (userEnd < at) {
      password = text.slice(userEnd + 1, at);
      if (password !== '' && !isEscapedText(password, PASSWORD_CHARS))
        fail('invalid password', text);
    }
    i = at + 1;
  }

  let host: string;
  if (text.charCodeAt(i) === 91) {
    const close = text.indexOf(']', i);
    if (close === -1 || !isIPv6Literal(text.slice(i + 1, close)))
      fail('invalid IPv6 reference', text);
    host = text.slice(i, close + 1);
    i = close + 1;
  } else {
    const hostEnd = scanHost(text, i);
    if (hostEnd === -1) fail('invalid host', text);
    host = text.slice(i, hostEnd);
    i = hostEnd;
  }

  let port: number | undefined;
  if (text.charCodeAt(i) === 58) {
    const portStart = ++i;
    while (isClass(text.charCodeAt(i), DIGIT)) i++;
    port = parsePort(text.slice(portStart, i));
    if (port === undefined) fail('invalid port', text);
  }

  let params = EMPTY_PARAMS;
  if (text.charCodeAt(i) === 59) {
    const map = new Map<string, string | null>();
    while (text.charCodeAt(i) === 59) {
      const nameStart = ++i;
      while (isParamChar(text, i)) i++;
      if (!isEscapedText(text, PARAM_CHARS, nameStart, i)) fail('invalid parameter name', text);
      const name = text.slice(nameStart, i).toLowerCase();
      let value: string | null = null;
      if (text.charCodeAt(i) === 61) {
        const valueStart = ++i;
        while (isParamChar(text, i)) i++;
        if (!isEscapedText(text, PARAM_CHARS, valueStart, i)) fail('invalid parameter value', text);
        value = text.slice(valueStart, i);
      }
      // A repeated parameter (two "transport=" values) has no single meaning; refuse it.
      if (map.has(name)) fail(`repeated parameter "${name}"`, text);
      map.set(name, value);
    }
    params = map;
  }

  let headers = EMPTY_HEADERS;
  if (text.charCodeAt(i) === 63) {
    const map = new Map<string, string>();
    do {
      const nameStart = ++i;
      while (i < end && text.charCodeAt(i) !== 61 && text.charCodeAt(i) !== 38) i++;
      if (!isEscapedText(text, HEADER_CHARS, nameStart, i) || text.charCodeAt(i) !== 61) {
        fail('invalid URI header', text);
      }
      const valueStart = ++i;
      while (i < end && text.charCodeAt(i) !== 38) i++;
      // hvalue may be empty; "@" is tolerated because Replaces values often carry it unescaped.
      if (i > valueStart && !isEscapedText(text, HEADER_CHARS | AT, valueStart, i)) {
        fail('invalid URI header value', text);
      }
      map.set(text.slice(nameStart, valueStart - 1), text.slice(valueStart, i));
    } while (text.charCodeAt(i) === 38);
    headers = map;
  }

  if (i !== end) fail(`unexpected "${text[i]}"`, text);
  return { type: 'sip', scheme, user, password, host, port, params, headers };
}

function isParamChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 37 || isClass(c, PARAM_CHARS);
}

const TEL_VISUAL = new Set([45, 46, 40, 41]); // - . ( )

function parseTelUri(text: string, start: number): TelUri {
  let i = start;
  while (i < text.length && text.charCodeAt(i) !== 59) i++;
  const number = text.slice(start, i);
  if (!isTelNumber(number)) fail('invalid telephone number', text);
  const params = new Map<string, string | null>();
  while (i < text.length) {
    // RFC 3966 §3: par = parameter / extension / isdn-subaddress; all are ";" pname [ "=" pvalue ].
    const nameStart = ++i;
    while (isClass(text.charCodeAt(i), ALPHA | DIGIT) || text.charCodeAt(i) === 45) i++;
    const name = text.slice(nameStart, i).toLowerCase();
    if (name === '') fail('invalid parameter name', text);
    let value: string | null = null;
    if (text.charCodeAt(i) === 61) {
      const valueStart = ++i;
      while (isParamChar(text, i)) i++;
      if (!isEscapedText(text, PARAM_CHARS, valueStart, i)) fail('invalid parameter value', text);
      value = text.slice(valueStart, i);
    }
    if (params.has(name)) fail(`repeated parameter "${name}"`, text);
    params.set(name, value);
    if (i < text.length && text.charCodeAt(i) !== 59) fail(`unexpected "${text[i]}"`, text);
  }
  return { type: 'tel', scheme: 'tel', number, params: params.size === 0 ? EMPTY_PARAMS : params };
}

function isTelNumber(number: string): boolean {
  // global-number-digits = "+" *phonedigit DIGIT *phonedigit;
  // local-number-digits = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex.
  const global = number.charCodeAt(0) === 43;
  let significant = 0;
  for (let i = global ? 1 : 0; i < number.length; i++) {
    const c = number.charCodeAt(i);
    if (TEL_VISUAL.has(c)) continue;
    if (global ? isClass(c, DIGIT) : isClass(c, HEX) || c === 42 || c === 35) significant++;
    else return false;
  }
  return significant > 0;
}

/** Port 0-65535 from decimal digits, else undefined. */
export function parsePort(digits: string): number | undefined {
  if (digits.length === 0 || digits.length > 5 || !allClass(digits, DIGIT)) return undefined;
  const port = Number(digits);
  return port <= 65535 ? port : undefined;
}

export function isIPv4(text: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      value = value * 10 + c - 48;
      digits++;
    } else {
      return false;
    }
  }
  return parts === 4;
}

/** An IPv6 address without brackets and without a zone (RFC 3261 IPv6address). */
export function isIPv6Literal(text: string): boolean {
  return text.length > 1 && text.indexOf('%') === -1 && isIPv6(text);
}

/** RFC 3261 hostname: dot-separated labels of alphanum and "-" (and "_"); a trailing dot is allowed. */
export function isHostname(host: string): boolean {
  if (host.length === 0 || host.length > 255) return false;
  let labelStart = 0;
  let allDigits = true;
  for (let i = 0; i <= host.length; i++) {
    const c = host.charCodeAt(i);
    if (i < host.length && c !== 46) {
      if (!isClass(c, HOST)) return false;
      if (!isClass(c, DIGIT)) allDigits = false;
      continue;
    }
    if (i === labelStart) {
      if (i === host.length && i > 0) break; // only the final (root) label may be empty
      return false;
    }
    if (host.charCodeAt(labelStart) === 45 || host.charCodeAt(i - 1) === 45) return false;
    labelStart = i + 1;
  }
  // All-numeric names are IPv4 addresses or errors, never hostnames ("1.2.3.999").
  return !allDigits;
}

/**
 * End of the hostname or IPv4address that starts at `start` (one pass, no copy), or -1 when the
 * characters there are neither.
 */
export function scanHost(text: string, start: number): number {
  let i = start;
  let labelStart = start;
  let allDigits = true;
  for (; ; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (i === labelStart || text.charCodeAt(labelStart) === 45 || text.charCodeAt(i - 1) === 45) {
        return -1;
      }
      labelStart = i + 1;
      continue;
    }
    if (!isClass(c, HOST)) break;
    if (c < 48 || c > 57) allDigits = false;
  }
  if (i === start || i - start > 255) return -1;
  if (i > labelStart && (text.charCodeAt(labelStart) === 45 || text.charCodeAt(i - 1) === 45)) {
    return -1;
  }
  // All-numeric names are IPv4 addresses or errors, never hostnames ("1.2.3.999").
  if (allDigits) return isIPv4(text.slice(start, i)) ? i : -1;
  return i;
}

/** Is `text` a valid Via sent-by host / received / maddr value: hostname, IPv4 or [IPv6]. */
export function isHost(text: string): boolean {
  if (text.charCodeAt(0) === 91) {
    return text.charCodeAt(text.length - 1) === 93 && isIPv6Literal(text.slice(1, -1));
  }
  return isIPv4(text) || isHostname(text);
}

/** The wire form of a URI. Fields must already be in wire form (see `escapeUri`). */
export function serializeUri(uri: Uri): string {
  if (uri.type === 'other') return `${uri.scheme}:${uri.opaque}`;
  if (uri.type === 'tel') return `tel:${uri.number}${serializeUriParams(uri.params)}`;
  let out = uri.scheme + ':';
  if (uri.user !== undefined) {
    out += uri.user;
    if (uri.password !== undefined) out += ':' + uri.password;
    out += '@';
  }
  out += uri.host;
  if (uri.port !== undefined) out += ':' + String(uri.port);
  out += serializeUriParams(uri.params);
  let sep = '?';
  for (const [name, value] of uri.headers) {
    out += `${sep}${name}=${value}`;
    sep = '&';
  }
  return out;
}

function serializeUriParams(params: UriParams): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}

/** Builds a SIP URI from parts; `user` is taken as wire form (escape it first if it is plain text). */
export function createSipUri(parts: {
  scheme?: 'sip' | 'sips';
  user?: string;
  password?: string;
  host: string;
  port?: number;
  params?: Iterable<[string, string | null]>;
  headers?: Iterable<[string, string]>;
}): SipUri {
  const params = new Map<string, string | null>();
  for (const [name, value] of parts.params ?? []) params.set(name.toLowerCase(), value);
  return {
    type: 'sip',
    scheme: parts.scheme ?? 'sip',
    user: parts.user,
    password: parts.password,
    host: parts.host,
    port: parts.port,
    params,
    headers: new Map(parts.headers ?? []),
  };
}
