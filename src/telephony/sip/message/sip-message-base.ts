// What SIP requests and responses share: ordered headers and lazily parsed, cached header values (RFC 3261 §7.3).
import { TOKEN, allClass } from './char-classes.ts';
import { headerKey } from './header-names.ts';
import { splitList } from './header-params.ts';
import {
  type CSeq,
  type MediaType,
  parseCSeq,
  parseCallId,
  parseExpires,
  parseMaxForwards,
  parseMediaType,
  parseTokenList,
} from './header-values.ts';
import {
  type ContactList,
  type NameAddr,
  parseContact,
  parseNameAddr,
  parseNameAddrList,
  tagOf,
} from './name-addr.ts';
import { SipSyntaxError } from './sip-syntax-error.ts';
import { type Via, parseTopVia, parseVia } from './via.ts';

/** A header line: its name as written (or as given) and its value, unfolded and trimmed. */
export interface SipHeader {
  readonly name: string;
  readonly value: string;
}

export interface HeaderEntry extends SipHeader {
  /** Lower case, compact form expanded: what lookups compare. */
  readonly key: string;
}

/**
 * Header values the parser already validated. They seed the caches so that the accessors of a
 * parsed message never parse twice.
 */
export interface PreParsed {
  readonly topVia?: Via;
  readonly from?: NameAddr;
  readonly to?: NameAddr;
  readonly callId?: string;
  readonly cseq?: CSeq;
  readonly maxForwards?: number;
}

/**
 * The key under which the parser hands over header entries it already split and validated, so
 * they are not checked again. It stays inside this folder (index.ts does not export it): code
 * outside cannot slip unchecked values, with CR or LF in them, past the constructor.
 */
export const PARSED = Symbol('parsed');

export interface ParsedInit {
  readonly entries: HeaderEntry[];
  readonly values: PreParsed;
}

export interface SipMessageInit {
  /** Header lines in order; names must be tokens and values free of CR and LF. */
  readonly headers?: Iterable<SipHeader | readonly [string, string]>;
  readonly body?: Buffer | string;
  readonly [PARSED]?: ParsedInit;
}

function entry(name: string, value: string): HeaderEntry {
  if (!allClass(name, TOKEN)) throw new SipSyntaxError(`invalid header name "${name}"`);
  if (value.indexOf('\n') !== -1 || value.indexOf('\r') !== -1) {
    throw new SipSyntaxError('a header value cannot contain CR or LF', name);
  }
  return { name, key: headerKey(name), value };
}

const NOT_PARSED = Symbol('not parsed');
type Cached<T> = T | typeof NOT_PARSED;

/**
 * What requests and responses share. Header accessors (via, from, contact, ...) parse on first use
 * and cache; a malformed value throws SipSyntaxError, which the layer above answers with a 400.
 * Changing a header through set/add/prepend/remove drops its cache.
 */
export abstract class SipMessageBase {
  readonly version = 'SIP/2.0';
  body: Buffer;
  readonly #headers: HeaderEntry[];
  #via: Cached<readonly Via[]> = NOT_PARSED;
  #topVia: Cached<Via | undefined> = NOT_PARSED;
  #from: Cached<NameAddr> = NOT_PARSED;
  #to: Cached<NameAddr> = NOT_PARSED;
  #callId: Cached<string> = NOT_PARSED;
  #cseq: Cached<CSeq> = NOT_PARSED;
  #maxForwards: Cached<number | undefined> = NOT_PARSED;
  #contact: Cached<ContactList | undefined> = NOT_PARSED;
  #route: Cached<readonly NameAddr[]> = NOT_PARSED;
  #recordRoute: Cached<readonly NameAddr[]> = NOT_PARSED;
  #contentType: Cached<MediaType | undefined> = NOT_PARSED;

