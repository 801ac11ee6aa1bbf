// The web client's telephony health (web/src/api/cti-state.ts): taken from the snapshot, replaced
// by each push unless the push is older, and kept while CTI events are folded in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyCtiEvent,
  applyTelephonyHealth,
  emptyCti,
  fromSnapshot,
  type TelephonyHealth,
} from '../../web/src/api/cti-state.ts';

const health = (time: number, registered: number): TelephonyHealth => ({
  time,
  running: true,
  extensions: {
    known: 10,
    registered,
    contacts: registered,
    unregisteredAgents: [{ agentId: 'agent1002', extension: '1002', state: 'ready' }],
  },
  trunks: [
    {
      name: 'telecom',
      status: 'down',
      keepAlive: { state: 'down', since: 500, lastStatus: 408, lastRttMs: null },
      registration: null,
      activeCalls: 0,
      maxConcurrentCalls: 30,
      error: null,
    },
  ],
  calls: { calls: 2, legs: 4 },
  media: {
    portsInUse: 8,
    portCapacity: 10_000,
    workers: [
      {
        index: 0,
        ready: true,
        endpoints: 4,
        recordings: 2,
        busyPercent: 3,
        lateTicks: 0,
        maxTickLatenessMs: 4,
        restarts: 0,
      },
    ],
  },
});

const snapshot = (telephony?: TelephonyHealth | null) => ({
  seq: 10,
  time: 900,
  agents: [],
  calls: [],
  queues: [],
  agentsByState: {},
  ...(telephony === undefined ? {} : { telephony }),
});

describe('the web client’s telephony health', () => {
  it('comes from the snapshot, or is null when the snapshot has none (agents)', () => {
    assert.equal(emptyCti.telephony, null);
    assert.equal(fromSnapshot(snapshot()).telephony, null);
    assert.equal(fromSnapshot(snapshot(null)).telephony, null);
    assert.deepEqual(fromSnapshot(snapshot(health(900, 3))).telephony, health(900, 3));
  });

  it('takes each push, but not one older than what it holds', () => {
    let state = fromSnapshot(snapshot(health(900, 3)));
    state = applyTelephonyHealth(state, health(5_900, 4));
    assert.equal(state.telephony?.extensions.registered, 4);
    const stale = applyTelephonyHealth(state, health(1_000, 1));
    assert.equal(stale, state, 'an older reading changes nothing');
    assert.equal(applyTelephonyHealth(emptyCti, health(1, 0)).telephony?.time, 1);
  });

  it('is kept while CTI events are folded in', () => {
    const state = applyCtiEvent(fromSnapshot(snapshot(health(900, 3))), {
      seq: 11,
      time: 1000,
      type: 'call.offered',
      callId: 'c1',
      caller: { number: '13812345678', e164: '+8613812345678', displayName: null },
      dialed: '4008001000',
    });
    assert.equal(state.seq, 11);
    assert.equal(state.calls.size, 1);
    assert.deepEqual(state.telephony, health(900, 3));
  });
});
