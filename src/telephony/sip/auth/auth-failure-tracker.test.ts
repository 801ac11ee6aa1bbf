// Lockout bookkeeping on the fake clock: N failures within the window lock a key for a while.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../platform/index.ts';
import { AuthFailureTracker } from './auth-failure-tracker.ts';

const POLICY = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };

describe('AuthFailureTracker', () => {
  it('locks after N failures within the window and releases when the lock ends', () => {
    const clock = new FakeClock(1_000_000);
    const t = new AuthFailureTracker(clock, POLICY);
    assert.equal(t.recordFailure('k'), undefined);
    assert.equal(t.recordFailure('k'), undefined);
    assert.equal(t.recordFailure('k'), 1_300_000);
    assert.equal(t.lockedUntil('k'), 1_300_000);
    assert.equal(t.lockedUntil('other'), undefined);
    clock.advance(299_999);
    assert.equal(t.lockedUntil('k'), 1_300_000);
    clock.advance(1);
    assert.equal(t.lockedUntil('k'), undefined);
    // The run starts again from zero after a lock.
    assert.equal(t.recordFailure('k'), undefined);
  });

  it('forgets failures that fall out of the window', () => {
    const clock = new FakeClock(0);
    const t = new AuthFailureTracker(clock, POLICY);
    t.recordFailure('k');
    t.recordFailure('k');
    clock.advance(60_001);
    assert.equal(t.recordFailure('k'), undefined);
    assert.equal(t.recordFailure('k'), undefined);
    assert.equal(t.recordFailure('k'), 360_001);
  });

  it('does not extend a lock with attempts made while locked', () => {
    const clock = new FakeClock(0);
    const t = new AuthFailureTracker(clock, POLICY);
    for (let i = 0; i < 3; i++) t.recordFailure('k');
    clock.advance(1_000);
    for (let i = 0; i < 10; i++) assert.equal(t.recordFailure('k'), undefined);
    assert.equal(t.lockedUntil('k'), 300_000);
  });

  it('clears the run on success, but not a lock in force; unlock lifts it', () => {
    const clock = new FakeClock(0);
    const t = new AuthFailureTracker(clock, POLICY);
    t.recordFailure('k');
    t.recordFailure('k');
    t.recordSuccess('k');
    assert.equal(t.recordFailure('k'), undefined);
    assert.equal(t.recordFailure('k'), undefined);
    assert.ok(t.recordFailure('k') !== undefined);
    t.recordSuccess('k');
    assert.ok(t.lockedUntil('k') !== undefined);
    t.unlock('k');
    assert.equal(t.lockedUntil('k'), undefined);
  });

  it('stays bounded, forgetting the keys that failed longest ago', () => {
    const t = new AuthFailureTracker(new FakeClock(0), { ...POLICY, maxFailures: 1 }, 2);
    for (const k of ['a', 'b', 'c']) t.recordFailure(k);
    assert.equal(t.size, 2);
    assert.equal(t.lockedUntil('a'), undefined);
    assert.equal(t.lockedUntil('c'), 300_000);
  });

  it('refuses a policy that can never lock or never release', () => {
    const clock = new FakeClock(0);
    assert.throws(() => new AuthFailureTracker(clock, { ...POLICY, maxFailures: 0 }));
    assert.throws(() => new AuthFailureTracker(clock, { ...POLICY, lockMs: 0 }));
  });
});