  constructor(init: SipMessageInit) {
    const parsed = init[PARSED];
    if (parsed !== undefined) {
      this.#headers = parsed.entries;
    } else {
      const headers: HeaderEntry[] = [];
      for (const h of init.headers ?? []) {
        headers.push('name' in h ? entry(h.name, h.value) : entry(h[0], h[1]));
      }
      this.#headers = headers;
    }
    const body = init.body ?? Buffer.alloc(0);
    this.body = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const p = parsed?.values;
    if (p !== undefined) {
      if (p.topVia !== undefined) this.#topVia = p.topVia;
      if (p.from !== undefined) this.#from = p.from;
      if (p.to !== undefined) this.#to = p.to;
      if (p.callId !== undefined) this.#callId = p.callId;
      if (p.cseq !== undefined) this.#cseq = p.cseq;
      if ('maxForwards' in p) this.#maxForwards = p.maxForwards;
    }
  }

  /** Every header line in order, with the names as received. */
  get headers(): readonly SipHeader[] {
    return this.#headers;
  }

  /** The first value of a header (case-insensitive; compact forms match: "v" finds Via). */
  get(name: string): string | undefined {
    const key = headerKey(name);
    for (const h of this.#headers) if (h.key === key) return h.value;
    return undefined;
  }

  /** Every line of a header, in order, without splitting on commas. */
  getAll(name: string): string[] {
    const key = headerKey(name);
    const out: string[] = [];
    for (const h of this.#headers) if (h.key === key) out.push(h.value);
    return out;
  }

  /**
   * Every element of a list header: all lines, split on commas outside quotes and "<>". Only for
   * headers defined as lists; Date, Authorization and WWW-Authenticate hold commas of their own.
   */
  values(name: string): string[] {
    const out: string[] = [];
    for (const value of this.getAll(name)) out.push(...splitList(value));
    return out;
  }

  /** The tokens of a token-list header (Supported, Require, Allow, Proxy-Require, ...). */
  tokens(name: string): string[] {
    const out: string[] = [];
    for (const value of this.getAll(name)) out.push(...parseTokenList(value, name));
    return out;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Replaces every line of the header by one, where the first one was (or at the end). */
  set(name: string, value: string): this {
    const e = entry(name, value);
    const i = this.#headers.findIndex((h) => h.key === e.key);
    this.#drop(e.key);
    if (i === -1) this.#headers.push(e);
    else this.#headers.splice(i, 0, e);
    this.#invalidate(e.key);
    return this;
  }

  /** Adds a line after the existing ones. */
  add(name: string, value: string): this {
    const e = entry(name, value);
    this.#headers.push(e);
    this.#invalidate(e.key);
    return this;
  }

  /** Adds a line before every other line of the same header (a proxy's Via or Record-Route, RFC 3261 §16.6). */
  prepend(name: string, value: string): this {
    const e = entry(name, value);
    const i = this.#headers.findIndex((h) => h.key === e.key);
    this.#headers.splice(i === -1 ? this.#headers.length : i, 0, e);
    this.#invalidate(e.key);
    return this;
  }

  /** Removes every line of the header; returns how many there were. */
  remove(name: string): number {
    const key = headerKey(name);
    const removed = this.#drop(key);
    this.#invalidate(key);
    return removed;
  }

  #drop(key: string): number {
    let removed = 0;
    for (let i = this.#headers.length - 1; i >= 0; i--) {
      if (this.#headers[i]?.key === key) {
        this.#headers.splice(i, 1);
        removed++;
      }
    }
    return removed;
  }

  #invalidate(key: string): void {
    switch (key) {
      case 'via':
        this.#via = NOT_PARSED;
        this.#topVia = NOT_PARSED;
        break;
      case 'from':
        this.#from = NOT_PARSED;
        break;
      case 'to':
        this.#to = NOT_PARSED;
        break;
      case 'call-id':
        this.#callId = NOT_PARSED;
        break;
      case 'cseq':
        this.#cseq = NOT_PARSED;
        break;
      case 'max-forwards':
        this.#maxForwards = NOT_PARSED;
        break;
      case 'contact':
        this.#contact = NOT_PARSED;
        break;
      case 'route':
        this.#route = NOT_PARSED;
        break;
      case 'record-route':
        this.#recordRoute = NOT_PARSED;
        break;
      case 'content-type':
        this.#contentType = NOT_PARSED;
        break;
    }
  }

  #required(key: string, name: string): string {
    const value = this.get(key);
    if (value === undefined) throw new SipSyntaxError(`missing ${name} header`, name);
    return value;
  }

