// DTMF carried in SIP INFO bodies: application/dtmf-relay ("Signal=5", "Duration=160") and application/dtmf.

export interface DtmfInfo {
  /** One of 0-9, *, #, A-D. */
  readonly digit: string;
  /** The Duration line in ms, when given. */
  readonly durationMs: number | undefined;
}

export const DTMF_RELAY = 'application/dtmf-relay';
export const DTMF = 'application/dtmf';

const DIGITS = '0123456789*#ABCD';

/**
 * The key in an INFO body, or undefined when the body holds none. Both bodies come in two
 * shapes in the field: "Signal=5\r\nDuration=160" and a bare key ("5"); a key may be given as its
 * RFC 4733 event number (10 = *, 11 = #, 12-15 = A-D), which some gateways send.
 */
export function parseDtmfInfo(contentType: string | undefined, body: string): DtmfInfo | undefined {
  if (contentType !== DTMF_RELAY && contentType !== DTMF) return undefined;
  const fields = new Map<string, string>();
  const lines = body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (eq === -1) continue;
    fields.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  const signal = fields.get('signal') ?? (fields.size === 0 ? lines[0] : undefined);
  if (signal === undefined) return undefined;
  const digit = digitOf(signal);
  if (digit === undefined) return undefined;
  const duration = fields.get('duration');
  const durationMs =
    duration !== undefined && /^\d{1,6}$/.test(duration) ? Number(duration) : undefined;
  return { digit, durationMs };
}

function digitOf(signal: string): string | undefined {
  const upper = signal.toUpperCase();
  if (upper.length === 1 && DIGITS.includes(upper)) return upper;
  if (/^\d{2}$/.test(upper)) {
    const code = Number(upper);
    if (code >= 10 && code <= 15) return DIGITS[code];
  }
  return undefined;
}

/** An application/dtmf-relay INFO body for one key (the form most PBXs and gateways read). */
export function dtmfRelayBody(
  digit: string,
  durationMs = 250,
): { readonly contentType: string; readonly body: string } {
  const key = digit.toUpperCase();
  if (key.length !== 1 || !DIGITS.includes(key)) {
    throw new RangeError(`a DTMF key is one of 0-9, *, #, A-D; got "${digit}"`);
  }
  if (!Number.isInteger(durationMs) || durationMs <= 0) {
    throw new RangeError(`a DTMF duration is a positive number of ms; got ${durationMs}`);
  }
  return { contentType: DTMF_RELAY, body: `Signal=${key}\r\nDuration=${durationMs}\r\n` };
}
