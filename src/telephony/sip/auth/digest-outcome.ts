// What DigestVerifier.verify decides: accept, challenge (401/407) or refuse, with the reason kept for logs only.
import type { DigestAlgorithm, DigestHash, DigestQop } from './digest-math.ts';

/** The stored HA1 for a user in a realm for one hash, or undefined when there is no such user. */
export type Ha1Lookup = (
  username: string,
  realm: string,
  hash: DigestHash,
) => Promise<string | undefined>;

export interface DigestRequest {
  /** The protection space the request is authenticated in (the tenant's SIP domain). */
  readonly realm: string;
  readonly method: string;
  /** The Request-URI as received; the digest-uri must match it (RFC 3261 §22.4). */
  readonly requestUri: string;
  /** Authorization (registrar/UAS, 401) or Proxy-Authorization (proxy, 407) values, in order. */
  readonly authorization: readonly string[];
  /** The address the request came from, as the failure tracker's key (e.g. "203.0.113.7"). */
  readonly source: string;
  /** The body, needed only to check qop=auth-int. */
  readonly body?: string | Uint8Array;
  /** When set, credentials for another username are refused (a REGISTER for someone else's AOR). */
  readonly expectedUsername?: string;
  /**
   * Whose HA1s this request is checked against, when not the verifier's own users (a trunk's
   * inbound credentials); nonces, replay checks and lockouts stay the verifier's.
   */
  readonly lookupHa1?: Ha1Lookup;
}

/**
 * Why a request was refused. For logs and metrics only: the caller answers every refusal the
 * same way (403, or 400 for `malformed` and `bad-uri` if it prefers) and never sends the reason,
 * so a peer cannot tell an unknown username from a wrong password.
 */
export type DigestRefusalReason =
  /** The source address or the username is locked after too many failures. */
  | 'locked'
  | 'unknown-user'
  | 'wrong-password'
  /** The digest-uri is not the Request-URI (RFC 3261 §22.4; RFC 2617 §3.2.2.5). */
  | 'bad-uri'
  /** A nonce-count not higher than one already accepted for the nonce (RFC 2617 §4.5). */
  | 'replay'
  | 'malformed'
  /** An algorithm this verifier does not offer. */
  | 'algorithm'
  /** No qop where the legacy mode is off, auth-int where it is not offered, or -sess without qop. */
  | 'qop'
  /** Good syntax, but for another username than `expectedUsername`. */
  | 'username-mismatch';

/** Why a challenge is sent. */
export type DigestChallengeCause =
  | 'no-credentials'
  /** The nonce is not one of ours (another server, a retired secret, a tampered opaque). */
  | 'unknown-nonce'
  /** The digest was right but the nonce expired, was reused without qop, or was forgotten. */
  | 'stale-nonce';

export type DigestOutcome =
  | {
      readonly kind: 'ok';
      readonly username: string;
      readonly realm: string;
      readonly algorithm: DigestAlgorithm;
      /** Undefined for an RFC 2069 legacy client. */
      readonly qop: DigestQop | undefined;
    }
  | {
      readonly kind: 'challenge';
      /** Header values, one WWW-Authenticate (401) or Proxy-Authenticate (407) each, in this order. */
      readonly challenges: readonly string[];
      readonly stale: boolean;
      readonly cause: DigestChallengeCause;
    }
  | {
      readonly kind: 'refused';
      readonly reason: DigestRefusalReason;
      /** What exactly was wrong, for the log line. */
      readonly detail: string;
      /** For `locked`: seconds until the lock ends. */
      readonly retryAfterSeconds?: number;
    };