  /** All Via values, top first (each line may hold several). */
  get via(): readonly Via[] {
    if (this.#via === NOT_PARSED) {
      const out: Via[] = [];
      for (const h of this.#headers) if (h.key === 'via') out.push(...parseVia(h.value));
      this.#via = out;
    }
    return this.#via;
  }

  /** The top Via: the one that identifies the transaction (RFC 3261 §17.2.3). */
  get topVia(): Via | undefined {
    if (this.#topVia === NOT_PARSED) {
      const first = this.#via === NOT_PARSED ? this.get('via') : undefined;
      this.#topVia = first === undefined ? this.via[0] : parseTopVia(first);
    }
    return this.#topVia;
  }

  get from(): NameAddr {
    if (this.#from === NOT_PARSED)
      this.#from = parseNameAddr(this.#required('from', 'From'), 'From');
    return this.#from;
  }

  get to(): NameAddr {
    if (this.#to === NOT_PARSED) this.#to = parseNameAddr(this.#required('to', 'To'), 'To');
    return this.#to;
  }

  get fromTag(): string | undefined {
    return tagOf(this.from);
  }

  get toTag(): string | undefined {
    return tagOf(this.to);
  }

  get callId(): string {
    if (this.#callId === NOT_PARSED)
      this.#callId = parseCallId(this.#required('call-id', 'Call-ID'));
    return this.#callId;
  }

  get cseq(): CSeq {
    if (this.#cseq === NOT_PARSED) this.#cseq = parseCSeq(this.#required('cseq', 'CSeq'));
    return this.#cseq;
  }

  get maxForwards(): number | undefined {
    if (this.#maxForwards === NOT_PARSED) {
      const value = this.get('max-forwards');
      this.#maxForwards = value === undefined ? undefined : parseMaxForwards(value);
    }
    return this.#maxForwards;
  }

  /** The Contact header: `'*'`, the addresses of every line, or undefined when absent. */
  get contact(): ContactList | undefined {
    if (this.#contact === NOT_PARSED) {
      const lines = this.getAll('contact');
      if (lines.length === 0) this.#contact = undefined;
      else if (lines.length === 1) this.#contact = parseContact(lines[0] ?? '');
      else {
        const all: NameAddr[] = [];
        for (const line of lines) {
          const list = parseContact(line);
          if (list === '*') throw new SipSyntaxError('"*" must be the only value', 'Contact');
          all.push(...list);
        }
        this.#contact = all;
      }
    }
    return this.#contact;
  }

  get route(): readonly NameAddr[] {
    if (this.#route === NOT_PARSED) this.#route = this.#nameAddrs('route', 'Route');
    return this.#route;
  }

  get recordRoute(): readonly NameAddr[] {
    if (this.#recordRoute === NOT_PARSED)
      this.#recordRoute = this.#nameAddrs('record-route', 'Record-Route');
    return this.#recordRoute;
  }

  #nameAddrs(key: string, name: string): NameAddr[] {
    const out: NameAddr[] = [];
    for (const h of this.#headers) if (h.key === key) out.push(...parseNameAddrList(h.value, name));
    return out;
  }

  get contentType(): MediaType | undefined {
    if (this.#contentType === NOT_PARSED) {
      const value = this.get('content-type');
      this.#contentType = value === undefined ? undefined : parseMediaType(value);
    }
    return this.#contentType;
  }

  /** The Expires header in seconds, when present. */
  get expires(): number | undefined {
    const value = this.get('expires');
    return value === undefined ? undefined : parseExpires(value);
  }

  protected copyInit(): SipMessageInit {
    return {
      body: Buffer.from(this.body),
      [PARSED]: { entries: this.#headers.map((h) => ({ ...h })), values: {} },
    };
  }
}
