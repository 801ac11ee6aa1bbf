// The digest arithmetic: H, HA1, HA2 and the request-digest for MD5, SHA-256 and SHA-512/256, plain and -sess (RFC 7616 §3.4, RFC 8760 §2).
import { createHash } from 'node:crypto';

/** RFC 7616 §3.3 / RFC 8760 §2.1 algorithm names, as written on the wire. */
export const digestAlgorithms = [
  'MD5',
  'MD5-sess',
  'SHA-256',
  'SHA-256-sess',
  'SHA-512-256',
  'SHA-512-256-sess',
] as const;

export type DigestAlgorithm = (typeof digestAlgorithms)[number];

/** The hash behind an algorithm; a stored HA1 is per hash, shared by the plain and -sess variants. */
export const digestHashes = ['MD5', 'SHA-256', 'SHA-512-256'] as const;

export type DigestHash = (typeof digestHashes)[number];

export type DigestQop = 'auth' | 'auth-int';

const NODE_HASH: Record<DigestHash, string> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  'SHA-512-256': 'sha512-256',
};

/** Hex length of each hash's output: the size a response or stored HA1 must have. */
export const DIGEST_HEX_LENGTH: Record<DigestHash, number> = {
  MD5: 32,
  'SHA-256': 64,
  'SHA-512-256': 64,
};

/** Stronger first. RFC 8760 §3 ranks MD5 as kept only for backward compatibility. */
const STRENGTH: Record<DigestHash, number> = { 'SHA-512-256': 3, 'SHA-256': 2, MD5: 1 };

/** Algorithm names compare case-insensitively; returns the canonical spelling or undefined. */
export function parseDigestAlgorithm(name: string): DigestAlgorithm | undefined {
  const lower = name.toLowerCase();
  return digestAlgorithms.find((a) => a.toLowerCase() === lower);
}

export function hashOf(algorithm: DigestAlgorithm): DigestHash {
  return algorithm.endsWith('-sess')
    ? (algorithm.slice(0, -5) as DigestHash)
    : (algorithm as DigestHash);
}

export function isSessionAlgorithm(algorithm: DigestAlgorithm): boolean {
  return algorithm.endsWith('-sess');
}

export function algorithmStrength(algorithm: DigestAlgorithm): number {
  return STRENGTH[hashOf(algorithm)];
}

/** H(data) as lower-case hex (RFC 7616 §3.4: hex digits in lower case); strings hash as UTF-8. */
export function digestHash(hash: DigestHash, data: string | Uint8Array): string {
  return createHash(NODE_HASH[hash]).update(data).digest('hex');
}

/**
 * The HA1 to store for an extension when its password is set: H(username ":" realm ":" password)
 * (RFC 7616 §3.4.2). Pass a plain or -sess algorithm; both store the same value.
 */
export function ha1(
  username: string,
  realm: string,
  password: string,
  algorithm: DigestAlgorithm | DigestHash = 'MD5',
): string {
  return digestHash(hashOf(algorithm), `${username}:${realm}:${password}`);
}

/** One HA1 per hash, ready to store, so any algorithm a phone picks can be verified. */
export function storedHa1s(
  username: string,
  realm: string,
  password: string,
): Record<DigestHash, string> {
  return {
    MD5: ha1(username, realm, password, 'MD5'),
    'SHA-256': ha1(username, realm, password, 'SHA-256'),
    'SHA-512-256': ha1(username, realm, password, 'SHA-512-256'),
  };
}

export interface DigestResponseInput {
  readonly algorithm: DigestAlgorithm;
  /** The stored HA1, H(username:realm:password), in hex; -sess derives its session HA1 from it. */
  readonly ha1: string;
  readonly nonce: string;
  readonly method: string;
  /** The digest-uri exactly as sent in the uri parameter. */
  readonly uri: string;
  /** Absent only in the RFC 2069 legacy mode. */
  readonly qop?: DigestQop;
  /** nc as sent: 8 hex digits. Required with qop. */
  readonly nc?: string;
  /** Required with qop and with any -sess algorithm. */
  readonly cnonce?: string;
  /** The message body, for qop=auth-int (RFC 3261 §22.4: an empty body hashes as H("")). */
  readonly body?: string | Uint8Array;
}

/**
 * The request-digest (RFC 7616 §3.4.1; RFC 2617 §3.2.2.1 for the legacy form without qop).
 * The caller has validated the inputs; a missing cnonce, nc or body is a bug and throws.
 */
export function digestResponse(input: DigestResponseInput): string {
  const hash = hashOf(input.algorithm);
  const H = (data: string | Uint8Array): string => digestHash(hash, data);
  const base = input.ha1.toLowerCase();
  let a1 = base;
  if (isSessionAlgorithm(input.algorithm)) {
    // RFC 7616 §3.4.2: HA1 = H(H(username:realm:passwd):nonce:cnonce) for the -sess variants.
    if (input.cnonce === undefined) throw new Error(`${input.algorithm} needs a cnonce`);
    a1 = H(`${base}:${input.nonce}:${input.cnonce}`);
  }
  let a2 = `${input.method}:${input.uri}`;
  if (input.qop === 'auth-int') {
    // RFC 7616 §3.4.3: A2 = Method ":" request-uri ":" H(entity-body).
    if (input.body === undefined) throw new Error('qop=auth-int needs the body');
    a2 += `:${H(input.body)}`;
  }
  const ha2 = H(a2);
  if (input.qop === undefined) return H(`${a1}:${input.nonce}:${ha2}`);
  if (input.nc === undefined || input.cnonce === undefined)
    throw new Error(`qop=${input.qop} needs nc and cnonce`);
  return H(`${a1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

/** nc-value (RFC 7616 §3.4): the count as exactly 8 lower-case hex digits. */
export function formatNonceCount(count: number): string {
  return count.toString(16).padStart(8, '0');
}
