// Supervisors on calls in the live CTI feed: the mapper's `call.monitor` events, the snapshot's
// monitors, and who sees them (the team's supervisor does, another team's does not; the agent
// hears of whisper and barge on their own call, never of silent listening).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sqliteDatabase, type TestDatabase } from '../../../test/support/test-databases.ts';
import { FakeClock, silentLogger } from '../../platform/index.ts';
import { EventStore } from '../../store/index.ts';
import { systemActor, type Actor } from '../auth/index.ts';
import type { CtiEvent } from './cti-events.ts';
import { CtiLiveState } from './cti-live-state.ts';
import { toCtiEvents } from './cti-mapper.ts';
import { ctiViewer, isVisible, scopeOf, type CtiTeams } from './cti-visibility.ts';

const T0 = Date.UTC(2026, 10, 28, 1, 0, 0);

const user = (name: string, role: Actor['role'], userId: number): Actor => ({
  kind: 'user',
  userId,
  name,
  role,
  ip: null,
});

const teams: CtiTeams = {
  teamOf: (agentId) => ({ lead01: 'north', lead02: 'south' })[agentId] ?? null,
  teamMembers: (team) => new Set(team === 'north' ? ['agent1001'] : ['agent2002']),
};

/** What a viewer receives of the frames: each monitor event as [phase, mode]. */
const monitorsSeen = (events: readonly CtiEvent[]) =>
  events.flatMap((e) => (e.type === 'call.monitor' ? [[e.phase, e.mode]] : []));

