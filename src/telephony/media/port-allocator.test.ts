// RTP port pairs: even ports, round-robin reuse, blocking ports held elsewhere, and a clear refusal when exhausted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMediaError } from './media-error.ts';
import { PortAllocator } from './port-allocator.ts';

describe('PortAllocator', () => {
  it('hands out even RTP ports of the range, round robin', () => {
    const ports = new PortAllocator({ min: 20001, max: 20008 });
    assert.equal(ports.capacity, 3); // 20002, 20004, 20006 (20008 has no 20009)
    assert.deepEqual([ports.allocate(), ports.allocate()], [20002, 20004]);
    ports.release(20002);
    assert.equal(ports.allocate(), 20006);
    assert.equal(ports.allocate(), 20002, 'the freed port comes back last');
    assert.equal(ports.inUse, 3);
  });

  it('refuses with ports-exhausted and says what to do', () => {
    const ports = new PortAllocator({ min: 30000, max: 30003 });
    ports.allocate();
    ports.allocate();
    assert.throws(
      () => ports.allocate(),
      (e: unknown) =>
        isMediaError(e, 'ports-exhausted') &&
        e.code === 'unavailable' &&
        /30000-30003.*HOTLINE_RTP_PORTS/s.test(e.message),
    );
  });

  it('keeps a blocked port out of use until its time is up', () => {
    const ports = new PortAllocator({ min: 40000, max: 40003 });
    const first = ports.allocate(0);
    ports.block(first, 1000, 0);
    assert.equal(ports.allocate(10), 40002);
    assert.throws(() => ports.allocate(20), /held by other programs/);
    assert.equal(ports.allocate(2000), first);
  });

  it('ignores releases of ports it did not give', () => {
    const ports = new PortAllocator({ min: 40000, max: 40003 });
    ports.release(40000);
    ports.release(12345);
    assert.equal(ports.inUse, 0);
  });
});
