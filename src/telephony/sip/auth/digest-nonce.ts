// Stateless nonces: a timestamp and salt signed with the server secret, so any node can check a nonce another issued (RFC 2617 §3.2.1's time-stamp H(time-stamp ":" private-key); RFC 7616 §3.3).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a nonce says about itself once its signature has been checked. */
export type NonceCheck =
  | { readonly status: 'valid'; readonly issuedAt: number }
  /** Genuine but older than the lifetime: answer stale=true if the digest is right. */
  | { readonly status: 'expired'; readonly issuedAt: number }
  /** Not ours: wrong signature, another realm, a retired secret, garbage, or from the future. */
  | { readonly status: 'invalid' };

export interface NonceCodecOptions {
  /**
   * HMAC keys, newest first: nonces are signed with the first and accepted under any, so a
   * secret can be rotated without failing the nonces phones hold. At least 16 bytes each.
   */
  readonly secrets: readonly (string | Uint8Array)[];
  /** Lifetime of a nonce in ms. */
  readonly ttlMs: number;
  /** How far into the future a timestamp may be, for clock skew between nodes. */
  readonly maxSkewMs: number;
  /** Random bytes; injected by tests. */
  readonly random?: (size: number) => Uint8Array;
}

// Layout: 8 bytes issue time (ms, big-endian) | 8 bytes salt | 16 bytes truncated HMAC-SHA-256.
// The salt makes two challenges issued in the same millisecond differ, so their nonce-counts
// (tracked per nonce) never collide. 32 bytes are 43 base64url characters, safe in a quoted string.
const TIME_BYTES = 8;
const SALT_BYTES = 8;
const MAC_BYTES = 16;
const BODY_BYTES = TIME_BYTES + SALT_BYTES;
const NONCE = /^[A-Za-z0-9_-]{43}$/;
const OPAQUE_BYTES = 12;

export class NonceCodec {
  readonly #keys: readonly Buffer[];
  readonly #ttlMs: number;
  readonly #maxSkewMs: number;
  readonly #random: (size: number) => Uint8Array;

  constructor(options: NonceCodecOptions) {
    if (options.secrets.length === 0) throw new Error('NonceCodec: at least one secret is needed');
    this.#keys = options.secrets.map((s) => {
      const key = typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s);
      if (key.length < 16) throw new Error('NonceCodec: a secret must be at least 16 bytes');
      return key;
    });
    if (!(options.ttlMs > 0)) throw new Error(`NonceCodec: ttlMs must be positive`);
    this.#ttlMs = options.ttlMs;
    this.#maxSkewMs = Math.max(0, options.maxSkewMs);
    this.#random = options.random ?? randomBytes;
  }

  /** A fresh nonce for `realm`, issued at `now`. */
  issue(realm: string, now: number): string {
    const body = Buffer.alloc(BODY_BYTES);
    body.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(now))), 0);
    const salt = this.#random(SALT_BYTES);
    if (salt.length !== SALT_BYTES) throw new Error('NonceCodec: random() returned the wrong size');
    body.set(salt, TIME_BYTES);
    return Buffer.concat([body, this.#mac(this.#keys[0]!, realm, body)]).toString('base64url');
  }

  /** Checks a nonce received in credentials for `realm`. Never throws on bad input. */
  check(nonce: string, realm: string, now: number): NonceCheck {
    if (!NONCE.test(nonce)) return { status: 'invalid' };
    const bytes = Buffer.from(nonce, 'base64url');
    // Only the canonical spelling: the replay bookkeeping is keyed by the nonce text.
    if (bytes.length !== BODY_BYTES + MAC_BYTES || bytes.toString('base64url') !== nonce)
      return { status: 'invalid' };
    const body = bytes.subarray(0, BODY_BYTES);
    const mac = bytes.subarray(BODY_BYTES);
    // Every key is tried, so the time taken does not tell which (if any) matched.
    let signed = false;
    for (const key of this.#keys) {
      if (timingSafeEqual(this.#mac(key, realm, body), mac)) signed = true;
    }
    if (!signed) return { status: 'invalid' };
    const issuedAt = Number(body.readBigUInt64BE(0));
    if (issuedAt > now + this.#maxSkewMs) return { status: 'invalid' };
    if (now - issuedAt > this.#ttlMs) return { status: 'expired', issuedAt };
    return { status: 'valid', issuedAt };
  }

  /**
   * The opaque sent with a nonce (RFC 7616 §3.3: returned unchanged by the client). It is a MAC
   * of the nonce, so it needs no state either and a mismatch shows a tampered or foreign pair.
   */
  opaqueFor(nonce: string): string {
    return this.#opaque(this.#keys[0]!, nonce);
  }

  /** Whether `opaque` is the one some current secret would have issued with `nonce`. */
  opaqueMatches(nonce: string, opaque: string): boolean {
    const given = Buffer.from(opaque, 'utf8');
    let match = false;
    for (const key of this.#keys) {
      const expected = Buffer.from(this.#opaque(key, nonce), 'utf8');
      if (expected.length === given.length && timingSafeEqual(expected, given)) match = true;
    }
    return match;
  }

  /** Issue time plus lifetime: when a nonce stops being accepted. */
  expiresAt(issuedAt: number): number {
    return issuedAt + this.#ttlMs;
  }

  #mac(key: Buffer, realm: string, body: Buffer): Buffer {
    // The realm is signed too, so a nonce issued for one tenant's realm is useless in another.
    return createHmac('sha256', key)
      .update('hotline-digest-nonce\0')
      .update(realm, 'utf8')
      .update('\0')
      .update(body)
      .digest()
      .subarray(0, MAC_BYTES);
  }

  #opaque(key: Buffer, nonce: string): string {
    return createHmac('sha256', key)
      .update('hotline-digest-opaque\0')
      .update(nonce, 'utf8')
      .digest()
      .subarray(0, OPAQUE_BYTES)
      .toString('base64url');
  }
}
