// The web client's fold of CTI events (web/src/api/cti-state.ts) agrees with the
// server's live state: agents appear and leave, a call moves from the IVR to
// an agent and away, queue figures replace the old ones, supervisors join and
// leave a call, and the seq only grows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyCtiEvent,
  fromSnapshot,
  type CtiEvent,
  type CtiQueueFigures,
} from '../../web/src/api/cti-state.ts';
import { bucketCalls, SLOTS_PER_DAY } from '../../web/src/features/wallboard/call-buckets.ts';

const caller = { number: '13812345678', e164: '+8613812345678', displayName: null };
const figures = (waiting: number, answered: number): CtiQueueFigures => ({
  queue: 'flights',
  waiting,
  oldestWaitingSince: waiting ? 1000 : null,
  longestWaitMs: 0,
  day: '2026-11-28',
  offered: waiting + answered,
  answered,
  answeredWithinThreshold: answered,
  abandoned: 0,
  abandonedWithinShort: 0,
  abandonedWithinThreshold: 0,
  otherExits: 0,
  answeredWaitMs: 0,
  asaMs: null,
  serviceLevel: {
    value: answered ? 1 : null,
    variant: 'answered-over-offered-minus-short-abandons',
    thresholdSeconds: 20,
    shortAbandonSeconds: 5,
    targetPercent: 80,
  },
  agents: {},
});

