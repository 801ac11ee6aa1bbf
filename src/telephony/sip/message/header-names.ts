// Header names: the lookup key of a name (lower case, compact forms expanded; RFC 3261 §7.3.3).

/** Compact forms: RFC 3261 §7.3.3 and §20, plus the extensions that registered one. */
export const COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: 'Accept-Contact', // RFC 3841
  b: 'Referred-By', // RFC 3892
  c: 'Content-Type',
  d: 'Request-Disposition', // RFC 3841
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact', // RFC 3841
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  n: 'Identity-Info', // RFC 4474
  o: 'Event', // RFC 6665
  r: 'Refer-To', // RFC 3515
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events', // RFC 6665
  v: 'Via',
  x: 'Session-Expires', // RFC 4028
  y: 'Identity', // RFC 8224
};

const compactKeys = new Map<string, string>();
for (const [letter, name] of Object.entries(COMPACT_FORMS))
  compactKeys.set(letter, name.toLowerCase());

// The spellings seen on nearly every message, so the hot path skips toLowerCase.
const knownKeys = new Map<string, string>();
for (const name of [
  'Via',
  'From',
  'To',
  'Call-ID',
  'Call-Id',
  'CSeq',
  'Cseq',
  'Max-Forwards',
  'Contact',
  'Content-Type',
  'Content-Length',
  'Route',
  'Record-Route',
  'Allow',
  'Supported',
  'User-Agent',
  'Server',
  'Expires',
  'Require',
  'Session-Expires',
  'Min-SE',
  'Accept',
  'Allow-Events',
  'Date',
  'Authorization',
  'Proxy-Authorization',
  'WWW-Authenticate',
  'Proxy-Authenticate',
]) {
  knownKeys.set(name, name.toLowerCase());
  knownKeys.set(name.toLowerCase(), name.toLowerCase());
}
for (const [letter, key] of compactKeys) {
  knownKeys.set(letter, key);
  knownKeys.set(letter.toUpperCase(), key);
}

/** The lookup key of a header name: lower case, compact form expanded ("v" and "VIA" give "via"). */
export function headerKey(name: string): string {
  const known = knownHeaderKey(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  return compactKeys.get(lower) ?? lower;
}

/**
 * The key of a header name spelled as most stacks spell it, or undefined. The names it knows are
 * valid tokens, so the parser skips validating them.
 */
export function knownHeaderKey(name: string): string | undefined {
  // The usual spellings of the headers on every message, compared without hashing.
  switch (name.length) {
    case 2:
      if (name === 'To') return 'to';
      break;
    case 3:
      if (name === 'Via') return 'via';
      break;
    case 4:
      if (name === 'From') return 'from';
      if (name === 'CSeq') return 'cseq';
      break;
    case 5:
      if (name === 'Allow') return 'allow';
      if (name === 'Route') return 'route';
      break;
    case 6:
      if (name === 'Server') return 'server';
      break;
    case 7:
      if (name === 'Call-ID') return 'call-id';
      if (name === 'Contact') return 'contact';
      break;
    case 9:
      if (name === 'Supported') return 'supported';
      break;
    case 10:
      if (name === 'User-Agent') return 'user-agent';
      break;
    case 12:
      if (name === 'Max-Forwards') return 'max-forwards';
      if (name === 'Content-Type') return 'content-type';
      if (name === 'Record-Route') return 'record-route';
      break;
    case 14:
      if (name === 'Content-Length') return 'content-length';
      break;
  }
  return knownKeys.get(name);
}
