// The server side of SIP digest: challenges with stateless nonces, and verification with expiry, replay and lockout checks (RFC 3261 §22.4, RFC 7616, RFC 8760).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../platform/index.ts';
import type { FailurePolicy } from './auth-failure-tracker.ts';
import { AuthFailureTracker } from './auth-failure-tracker.ts';
import type { AuthParseError } from './auth-parse-result.ts';
import { serializeDigestChallenge } from './digest-challenge.ts';
import type { DigestCredentials } from './digest-credentials.ts';
import { parseDigestCredentials } from './digest-credentials.ts';
import type { DigestAlgorithm, DigestHash, DigestQop } from './digest-math.ts';
import {
  digestHash,
  digestHashes,
  digestResponse,
  hashOf,
  isSessionAlgorithm,
} from './digest-math.ts';
import { NonceCodec } from './digest-nonce.ts';
import type {
  DigestChallengeCause,
  DigestOutcome,
  DigestRefusalReason,
  DigestRequest,
  Ha1Lookup,
} from './digest-outcome.ts';
import type { NonceCountStore } from './nonce-count-tracker.ts';
import { NonceCountTracker } from './nonce-count-tracker.ts';

export interface DigestVerifierOptions {
  readonly clock: Clock;
  /** HMAC keys for nonces, newest first (see NonceCodec); every node of a cluster shares them. */
  readonly secrets: readonly (string | Uint8Array)[];
  /** Stored HA1s, never passwords. A rejection propagates: the caller answers 500. */
  readonly lookupHa1: Ha1Lookup;
  /**
   * Algorithms offered, most preferred first, one challenge each (RFC 8760 §2.3). Default
   * SHA-256 then MD5: RFC 8760 keeps MD5 for the phones that know nothing else.
   */
  readonly algorithms?: readonly DigestAlgorithm[];
  /** Nonce lifetime; default 300 s. An older nonce with a right digest gets stale=true. */
  readonly nonceTtlMs?: number;
  /** Clock skew tolerated between nodes for a nonce's timestamp; default 5 s. */
  readonly maxClockSkewMs?: number;
  /** Accept RFC 2069 answers without qop (old phones); default false. Replay protection is weaker. */
  readonly allowLegacyNoQop?: boolean;
  /** Offer and accept qop=auth-int (the caller then passes the body); default false. */
  readonly allowAuthInt?: boolean;
  /** Refuse credentials that do not echo the opaque; default false (some phones drop it). */
  readonly requireOpaque?: boolean;
  /** Failures per source address; default 30 in 60 s lock it for 300 s (one NAT may hide a whole office). */
  readonly addressFailures?: FailurePolicy;
  /** Failures per username; default 10 in 300 s lock it for 300 s. */
  readonly usernameFailures?: FailurePolicy;
  /** Where nonce-counts are kept; default an in-memory NonceCountTracker for this node. */
  readonly nonceCounts?: NonceCountStore;
  /**
   * Whether the digest-uri designates the Request-URI. Default: the same text. A registrar may
   * pass the message layer's uriEquals to allow RFC 3261 §19.1.4 equivalence.
   */
  readonly uriMatches?: (digestUri: string, requestUri: string) => boolean;
  /** Random bytes; injected by tests. */
  readonly random?: (size: number) => Uint8Array;
}

const DEFAULT_ADDRESS_POLICY: FailurePolicy = {
  maxFailures: 30,
  windowMs: 60_000,
  lockMs: 300_000,
};
const DEFAULT_USERNAME_POLICY: FailurePolicy = {
  maxFailures: 10,
  windowMs: 300_000,
  lockMs: 300_000,
};

export class DigestVerifier {
  readonly #clock: Clock;
  readonly #lookup: Ha1Lookup;
  readonly #algorithms: readonly DigestAlgorithm[];
  readonly #nonces: NonceCodec;
  readonly #counts: NonceCountStore;
  readonly #addresses: AuthFailureTracker;
  readonly #usernames: AuthFailureTracker;
  readonly #uriMatches: (digestUri: string, requestUri: string) => boolean;
  readonly #legacy: boolean;
  readonly #authInt: boolean;
  readonly #requireOpaque: boolean;
  /** Verified against for unknown users, so they cost the same work as wrong passwords. */
  readonly #decoyHa1: Record<DigestHash, string>;

