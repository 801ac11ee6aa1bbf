// The calls in progress and what is kept for them: tracked while they live, and nothing of a call
// left behind (by id, by leg, its segments, IVR runs, music, monitors, consultations, recordings)
// once it has ended, whichever way it ended.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TelephonyCommand } from '../../telephony/index.ts';
import { setup } from './call-test-kit.ts';

const me = { kind: 'agent' as const, agentId: 'agent1001' };
const supervisor = { kind: 'supervisor' as const, userId: 'sup' };

type Kit = ReturnType<typeof setup>;

/** Queues a call on `legId` and lets agent1001 answer it; the agent's leg. */
function connect(t: Kit, legId: string): string {
  t.queueCall(legId);
  const ring = t.originates().at(-1)!;
  t.emit({ type: 'leg.answered', legId: ring.legId, at: t.clock.now() });
  return ring.legId;
}

const hangUp = (t: Kit, legId: string) =>
  t.emit({ type: 'leg.ended', legId, cause: 'normal', by: 'remote', at: t.clock.now() });

/** The media engine finishes every recording it was told to start (after its stop). */
function finishRecordings(t: Kit, done: Set<string>): void {
  const started = t.commands.filter(
    (c): c is Extract<TelephonyCommand, { type: 'recording.start' }> =>
      c.type === 'recording.start',
  );
  for (const { recordingId, path } of started) {
    if (done.has(recordingId)) continue;
    done.add(recordingId);
    t.emit({
      type: 'recording.finished',
      recordingId,
      path,
      startedAt: 0,
      durationMs: 1000,
      bytes: 8000,
      channels: 2,
      reason: 'stopped',
      at: t.clock.now(),
    });
  }
}

const nothingLeft = (t: Kit) =>
  Object.fromEntries(Object.keys(t.controller.tracked).map((key) => [key, 0]));

describe('live calls', () => {
  it('tracks a connected call by id, by each leg and by its recording segment', () => {
    const t = setup();
    t.login('agent1001', '1001');
    const agentLeg = connect(t, 'c1');
    const { calls, legs, segments, recordings } = t.controller.tracked;
    assert.deepEqual(
      { calls, legs, segments, recordings },
      {
        calls: 1,
        legs: 2,
        segments: 1,
        recordings: 1,
      },
    );
    hangUp(t, agentLeg);
    assert.equal(t.controller.tracked.legs, 0);
    assert.equal(t.controller.tracked.calls, 0);
  });

  it('keeps nothing of a call once it has ended, whichever way it ended', () => {
    const t = setup();
    t.login('agent1001', '1001');
    const finished = new Set<string>();
    const rounds = 3;
    for (let i = 1; i <= rounds; i++) {
      // The caller hangs up in the IVR; the run winds down by itself.
      t.offerCall(`ivr${i}`);
      t.emit({ type: 'leg.answered', legId: `ivr${i}`, at: t.clock.now() });
      hangUp(t, `ivr${i}`);
      t.ivrHooks()!.onFinished({ result: { kind: 'hangup', by: 'caller' }, path: [], vars: {} });

      // Abandoned in the queue.
      t.queueCall(`abandon${i}`);
      hangUp(t, `abandon${i}`);

      // Connected, then the customer hangs up; wrap-up follows.
      connect(t, `talk${i}`);
      hangUp(t, `talk${i}`);
      t.clock.advance(60_000);

      // Held from the desk, then the agent hangs up from the desk.
      connect(t, `held${i}`);
      let callId = t.controller.callsOfAgent('agent1001')[0]!;
      t.controller.hold(callId, me);
      t.controller.hangup(callId, me);
      t.clock.advance(60_000);

      // A supervisor listens in; the agent hangs up.
      const monitored = connect(t, `monitor${i}`);
      callId = t.controller.callsOfAgent('agent1001')[0]!;
      t.controller.monitor(callId, '2001', 'listen', supervisor);
      t.emit({ type: 'leg.answered', legId: t.originates().at(-1)!.legId, at: t.clock.now() });
      hangUp(t, monitored);
      t.clock.advance(60_000);

      // Consults extension 1003 and transfers to it; the consulted party hangs up later.
      connect(t, `consult${i}`);
      callId = t.controller.callsOfAgent('agent1001')[0]!;
      t.controller.consult(callId, { kind: 'extension', extension: '1003' }, me);
      const consulted = t.originates().at(-1)!.legId;
      t.emit({ type: 'leg.answered', legId: consulted, at: t.clock.now() });
      t.controller.completeTransfer(callId, me);
      hangUp(t, consulted);
      t.clock.advance(60_000);

      // The agent dials out; the customer answers, then hangs up.
      t.controller.dialOut('agent1001', '013812345678');
      t.emit({ type: 'leg.answered', legId: t.originates().at(-1)!.legId, at: t.clock.now() });
      const customer = t.originates().at(-1)!.legId;
      t.emit({ type: 'leg.answered', legId: customer, at: t.clock.now() });
      hangUp(t, customer);
      t.clock.advance(60_000);

      // Still queued at shutdown.
      t.queueCall(`shutdown${i}`);
      t.controller.endAll();
      finishRecordings(t, finished);
    }
    assert.equal(t.controller.activeCalls, 0);
    assert.equal(
      t.callEvents.filter((e) => e.type === 'call.ended').length,
      rounds * 8,
      'every call ended',
    );
    assert.deepEqual(t.controller.tracked, nothingLeft(t));
  });
});
