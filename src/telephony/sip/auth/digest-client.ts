// The client side of SIP digest, for trunks: answers a 401/407 with Authorization/Proxy-Authorization, nc counted per nonce (RFC 3261 §22.2-22.3, RFC 8760 §2.4).
import { randomBytes } from 'node:crypto';
import type { DigestChallenge } from './digest-challenge.ts';
import { parseDigestChallenges } from './digest-challenge.ts';
import { serializeDigestCredentials } from './digest-credentials.ts';
import type { DigestAlgorithm, DigestHash, DigestQop } from './digest-math.ts';
import {
  algorithmStrength,
  digestAlgorithms,
  digestResponse,
  formatNonceCount,
  ha1,
  hashOf,
  isSessionAlgorithm,
} from './digest-math.ts';

export interface DigestClientCredentials {
  readonly username: string;
  /** The password; or give `ha1` (with `realm`) to keep it out of memory. */
  readonly password?: string;
  /** Precomputed H(username:realm:password) per hash, for `realm`. */
  readonly ha1?: Partial<Record<DigestHash, string>>;
  /** Answer only this realm's challenges (needed with `ha1`, advisable for a trunk). */
  readonly realm?: string;
}

export interface DigestClientOptions {
  readonly credentials: DigestClientCredentials;
  /** Algorithms this client will use; default all it knows. */
  readonly algorithms?: readonly DigestAlgorithm[];
  /** Answer challenges without qop the RFC 2069 way; default true (old carriers still send them). */
  readonly allowLegacyNoQop?: boolean;
  /** Makes each cnonce; default 128 random bits in base64url. Injected by tests. */
  readonly cnonce?: () => string;
  /** Nonces whose nc is remembered, and realms whose challenge is cached; default 32 each. */
  readonly maxNonces?: number;
}

export interface DigestAuthorizeInput {
  /** Every WWW-Authenticate or Proxy-Authenticate value of the 401/407, in message order. */
  readonly challenges: readonly string[];
  readonly method: string;
  /** The Request-URI of the request being sent: it goes into uri= and the digest. */
  readonly requestUri: string;
  /** The body of the request being sent, to answer a challenge that offers only auth-int. */
  readonly body?: string | Uint8Array;
}

export interface DigestAuthorization {
  /** The Authorization (for a 401) or Proxy-Authorization (for a 407) value. */
  readonly value: string;
  readonly realm: string;
  readonly algorithm: DigestAlgorithm;
  readonly qop: DigestQop | undefined;
  readonly nonceCount: number;
  /**
   * The challenge said stale=true: the credentials were right, only the nonce was old. A second
   * 401/407 without stale after sending credentials means they were refused: stop retrying.
   */
  readonly stale: boolean;
}

export interface DigestClientError {
  readonly code: 'no-usable-challenge';
  /** Why each challenge was passed over, for the log line. */
  readonly reason: string;
}

export type DigestAuthorizeResult =
  | { readonly ok: true; readonly authorizations: readonly DigestAuthorization[] }
  | { readonly ok: false; readonly error: DigestClientError };

interface Choice {
  readonly challenge: DigestChallenge;
  readonly qop: DigestQop | undefined;
}

/**
 * Keeps a trunk's credentials and the nonce-counts of the nonces it answers. One client per
 * account; it holds no timers and no I/O, so it is safe to share across transactions.
 */
export class DigestClient {
  readonly #credentials: DigestClientCredentials;
  readonly #algorithms: readonly DigestAlgorithm[];
  readonly #legacy: boolean;
  readonly #cnonce: () => string;
  readonly #maxNonces: number;
  /** nc last sent per nonce, least recently used first. */
  readonly #counts = new Map<string, number>();
  /** The challenge last answered per realm, for credentials sent before being asked (RFC 3261 §22.3). */
  readonly #cache = new Map<string, DigestChallenge>();

  constructor(options: DigestClientOptions) {
    const { credentials } = options;
    if (credentials.password === undefined && credentials.ha1 === undefined)
      throw new Error('DigestClient: a password or HA1s are needed');
    if (credentials.password === undefined && credentials.realm === undefined)
      throw new Error('DigestClient: HA1s are bound to a realm; give it');
    this.#credentials = credentials;
    this.#algorithms = options.algorithms ?? digestAlgorithms;
    this.#legacy = options.allowLegacyNoQop ?? true;
    this.#cnonce = options.cnonce ?? (() => randomBytes(16).toString('base64url'));
    this.#maxNonces = Math.max(1, options.maxNonces ?? 32);
  }

