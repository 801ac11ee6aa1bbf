// A minimal client of rtpengine's ng control protocol: bencoded dictionaries over UDP, each prefixed by a cookie.
//
// Protocol (rtpengine docs, "ng Control Protocol"): a request is `<cookie> <bencoded dict>` with a
// `command` key; the reply repeats the cookie and carries `result` ("ok", "pong", or "error" with
// `error-reason`). UDP may lose either datagram, so a request is re-sent with the same cookie
// (rtpengine answers a repeated cookie from its cache) until it is answered or times out.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';

export type Bencoded = string | number | Buffer | Bencoded[] | { [key: string]: Bencoded };

/** bencode: i<n>e, <length>:<bytes>, l…e, d…e with keys sorted as raw strings. */
export function bencode(value: Bencoded): Buffer {
  const parts: Buffer[] = [];
  const put = (v: Bencoded): void => {
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) throw new TypeError(`bencode: ${v} is not an integer`);
      parts.push(Buffer.from(`i${v}e`));
    } else if (typeof v === 'string' || Buffer.isBuffer(v)) {
      const bytes = typeof v === 'string' ? Buffer.from(v) : v;
      parts.push(Buffer.from(`${bytes.length}:`), bytes);
    } else if (Array.isArray(v)) {
      parts.push(Buffer.from('l'));
      v.forEach(put);
      parts.push(Buffer.from('e'));
    } else {
      parts.push(Buffer.from('d'));
      for (const key of Object.keys(v).sort()) {
        put(key);
        put(v[key]!);
      }
      parts.push(Buffer.from('e'));
    }
  };
  put(value);
  return Buffer.concat(parts);
}

/** Decodes one bencoded value; byte strings come back as (UTF-8) strings. */
export function bdecode(data: Buffer): Bencoded {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`bdecode: ${why} at offset ${at}`);
  };
  const value = (): Bencoded => {
    const c = data[at];
    if (c === undefined) return fail('unexpected end');
    if (c === 0x69 /* i */) {
      const end = data.indexOf(0x65, at);
      if (end < 0) fail('unterminated integer');
      const n = Number(data.toString('latin1', at + 1, end));
      if (!Number.isInteger(n)) fail('bad integer');
      at = end + 1;
      return n;
    }
    if (c === 0x6c /* l */ || c === 0x64 /* d */) {
      at++;
      const list: Bencoded[] = [];
      const dict: Record<string, Bencoded> = {};
      while (data[at] !== 0x65) {
        if (at >= data.length) fail('unterminated container');
        if (c === 0x6c) list.push(value());
        else {
          const key = value();
          if (typeof key !== 'string') fail('dictionary key is not a string');
          dict[key as string] = value();
        }
      }
      at++;
      return c === 0x6c ? list : dict;
    }
    const colon = data.indexOf(0x3a, at);
    const length = Number(data.toString('latin1', at, colon));
    if (colon < 0 || !Number.isInteger(length) || length < 0) fail('bad string length');
    const start = colon + 1;
    if (start + length > data.length) fail('string runs past the end');
    at = start + length;
    return data.toString('utf8', start, at);
  };
  const result = value();
  if (at !== data.length) fail('trailing bytes');
  return result;
}

export interface NgClientOptions {
  readonly host?: string;
  readonly port: number;
  /** Per attempt. Default 1000 ms. */
  readonly timeoutMs?: number;
  /** Default 3. */
  readonly attempts?: number;
}

type Dict = { [key: string]: Bencoded };

/** Talks to one rtpengine over one UDP socket; requests may run concurrently. */
export class NgClient {
  readonly #socket: Socket;
  readonly #host: string;
  readonly #port: number;
  readonly #timeoutMs: number;
  readonly #attempts: number;
  readonly #pending = new Map<string, (reply: Dict) => void>();
  #sequence = 0;
  readonly #prefix = randomBytes(4).toString('hex');

  private constructor(socket: Socket, options: NgClientOptions) {
    this.#socket = socket;
    this.#host = options.host ?? '127.0.0.1';
    this.#port = options.port;
    this.#timeoutMs = options.timeoutMs ?? 1000;
    this.#attempts = options.attempts ?? 3;
    socket.on('message', (data) => this.#onReply(data));
  }

  static async connect(options: NgClientOptions): Promise<NgClient> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new NgClient(socket, options);
  }

  #onReply(data: Buffer): void {
    const space = data.indexOf(0x20);
    if (space < 0) return;
    const resolve = this.#pending.get(data.toString('latin1', 0, space));
    if (resolve === undefined) return; // a late duplicate
    const reply = bdecode(data.subarray(space + 1));
    if (typeof reply === 'object' && !Array.isArray(reply) && !Buffer.isBuffer(reply))
      resolve(reply);
  }

  /** Sends `command` with its arguments; rejects on timeout or a result of "error". */
  async request(command: string, args: Dict = {}): Promise<Dict> {
    const cookie = `${this.#prefix}_${++this.#sequence}`;
    const message = Buffer.concat([Buffer.from(`${cookie} `), bencode({ ...args, command })]);
    try {
      for (let attempt = 0; attempt < this.#attempts; attempt++) {
        const reply = await new Promise<Dict | undefined>((resolve) => {
          const timer = setTimeout(() => resolve(undefined), this.#timeoutMs);
          this.#pending.set(cookie, (r) => {
            clearTimeout(timer);
            resolve(r);
          });
          this.#socket.send(message, this.#port, this.#host);
        });
        if (reply === undefined) continue;
        if (reply.result === 'error')
          throw new Error(`rtpengine ${command} failed: ${JSON.stringify(reply['error-reason'])}`);
        return reply;
      }
      throw new Error(`rtpengine ${command}: no reply from ${this.#host}:${this.#port}`);
    } finally {
      this.#pending.delete(cookie);
    }
  }

  close(): void {
    this.#socket.close();
  }
}
