// Idempotency keys: a repeat gets the first answer, a concurrent repeat waits
// for it instead of acting again, a key reused for another request is refused,
// failures are not kept, and answers expire.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock, isHotlineError } from '../../platform/index.ts';
import { IdempotencyCache } from './idempotency.ts';

describe('idempotency keys', () => {
  it('acts once for concurrent and later repeats, and refuses a key reused elsewhere', async () => {
    const cache = new IdempotencyCache(new FakeClock(0));
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const action = async () => {
      runs++;
      await gate;
      return { status: 200, body: { n: runs } };
    };
    const first = cache.run('k1', 'alice transfer c1 {}', action);
    const concurrent = cache.run('k1', 'alice transfer c1 {}', action);
    release();
    assert.deepEqual(await first, { status: 200, body: { n: 1 }, replayed: false });
    assert.deepEqual(await concurrent, { status: 200, body: { n: 1 }, replayed: true });
    const later = await cache.run('k1', 'alice transfer c1 {}', action);
    assert.equal(later.replayed, true);
    assert.equal(runs, 1);
    await assert.rejects(cache.run('k1', 'alice hold c1 null', action), (e: unknown) =>
      isHotlineError(e, 'conflict'),
    );
    // Another user's identical key is theirs.
    assert.equal((await cache.run('k1', 'bob transfer c1 {}', action)).replayed, false);
  });

  it('keeps no failure, and forgets answers after the time to live', async () => {
    const clock = new FakeClock(0);
    const cache = new IdempotencyCache(clock, { ttlMs: 1000 });
    await assert.rejects(
      cache.run('k', 's x', () => Promise.reject(new Error('busy'))),
      /busy/,
    );
    const ok = await cache.run('k', 's x', async () => ({ status: 200, body: 1 }));
    assert.equal(ok.replayed, false, 'the failed attempt left nothing behind');
    clock.advance(1001);
    const again = await cache.run('k', 's x', async () => ({ status: 200, body: 2 }));
    assert.deepEqual(again, { status: 200, body: 2, replayed: false });
    await assert.rejects(
      cache.run('bad key with spaces', 's x', async () => ({ status: 200, body: 0 })),
      (e: unknown) => isHotlineError(e, 'invalid-input'),
    );
  });
});
