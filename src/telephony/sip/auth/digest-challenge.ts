// WWW-Authenticate / Proxy-Authenticate Digest challenges: read into a typed value and written back (RFC 3261 §22.4, RFC 7616 §3.3, RFC 8760 §2.3).
import type { AuthItem } from './auth-params.ts';
import { parseAuthHeader, quoteString } from './auth-params.ts';
import type { AuthParseResult } from './auth-parse-result.ts';
import { parseFailure, parsed } from './auth-parse-result.ts';
import type { DigestAlgorithm, DigestQop } from './digest-math.ts';
import { parseDigestAlgorithm } from './digest-math.ts';

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  /** RFC 7616 §3.3: MD5 when the challenge names none. */
  readonly algorithm: DigestAlgorithm;
  /** Whether the challenge named the algorithm (an answer echoes it either way). */
  readonly algorithmGiven: boolean;
  /** The qop values offered that this implementation knows; empty means RFC 2069 legacy mode. */
  readonly qop: readonly DigestQop[];
  /** RFC 7616 §3.3: the nonce was stale, the credentials good; retry without asking the user. */
  readonly stale: boolean;
  /** RFC 7616 §3.3 domain: space-separated URIs of the protection space, kept as sent. */
  readonly domain?: string;
  /** Every parameter as sent (lower-cased names), extensions included. */
  readonly params: ReadonlyMap<string, string>;
}

/** Parses one header value, which must hold exactly one Digest challenge. */
export function parseDigestChallenge(value: string): AuthParseResult<DigestChallenge> {
  const items = parseAuthHeader(value);
  if (!items.ok) return items;
  if (items.value.length !== 1)
    return parseFailure('syntax', `expected one challenge, found ${items.value.length}`);
  return digestChallengeFrom(items.value[0]!);
}

/**
 * Reads every challenge of a 401/407, header values in message order. Order matters: RFC 8760
 * §2.3 has the server list them "in the order in which it would prefer to see them used".
 * Challenges that cannot be used (another scheme, an unknown algorithm, bad syntax) come back
 * as errors in place so the caller can log them; a client simply skips them (RFC 7616 §3.3).
 */
export function parseDigestChallenges(
  values: readonly string[],
): readonly AuthParseResult<DigestChallenge>[] {
  const out: AuthParseResult<DigestChallenge>[] = [];
  for (const value of values) {
    const items = parseAuthHeader(value);
    if (!items.ok) out.push(items);
    else for (const item of items.value) out.push(digestChallengeFrom(item));
  }
  return out;
}

export function digestChallengeFrom(item: AuthItem): AuthParseResult<DigestChallenge> {
  if (item.scheme.toLowerCase() !== 'digest')
    return parseFailure('not-digest', `scheme "${item.scheme}" is not Digest`);
  const p = item.params;
  const realm = p.get('realm');
  const nonce = p.get('nonce');
  // RFC 3261 §22.4 and RFC 7616 §3.3: realm and nonce are mandatory in a challenge.
  if (realm === undefined) return parseFailure('missing-param', 'challenge without realm', 'realm');
  if (nonce === undefined) return parseFailure('missing-param', 'challenge without nonce', 'nonce');
  if (nonce === '') return parseFailure('invalid-param', 'empty nonce', 'nonce');

  const algorithmName = p.get('algorithm');
  const algorithm = algorithmName === undefined ? 'MD5' : parseDigestAlgorithm(algorithmName);
  if (algorithm === undefined)
    return parseFailure(
      'unsupported-algorithm',
      `algorithm "${algorithmName}" is not supported`,
      'algorithm',
    );

  let qop: DigestQop[] = [];
  const qopOptions = p.get('qop');
  if (qopOptions !== undefined) {
    // qop-options is a quoted comma list; unknown values are ignored (RFC 7616 §3.3).
    const offered = qopOptions.split(',').map((q) => q.trim().toLowerCase());
    qop = (['auth', 'auth-int'] as const).filter((q) => offered.includes(q));
    if (qop.length === 0)
      return parseFailure('unsupported-qop', `no known qop in "${qopOptions}"`, 'qop');
  }

  const challenge: DigestChallenge = {
    realm,
    nonce,
    algorithm,
    algorithmGiven: algorithmName !== undefined,
    qop,
    // RFC 7616 §3.3: anything but a case-insensitive "true" means false.
    stale: p.get('stale')?.toLowerCase() === 'true',
    params: p,
    ...optional('opaque', p.get('opaque')),
    ...optional('domain', p.get('domain')),
  };
  return parsed(challenge);
}

export interface DigestChallengeInit {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  readonly algorithm: DigestAlgorithm;
  /** Offered qop values; empty offers none (only for a server that must speak RFC 2069). */
  readonly qop: readonly DigestQop[];
  readonly stale?: boolean;
  readonly domain?: string;
}

/**
 * Writes a challenge value. RFC 7616 §3.4 keeps algorithm and stale as tokens and realm, nonce,
 * opaque, domain and the qop list quoted; stale appears only when true.
 */
export function serializeDigestChallenge(challenge: DigestChallengeInit): string {
  const parts = [`realm=${quoteString(challenge.realm)}`];
  if (challenge.domain !== undefined) parts.push(`domain=${quoteString(challenge.domain)}`);
  parts.push(`nonce=${quoteString(challenge.nonce)}`);
  if (challenge.opaque !== undefined) parts.push(`opaque=${quoteString(challenge.opaque)}`);
  if (challenge.stale === true) parts.push('stale=true');
  parts.push(`algorithm=${challenge.algorithm}`);
  if (challenge.qop.length > 0) parts.push(`qop=${quoteString(challenge.qop.join(','))}`);
  return `Digest ${parts.join(', ')}`;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
