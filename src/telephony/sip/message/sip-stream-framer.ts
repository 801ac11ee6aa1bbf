// Cuts SIP messages out of a byte stream (TCP, TLS) by Content-Length (RFC 3261 §18.3) and spots RFC 5626 keep-alives.
import { isWs } from './char-classes.ts';
import { parseBoundedInt } from './header-values.ts';
import { findHeaderEnd } from './message-framing.ts';

export type FramerEvent =
  /** One whole message, a copy that owns its memory; hand it to parseMessage(..., { transport: 'stream' }). */
  | { readonly type: 'message'; readonly data: Buffer }
  /** A double-CRLF ping (RFC 5626 §3.5.1): answer with a single CRLF. */
  | { readonly type: 'ping' }
  /** A single CRLF: the pong to a ping this side sent (RFC 5626 §4.4.1). */
  | { readonly type: 'pong' }
  /** The stream cannot be framed any more; close the connection. Nothing further is reported. */
  | { readonly type: 'error'; readonly reason: string };

export interface FramerOptions {
  /** Largest message, headers and body, in octets; also bounds what is buffered. Default 65535. */
  readonly maxMessageSize?: number;
}

const PING: FramerEvent = { type: 'ping' };
const PONG: FramerEvent = { type: 'pong' };
const EMPTY = Buffer.alloc(0);

/**
 * One per connection. `push` every chunk as it arrives and act on the events it returns. A
 * message needs a Content-Length (RFC 3261 §18.3: "MUST be used with stream-oriented
 * transports"); without one, or with two that disagree, the stream is lost and an error is
 * reported.
 */
export class SipStreamFramer {
  readonly maxMessageSize: number;
  /**
   * Octets kept between pushes, in #store[0, #length). The store grows by doubling, so a message
   * that trickles in one octet per segment costs linear copying, not quadratic.
   */
  #store: Buffer = EMPTY;
  #length = 0;
  /** Where the search for the end of the headers resumes. */
  #scanFrom = 0;
  /** End of the message being received, once its headers are in; -1 before. */
  #frameEnd = -1;
  /** The last chunk ended with a lone CRLF, reported as a pong; a CRLF next completes a ping. */
  #loneCrlf = false;
  #failed = false;

  constructor(options: FramerOptions = {}) {
    this.maxMessageSize = options.maxMessageSize ?? 65535;
  }

  /** Octets held, waiting for the rest of a message. */
  get buffered(): number {
    return this.#length;
  }

  get failed(): boolean {
    return this.#failed;
  }

