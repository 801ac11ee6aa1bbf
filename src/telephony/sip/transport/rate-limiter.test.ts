import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../platform/index.ts';
import { SourceRateLimiter } from './rate-limiter.ts';

describe('SourceRateLimiter', () => {
  it('lets a burst through, then the steady rate', () => {
    const clock = new FakeClock(0);
    const limiter = new SourceRateLimiter(clock, { perSecond: 10, burst: 5 });
    const passed = Array.from({ length: 8 }, () => limiter.allow('10.0.0.1')).filter(
      Boolean,
    ).length;
    assert.equal(passed, 5);
    clock.advance(100); // one token back
    assert.equal(limiter.allow('10.0.0.1'), true);
    assert.equal(limiter.allow('10.0.0.1'), false);
  });

  it('stays bounded under a flood from many addresses, keeping the busy sources', () => {
    const clock = new FakeClock(0);
    const limiter = new SourceRateLimiter(clock, { perSecond: 1, burst: 2 }, [], 1000);
    limiter.allow('192.0.2.1');
    limiter.allow('192.0.2.1');
    assert.equal(limiter.allow('192.0.2.1'), false);
    for (let i = 0; i < 200_000; i++) {
      limiter.allow(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
      if (i % 500 === 0) assert.equal(limiter.allow('192.0.2.1'), false); // seen often: never forgotten
    }
    assert.equal(limiter.size, 1000);
  });

  it('never limits exempt addresses', () => {
    const limiter = new SourceRateLimiter(new FakeClock(0), { perSecond: 1, burst: 1 }, [
      '127.0.0.1',
    ]);
    for (let i = 0; i < 100; i++) assert.equal(limiter.allow('127.0.0.1'), true);
  });
});
