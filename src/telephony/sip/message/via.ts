// Via header values (RFC 3261 §20.42, §18.2.1; rport of RFC 3581): parse, serialize, build.
import { DIGIT, TOKEN, isClass } from './char-classes.ts';
import { Cursor } from './cursor.ts';
import {
  type HeaderParams,
  nextListElement,
  readParams,
  serializeParams,
} from './header-params.ts';
import { isHost, isIPv4, isIPv6Literal, parsePort, scanHost } from './sip-uri.ts';

export interface Via {
  /** "SIP" */
  readonly protocol: string;
  /** "2.0" */
  readonly version: string;
  /** Upper-cased: UDP, TCP, TLS, SCTP, WS, WSS, or any other token. */
  readonly transport: string;
  /** sent-by host as written; IPv6 keeps its brackets. */
  readonly host: string;
  readonly port: number | undefined;
  /** All parameters as written. This map is what is serialized; the fields below are read from it. */
  readonly params: HeaderParams;
  readonly branch: string | undefined;
  readonly received: string | undefined;
  /** True when rport is present, with or without a value (RFC 3581 §4: the client asks for it). */
  readonly hasRport: boolean;
  /** The rport value a server filled in (RFC 3581 §4), when present. */
  readonly rport: number | undefined;
  readonly maddr: string | undefined;
  readonly ttl: number | undefined;
}

/** RFC 3261 §8.1.1.7: branches that begin with the magic cookie are RFC 3261 transaction ids. */
export const MAGIC_COOKIE = 'z9hG4bK';

/** Parses one Via header line, which may hold several comma-separated values (RFC 4475 wsinv). */
export function parseVia(value: string, header = 'Via'): Via[] {
  const c = new Cursor(value, header);
  const out: Via[] = [];
  do out.push(readVia(c));
  while (nextListElement(c));
  return out;
}

/**
 * Parses only the first value of a Via header line: the top Via, which names the transaction
 * and routes the response (RFC 3261 §17.2.3, §18.2.2). The values after it are left for later.
 */
export function parseTopVia(value: string, header = 'Via'): Via {
  const c = new Cursor(value, header);
  const via = readVia(c);
  c.ws();
  if (!c.eof && c.peek() !== 44) c.fail(`unexpected "${value[c.pos]}"`);
  return via;
}

function readVia(c: Cursor): Via {
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport, SLASH = SWS "/" SWS
  c.ws();
  let protocol = 'SIP';
  let version = '2.0';
  if (c.text.startsWith('SIP/2.0/', c.pos)) {
    c.pos += 8; // the spelling nearly every Via uses
  } else {
    protocol = c.token('a protocol name');
    c.ws();
    c.expect(47, '"/"');
    c.ws();
    version = c.token('a protocol version');
    c.ws();
    c.expect(47, '"/"');
    c.ws();
  }
  const transport = c.token('a transport').toUpperCase();
  if (!c.ws()) c.fail('expected whitespace before sent-by');

  const text = c.text;
  let host: string;
  if (c.peek() === 91) {
    const close = text.indexOf(']', c.pos);
    if (close === -1) c.fail('unterminated IPv6 reference');
    host = text.slice(c.pos, close + 1);
    c.pos = close + 1;
    if (!isHost(host)) c.fail('invalid sent-by host');
  } else {
    const end = scanHost(text, c.pos);
    if (end === -1) c.fail('invalid sent-by host');
    host = text.slice(c.pos, end);
    c.pos = end;
  }

  let port: number | undefined;
  c.ws();
  if (c.take(58)) {
    c.ws();
    const start = c.pos;
    while (isClass(c.peek(), DIGIT)) c.pos++;
    port = parsePort(text.slice(start, c.pos));
    if (port === undefined) c.fail('invalid sent-by port');
  }

  const params = readParams(c);
  const branch = params.get('branch');
  const received = params.get('received');
  const rport = params.get('rport');
  const maddr = params.get('maddr');
  const ttl = params.get('ttl');
  if (branch === null || (branch !== undefined && !isTokenText(branch))) c.fail('invalid branch');
  if (received === null || (received !== undefined && !isAddress(received)))
    c.fail('invalid received');
  if (maddr === null || (maddr !== undefined && !isHost(maddr))) c.fail('invalid maddr');
  let rportValue: number | undefined;
  if (rport !== undefined && rport !== null) {
    rportValue = parsePort(rport);
    if (rportValue === undefined) c.fail('invalid rport');
  }
  let ttlValue: number | undefined;
  if (ttl !== undefined) {
    ttlValue = ttl === null || ttl.length > 3 || !isDigits(ttl) ? 256 : Number(ttl);
    if (ttlValue > 255) c.fail('invalid ttl');
  }
  return {
    protocol,
    version,
    transport,
    host,
    port,
    params,
    branch,
    received,
    hasRport: rport !== undefined,
    rport: rportValue,
    maddr,
    ttl: ttlValue,
  };
}

function isTokenText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isClass(text.charCodeAt(i), TOKEN)) return false;
  return text.length > 0;
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isClass(text.charCodeAt(i), DIGIT)) return false;
  return text.length > 0;
}

/** received = IPv4address / IPv6address; RFC 5118 §4.5 also allows the bracketed form. */
function isAddress(text: string): boolean {
  if (text.charCodeAt(0) === 91) return text.endsWith(']') && isIPv6Literal(text.slice(1, -1));
  return isIPv4(text) || isIPv6Literal(text);
}

export function serializeVia(via: Via): string {
  const port = via.port === undefined ? '' : ':' + String(via.port);
  return `${via.protocol}/${via.version}/${via.transport} ${via.host}${port}${serializeParams(via.params)}`;
}

/** A Via for a request this element sends (RFC 3261 §18.1.1); asks for rport (RFC 3581) unless told not to. */
export function createVia(options: {
  transport: string;
  host: string;
  port?: number;
  branch: string;
  rport?: boolean;
  params?: Iterable<[string, string | null]>;
}): Via {
  const params = new Map<string, string | null>([['branch', options.branch]]);
  if (options.rport !== false) params.set('rport', null);
  for (const [name, value] of options.params ?? []) params.set(name.toLowerCase(), value);
  return {
    protocol: 'SIP',
    version: '2.0',
    transport: options.transport.toUpperCase(),
    host: options.host,
    port: options.port,
    params,
    branch: options.branch,
    received: undefined,
    hasRport: options.rport !== false,
    rport: undefined,
    maddr: undefined,
    ttl: undefined,
  };
}
