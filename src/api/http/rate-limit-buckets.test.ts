// The API's token buckets on a fake clock: burst, refill, separate keys, the
// figures the RateLimit headers carry, and memory that stays bounded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../platform/index.ts';
import { RateLimitBuckets } from './rate-limit-buckets.ts';

const budget = { perSecond: 2, burst: 5 };

function takeMany(buckets: RateLimitBuckets, key: string, n: number): boolean[] {
  return Array.from({ length: n }, () => buckets.take(key).allowed);
}

describe('RateLimitBuckets', () => {
  it('lets a burst through at once, then refuses until time refills it', () => {
    const clock = new FakeClock();
    const buckets = new RateLimitBuckets(clock, budget);
    assert.deepEqual(takeMany(buckets, 'a', 6), [true, true, true, true, true, false]);
    const refused = buckets.take('a');
    assert.equal(refused.allowed, false);
    assert.equal(refused.remaining, 0);
    assert.equal(refused.retryAfterSeconds, 1); // one request comes back in half a second
    assert.equal(refused.resetSeconds, 3); // 5 requests at 2 a second
  });

  it('refills at the sustained rate and never past the burst', () => {
    const clock = new FakeClock();
    const buckets = new RateLimitBuckets(clock, budget);
    takeMany(buckets, 'a', 5);
    clock.advance(500);
    assert.deepEqual(takeMany(buckets, 'a', 2), [true, false]);
    clock.advance(1000);
    assert.deepEqual(takeMany(buckets, 'a', 3), [true, true, false]);
    clock.advance(3_600_000);
    assert.deepEqual(takeMany(buckets, 'a', 6), [true, true, true, true, true, false]);
  });

  it('counts what is left for the headers', () => {
    const clock = new FakeClock();
    const buckets = new RateLimitBuckets(clock, budget);
    const first = buckets.take('a');
    assert.deepEqual(first, {
      allowed: true,
      limit: 5,
      remaining: 4,
      resetSeconds: 1,
      retryAfterSeconds: 0,
    });
    takeMany(buckets, 'a', 3);
    const last = buckets.take('a');
    assert.equal(last.remaining, 0);
    assert.equal(last.resetSeconds, 3);
  });

  it('keeps each key in its own bucket', () => {
    const clock = new FakeClock();
    const buckets = new RateLimitBuckets(clock, budget);
    takeMany(buckets, 'token:1', 5);
    assert.equal(buckets.take('token:1').allowed, false);
    assert.equal(buckets.take('token:2').allowed, true);
    assert.equal(buckets.take('user:1').allowed, true);
  });

  it('does not drain when the clock steps back', () => {
    let now = 10_000;
    const buckets = new RateLimitBuckets({ now: () => now }, budget);
    takeMany(buckets, 'a', 3);
    now -= 5_000;
    assert.deepEqual(takeMany(buckets, 'a', 3), [true, true, false]);
  });

  it('forgets keys idle for a refill period, so idle callers cost no memory', () => {
    const clock = new FakeClock();
    const buckets = new RateLimitBuckets(clock, budget); // 5 at 2 a second: 2.5 s to refill
    for (let i = 0; i < 100; i++) buckets.take(`address:${i}`);
    assert.equal(buckets.size, 100);
    clock.advance(2500);
    buckets.take('busy');
    assert.equal(buckets.size, 101); // a generation old, not yet gone
    clock.advance(2500);
    buckets.take('busy');
    assert.equal(buckets.size, 1);
    // A key in use is never forgotten: it keeps what it has spent.
    takeMany(buckets, 'busy', 5);
    clock.advance(400);
    assert.equal(buckets.take('busy').allowed, false);
  });

  it('keeps what a caller spent when its key moves a generation back', () => {
    const clock = new FakeClock();
    const buckets = new RateLimitBuckets(clock, budget);
    clock.advance(2400);
    takeMany(buckets, 'a', 5);
    clock.advance(100);
    buckets.take('other'); // a refill period since the start: every key moves a generation back
    clock.advance(100);
    assert.equal(buckets.take('a').allowed, false); // 0.4 refilled: still not one request
    assert.equal(buckets.size, 2);
  });

  it('holds at most its capacity, forgetting the keys idle longest', () => {
    const clock = new FakeClock();
    const buckets = new RateLimitBuckets(clock, budget, 4);
    takeMany(buckets, 'a', 5);
    takeMany(buckets, 'b', 5);
    takeMany(buckets, 'c', 5);
    assert.equal(buckets.take('a').allowed, false); // a is now among the most recently seen
    buckets.take('d');
    assert.ok(buckets.size <= 4);
    // b was idle longest and went; it comes back full, as a new caller would.
    assert.equal(buckets.take('b').allowed, true);
    assert.equal(buckets.take('a').allowed, false);
    for (let i = 0; i < 1000; i++) buckets.take(`flood:${i}`);
    assert.ok(buckets.size <= 4);
  });

  it('refuses a budget that could never let anything through', () => {
    const clock = new FakeClock();
    assert.throws(() => new RateLimitBuckets(clock, { perSecond: 0, burst: 5 }));
    assert.throws(() => new RateLimitBuckets(clock, { perSecond: 1, burst: 0 }));
  });
});
