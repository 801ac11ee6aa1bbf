// message/sipfrag bodies of the NOTIFYs that report a REFER's progress (RFC 3420, RFC 3515 §2.4.5).
import { reasonPhrase } from '../message/index.ts';

export const SIPFRAG = 'message/sipfrag;version=2.0';

/** RFC 3515 §2.4.5: the body is at least the status line of the referenced request's response. */
export function sipfragBody(status: number, reason?: string): string {
  const phrase = (reason ?? reasonPhrase(status)).replace(/[\r\n]+/g, ' ');
  return `SIP/2.0 ${status} ${phrase}\r\n`;
}

/** The status line at the start of a sipfrag body; undefined when it holds none. */
export function parseSipfrag(body: string): { status: number; reason: string } | undefined {
  const match = /^SIP\/2\.0[ \t]+(\d{3})(?:[ \t]+([^\r\n]*))?/.exec(body.trimStart());
  if (match === null || match[1] === undefined) return undefined;
  const status = Number(match[1]);
  if (status < 100 || status > 699) return undefined;
  return { status, reason: (match[2] ?? '').trim() };
}
