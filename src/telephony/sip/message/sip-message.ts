// The SIP message model: a request or a response (RFC 3261 §7.1, §7.2) over the shared header store.
import { TOKEN, allClass } from './char-classes.ts';
import { type SipMessageInit, SipMessageBase } from './sip-message-base.ts';
import { SipSyntaxError } from './sip-syntax-error.ts';
import type { Uri } from './sip-uri.ts';

export type { PreParsed, SipHeader, SipMessageInit } from './sip-message-base.ts';

export interface SipRequestInit extends SipMessageInit {
  readonly method: string;
  readonly uri: Uri;
}

export interface SipResponseInit extends SipMessageInit {
  readonly status: number;
  readonly reason: string;
}

export class SipRequest extends SipMessageBase {
  readonly kind = 'request' as const;
  method: string;
  /** The Request-URI; a proxy rewrites it in place when it retargets (RFC 3261 §16.5). */
  uri: Uri;

  constructor(init: SipRequestInit) {
    super(init);
    if (!allClass(init.method, TOKEN)) throw new SipSyntaxError(`invalid method "${init.method}"`);
    this.method = init.method;
    this.uri = init.uri;
  }

  /** A deep copy (headers and body), e.g. for a proxy that forks. */
  clone(): SipRequest {
    return new SipRequest({ ...this.copyInit(), method: this.method, uri: this.uri });
  }
}

export class SipResponse extends SipMessageBase {
  readonly kind = 'response' as const;
  status: number;
  reason: string;

  constructor(init: SipResponseInit) {
    super(init);
    if (!Number.isInteger(init.status) || init.status < 100 || init.status > 699) {
      throw new SipSyntaxError(`invalid status code ${init.status}`);
    }
    if (init.reason.indexOf('\n') !== -1 || init.reason.indexOf('\r') !== -1) {
      throw new SipSyntaxError('a reason phrase cannot contain CR or LF');
    }
    this.status = init.status;
    this.reason = init.reason;
  }

  clone(): SipResponse {
    return new SipResponse({ ...this.copyInit(), status: this.status, reason: this.reason });
  }
}

export type SipMessage = SipRequest | SipResponse;
