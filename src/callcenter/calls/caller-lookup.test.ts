// The caller's number looked up in the customer directory while the IVR runs:
// one match is the call's customer (in the CDR) and its tier raises the queue
// priority; several candidates attach none; a failing directory changes nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallerLookup } from './caller-lookup.ts';
import { setup } from './call-test-kit.ts';

const flush = () => new Promise((resolve) => setImmediate(resolve));

function withLookup(lookup: CallerLookup, queue: Record<string, unknown> = {}) {
  const asked: string[] = [];
  const t = setup(queue, [], {
    callerLookup: (e164) => {
      asked.push(e164);
      return lookup(e164);
    },
  });
  return { t, asked };
}

const queued = (t: ReturnType<typeof setup>) =>
  t.callEvents.find((e) => e.type === 'call.queued')?.payload as { priority: number } | undefined;

describe('caller lookup', () => {
  it('attaches the one matching customer and raises a gold customer’s priority by 2', async () => {
    const { t, asked } = withLookup(async () => ({
      customers: [{ id: '42', name: '王小明', tier: 'gold' }],
    }));
    t.offerCall();
    await flush();
    t.answerAndQueue('c1', 1);
    assert.deepEqual(asked, ['+8613812345678'], 'asked with the normalized number');
    assert.equal(queued(t)?.priority, 3);
    assert.equal(t.cdr().customerId, '42');
  });

  it('leaves a shared number to the agent: no customer, no extra priority', async () => {
    const { t } = withLookup(async () => ({
      customers: [
        { id: '1', name: 'A', tier: 'platinum' },
        { id: '2', name: 'B', tier: 'standard' },
      ],
    }));
    t.queueCall();
    await flush();
    const matched = t.callEvents.find((e) => e.type === 'call.customer-matched');
    // queueCall enqueues at once: the lookup's answer arrives after; the event still records it.
    assert.deepEqual(matched?.payload, { callId: t.cdr().callId, customerIds: ['1', '2'] });
    assert.equal(t.cdr().customerId, null);
    assert.equal(queued(t)?.priority, 0);
  });

  it('goes on without a customer when the directory fails', async () => {
    const { t } = withLookup(() => Promise.reject(new Error('database down')));
    t.queueCall();
    await flush();
    assert.equal(t.cdr().customerId, null);
    assert.equal(t.controller.call(t.cdr().callId)?.state, 'queued');
  });

  it('never pushes priority past the ACD’s 100, nor adds the tier twice after a transfer', async () => {
    const { t } = withLookup(async () => ({
      customers: [{ id: '7', name: 'VIP', tier: 'platinum' }],
    }));
    t.offerCall();
    await flush();
    t.answerAndQueue('c1', 99);
    assert.equal(queued(t)?.priority, 100);
    assert.equal(t.controller.call(t.cdr().callId)?.state, 'queued', 'not dropped');
  });

  it('rings the agent who served the customer last when the queue is sticky', async () => {
    const { t } = withLookup(
      async () => ({
        customers: [{ id: '42', name: '王小明', tier: 'standard', lastAgentId: 'agent1002' }],
      }),
      { stickyWaitSeconds: 30 },
    );
    t.login('agent1001', '1001');
    t.login('agent1002', '1002');
    t.offerCall();
    await flush();
    t.answerAndQueue('c1', 0);
    assert.deepEqual(t.originates()[0]!.target, { kind: 'extension', extension: '1002' });
  });
});
