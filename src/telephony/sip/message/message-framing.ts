// Where the header section of a SIP message ends, and how its octets become text (RFC 3261 §7, §7.5).
import { isAscii, isUtf8 } from 'node:buffer';

const LF_CRLF = Buffer.from('\n\r\n', 'latin1');
const LF_LF = Buffer.from('\n\n', 'latin1');

export interface HeaderEnd {
  /** Index of the LF that ends the last header line (the header text is [start, headerEnd)). */
  readonly headerEnd: number;
  /** Index of the first body octet. */
  readonly bodyStart: number;
}

/**
 * Finds the empty line after the headers, starting at `from`. RFC 3261 §7 mandates CRLF, but
 * bare LF line ends are accepted as many stacks do; the earliest empty line wins ("\n\n" or
 * "\n\r\n"). Returns undefined while the empty line has not arrived.
 */
export function findHeaderEnd(buf: Buffer, from: number): HeaderEnd | undefined {
  const crlf = buf.indexOf(LF_CRLF, from);
  // A bare-LF empty line counts only when it comes first, so look for one only before `crlf`.
  const lf = (crlf === -1 ? buf : buf.subarray(0, crlf + 1)).indexOf(LF_LF, from);
  if (lf !== -1) return { headerEnd: lf, bodyStart: lf + 2 };
  if (crlf !== -1) return { headerEnd: crlf, bodyStart: crlf + 3 };
  return undefined;
}

/**
 * The header section as text: UTF-8, as RFC 3261 §7.3.1 specifies; when the octets are not
 * valid UTF-8 (Latin-1 display names from old phones) they are read as Latin-1, which keeps
 * every octet instead of replacing it.
 */
export function decodeHeaderText(buf: Buffer, start: number, end: number): string {
  const octets = buf.subarray(start, end);
  if (isAscii(octets)) return octets.toString('latin1');
  return isUtf8(octets) ? octets.toString('utf8') : octets.toString('latin1');
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/**
 * Index of the first control character of a header value that RFC 3261 does not allow, or -1:
 * C0 controls but HTAB, and DEL, are legal only as quoted-pairs ("\" + octet, RFC 4475
 * intmeth), and never CR or LF, so no line break can be smuggled into a forwarded header.
 */
export function controlAt(value: string): number {
  if (!CONTROL.test(value)) return -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 32 && c !== 127) || c === 9) continue;
    if (c !== 10 && c !== 13 && i > 0 && value.charCodeAt(i - 1) === 92) continue;
    return i;
  }
  return -1;
}
