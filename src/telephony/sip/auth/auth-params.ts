// The auth header grammar challenges and credentials share (RFC 3261 §25.1, RFC 7235 §2.1): schemes, auth-params, quoted strings.
import type { AuthParseResult } from './auth-parse-result.ts';
import { parseFailure, parsed } from './auth-parse-result.ts';

/** One challenge or one set of credentials: the scheme and its parameters (names lower-cased, values unquoted). */
export interface AuthItem {
  readonly scheme: string;
  readonly params: ReadonlyMap<string, string>;
  /** RFC 7235 §2.1 token68 form (Basic, Bearer); Digest never uses it. */
  readonly token68?: string;
}

/** Longer header values are refused before scanning: no legitimate challenge comes close. */
const MAX_VALUE_LENGTH = 16_384;

// RFC 7230 §3.2.6 tchar; a superset of RFC 3261 §25.1 token, so every SIP token passes.
const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 7235 §2.1 token68.
const TOKEN68_CHAR = /^[A-Za-z0-9\-._~+/]$/;

export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/** RFC 3261 §25.1 quoted-string: DQUOTE and backslash become quoted-pairs. */
export function quoteString(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Thrown inside the scanner only; parseAuthHeader turns it into a result. */
class SyntaxFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Parses a WWW-Authenticate, Proxy-Authenticate, Authorization or Proxy-Authorization value.
 * SIP sends one challenge per header field (RFC 3261 §7.3.1 forbids combining them), but a
 * value holding several, HTTP style (RFC 7235 §4.1), is split rather than refused.
 */
export function parseAuthHeader(value: string): AuthParseResult<readonly AuthItem[]> {
  if (value.length > MAX_VALUE_LENGTH)
    return parseFailure('syntax', `header value longer than ${MAX_VALUE_LENGTH} characters`);
  const scanner = new Scanner(value);
  try {
    return scanner.items();
  } catch (error) {
    if (error instanceof SyntaxFailure) return parseFailure('syntax', error.reason);
    throw error;
  }
}

class Scanner {
  #pos = 0;
  readonly #text: string;
  readonly #items: { scheme: string; params: Map<string, string>; token68?: string }[] = [];

  constructor(text: string) {
    this.#text = text;
  }

  items(): AuthParseResult<readonly AuthItem[]> {
    for (;;) {
      // RFC 7230 §7: recipients accept empty list elements (", ,").
      this.#ws();
      while (this.#take(',')) this.#ws();
      if (this.#eof) break;
      const duplicate = this.#element();
      if (duplicate !== undefined)
        return parseFailure('duplicate-param', `parameter "${duplicate}" given twice`, duplicate);
      this.#ws();
      if (this.#eof) break;
      if (!this.#take(',')) this.#fail(`expected "," or the end`);
    }
    if (this.#items.length === 0) return parseFailure('syntax', 'empty header value');
    return parsed(this.#items);
  }

  /** One list element: an auth-param of the current item, or a new scheme. Returns a duplicated name. */
  #element(): string | undefined {
    const name = this.#token('an auth-scheme or parameter name');
    const hadWs = this.#ws();
    if (this.#peek() === '=') return this.#param(name);
    if (this.#eof || this.#peek() === ',') {
      this.#items.push({ scheme: name, params: new Map() });
      return undefined;
    }
    if (!hadWs) this.#fail(`unexpected "${this.#peek()}" after "${name}"`);
    const token68 = this.#token68();
    if (token68 !== undefined) {
      this.#items.push({ scheme: name, params: new Map(), token68 });
      return undefined;
    }
    this.#items.push({ scheme: name, params: new Map() });
    const param = this.#token('a parameter name');
    this.#ws();
    if (this.#peek() !== '=') this.#fail(`expected "=" after "${param}"`);
    return this.#param(param);
  }

  /** Reads `= value` after `name` into the current item (RFC 3261 EQUAL = SWS "=" SWS). */
  #param(name: string): string | undefined {
    const current = this.#items.at(-1);
    if (current === undefined) this.#fail(`parameter "${name}" before any auth-scheme`);
    if (current.token68 !== undefined) this.#fail(`parameter "${name}" after a token68`);
    this.#pos++; // '='
    this.#ws();
    const value = this.#peek() === '"' ? this.#quoted() : this.#token('a token or quoted string');
    const key = name.toLowerCase();
    if (current.params.has(key)) return key;
    current.params.set(key, value);
    return undefined;
  }

  /** A token68 when one stands here alone up to a comma or the end; otherwise nothing is consumed. */
  #token68(): string | undefined {
    const start = this.#pos;
    while (TOKEN68_CHAR.test(this.#text.charAt(this.#pos))) this.#pos++;
    if (this.#pos === start) return undefined;
    while (this.#text.charAt(this.#pos) === '=') this.#pos++;
    const end = this.#pos;
    this.#ws();
    if (this.#eof || this.#peek() === ',') return this.#text.slice(start, end);
    this.#pos = start;
    return undefined;
  }

  /** RFC 3261 §25.1 quoted-string with quoted-pairs; a folded line break inside counts as its whitespace. */
  #quoted(): string {
    this.#pos++; // opening DQUOTE
    let out = '';
    for (;;) {
      if (this.#eof) this.#fail('unterminated quoted string');
      const c = this.#text.charAt(this.#pos);
      if (c === '"') {
        this.#pos++;
        return out;
      }
      if (c === '\\') {
        const next = this.#text.charAt(this.#pos + 1);
        // RFC 3261 §25.1: quoted-pair excludes CR and LF.
        if (next === '' || next === '\r' || next === '\n')
          this.#fail('bad escape in quoted string');
        out += next;
        this.#pos += 2;
        continue;
      }
      if (c === '\r' || c === '\n') {
        if (!this.#fold()) this.#fail('line break inside a quoted string');
        continue;
      }
      const code = c.charCodeAt(0);
      if ((code < 0x20 && c !== '\t') || code === 0x7f)
        this.#fail('control character inside a quoted string');
      out += c;
      this.#pos++;
    }
  }

  #token(what: string): string {
    const start = this.#pos;
    while (TCHAR.test(this.#text.charAt(this.#pos))) this.#pos++;
    if (this.#pos === start)
      this.#fail(this.#eof ? `expected ${what}` : `expected ${what} at "${this.#peek()}"`);
    return this.#text.slice(start, this.#pos);
  }

  /** Skips SP, HTAB and folded line breaks (RFC 3261 §7.3.1 LWS); says whether any was skipped. */
  #ws(): boolean {
    const start = this.#pos;
    for (;;) {
      const c = this.#text.charAt(this.#pos);
      if (c === ' ' || c === '\t') this.#pos++;
      else if ((c === '\r' || c === '\n') && this.#fold()) continue;
      else break;
    }
    return this.#pos > start;
  }

  /**
   * Consumes CRLF (or a bare LF) followed by whitespace, as in a folded header line, or ending the
   * value. Any other line break cannot be part of a header value.
   */
  #fold(): boolean {
    let p = this.#pos;
    if (this.#text.charAt(p) === '\r') p++;
    if (this.#text.charAt(p) === '\n') p++;
    if (p === this.#pos) return false;
    const next = this.#text.charAt(p);
    if (next !== ' ' && next !== '\t' && next !== '')
      this.#fail('line break not followed by whitespace');
    this.#pos = p;
    return true;
  }

  #take(c: string): boolean {
    if (this.#text.charAt(this.#pos) !== c) return false;
    this.#pos++;
    return true;
  }

  #peek(): string {
    return this.#text.charAt(this.#pos);
  }

  get #eof(): boolean {
    return this.#pos >= this.#text.length;
  }

  #fail(reason: string): never {
    throw new SyntaxFailure(`${reason} (at offset ${this.#pos})`);
  }
}
