// The CDR reducer's IVR containment (METRICS.md): contained only when the call ended in the IVR
// after a node that gave a self-service, without a queue or an agent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvents } from './call-events.ts';
import { applyCallEvent, type CallRecord, type CallRecordEvent } from './call-record.ts';

type Step = { [K in keyof CallEvents]: [K, Omit<CallEvents[K], 'callId'>] }[keyof CallEvents];

/** Folds the call's events, one second apart, into its record. */
function recordOf(...steps: Step[]): CallRecord {
  let id = 0;
  return [
    [
      'call.offered',
      { legId: 'c1', caller: { number: '13812345678' }, dialed: '4008001000', source: 'trunk' },
    ] as Step,
    ['call.ivr-started', { flow: 'demo-hotline' }] as Step,
    ...steps,
  ].reduce<CallRecord | undefined>((record, [type, payload]) => {
    id++;
    const event = { id, time: id * 1000, type, payload: { callId: 'k1', ...payload } };
    return applyCallEvent(record, event as CallRecordEvent);
  }, undefined)!;
}

const statusNode: Step = [
  'call.ivr-node',
  { node: 'flight-status', nodeType: 'say', selfService: 'flight-status' },
];
const menuNode: Step = ['call.ivr-node', { node: 'main-menu', nodeType: 'menu' }];
const ended = (
  from: 'ivr' | 'queued' | 'connected',
  by: 'customer' | 'system' = 'customer',
): Step => ['call.ended', { from, cause: 'normal', by }];

describe('IVR containment in the call record', () => {
  it('counts a call that ended in the IVR after a self-service', () => {
    const hungUp = recordOf(menuNode, statusNode, ended('ivr'));
    assert.equal(hungUp.selfService, 'flight-status');
    assert.equal(hungUp.ivrContained, true);
    // The flow's goodbye hang-up after the status is contained just the same.
    const byFlow = recordOf(
      statusNode,
      ['call.ivr-node', { node: 'goodbye', nodeType: 'hangup' }],
      ended('ivr', 'system'),
    );
    assert.equal(byFlow.ivrContained, true);
  });

  it('does not count an IVR hang-up without a self-service, nor a call still going', () => {
    assert.equal(recordOf(menuNode, ended('ivr')).ivrContained, false);
    const live = recordOf(statusNode);
    assert.equal(live.selfService, 'flight-status');
    assert.equal(live.ivrContained, false, 'not before the call ends');
  });

  it('does not count a caller who asked for an agent after the self-service', () => {
    const queued: Step = ['call.queued', { queue: 'flights', priority: 0, skills: [] }];
    assert.equal(recordOf(statusNode, queued, ended('queued')).ivrContained, false);
    // Left the queue for the voicemail flow: it ended in the IVR, but not served by it alone.
    const toVoicemail: Step = [
      'call.left-queue',
      { queue: 'flights', reason: 'max-wait', to: 'voicemail' },
    ];
    assert.equal(recordOf(statusNode, queued, toVoicemail, ended('ivr')).ivrContained, false);
    const connected: Step = [
      'call.connected',
      { legId: 'a1', target: '1001', agentId: 'agent1001' },
    ];
    assert.equal(recordOf(statusNode, queued, connected, ended('connected')).ivrContained, false);
  });
});
