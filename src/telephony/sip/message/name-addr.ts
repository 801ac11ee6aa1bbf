// name-addr / addr-spec header values (From, To, Contact, Route, Record-Route, ...; RFC 3261 §20, §25.1).
import { TOKEN, isClass, isWs, trimWs } from './char-classes.ts';
import { Cursor } from './cursor.ts';
import {
  type HeaderParams,
  nextListElement,
  quote,
  readParams,
  readQuoted,
  serializeParams,
} from './header-params.ts';
import { type Uri, parseUri, serializeUri } from './sip-uri.ts';

export interface NameAddr {
  /** The display name with quotes and quoted-pairs removed; undefined when there is none. */
  readonly displayName: string | undefined;
  readonly uri: Uri;
  /** Header parameters: tag, expires, q, and any other, as written. */
  readonly params: HeaderParams;
}

/** A Contact header: the `*` of a REGISTER that removes all bindings, or a list of addresses. */
export type ContactList = '*' | readonly NameAddr[];

/** Parses a header that holds exactly one name-addr / addr-spec with parameters (From, To). */
export function parseNameAddr(value: string, header?: string): NameAddr {
  const c = new Cursor(value, header);
  const result = readNameAddr(c);
  c.end();
  return result;
}

/** Parses a comma-separated list of name-addr values (Contact, Route, Record-Route, Path). */
export function parseNameAddrList(value: string, header?: string): NameAddr[] {
  const c = new Cursor(value, header);
  const out: NameAddr[] = [];
  do out.push(readNameAddr(c));
  while (nextListElement(c));
  return out;
}

/** Parses Contact header values; `*` stands alone (RFC 3261 §10.2.2). */
export function parseContact(value: string, header = 'Contact'): ContactList {
  if (trimWs(value) === '*') return '*';
  return parseNameAddrList(value, header);
}

/** Reads one `( name-addr / addr-spec ) *( SEMI param )` at the cursor, stopping before a "," or the end. */
export function readNameAddr(c: Cursor): NameAddr {
  c.ws();
  let displayName: string | undefined;
  const text = c.text;
  if (c.peek() === 34) {
    displayName = readQuoted(c);
    c.ws();
    if (c.peek() !== 60) c.fail('expected "<" after the display name');
  } else if (c.peek() !== 60) {
    // Either a display name of tokens (then "<", with or without LWS: RFC 4475 lwsdisp) or an
    // addr-spec. Non-ASCII letters are accepted unquoted, as many phones send them that way.
    let i = c.pos;
    for (;;) {
      const ch = text.charCodeAt(i);
      if (isClass(ch, TOKEN) || isWs(ch) || ch >= 0x80) i++;
      else break;
    }
    if (text.charCodeAt(i) === 60) {
      displayName = trimWs(text.slice(c.pos, i));
      c.pos = i;
    } else {
      return readAddrSpec(c);
    }
  }
  c.pos++; // "<"
  const close = text.indexOf('>', c.pos);
  if (close === -1) c.fail('missing ">"');
  const uri = parseUriAt(c, c.pos, close);
  c.pos = close + 1;
  const params = readParams(c);
  return { displayName: displayName === '' ? undefined : displayName, uri, params };
}

function readAddrSpec(c: Cursor): NameAddr {
  // RFC 3261 §20: without "<>", ";" starts header parameters, and a URI holding ",", ";" or
  // "?" must be a name-addr (RFC 4475 regbadct), so the URI ends at ";", ",", or LWS.
  const text = c.text;
  const start = c.pos;
  let i = start;
  for (;;) {
    const ch = text.charCodeAt(i);
    if (Number.isNaN(ch) || ch === 59 || ch === 44 || isWs(ch)) break;
    if (ch === 63) {
      c.pos = i;
      c.fail('a URI with "?" must be enclosed in "<>"');
    }
    i++;
  }
  if (i === start) c.fail('expected an address');
  const uri = parseUriAt(c, start, i);
  c.pos = i;
  return { displayName: undefined, uri, params: readParams(c) };
}

function parseUriAt(c: Cursor, start: number, end: number): Uri {
  try {
    return parseUri(c.text.slice(start, end));
  } catch (error) {
    c.pos = start;
    return c.fail(error instanceof Error ? error.message : 'invalid URI');
  }
}

/** `"display" <uri>;params`; always the name-addr form, which is never ambiguous. */
export function serializeNameAddr(value: NameAddr): string {
  const name = value.displayName === undefined ? '' : quote(value.displayName) + ' ';
  return `${name}<${serializeUri(value.uri)}>${serializeParams(value.params)}`;
}

/** The `tag` parameter of a From or To value (RFC 3261 §19.3). */
export function tagOf(value: NameAddr): string | undefined {
  return value.params.get('tag') ?? undefined;
}