describe('the web client’s CTI state', () => {
  it('follows an agent and a call from the snapshot through each event', () => {
    let state = fromSnapshot({
      seq: 10,
      time: 900,
      agents: [
        {
          agentId: 'agent1001',
          state: 'ready',
          reason: null,
          extension: '1001',
          since: 500,
          timeInStateMs: 400,
          registered: true,
          callId: null,
        },
      ],
      calls: [],
      queues: [figures(0, 0)],
      agentsByState: { ready: 1 },
    });
    const events: CtiEvent[] = [
      { seq: 11, time: 1000, type: 'call.offered', callId: 'c1', caller, dialed: '4008001000' },
      {
        seq: 12,
        time: 1100,
        type: 'call.queued',
        callId: 'c1',
        queue: 'flights',
        priority: 0,
        caller,
      },
      { seq: 13, time: 1100, type: 'queue.statistics-changed', figures: figures(1, 0) },
      {
        seq: 14,
        time: 1200,
        type: 'agent.state-changed',
        agentId: 'agent1001',
        state: 'reserved',
        previousState: 'ready',
        previousStateMs: 700,
        reason: null,
        extension: null,
        callId: 'c1',
        queue: 'flights',
      },
      {
        seq: 15,
        time: 1300,
        type: 'call.answered',
        callId: 'c1',
        agentId: 'agent1001',
        target: '1001',
        queue: 'flights',
        caller,
      },
      { seq: 16, time: 1400, type: 'call.held', callId: 'c1', agentId: 'agent1001' },
    ];
    state = events.reduce(applyCtiEvent, state);
    assert.equal(state.seq, 16);
    const call = state.calls.get('c1')!;
    assert.deepEqual(
      [call.state, call.queue, call.agentId, call.queuedAt, call.stateSince, call.dialed],
      ['held', 'flights', 'agent1001', 1100, 1400, '4008001000'],
    );
    const agent = state.agents.get('agent1001')!;
    assert.deepEqual(
      [agent.state, agent.since, agent.extension, agent.callId, agent.registered],
      ['reserved', 1200, '1001', 'c1', true],
    );
    assert.equal(state.queues.get('flights')!.waiting, 1);

    state = [
      { seq: 17, time: 1500, type: 'call.resumed', callId: 'c1', agentId: 'agent1001' },
      {
        seq: 18,
        time: 1600,
        type: 'call.ended',
        callId: 'c1',
        agentId: 'agent1001',
        queue: 'flights',
        from: 'connected',
        cause: 'normal',
        by: 'agent',
      },
      { seq: 18, time: 1600, type: 'queue.statistics-changed', figures: figures(0, 1) },
      {
        seq: 19,
        time: 1700,
        type: 'agent.state-changed',
        agentId: 'agent1001',
        state: 'logged-out',
        previousState: 'wrap-up',
        previousStateMs: 100,
        reason: null,
        extension: null,
        callId: null,
        queue: null,
      },
    ].reduce((s, e) => applyCtiEvent(s, e as CtiEvent), state);
    assert.equal(state.calls.size, 0, 'an ended call leaves');
    assert.equal(state.agents.size, 0, 'a logged-out agent leaves');
    assert.equal(state.queues.get('flights')!.answered, 1);
    assert.equal(state.seq, 19);
  });

  it('keeps the supervisors on a call from the snapshot and each monitor event', () => {
    const call = {
      callId: 'c2',
      state: 'connected' as const,
      caller,
      dialed: '4008001000',
      queue: 'flights',
      agentId: 'agent1001',
      startedAt: 100,
      stateSince: 200,
      queuedAt: 150,
    };
    // Joined mid-monitor: the snapshot carries the one already listening.
    let state = fromSnapshot({
      seq: 30,
      time: 900,
      agents: [],
      calls: [
        {
          ...call,
          monitors: [
            {
              supervisor: 'lead01',
              extension: '2091',
              mode: 'listen',
              phase: 'joined',
              since: 300,
            },
          ],
        },
      ],
      queues: [],
      agentsByState: {},
    });
    const monitor = (
      seq: number,
      supervisor: string,
      mode: 'listen' | 'whisper' | 'barge',
      phase: 'ringing' | 'joined' | 'ended',
      extension: string | null = null,
    ): CtiEvent => ({
      seq,
      time: seq * 10,
      type: 'call.monitor',
      callId: 'c2',
      agentId: 'agent1001',
      supervisor,
      extension,
      mode,
      previousMode: null,
      phase,
    });
    const monitors = () => state.calls.get('c2')!.monitors;
    state = [
      monitor(31, 'lead01', 'whisper', 'joined'),
      monitor(32, 'lead02', 'barge', 'ringing', '2092'),
      monitor(33, 'lead02', 'barge', 'joined', '2092'),
    ].reduce(applyCtiEvent, state);
    assert.deepEqual(monitors(), [
      // A change keeps the extension and place it had; `since` is when the new mode began.
      { supervisor: 'lead01', extension: '2091', mode: 'whisper', phase: 'joined', since: 310 },
      { supervisor: 'lead02', extension: '2092', mode: 'barge', phase: 'joined', since: 320 },
    ]);
    assert.equal(state.calls.get('c2')!.stateSince, 200, 'monitoring does not move the call');
    state = applyCtiEvent(state, monitor(34, 'lead01', 'whisper', 'ended'));
    assert.deepEqual(
      monitors()?.map((m) => m.supervisor),
      ['lead02'],
    );
    state = applyCtiEvent(state, monitor(35, 'lead02', 'barge', 'ended'));
    assert.equal(monitors(), undefined, 'no monitors left: the field goes');
    assert.equal(state.seq, 35);
    // An agent may hear of a monitor first when it turns to whisper: it appears then.
    state = applyCtiEvent(state, monitor(36, 'lead03', 'whisper', 'joined'));
    assert.equal(monitors()?.[0]?.since, 360);
    // A monitor on a call this client does not hold changes nothing.
    const other = { ...monitor(37, 'lead01', 'listen', 'ringing'), callId: 'elsewhere' };
    state = applyCtiEvent(state, other);
    assert.equal(state.calls.has('elsewhere'), false);
  });

  it('counts calls per 15 minutes of the day, leaving out other days', () => {
    const day = Date.UTC(2026, 10, 28);
    const minute = 60_000;
    const counts = bucketCalls(
      [
        day,
        day + 14 * minute,
        day + 15 * minute,
        day + 24 * 60 * minute - 1,
        day - 1,
        day + 86_400_000,
      ],
      day,
    );
    assert.equal(counts.length, SLOTS_PER_DAY);
    assert.deepEqual(counts.slice(0, 3), [2, 1, 0]);
    assert.equal(counts[95], 1);
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      4,
    );
  });
});
