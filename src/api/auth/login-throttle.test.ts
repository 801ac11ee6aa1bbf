import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureThrottle } from './login-throttle.ts';

describe('FailureThrottle', () => {
  it('allows max attempts, refuses the next one and locks until the lock ends', () => {
    const throttle = new FailureThrottle();
    for (let i = 0; i < 5; i++) assert.equal(throttle.attempt('ghost', 1000, 5, 60_000), null);
    assert.equal(throttle.attempt('ghost', 1000, 5, 60_000), 61_000);
    assert.equal(throttle.lockedUntil('ghost', 60_999), 61_000);
    assert.equal(throttle.attempt('ghost', 60_999, 5, 60_000), 61_000);
    assert.equal(throttle.lockedUntil('ghost', 61_000), null);
    assert.equal(throttle.attempt('ghost', 61_000, 5, 60_000), null);
  });

  it('counts attempts in flight: parallel attempts cannot all pass', () => {
    const throttle = new FailureThrottle();
    const verdicts = Array.from({ length: 20 }, () => throttle.attempt('10.0.0.1', 0, 5, 1000));
    assert.equal(verdicts.filter((v) => v === null).length, 5);
  });

  it('forgives a success, but not the failures before it', () => {
    const throttle = new FailureThrottle();
    throttle.attempt('10.0.0.1', 0, 3, 1000); // fails
    throttle.attempt('10.0.0.1', 0, 3, 1000); // fails
    throttle.attempt('10.0.0.1', 0, 3, 1000); // succeeds
    throttle.forgive('10.0.0.1');
    assert.equal(throttle.attempt('10.0.0.1', 0, 3, 1000), null); // third failure
    assert.equal(throttle.attempt('10.0.0.1', 0, 3, 1000), 1000); // one too many
  });

  it('forgets failures older than the window', () => {
    const throttle = new FailureThrottle();
    for (let i = 0; i < 3; i++) throttle.attempt('k', 0, 3, 1000);
    assert.equal(throttle.attempt('k', 1000, 3, 1000), null);
  });

  it('stays bounded, forgetting the keys tried longest ago', () => {
    const throttle = new FailureThrottle(3);
    for (const name of ['a', 'b', 'c', 'd']) {
      throttle.attempt(name, 0, 1, 1000);
      throttle.attempt(name, 0, 1, 1000);
    }
    assert.equal(throttle.lockedUntil('a', 1), null);
    assert.equal(throttle.lockedUntil('d', 1), 1000);
  });
});
