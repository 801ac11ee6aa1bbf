// The SDP a message carries: an application/sdp body, or the application/sdp part of a multipart one (RFC 5621, SIP-I carriers).
import type { SipMessage } from '../message/index.ts';

export type SdpBody =
  | { readonly ok: true; readonly sdp: string | undefined }
  | { readonly ok: false; readonly contentType: string };

/**
 * The session description in `message`: undefined when it has no body, or a multipart body
 * without an SDP part (an ISUP-only SIP-I message). A body of any other type cannot be a
 * session description: `ok: false`, and the caller answers 415 with Accept: application/sdp.
 * A body without a Content-Type that starts like SDP ("v=0") is taken as SDP, as some devices
 * leave the header out.
 */
export function sdpOf(message: SipMessage): SdpBody {
  if (message.body.length === 0) return { ok: true, sdp: undefined };
  const type = message.contentType;
  const text = message.body.toString('utf8');
  if (type === undefined) {
    return text.startsWith('v=0') ? { ok: true, sdp: text } : { ok: false, contentType: 'none' };
  }
  const name = `${type.type}/${type.subtype}`;
  if (name === 'application/sdp') return { ok: true, sdp: text };
  const boundary = type.params.get('boundary');
  if (type.type === 'multipart' && typeof boundary === 'string' && boundary !== '') {
    return { ok: true, sdp: sdpPart(text, unquote(boundary)) };
  }
  return { ok: false, contentType: name };
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value;
}

/** RFC 2046 §5.1.1: parts between "--boundary" lines; each has headers, an empty line, a body. */
function sdpPart(text: string, boundary: string): string | undefined {
  const delimiter = `--${boundary}`;
  const parts = text.split(delimiter).slice(1);
  for (const raw of parts) {
    if (raw.startsWith('--')) break;
    const part = raw.replace(/^\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(part);
    if (split === null) continue;
    const head = part.slice(0, split.index);
    const isSdp = head
      .split(/\r?\n/)
      .some((line) => /^content-type\s*:\s*application\/sdp\b/i.test(line.trim()));
    if (!isSdp) continue;
    // The CRLF before the next delimiter belongs to the delimiter (RFC 2046 §5.1.1).
    return part.slice(split.index + split[0].length).replace(/\r?\n$/, '');
  }
  return undefined;
}
