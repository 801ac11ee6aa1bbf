// Stateless nonces: any node with the secret checks them; expiry, realm binding, tampering and rotation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NonceCodec } from './digest-nonce.ts';

const SECRET = 'a secret of at least sixteen bytes';
const T0 = Date.UTC(2026, 0, 1);

function codec(secrets: readonly string[] = [SECRET]): NonceCodec {
  return new NonceCodec({ secrets, ttlMs: 300_000, maxSkewMs: 5_000 });
}

describe('NonceCodec', () => {
  it('issues distinct quoted-string-safe nonces that another node checks', () => {
    const a = codec().issue('pbx.example.com', T0);
    const b = codec().issue('pbx.example.com', T0);
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(codec().check(a, 'pbx.example.com', T0 + 1000), {
      status: 'valid',
      issuedAt: T0,
    });
  });

  it('expires a nonce after the lifetime, still recognising it as ours', () => {
    const nonce = codec().issue('r', T0);
    assert.equal(codec().check(nonce, 'r', T0 + 300_000).status, 'valid');
    assert.deepEqual(codec().check(nonce, 'r', T0 + 300_001), { status: 'expired', issuedAt: T0 });
  });

  it('refuses a nonce for another realm, under another secret, tampered or from the future', () => {
    const nonce = codec().issue('r', T0);
    assert.equal(codec().check(nonce, 'other', T0).status, 'invalid');
    assert.equal(codec(['another secret, sixteen+ bytes']).check(nonce, 'r', T0).status, 'invalid');
    // Character 30 lies in the MAC; 3 lies in the timestamp.
    for (const at of [3, 30]) {
      const c = nonce.charAt(at) === 'A' ? 'B' : 'A';
      const tampered = nonce.slice(0, at) + c + nonce.slice(at + 1);
      assert.equal(codec().check(tampered, 'r', T0).status, 'invalid');
    }
    assert.equal(codec().check(codec().issue('r', T0 + 60_000), 'r', T0).status, 'invalid');
    assert.equal(codec().check(codec().issue('r', T0 + 4_000), 'r', T0).status, 'valid');
    for (const junk of [
      '',
      'short',
      '"'.repeat(43),
      `${nonce}x`,
      'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    ]) {
      assert.equal(codec().check(junk, 'r', T0).status, 'invalid');
    }
  });

  it('refuses a non-canonical spelling of the same bytes', () => {
    const nonce = codec().issue('r', T0);
    // The last of 43 base64url characters carries 4 unused bits; flipping them keeps the bytes.
    const last = nonce.charAt(42);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    const variant = nonce.slice(0, 42) + twin;
    assert.equal(Buffer.from(variant, 'base64url').equals(Buffer.from(nonce, 'base64url')), true);
    assert.equal(codec().check(variant, 'r', T0).status, 'invalid');
  });

  it('accepts nonces signed with a retired secret during rotation', () => {
    const old = codec(['the old secret, long enough']).issue('r', T0);
    const rotated = codec(['the new secret, long enough', 'the old secret, long enough']);
    assert.equal(rotated.check(old, 'r', T0).status, 'valid');
    assert.equal(codec(['the new secret, long enough']).check(old, 'r', T0).status, 'invalid');
  });

  it('binds the opaque to the nonce', () => {
    const c = codec();
    const nonce = c.issue('r', T0);
    const opaque = c.opaqueFor(nonce);
    assert.ok(codec().opaqueMatches(nonce, opaque));
    assert.ok(!c.opaqueMatches(c.issue('r', T0), opaque));
    assert.ok(!c.opaqueMatches(nonce, ''));
  });

  it('refuses short secrets and no secret at all', () => {
    assert.throws(() => codec(['short']));
    assert.throws(() => codec([]));
  });
});