  push(chunk: Buffer): FramerEvent[] {
    if (this.#failed || chunk.length === 0) return [];
    const events: FramerEvent[] = [];
    const stored = this.#length > 0;
    if (stored) this.#append(chunk);
    const buf = stored ? this.#store.subarray(0, this.#length) : chunk;
    let pos = 0;
    for (;;) {
      if (this.#frameEnd === -1) {
        const before = pos;
        pos = this.#keepAlives(buf, pos, events);
        if (pos !== before) this.#scanFrom = 0;
        if (pos >= buf.length || (buf[pos] === 13 && pos + 1 === buf.length)) break;
        const end = findHeaderEnd(buf, pos + this.#scanFrom);
        if (end === undefined) {
          if (buf.length - pos > this.maxMessageSize)
            return this.#fail(events, 'Header section too large');
          this.#scanFrom = Math.max(0, buf.length - pos - 2);
          break;
        }
        const length = contentLength(buf.toString('latin1', pos, end.headerEnd));
        if (typeof length === 'string') return this.#fail(events, length);
        if (end.bodyStart - pos + length > this.maxMessageSize) {
          return this.#fail(events, `Message larger than ${this.maxMessageSize} octets`);
        }
        this.#frameEnd = end.bodyStart - pos + length;
        this.#scanFrom = 0;
      }
      if (buf.length - pos < this.#frameEnd) break;
      events.push({ type: 'message', data: Buffer.from(buf.subarray(pos, pos + this.#frameEnd)) });
      pos += this.#frameEnd;
      this.#frameEnd = -1;
    }
    this.#keep(buf, pos, stored);
    return events;
  }

  #append(chunk: Buffer): void {
    const need = this.#length + chunk.length;
    if (need > this.#store.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.#store.length * 2, 1024));
      this.#store.copy(grown, 0, 0, this.#length);
      this.#store = grown;
    }
    chunk.copy(this.#store, this.#length);
    this.#length = need;
  }

  /** Keeps `buf[pos, end)` for the next push. */
  #keep(buf: Buffer, pos: number, stored: boolean): void {
    const rest = buf.length - pos;
    if (rest === 0) {
      this.#length = 0;
      if (this.#store.length > 16384) this.#store = EMPTY; // idle connections hold no big buffer
    } else if (!stored) {
      this.#length = 0;
      this.#append(buf.subarray(pos));
    } else if (pos > 0) {
      this.#store.copy(this.#store, 0, pos, this.#length);
      this.#length = rest;
    }
  }

  /** Consumes the CRLFs before a start line (RFC 3261 §7.5), reporting pings and pongs. */
  #keepAlives(buf: Buffer, pos: number, events: FramerEvent[]): number {
    while (buf[pos] === 13 && buf[pos + 1] === 10) {
      if (buf[pos + 2] === 13 && buf[pos + 3] === 10) {
        events.push(PING);
        pos += 4;
        this.#loneCrlf = false;
        continue;
      }
      if (buf[pos + 2] === 13 && pos + 3 === buf.length) break; // CRLF CR: wait for the LF
      if (this.#loneCrlf && pos === 0) {
        events.push(PING);
        this.#loneCrlf = false;
      } else {
        events.push(PONG);
        this.#loneCrlf = pos + 2 === buf.length;
      }
      pos += 2;
    }
    if (pos < buf.length && buf[pos] !== 13) this.#loneCrlf = false;
    return pos;
  }

  #fail(events: FramerEvent[], reason: string): FramerEvent[] {
    this.#failed = true;
    this.#store = EMPTY;
    this.#length = 0;
    events.push({ type: 'error', reason });
    return events;
  }

  /** Forgets everything buffered and any failure, e.g. for a reused connection object. */
  reset(): void {
    this.#store = EMPTY;
    this.#length = 0;
    this.#scanFrom = 0;
    this.#frameEnd = -1;
    this.#loneCrlf = false;
    this.#failed = false;
  }
}

/** The Content-Length of a header section (compact "l" included, folding undone), or why there is none. */
function contentLength(head: string): number | string {
  let found: string | undefined;
  let current: string | undefined;
  const take = (): string | undefined => {
    if (current === undefined) return undefined;
    const value = current.trim();
    current = undefined;
    if (found !== undefined && found !== value) return 'Conflicting Content-Length headers';
    found = value;
    return undefined;
  };
  let pos = head.indexOf('\n') + 1; // skip the start line
  while (pos > 0 && pos < head.length) {
    let nl = head.indexOf('\n', pos);
    if (nl === -1) nl = head.length;
    const line = head.slice(pos, nl);
    if (isWs(line.charCodeAt(0))) {
      if (current !== undefined) current += ' ' + line;
    } else {
      const conflict = take();
      if (conflict !== undefined) return conflict;
      const colon = line.indexOf(':');
      const name = colon === -1 ? '' : line.slice(0, colon).trim().toLowerCase();
      if (name === 'content-length' || name === 'l') current = line.slice(colon + 1);
    }
    pos = nl + 1;
  }
  const conflict = take();
  if (conflict !== undefined) return conflict;
  if (found === undefined) return 'Missing Content-Length on a stream transport';
  const length = parseBoundedInt(found, Number.MAX_SAFE_INTEGER);
  return length === undefined ? `Invalid Content-Length "${found.slice(0, 20)}"` : length;
}
