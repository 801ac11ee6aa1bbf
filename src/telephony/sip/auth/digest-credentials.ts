// Authorization / Proxy-Authorization Digest credentials: read into a typed value and written back (RFC 3261 §22.4, RFC 7616 §3.4).
import type { AuthItem } from './auth-params.ts';
import { parseAuthHeader, quoteString } from './auth-params.ts';
import type { AuthParseResult } from './auth-parse-result.ts';
import { parseFailure, parsed } from './auth-parse-result.ts';
import type { DigestAlgorithm, DigestQop } from './digest-math.ts';
import { DIGEST_HEX_LENGTH, hashOf, parseDigestAlgorithm } from './digest-math.ts';

export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  /** The digest-uri; RFC 3261 §22.4 has the server compare it with the Request-URI. */
  readonly uri: string;
  /** The request-digest, lower-cased. */
  readonly response: string;
  readonly algorithm: DigestAlgorithm;
  /** Absent in RFC 2069 legacy mode; then nc and cnonce are ignored. */
  readonly qop?: DigestQop;
  /** nc exactly as sent (8 hex digits), since the digest covers the text. */
  readonly nc?: string;
  /** nc as a number, 1 or more. */
  readonly nonceCount?: number;
  readonly cnonce?: string;
  readonly opaque?: string;
  readonly params: ReadonlyMap<string, string>;
}

const NC = /^[0-9a-fA-F]{8}$/;
const HEX = /^[0-9a-fA-F]+$/;

/** Parses one header value, which must hold exactly one set of Digest credentials. */
export function parseDigestCredentials(value: string): AuthParseResult<DigestCredentials> {
  const items = parseAuthHeader(value);
  if (!items.ok) return items;
  if (items.value.length !== 1)
    return parseFailure('syntax', `expected one set of credentials, found ${items.value.length}`);
  return digestCredentialsFrom(items.value[0]!);
}

export function digestCredentialsFrom(item: AuthItem): AuthParseResult<DigestCredentials> {
  if (item.scheme.toLowerCase() !== 'digest')
    return parseFailure('not-digest', `scheme "${item.scheme}" is not Digest`);
  const p = item.params;
  // RFC 7616 §3.4.4 userhash and §3.4 username* (RFC 5987 encoding) are not offered by this
  // server, so a client using them answered a challenge we did not send.
  if (p.get('userhash')?.toLowerCase() === 'true')
    return parseFailure('unsupported-param', 'userhash=true is not supported', 'userhash');
  if (p.has('username*'))
    return parseFailure('unsupported-param', 'username* is not supported', 'username*');

  // RFC 3261 §25.1 digest-response: username, realm, nonce, digest-uri and response are mandatory.
  for (const name of ['username', 'realm', 'nonce', 'uri', 'response'] as const) {
    if (!p.has(name)) return parseFailure('missing-param', `credentials without ${name}`, name);
  }
  const username = p.get('username')!;
  const realm = p.get('realm')!;
  const nonce = p.get('nonce')!;
  const uri = p.get('uri')!;
  const response = p.get('response')!.toLowerCase();
  if (username === '') return parseFailure('invalid-param', 'empty username', 'username');
  if (nonce === '') return parseFailure('invalid-param', 'empty nonce', 'nonce');
  if (uri === '') return parseFailure('invalid-param', 'empty uri', 'uri');

  const algorithmName = p.get('algorithm');
  const algorithm = algorithmName === undefined ? 'MD5' : parseDigestAlgorithm(algorithmName);
  if (algorithm === undefined)
    return parseFailure(
      'unsupported-algorithm',
      `algorithm "${algorithmName}" is not supported`,
      'algorithm',
    );
  // RFC 8760 §2.2: the response is 32 hex digits for MD5, 64 for SHA-256 and SHA-512/256.
  const size = DIGEST_HEX_LENGTH[hashOf(algorithm)];
  if (response.length !== size || !HEX.test(response))
    return parseFailure(
      'invalid-param',
      `response is not ${size} hex digits for ${algorithm}`,
      'response',
    );

  const base = {
    username,
    realm,
    nonce,
    uri,
    response,
    algorithm,
    params: p,
    ...(p.has('opaque') ? { opaque: p.get('opaque')! } : {}),
  };
  const qopValue = p.get('qop');
  if (qopValue === undefined) return parsed<DigestCredentials>(base);

  const qop = qopValue.toLowerCase();
  if (qop !== 'auth' && qop !== 'auth-int')
    return parseFailure('unsupported-qop', `qop "${qopValue}" is not supported`, 'qop');
  // RFC 7616 §3.4: with a qop, cnonce and nc must be present.
  const cnonce = p.get('cnonce');
  const nc = p.get('nc');
  if (cnonce === undefined) return parseFailure('missing-param', 'qop without cnonce', 'cnonce');
  if (cnonce === '') return parseFailure('invalid-param', 'empty cnonce', 'cnonce');
  if (nc === undefined) return parseFailure('missing-param', 'qop without nc', 'nc');
  if (!NC.test(nc)) return parseFailure('invalid-param', 'nc is not 8 hex digits', 'nc');
  const nonceCount = Number.parseInt(nc, 16);
  if (nonceCount === 0) return parseFailure('invalid-param', 'nc must start at 1', 'nc');
  return parsed<DigestCredentials>({ ...base, qop, nc, nonceCount, cnonce });
}

export interface DigestCredentialsInit {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: DigestAlgorithm;
  readonly qop?: DigestQop;
  readonly nc?: string;
  readonly cnonce?: string;
  readonly opaque?: string;
}

/**
 * Writes a credentials value in RFC 7616 §3.9.1's order. RFC 7616 §3.4: username, realm, nonce,
 * uri, response, cnonce and opaque are quoted; algorithm, qop and nc never are.
 */
export function serializeDigestCredentials(credentials: DigestCredentialsInit): string {
  const parts = [
    `username=${quoteString(credentials.username)}`,
    `realm=${quoteString(credentials.realm)}`,
    `nonce=${quoteString(credentials.nonce)}`,
    `uri=${quoteString(credentials.uri)}`,
    `response=${quoteString(credentials.response)}`,
    `algorithm=${credentials.algorithm}`,
  ];
  if (credentials.cnonce !== undefined) parts.push(`cnonce=${quoteString(credentials.cnonce)}`);
  if (credentials.opaque !== undefined) parts.push(`opaque=${quoteString(credentials.opaque)}`);
  if (credentials.qop !== undefined) parts.push(`qop=${credentials.qop}`);
  if (credentials.nc !== undefined) parts.push(`nc=${credentials.nc}`);
  return `Digest ${parts.join(', ')}`;
}
