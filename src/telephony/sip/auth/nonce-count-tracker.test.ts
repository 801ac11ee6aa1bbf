// Replay bookkeeping: nc must rise per nonce; the map stays bounded without reopening replays.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NonceCountTracker } from './nonce-count-tracker.ts';

describe('NonceCountTracker', () => {
  it('accepts rising counts and refuses repeated or lower ones', () => {
    const t = new NonceCountTracker();
    assert.equal(t.advance('n', 1, 0, 300_000, 0), 'fresh');
    assert.equal(t.advance('n', 1, 0, 300_000, 0), 'replay');
    assert.equal(t.advance('n', 3, 0, 300_000, 0), 'fresh');
    assert.equal(t.advance('n', 2, 0, 300_000, 0), 'replay');
    assert.equal(t.advance('other', 1, 0, 300_000, 0), 'fresh');
  });

  it('stays bounded and refuses nonces issued before an eviction as forgotten', () => {
    const t = new NonceCountTracker(2);
    t.advance('a', 1, 10, 1_000, 10);
    t.advance('b', 1, 20, 1_000, 20);
    t.advance('c', 1, 30, 1_000, 30); // evicts a
    assert.equal(t.size, 2);
    assert.equal(t.advance('a', 2, 10, 1_000, 40), 'forgotten');
    assert.equal(t.advance('old-unseen', 1, 5, 1_000, 40), 'forgotten');
    assert.equal(t.advance('new', 1, 35, 1_000, 40), 'fresh');
  });

  it('drops records of expired nonces', () => {
    const t = new NonceCountTracker();
    t.advance('a', 1, 0, 100, 0);
    t.advance('b', 1, 50, 150, 50);
    t.advance('c', 1, 200, 500, 200);
    assert.equal(t.size, 1);
  });
});