  constructor(options: DigestVerifierOptions) {
    const algorithms = options.algorithms ?? ['SHA-256', 'MD5'];
    if (algorithms.length === 0) throw new Error('DigestVerifier: no algorithm to offer');
    if (new Set(algorithms).size !== algorithms.length)
      throw new Error('DigestVerifier: an algorithm is listed twice');
    const random = options.random ?? randomBytes;
    this.#clock = options.clock;
    this.#lookup = options.lookupHa1;
    this.#algorithms = algorithms;
    this.#nonces = new NonceCodec({
      secrets: options.secrets,
      ttlMs: options.nonceTtlMs ?? 300_000,
      maxSkewMs: options.maxClockSkewMs ?? 5_000,
      random,
    });
    this.#counts = options.nonceCounts ?? new NonceCountTracker();
    this.#addresses = new AuthFailureTracker(
      options.clock,
      options.addressFailures ?? DEFAULT_ADDRESS_POLICY,
    );
    this.#usernames = new AuthFailureTracker(
      options.clock,
      options.usernameFailures ?? DEFAULT_USERNAME_POLICY,
    );
    this.#uriMatches = options.uriMatches ?? ((digestUri, requestUri) => digestUri === requestUri);
    this.#legacy = options.allowLegacyNoQop ?? false;
    this.#authInt = options.allowAuthInt ?? false;
    this.#requireOpaque = options.requireOpaque ?? false;
    const decoy = random(32);
    this.#decoyHa1 = Object.fromEntries(
      digestHashes.map((h) => [h, digestHash(h, decoy)]),
    ) as Record<DigestHash, string>;
  }

  /**
   * Challenge header values for a request without credentials: one per offered algorithm, most
   * preferred first (RFC 8760 §2.3), each with its own nonce and opaque.
   */
  challenge(realm: string, stale = false): readonly string[] {
    const now = this.#clock.now();
    const qop: DigestQop[] = this.#authInt ? ['auth', 'auth-int'] : ['auth'];
    return this.#algorithms.map((algorithm) => {
      const nonce = this.#nonces.issue(realm, now);
      return serializeDigestChallenge({
        realm,
        nonce,
        opaque: this.#nonces.opaqueFor(nonce),
        algorithm,
        qop,
        stale,
      });
    });
  }

  /** The failure trackers, for an administrator's unlock and for metrics. */
  get failures(): {
    readonly addresses: AuthFailureTracker;
    readonly usernames: AuthFailureTracker;
  } {
    return { addresses: this.#addresses, usernames: this.#usernames };
  }

  /** Decides on a request's credentials. Never throws for anything the peer sent. */
  async verify(request: DigestRequest): Promise<DigestOutcome> {
    const addressLock = this.#addresses.lockedUntil(request.source);
    if (addressLock !== undefined) return this.#locked('source address', addressLock);

    // RFC 3261 §22.4: use the credentials whose realm is ours; others belong to other hops.
    let credentials: DigestCredentials | undefined;
    let unreadable: AuthParseError | undefined;
    for (const value of request.authorization) {
      const parsed = parseDigestCredentials(value);
      if (parsed.ok) {
        if (parsed.value.realm === request.realm) {
          credentials = parsed.value;
          break;
        }
      } else if (parsed.error.code !== 'not-digest') {
        unreadable ??= parsed.error;
      }
    }
    if (credentials === undefined) {
      if (unreadable === undefined) return this.#challenge(request.realm, false, 'no-credentials');
      if (unreadable.code === 'unsupported-algorithm')
        return refused('algorithm', unreadable.reason);
      if (unreadable.code === 'unsupported-qop') return refused('qop', unreadable.reason);
      this.#addresses.recordFailure(request.source);
      return refused('malformed', unreadable.reason);
    }
    return this.#verifyCredentials(request, credentials);
  }

  async #verifyCredentials(request: DigestRequest, c: DigestCredentials): Promise<DigestOutcome> {
    const userKey = `${c.realm}\0${c.username}`;
    const userLock = this.#usernames.lockedUntil(userKey);
    if (userLock !== undefined) return this.#locked('username', userLock);

    if (request.expectedUsername !== undefined && c.username !== request.expectedUsername)
      return refused('username-mismatch', `credentials for "${c.username}"`);
    if (!this.#algorithms.includes(c.algorithm))
      return refused('algorithm', `${c.algorithm} is not offered`);
    if (c.qop === undefined) {
      if (!this.#legacy) return refused('qop', 'no qop and the RFC 2069 mode is off');
      if (isSessionAlgorithm(c.algorithm)) return refused('qop', `${c.algorithm} needs a qop`);
    } else if (c.qop === 'auth-int' && (!this.#authInt || request.body === undefined)) {
      return refused('qop', 'qop=auth-int is not offered');
    }
    // RFC 3261 §22.4: the digest-uri must be the Request-URI, or a captured Authorization
    // could be replayed on another request.
    if (!this.#uriMatches(c.uri, request.requestUri))
      return refused('bad-uri', `uri "${c.uri}" is not the Request-URI "${request.requestUri}"`);

    const now = this.#clock.now();
    const nonce = this.#nonces.check(c.nonce, request.realm, now);
    const opaqueOk =
      c.opaque === undefined ? !this.#requireOpaque : this.#nonces.opaqueMatches(c.nonce, c.opaque);
    if (nonce.status === 'invalid' || !opaqueOk)
      return this.#challenge(request.realm, false, 'unknown-nonce');

    const hash = hashOf(c.algorithm);
    const stored = await (request.lookupHa1 ?? this.#lookup)(c.username, c.realm, hash);
    const expected = digestResponse({
      algorithm: c.algorithm,
      ha1: stored ?? this.#decoyHa1[hash],
      nonce: c.nonce,
      method: request.method,
      uri: c.uri,
      ...(c.qop === undefined ? {} : { qop: c.qop, nc: c.nc, cnonce: c.cnonce }),
      ...(c.qop === 'auth-int' ? { body: request.body } : {}),
    });
    const match = constantTimeEqual(expected, c.response);
    if (stored === undefined || !match) {
      this.#addresses.recordFailure(request.source);
      this.#usernames.recordFailure(userKey);
      return stored === undefined
        ? refused('unknown-user', `no user "${c.username}" in "${c.realm}"`)
        : refused('wrong-password', `wrong digest from "${c.username}"`);
    }

    // RFC 7616 §3.3: stale=true only when the digest is right, so the phone retries silently.
    if (nonce.status === 'expired') return this.#challenge(request.realm, true, 'stale-nonce');
    // Counts are recorded only after the digest checks out, so a forger cannot burn a nonce.
    const verdict = this.#counts.advance(
      c.nonce,
      c.nonceCount ?? 1,
      nonce.issuedAt,
      this.#nonces.expiresAt(nonce.issuedAt),
      now,
    );
    if (verdict === 'forgotten') return this.#challenge(request.realm, true, 'stale-nonce');
    if (verdict === 'replay') {
      // An RFC 2069 phone has no nc and reuses nonces by design: give it a fresh one instead.
      if (c.qop === undefined) return this.#challenge(request.realm, true, 'stale-nonce');
      return refused('replay', `nc ${c.nc} already seen for this nonce`);
    }
    this.#usernames.recordSuccess(userKey);
    return { kind: 'ok', username: c.username, realm: c.realm, algorithm: c.algorithm, qop: c.qop };
  }

  #challenge(realm: string, stale: boolean, cause: DigestChallengeCause): DigestOutcome {
    return { kind: 'challenge', challenges: this.challenge(realm, stale), stale, cause };
  }

  #locked(what: string, until: number): DigestOutcome {
    const seconds = Math.max(1, Math.ceil((until - this.#clock.now()) / 1000));
    return {
      kind: 'refused',
      reason: 'locked',
      detail: `${what} locked`,
      retryAfterSeconds: seconds,
    };
  }
}

function refused(reason: DigestRefusalReason, detail: string): DigestOutcome {
  return { kind: 'refused', reason, detail };
}

/** Compares digests without an early exit, so timing does not tell how much of a guess was right. */
function constantTimeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
