// A position in a header value with the small scanning steps the RFC 3261 §25.1 productions share.
import { TOKEN, isClass, isWs } from './char-classes.ts';
import { SipSyntaxError } from './sip-syntax-error.ts';

export class Cursor {
  pos: number;

  constructor(
    readonly text: string,
    readonly header: string | undefined,
    pos = 0,
  ) {
    this.pos = pos;
  }

  get eof(): boolean {
    return this.pos >= this.text.length;
  }

  /** The code unit at the position, NaN at the end. */
  peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  /** Skips SWS; after unfolding, LWS is only SP and HTAB. Returns whether any was skipped. */
  ws(): boolean {
    const start = this.pos;
    while (isWs(this.text.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  expect(code: number, what: string): void {
    if (this.text.charCodeAt(this.pos) !== code) this.fail(`expected ${what}`);
    this.pos++;
  }

  /** Consumes `code` when it is next and says whether it did. */
  take(code: number): boolean {
    if (this.text.charCodeAt(this.pos) !== code) return false;
    this.pos++;
    return true;
  }

  /** Consumes a run of `flags` characters; fails with `what` when the run is empty. */
  run(flags: number, what: string): string {
    const start = this.pos;
    while (isClass(this.text.charCodeAt(this.pos), flags)) this.pos++;
    if (this.pos === start) this.fail(`expected ${what}`);
    return this.text.slice(start, this.pos);
  }

  token(what = 'a token'): string {
    return this.run(TOKEN, what);
  }

  /** Fails unless only whitespace is left. */
  end(): void {
    this.ws();
    if (this.pos < this.text.length) this.fail(`unexpected "${this.text[this.pos]}"`);
  }

  fail(message: string): never {
    throw new SipSyntaxError(`${message} at offset ${this.pos}`, this.header);
  }
}
