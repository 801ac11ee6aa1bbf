// URI equivalence: RFC 3261 §19.1.4 for sip/sips, RFC 3966 §4 for tel, escape-normalized text otherwise.
import type { SipUri, TelUri, Uri, UriParams } from './sip-uri.ts';
import { normalizeEscapes } from './uri-escape.ts';

/** RFC 3261 §19.1.4: these parameters must appear in both URIs (and match) or in neither. */
const MUST_MATCH = ['user', 'ttl', 'method', 'maddr', 'transport'];

export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.type === 'sip') return b.type === 'sip' && sipEquals(a, b);
  if (a.type === 'tel') return b.type === 'tel' && telEquals(a, b);
  return (
    b.type === 'other' &&
    a.scheme === b.scheme &&
    normalizeEscapes(a.opaque) === normalizeEscapes(b.opaque)
  );
}

function sipEquals(a: SipUri, b: SipUri): boolean {
  // A sips URI never equals a sip URI; userinfo is case-sensitive; escapes of unreserved
  // characters equal the characters; a default port given explicitly is not the same as none.
  if (a.scheme !== b.scheme || a.port !== b.port) return false;
  if (!sameOptional(a.user, b.user) || !sameOptional(a.password, b.password)) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return false;

  const pa = normalizedParams(a.params);
  const pb = normalizedParams(b.params);
  for (const [name, value] of pa) {
    if (!pb.has(name)) {
      if (MUST_MATCH.includes(name)) return false;
      continue;
    }
    if (value !== pb.get(name)) return false;
  }
  for (const name of MUST_MATCH) {
    if (pb.has(name) && !pa.has(name)) return false;
  }

  // URI headers are never ignored: each one must be in both URIs.
  if (a.headers.size !== b.headers.size) return false;
  const hb = new Map<string, string>();
  for (const [name, value] of b.headers)
    hb.set(normalizeEscapes(name).toLowerCase(), normalizeEscapes(value));
  for (const [name, value] of a.headers) {
    if (hb.get(normalizeEscapes(name).toLowerCase()) !== normalizeEscapes(value)) return false;
  }
  return true;
}

function sameOptional(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a === b || normalizeEscapes(a) === normalizeEscapes(b);
}

/** Names and values case-folded and escape-normalized (RFC 4475 esc01: ";%6C%72" is ";lr"). */
function normalizedParams(params: UriParams): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const [name, value] of params) {
    out.set(
      normalizeEscapes(name).toLowerCase(),
      value === null ? null : normalizeEscapes(value).toLowerCase(),
    );
  }
  return out;
}

function telEquals(a: TelUri, b: TelUri): boolean {
  // RFC 3966 §4: compare the digits without visual separators, case-insensitively; every
  // parameter must be in both, in any order; phone-context digits also lose their separators.
  if (stripVisual(a.number) !== stripVisual(b.number)) return false;
  if (a.params.size !== b.params.size) return false;
  for (const [name, value] of a.params) {
    if (!b.params.has(name)) return false;
    const other = b.params.get(name) ?? null;
    if (value === null || other === null) {
      if (value !== other) return false;
      continue;
    }
    const digits = name === 'ext' || (name === 'phone-context' && value.startsWith('+'));
    const x = normalizeEscapes(digits ? stripVisual(value) : value.toLowerCase());
    const y = normalizeEscapes(digits ? stripVisual(other) : other.toLowerCase());
    if (x !== y) return false;
  }
  return true;
}

function stripVisual(text: string): string {
  return text.replace(/[-.()]/g, '').toLowerCase();
}
