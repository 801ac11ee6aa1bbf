// The CTI live state on its own: where it starts reading the log, which frames it keeps for
// resuming (and when a client must take a snapshot instead), and what each event is about.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sqliteDatabase, type TestDatabase } from '../../../test/support/test-databases.ts';
import { FakeClock, silentLogger } from '../../platform/index.ts';
import { EventStore } from '../../store/index.ts';
import { systemActor } from '../auth/index.ts';
import { CtiLiveState } from './cti-live-state.ts';
import { ctiViewer, scopeOf } from './cti-visibility.ts';
import { toCtiEvents } from './cti-mapper.ts';

const T0 = Date.UTC(2026, 10, 28, 1, 0, 0);

describe('CTI live state', () => {
  let db: TestDatabase;
  let events: EventStore;
  const clock = new FakeClock(T0);
  const offered = (callId: string, time: number) =>
    events.write((w) =>
      w.appendAll([
        {
          type: 'call.offered',
          stream: `call:${callId}`,
          time,
          payload: {
            callId,
            legId: `${callId}-a`,
            caller: { number: '1001' },
            dialed: '4008001000',
            source: 'extension',
          },
        },
      ]),
    );

  before(async () => {
    db = await sqliteDatabase();
    events = new EventStore(db.database, clock);
  });
  after(() => db.dispose());

  it('starts reading at the start of the previous day and keeps a bounded resume window', async () => {
    await offered('ancient', T0 - 3 * 86_400_000);
    await offered('yesterday', T0 - 86_400_000);
    const live = new CtiLiveState({
      events,
      clock,
      logger: silentLogger(),
      timeZone: 'Asia/Shanghai',
      keepFrames: 3,
    });
    await live.start();
    const admin = ctiViewer(systemActor(), () => []);
    assert.deepEqual(
      live.snapshot(admin).calls.map((c) => c.callId),
      ['yesterday'],
      'calls older than the horizon are not read',
    );
    const start = live.seq;
    for (let i = 0; i < 5; i++) await offered(`c${i}`, clock.now());
    await live.catchUp();
    assert.equal(live.seq, start + 5);
    assert.equal(live.framesAfter(start), undefined, 'evicted frames: a snapshot is needed');
    assert.deepEqual(
      live.framesAfter(start + 2)!.map((f) => f.seq),
      [start + 3, start + 4, start + 5],
    );
    assert.deepEqual(live.framesAfter(start + 5), []);
    assert.equal(live.framesAfter(start + 6), undefined, 'a cursor ahead of the log');
    await live.stop();
  });

  it('drops frames older than the resume window: a client away longer takes a snapshot', async () => {
    const live = new CtiLiveState({
      events,
      clock,
      logger: silentLogger(),
      timeZone: 'Asia/Shanghai',
      resumeWindowMs: 60_000,
    });
    await live.start();
    const start = live.seq;
    await offered('w0', clock.now());
    clock.advance(30_000);
    await offered('w1', clock.now());
    await live.catchUp();
    assert.deepEqual(
      live.framesAfter(start)!.map((f) => f.seq),
      [start + 1, start + 2],
      'both within the window',
    );
    clock.advance(45_000);
    await offered('w2', clock.now());
    await live.catchUp();
    assert.equal(live.framesAfter(start), undefined, 'the first frame aged out');
    assert.deepEqual(
      live.framesAfter(start + 1)!.map((f) => f.seq),
      [start + 2, start + 3],
    );
    clock.advance(600_000);
    await offered('w3', clock.now());
    await live.catchUp();
    assert.deepEqual(
      live.framesAfter(start + 3)!.map((f) => f.seq),
      [start + 4],
      'the newest frame stays, however old the one before',
    );
    await live.stop();
  });

  it('gives every CTI event a scope: an agent, a queue, or the whole center', () => {
    const stored = {
      id: 9,
      time: T0,
      stream: 'call:z',
      type: 'call.ended',
      payload: { callId: 'z', from: 'queued', cause: 'normal', by: 'customer' },
    } as const;
    const [waitingEnded] = toCtiEvents(stored, () => ({
      callId: 'z',
      state: 'queued',
      caller: { number: '1', e164: null, displayName: null },
      dialed: '2',
      queue: 'flights',
      agentId: null,
      startedAt: T0,
      stateSince: T0,
      queuedAt: T0,
    }));
    assert.deepEqual(scopeOf(waitingEnded!), { agentId: null, queue: 'flights' });
    const [talkEnded] = toCtiEvents(
      { ...stored, payload: { ...stored.payload, from: 'connected' } },
      () => ({
        callId: 'z',
        state: 'connected',
        caller: { number: '1', e164: null, displayName: null },
        dialed: '2',
        queue: 'flights',
        agentId: 'agent7',
        startedAt: T0,
        stateSince: T0,
        queuedAt: T0,
      }),
    );
    assert.deepEqual(scopeOf(talkEnded!), { agentId: 'agent7', queue: null });
  });

  it('follows a consultation: ringing, connected, conference, completed; the agent sees it', async () => {
    const live = new CtiLiveState({
      events,
      clock,
      logger: silentLogger(),
      timeZone: 'Asia/Shanghai',
    });
    await live.start();
    const stream = 'call:k';
    const append = (type: string, payload: Record<string, unknown>) =>
      events.write((w) =>
        w.appendAll([
          { type, stream, time: clock.now(), payload } as Parameters<typeof w.appendAll>[0][number],
        ]),
      );
    await offered('k', clock.now());
    await append('call.connected', {
      callId: 'k',
      legId: 'k-b',
      target: '1001',
      agentId: 'agent1001',
    });
    const start = live.seq;
    await append('call.held', { callId: 'k', by: 'agent:agent1001' });
    await append('call.consult-started', {
      callId: 'k',
      legId: 'k-c',
      to: { kind: 'extension', extension: '1003' },
      by: 'agent:agent1001',
    });
    await live.catchUp();
    const admin = ctiViewer(systemActor(), () => []);
    const call = () => live.snapshot(admin).calls.find((c) => c.callId === 'k');
    assert.equal(call()?.state, 'transferring');
    assert.deepEqual(call()?.consult, { phase: 'ringing', target: '1003' });
    await append('call.consult-connected', { callId: 'k', legId: 'k-c' });
    await append('call.resumed', { callId: 'k', by: 'agent:agent1001' });
    await append('call.conference-started', { callId: 'k', legId: 'k-c', by: 'agent:agent1001' });
    await live.catchUp();
    assert.equal(call()?.state, 'connected');
    assert.deepEqual(call()?.consult, { phase: 'conference', target: '1003' });
    await append('call.consult-ended', { callId: 'k', legId: 'k-c', reason: 'completed' });
    await append('call.transferred', {
      callId: 'k',
      legId: 'k-b',
      agentId: 'agent1001',
      to: { kind: 'extension', extension: '1003' },
      by: 'agent:agent1001',
      attended: true,
    });
    await append('call.connected', { callId: 'k', legId: 'k-c', target: '1003' });
    await live.catchUp();
    assert.equal(call()?.consult, undefined);
    assert.equal(call()?.state, 'connected');
    const frames = live.framesAfter(start)!.flatMap((f) => f.events);
    const consults = frames.flatMap((e) =>
      e.type === 'call.consult' ? [[e.phase, e.target, e.agentId, e.reason]] : [],
    );
    assert.deepEqual(consults, [
      ['ringing', '1003', 'agent1001', null],
      ['connected', '1003', 'agent1001', null],
      ['conference', '1003', 'agent1001', null],
      ['ended', '1003', 'agent1001', 'completed'],
    ]);
    const transferred = frames.find((e) => e.type === 'call.transferred');
    assert.equal(transferred?.type === 'call.transferred' && transferred.transfer, 'attended');
    const consult = frames.find((e) => e.type === 'call.consult')!;
    assert.deepEqual(scopeOf(consult), { agentId: 'agent1001', queue: null });
    await live.stop();
  });
});
