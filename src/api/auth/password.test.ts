import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../platform/index.ts';
import { generatePassword, hashPassword, needsRehash, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('hashes with the default scrypt cost into a PHC string and verifies it', async () => {
    const cost = loadConfig({ env: {}, cwd: '/nonexistent' }).config.auth.scryptCost;
    const hash = await hashPassword('correct horse battery', cost);
    assert.match(hash, /^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.equal(await verifyPassword('correct horse battery', hash), true);
    assert.equal(await verifyPassword('correct horse batterY', hash), false);
    assert.equal(needsRehash(hash, cost), false);
    assert.equal(needsRehash(hash, cost * 2), true);
  });

  it('salts every hash', async () => {
    assert.notEqual(await hashPassword('same', 1024), await hashPassword('same', 1024));
  });

  it('treats Unicode passwords by their normalized form', async () => {
    const hash = await hashPassword('密码Ｐａｓｓ', 1024); // full-width letters
    assert.equal(await verifyPassword('密码Pass', hash), true); // NFKC maps them to ASCII
  });

  it('never matches a malformed or foreign hash', async () => {
    for (const bad of [
      '',
      'plain',
      '$2b$10$abcdefghijklmnopqrstuv',
      '$scrypt$ln=99,r=8,p=1$AAAA$AAAA',
      '$scrypt$ln=10,r=8,p=1$AAAA$AAAA',
    ]) {
      assert.equal(await verifyPassword('x', bad), false, bad);
    }
    assert.equal(needsRehash('$2b$10$abcdefghijklmnopqrstuv', 1024), true);
  });

  it('generates unbiased passwords from an unambiguous alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      assert.match(p, /^[A-HJ-NP-Za-km-z2-9]{16}$/);
      for (const ch of p) seen.add(ch);
    }
    assert.ok(seen.size > 50, `only ${seen.size} distinct characters`);
  });
});
