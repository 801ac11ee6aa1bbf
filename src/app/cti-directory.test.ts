// The CTI directory over a real ACD: the queues an agent serves follow their skills, the
// queues' service-level settings come from their configuration, and without an ACD it is absent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acdKit } from '../callcenter/acd/acd-test-kit.ts';
import { HotlineError } from '../platform/index.ts';
import { ctiDirectory } from './cti-directory.ts';
import { demoQueueConfigs } from './demo-center.ts';

describe('CTI directory', () => {
  it("answers an agent's queues and the queues' settings from the ACD", () => {
    const kit = acdKit(demoQueueConfigs);
    kit.agents({ ann: { flights: 3 }, bob: { hotels: 2 } });
    const directory = ctiDirectory(() => kit.acd)()!;
    assert.ok(directory.queuesOf('ann').includes('flights'));
    assert.equal(directory.queuesOf('ann').includes('hotels'), false);
    assert.ok(directory.queuesOf('bob').includes('hotels'));
    assert.deepEqual(directory.queuesOf('nobody'), []);
    const flights = directory.queues().find((q) => q.name === 'flights')!;
    assert.equal(flights.serviceLevel.variant, 'answered-over-offered-minus-short-abandons');
    assert.equal(typeof flights.serviceLevel.seconds, 'number');
  });

  it('is absent while telephony is not started', () => {
    const directory = ctiDirectory(() => {
      throw new HotlineError('unavailable', 'Telephony is not started.');
    });
    assert.equal(directory(), undefined);
  });
});