describe('supervisors on calls in the CTI feed', () => {
  let db: TestDatabase;
  let events: EventStore;
  let live: CtiLiveState;
  const clock = new FakeClock(T0);
  const append = (type: string, stream: string, payload: Record<string, unknown>) =>
    events.write((w) =>
      w.appendAll([
        { type, stream, time: clock.now(), payload } as Parameters<typeof w.appendAll>[0][number],
      ]),
    );
  const connectedCall = async (callId: string, agentId: string) => {
    await append('call.offered', `call:${callId}`, {
      callId,
      legId: `${callId}-a`,
      caller: { number: '13800000000' },
      dialed: '4008001000',
      source: 'trunk',
    });
    await append('call.connected', `call:${callId}`, {
      callId,
      legId: `${callId}-b`,
      target: '1001',
      agentId,
    });
  };

  const admin = ctiViewer(systemActor(), () => []);
  const agent = ctiViewer(user('agent1001', 'agent', 11), () => []);
  const lead = ctiViewer(user('lead01', 'supervisor', 21), () => [], teams);
  const otherLead = ctiViewer(user('lead02', 'supervisor', 22), () => [], teams);

  before(async () => {
    db = await sqliteDatabase();
    events = new EventStore(db.database, clock);
    live = new CtiLiveState({ events, clock, logger: silentLogger(), timeZone: 'Asia/Shanghai' });
    await live.start();
  });
  after(async () => {
    await live.stop();
    await db.dispose();
  });

  it('follows a monitor from ringing to joined, mode changes and its end; each viewer sees their part', async () => {
    await connectedCall('m', 'agent1001');
    await live.catchUp();
    const start = live.seq;
    const call = (viewer = admin) => live.snapshot(viewer).calls.find((c) => c.callId === 'm');

    await append('call.monitor-started', 'call:m', {
      callId: 'm',
      legId: 'm-s',
      extension: '2091',
      mode: 'listen',
      by: 'user:lead01',
    });
    await live.catchUp();
    assert.deepEqual(call()?.monitors, [
      { supervisor: 'lead01', extension: '2091', mode: 'listen', phase: 'ringing', since: T0 },
    ]);

    // Another phone answering is nobody's monitor; the supervisor's is.
    await append('leg.answered', 'leg:x', { legId: 'x' });
    clock.advance(2000);
    await append('leg.answered', 'leg:m-s', { legId: 'm-s' });
    await live.catchUp();
    assert.equal(call()?.monitors?.[0]?.phase, 'joined');
    assert.equal(call(lead)?.monitors?.[0]?.mode, 'listen', 'the team’s supervisor sees it');
    assert.equal(call(agent)?.monitors, undefined, 'silent listening stays silent');
    assert.ok(call(agent), 'the agent still sees their call');
    assert.equal(call(otherLead), undefined, 'another team’s supervisor sees neither');

    await append('call.monitor-changed', 'call:m', {
      callId: 'm',
      mode: 'whisper',
      by: 'user:lead01',
    });
    await live.catchUp();
    // `since` is when whispering began: the agent can't tell how long they were listened to.
    assert.deepEqual(call(agent)?.monitors, [
      {
        supervisor: 'lead01',
        extension: '2091',
        mode: 'whisper',
        phase: 'joined',
        since: T0 + 2000,
      },
    ]);
    await append('call.monitor-changed', 'call:m', {
      callId: 'm',
      mode: 'listen',
      by: 'user:lead01',
    });
    await append('call.monitor-changed', 'call:m', {
      callId: 'm',
      mode: 'barge',
      by: 'user:lead01',
    });
    await append('call.monitor-ended', 'call:m', { callId: 'm', legId: 'm-s' });
    await live.catchUp();
    assert.equal(call()?.monitors, undefined, 'gone from the snapshot once over');

    const frames = live.framesAfter(start)!;
    const all = frames.flatMap((f) => f.events);
    assert.ok(
      frames.every((f) => f.events.every((e) => e.seq === f.seq)),
      'each event carries its log entry’s seq',
    );
    const first = all.find((e) => e.type === 'call.monitor');
    assert.deepEqual(first, {
      seq: start + 1,
      time: T0,
      type: 'call.monitor',
      callId: 'm',
      agentId: 'agent1001',
      supervisor: 'lead01',
      extension: '2091',
      mode: 'listen',
      previousMode: null,
      phase: 'ringing',
    });
    assert.deepEqual(scopeOf(first), { agentId: 'agent1001', queue: null });
    const full = [
      ['ringing', 'listen'],
      ['joined', 'listen'],
      ['joined', 'whisper'],
      ['joined', 'listen'],
      ['joined', 'barge'],
      ['ended', 'barge'],
    ];
    assert.deepEqual(monitorsSeen(all), full, 'admins see every step');
    const seenBy = (viewer: typeof admin) =>
      monitorsSeen(frames.flatMap((f) => CtiLiveState.visibleFrame(viewer, f)?.events ?? []));
    assert.deepEqual(seenBy(lead), full, 'the team’s supervisor too');
    assert.deepEqual(seenBy(otherLead), [], 'not another team’s');
    assert.deepEqual(
      seenBy(agent),
      [
        ['joined', 'whisper'],
        // Back to listening: for the agent, the supervisor they heard has left.
        ['ended', 'whisper'],
        ['joined', 'barge'],
        ['ended', 'barge'],
      ],
      'the agent hears of whisper and barge only',
    );
    const agentEvents = frames.flatMap((f) => CtiLiveState.visibleFrame(agent, f)?.events ?? []);
    assert.deepEqual(
      agentEvents.flatMap((e) => (e.type === 'call.monitor' ? [e.previousMode] : [])),
      [null, 'whisper', null, 'barge'],
      'a switch from listening reaches the agent as a start, naming no listening',
    );
    assert.equal(isVisible(agent, first), false);
  });

  it('ends a monitor with its call, and names no monitor the state never saw start', async () => {
    await connectedCall('n', 'agent1001');
    await append('call.monitor-started', 'call:n', {
      callId: 'n',
      legId: 'n-s',
      extension: '2092',
      mode: 'barge',
      by: 'user:lead01',
    });
    await live.catchUp();
    assert.equal(live.snapshot(agent).calls.find((c) => c.callId === 'n')?.monitors?.length, 1);
    await append('call.ended', 'call:n', {
      callId: 'n',
      from: 'connected',
      cause: 'normal',
      by: 'supervisor',
    });
    await live.catchUp();
    const before = live.seq;
    // The supervisor's phone answering late, after the call: nothing to tell.
    await append('leg.answered', 'leg:n-s', { legId: 'n-s' });
    await live.catchUp();
    assert.deepEqual(live.framesAfter(before), []);

    const stored = {
      id: 5,
      time: T0,
      stream: 'call:z',
      type: 'call.monitor-ended',
      payload: { callId: 'z', legId: 'z-s' },
    } as const;
    assert.deepEqual(
      toCtiEvents(stored, () => undefined),
      [],
    );
  });
});