  /**
   * Answers a 401/407: per realm challenged, the strongest usable challenge. RFC 8760 §2.4 lets
   * a UAC use "the topmost header field that it supports, unless a local policy dictates
   * otherwise"; strength first is that policy, since §3 warns a reordered list is a downgrade
   * attack. Equal strengths keep the server's order.
   */
  authorize(input: DigestAuthorizeInput): DigestAuthorizeResult {
    const skipped: string[] = [];
    const best = new Map<string, Choice>();
    for (const parsed of parseDigestChallenges(input.challenges)) {
      if (!parsed.ok) {
        skipped.push(parsed.error.reason);
        continue;
      }
      const challenge = parsed.value;
      const why = this.#unusable(challenge);
      if (why !== undefined) {
        skipped.push(why);
        continue;
      }
      const qop = this.#qopFor(challenge, input.body !== undefined);
      if (qop === null) {
        skipped.push(`no qop this request can answer in "${challenge.realm}"`);
        continue;
      }
      const current = best.get(challenge.realm);
      if (
        current === undefined ||
        algorithmStrength(challenge.algorithm) > algorithmStrength(current.challenge.algorithm)
      )
        best.set(challenge.realm, { challenge, qop });
    }
    if (best.size === 0)
      return {
        ok: false,
        error: {
          code: 'no-usable-challenge',
          reason: skipped.length > 0 ? skipped.join('; ') : 'no challenge given',
        },
      };
    const authorizations = [...best.values()].map((choice) => {
      this.#remember(choice.challenge);
      return this.#answer(choice, input);
    });
    return { ok: true, authorizations };
  }

  /**
   * Credentials for a new request from the challenges last answered, with the next nc, so a
   * request need not wait for a 401/407 (RFC 3261 §22.3). The server may still answer stale.
   */
  reauthorize(input: Omit<DigestAuthorizeInput, 'challenges'>): readonly DigestAuthorization[] {
    const out: DigestAuthorization[] = [];
    for (const challenge of this.#cache.values()) {
      const qop = this.#qopFor(challenge, input.body !== undefined);
      if (qop !== null) out.push(this.#answer({ challenge, qop }, input));
    }
    return out;
  }

  /** Forgets cached challenges and counts (after a failure, or to re-register from scratch). */
  reset(): void {
    this.#cache.clear();
    this.#counts.clear();
  }

  #unusable(challenge: DigestChallenge): string | undefined {
    const { realm } = this.#credentials;
    if (realm !== undefined && challenge.realm !== realm)
      return `realm "${challenge.realm}" is not "${realm}"`;
    if (!this.#algorithms.includes(challenge.algorithm))
      return `${challenge.algorithm} is not enabled`;
    if (this.#ha1For(challenge) === undefined) return `no HA1 for ${challenge.algorithm}`;
    return undefined;
  }

  /** auth when offered, auth-int when only it is and the body is known, none for RFC 2069; null if nothing fits. */
  #qopFor(challenge: DigestChallenge, hasBody: boolean): DigestQop | undefined | null {
    if (challenge.qop.includes('auth')) return 'auth';
    if (challenge.qop.includes('auth-int')) return hasBody ? 'auth-int' : null;
    // RFC 2617 §3.2.2.2: -sess needs a cnonce, which only a qop answer carries.
    if (!this.#legacy || isSessionAlgorithm(challenge.algorithm)) return null;
    return undefined;
  }

  #ha1For(challenge: DigestChallenge): string | undefined {
    const hash = hashOf(challenge.algorithm);
    const stored = this.#credentials.ha1?.[hash];
    if (stored !== undefined) return stored;
    const { password, username } = this.#credentials;
    return password === undefined ? undefined : ha1(username, challenge.realm, password, hash);
  }

  #answer(choice: Choice, input: Omit<DigestAuthorizeInput, 'challenges'>): DigestAuthorization {
    const { challenge, qop } = choice;
    const count = this.#nextCount(challenge.nonce);
    const nc = formatNonceCount(count);
    const cnonce = qop === undefined ? undefined : this.#cnonce();
    const response = digestResponse({
      algorithm: challenge.algorithm,
      ha1: this.#ha1For(challenge)!,
      nonce: challenge.nonce,
      method: input.method,
      uri: input.requestUri,
      ...(qop === undefined ? {} : { qop, nc, cnonce }),
      ...(qop === 'auth-int' ? { body: input.body } : {}),
    });
    const value = serializeDigestCredentials({
      username: this.#credentials.username,
      realm: challenge.realm,
      nonce: challenge.nonce,
      uri: input.requestUri,
      response,
      algorithm: challenge.algorithm,
      ...(qop === undefined ? {} : { qop, nc, cnonce }),
      ...(challenge.opaque === undefined ? {} : { opaque: challenge.opaque }),
    });
    return {
      value,
      realm: challenge.realm,
      algorithm: challenge.algorithm,
      qop,
      nonceCount: count,
      stale: challenge.stale,
    };
  }

  /** Keeps the latest challenge per realm, bounded like the counts (a server controls the realms). */
  #remember(challenge: DigestChallenge): void {
    this.#cache.delete(challenge.realm);
    this.#cache.set(challenge.realm, challenge);
    while (this.#cache.size > this.#maxNonces) {
      const oldest = this.#cache.keys().next();
      if (oldest.done === true) break;
      this.#cache.delete(oldest.value);
    }
  }

  /** RFC 7616 §3.4: nc counts the requests sent with a nonce, from 1, and never repeats. */
  #nextCount(nonce: string): number {
    const count = (this.#counts.get(nonce) ?? 0) + 1;
    this.#counts.delete(nonce);
    this.#counts.set(nonce, count);
    while (this.#counts.size > this.#maxNonces) {
      const oldest = this.#counts.keys().next();
      if (oldest.done === true) break;
      this.#counts.delete(oldest.value);
    }
    return count;
  }
}
