import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAGIC_COOKIE } from '../message/index.ts';
import { isRfc3261Branch, newBranch, newTag, randomHex } from './transaction-ids.ts';

describe('transaction identifiers', () => {
  it('makes RFC 3261 branches of token characters and 64-bit tags, never the same twice', () => {
    const seen = new Set<string>();
    // Far past one 4 KiB pool, so refills are crossed many times.
    for (let i = 0; i < 5000; i++) {
      const branch = newBranch();
      assert.ok(isRfc3261Branch(branch));
      assert.match(branch.slice(MAGIC_COOKIE.length), /^[A-Za-z0-9_-]{16}$/);
      const tag = newTag();
      assert.match(tag, /^[0-9a-f]{16}$/);
      const callId = randomHex(12);
      assert.match(callId, /^[0-9a-f]{24}$/);
      for (const id of [branch, tag, callId]) {
        assert.ok(!seen.has(id), `repeated ${id}`);
        seen.add(id);
      }
    }
  });

  it('tells RFC 3261 branches from RFC 2543 ones', () => {
    assert.equal(isRfc3261Branch(`${MAGIC_COOKIE}abc`), true);
    assert.equal(isRfc3261Branch(MAGIC_COOKIE), false);
    assert.equal(isRfc3261Branch('abc'), false);
  });
});
