import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../platform/index.ts';
import { LocationService, type LocationEvents } from './location-service.ts';

const source = { protocol: 'udp' as const, address: '192.0.2.5', port: 5060 };

function binding(clock: FakeClock, contact: string, seconds: number, q = 1) {
  return {
    aor: '1001',
    contact,
    source,
    callId: 'c1',
    cseq: 1,
    expiresAt: clock.now() + seconds * 1000,
    userAgent: 'ua',
    q,
  };
}

describe('LocationService', () => {
  it('expires each binding on its own timer and reports why', () => {
    const clock = new FakeClock(0);
    const location = new LocationService(clock);
    const gone: LocationEvents['unregistered'][] = [];
    location.on('unregistered', (e) => gone.push(e));
    location.upsert(binding(clock, 'sip:1001@192.0.2.5', 60), 3);
    location.upsert(binding(clock, 'sip:1001@192.0.2.6', 120), 3);
    clock.advance(59_999);
    assert.equal(location.lookup('1001').length, 2);
    clock.advance(1);
    assert.deepEqual(
      location.lookup('1001').map((b) => b.contact),
      ['sip:1001@192.0.2.6'],
    );
    assert.equal(gone[0]!.reason, 'expired');
    clock.advance(60_000);
    assert.equal(location.registeredCount, 0);
    assert.equal(clock.pendingTimers, 0);
  });

  it('refreshes a binding in place, keeping its first registration time and restarting its timer', () => {
    const clock = new FakeClock(0);
    const location = new LocationService(clock);
    const events: boolean[] = [];
    location.on('registered', (e) => events.push(e.refreshed));
    location.upsert(binding(clock, 'sip:a@h', 60), 3);
    clock.advance(50_000);
    location.upsert(binding(clock, 'sip:a@h', 60), 3);
    clock.advance(50_000);
    const [b] = location.lookup('1001');
    assert.equal(b!.registeredAt, 0);
    assert.deepEqual(events, [false, true]);
    assert.equal(clock.pendingTimers, 1);
  });

  it('makes room by replacing the oldest contact, and orders by q then newest', () => {
    const clock = new FakeClock(0);
    const location = new LocationService(clock);
    const reasons: string[] = [];
    location.on('unregistered', (e) => reasons.push(`${e.binding.contact}:${e.reason}`));
    location.upsert(binding(clock, 'sip:1@h', 600, 0.5), 2);
    clock.advance(1000);
    location.upsert(binding(clock, 'sip:2@h', 600, 0.5), 2);
    clock.advance(1000);
    location.upsert(binding(clock, 'sip:3@h', 600, 0.9), 2);
    assert.deepEqual(reasons, ['sip:1@h:replaced']);
    assert.deepEqual(
      location.lookup('1001').map((b) => b.contact),
      ['sip:3@h', 'sip:2@h'],
    );
  });

  it('removes one or all contacts', () => {
    const clock = new FakeClock(0);
    const location = new LocationService(clock);
    location.upsert(binding(clock, 'sip:1@h', 600), 3);
    location.upsert(binding(clock, 'sip:2@h', 600), 3);
    assert.equal(location.remove('1001', 'sip:1@h'), true);
    assert.equal(location.remove('1001', 'sip:1@h'), false);
    assert.equal(location.removeAll('1001'), 1);
    assert.equal(location.all().length, 0);
    assert.equal(clock.pendingTimers, 0);
  });
});
