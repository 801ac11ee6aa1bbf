import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureThrottle } from './login-throttle.ts';

describe('FailureThrottle', () => {
  it('locks a name after the allowed failures and releases it when the lock ends', () => {
    const throttle = new FailureThrottle();
    for (let i = 0; i < 4; i++) assert.equal(throttle.fail('ghost', 1000, 5, 60_000), null);
    assert.equal(throttle.fail('ghost', 1000, 5, 60_000), 61_000);
    assert.equal(throttle.lockedUntil('ghost', 60_999), 61_000);
    assert.equal(throttle.lockedUntil('ghost', 61_000), null);
    assert.equal(throttle.lockedUntil('other', 1000), null);
  });

  it('stays bounded, forgetting the names that failed longest ago', () => {
    const throttle = new FailureThrottle(3);
    for (const name of ['a', 'b', 'c', 'd']) throttle.fail(name, 0, 1, 1000);
    assert.equal(throttle.lockedUntil('a', 1), null);
    assert.equal(throttle.lockedUntil('d', 1), 1000);
  });
});

describe('FailureThrottle successes', () => {
  it('forgets failures after a success, but not a lock in force', () => {
    const throttle = new FailureThrottle();
    throttle.fail('10.0.0.1', 0, 3, 1000);
    throttle.fail('10.0.0.1', 0, 3, 1000);
    throttle.succeed('10.0.0.1', 0);
    assert.equal(throttle.fail('10.0.0.1', 0, 3, 1000), null);
    assert.equal(throttle.fail('10.0.0.1', 0, 3, 1000), null);
    assert.equal(throttle.fail('10.0.0.1', 0, 3, 1000), 1000);
    throttle.succeed('10.0.0.1', 10);
    assert.equal(throttle.lockedUntil('10.0.0.1', 10), 1000);
  });
});
