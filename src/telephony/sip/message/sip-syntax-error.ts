// The expected error of the message layer: a SIP header or URI that does not follow the RFC 3261 grammar.

export class SipSyntaxError extends Error {
  /** Stable code, for the edge that maps it to a 400 (Bad Request). */
  readonly code = 'sip-syntax' as const;
  /** The header at fault, as the RFC names it ("To", "Via"), when one is. */
  readonly header: string | undefined;

  constructor(message: string, header?: string) {
    super(header === undefined ? message : `Malformed ${header} header: ${message}`);
    this.name = 'SipSyntaxError';
    this.header = header;
  }
}

export function isSipSyntaxError(error: unknown): error is SipSyntaxError {
  return error instanceof SipSyntaxError;
}
