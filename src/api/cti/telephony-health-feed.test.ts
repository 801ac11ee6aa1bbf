// The telephony health feed on a fake clock: it reads on its interval and soon after a poke,
// tells listeners only of readings that differ (the reading's own time aside), makes one read of
// a burst of pokes, and is silent after stop().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock, silentLogger } from '../../platform/index.ts';
import type { TelephonyHealth } from './telephony-health.ts';
import { TelephonyHealthFeed } from './telephony-health-feed.ts';

function figures(clock: FakeClock, registered: number): TelephonyHealth {
  return {
    time: clock.now(),
    running: true,
    extensions: { known: 10, registered, contacts: registered, unregisteredAgents: [] },
    trunks: [],
    calls: { calls: 0, legs: 0 },
    media: { portsInUse: 0, portCapacity: 100, workers: [] },
  };
}

function setup() {
  const clock = new FakeClock();
  let registered = 0;
  let reads = 0;
  let poke: () => void = () => undefined;
  let watching = false;
  const feed = new TelephonyHealthFeed({
    gather: () => {
      reads++;
      return figures(clock, registered);
    },
    scheduler: clock,
    logger: silentLogger(),
    intervalMs: 5_000,
    pokeDelayMs: 500,
    watch: (p) => {
      poke = p;
      watching = true;
      return () => (watching = false);
    },
  });
  const heard: TelephonyHealth[] = [];
  feed.listen((health) => heard.push(health));
  return {
    clock,
    feed,
    heard,
    register: (n: number) => (registered = n),
    poke: () => poke(),
    reads: () => reads,
    watching: () => watching,
  };
}

describe('telephony health feed', () => {
  it('tells listeners of the first reading and then only of changes', () => {
    const s = setup();
    s.feed.start();
    s.clock.advance(5_000);
    assert.equal(s.heard.length, 1, 'the first reading is news');
    s.clock.advance(20_000);
    assert.equal(s.heard.length, 1, 'the same figures read later are no change');
    assert.equal(s.reads(), 5);
    s.register(3);
    s.clock.advance(5_000);
    assert.deepEqual(
      s.heard.map((h) => [h.time - s.heard[0]!.time, h.extensions.registered]),
      [
        [0, 0],
        [25_000, 3],
      ],
    );
  });

  it('reads soon after a poke, once for a burst of pokes', () => {
    const s = setup();
    s.feed.start();
    s.clock.advance(5_000);
    const before = s.reads();
    s.register(1);
    s.poke();
    s.poke();
    s.poke();
    s.clock.advance(499);
    assert.equal(s.heard.length, 1, 'not yet');
    s.clock.advance(1);
    assert.equal(s.reads(), before + 1, 'one read for three pokes');
    assert.equal(s.heard.at(-1)!.extensions.registered, 1);
  });

  it('counts a reading asked for by current() as seen, so it is not told twice', () => {
    const s = setup();
    s.feed.start();
    s.register(2);
    const now = s.feed.current();
    assert.equal(now.extensions.registered, 2);
    assert.equal(s.heard.length, 1, 'listeners hear the change current() found');
    s.clock.advance(5_000);
    assert.equal(s.heard.length, 1);
  });

  it('stops reading, watching and telling after stop()', () => {
    const s = setup();
    s.feed.start();
    assert.equal(s.watching(), true);
    s.feed.stop();
    s.feed.stop();
    assert.equal(s.watching(), false);
    s.register(4);
    s.poke();
    s.clock.advance(60_000);
    assert.equal(s.reads(), 0);
    assert.equal(s.heard.length, 0);
  });
});
