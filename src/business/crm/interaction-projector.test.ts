// The interaction history projected from the log on both engines: calls matched by the caller's
// number (several candidates too), linked from the screen pop, kept across merges, rebuilt from 0
// to the same rows, and resumed mid-call after a restart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock, silentLogger } from '../../platform/index.ts';
import {
  EventStore,
  projectionCursorRepository,
  type NewEvent,
  type EventCatalogue,
} from '../../store/index.ts';
import { enginesUnderTest, type TestDatabase } from '../../../test/support/test-databases.ts';
import { CustomerDirectory, type CustomerChange } from './customer-directory.ts';
import {
  CustomerInteractionProjector,
  type CallInteractionDetails,
} from './interaction-projector.ts';

const T0 = Date.UTC(2026, 10, 28, 6, 0, 0);
const change: CustomerChange = { by: 'tester', audit: async () => undefined };

/** A whole answered call as the call model logs it. */
function answeredCall(
  callId: string,
  number: string,
  e164: string | undefined,
  at: number,
): NewEvent<EventCatalogue>[] {
  const stream = `call:${callId}`;
  return [
    {
      type: 'call.offered',
      stream,
      time: at,
      payload: {
        callId,
        legId: `${callId}-a`,
        caller: { number, ...(e164 ? { e164 } : {}) },
        dialed: '4008001000',
        source: 'trunk',
      },
    },
    { type: 'call.ivr-started', stream, time: at + 100, payload: { callId, flow: 'demo-hotline' } },
    {
      type: 'call.ivr-node',
      stream,
      time: at + 200,
      payload: { callId, node: 'welcome', nodeType: 'play' },
    },
    {
      type: 'call.ivr-node',
      stream,
      time: at + 3000,
      payload: { callId, node: 'main-menu', nodeType: 'menu' },
    },
    {
      type: 'call.queued',
      stream,
      time: at + 6000,
      payload: { callId, queue: 'flights', priority: 0, skills: [] },
    },
    {
      type: 'call.connected',
      stream,
      time: at + 16_000,
      payload: { callId, legId: `${callId}-b`, target: '1003', agentId: 'agent1003' },
    },
    {
      type: 'call.recording-finished',
      stream,
      time: at + 76_000,
      payload: {
        callId,
        recordingId: `${callId}-r1`,
        path: '/tmp/x.wav',
        durationMs: 60_000,
        reason: 'stopped',
      },
    },
    {
      type: 'call.ended',
      stream,
      time: at + 76_000,
      payload: { callId, from: 'connected', cause: 'normal', by: 'customer' },
    },
  ];
}

for (const engine of await enginesUnderTest()) {
  describe(`customer interaction projector on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestDatabase;
    let events: EventStore;
    let directory: CustomerDirectory;
    let projector: CustomerInteractionProjector;
    let li: number;
    let wang: number;
    let wangWife: number;

    before(async () => {
      t = await engine.open();
      const clock = new FakeClock(T0);
      events = new EventStore(t.database, clock);
      directory = new CustomerDirectory({ events, clock });
      li = (
        await directory.create(change, { name: '李华', phones: ['13812345678'], tier: 'platinum' })
      ).id;
      wang = (await directory.create(change, { name: '王刚', phones: ['010-62345678'] })).id;
      wangWife = (await directory.create(change, { name: '王丽', phones: ['010 6234 5678'] })).id;
      projector = new CustomerInteractionProjector({ events, logger: silentLogger() });
      await projector.start();
    });
    after(async () => {
      await projector?.stop();
      await t?.dispose();
    });

    const details = async (id: number) =>
      (await directory.timeline(id)).map((i) => ({
        ref: i.ref,
        ...(i.details as unknown as CallInteractionDetails),
      }));

    it('puts a call on the timeline of the customer whose number called, with its IVR path, queue, agent and recording', async () => {
      await events.write((w) =>
        w.appendAll(answeredCall('c1', '013812345678', '+8613812345678', T0)),
      );
      await projector.catchUp();
      const [call, ...rest] = await details(li);
      assert.equal(rest.length, 0);
      assert.deepEqual(
        {
          ref: call!.ref,
          ivrPath: call!.ivrPath,
          queue: call!.queue,
          agentId: call!.agentId,
          waitMs: call!.waitMs,
          talkMs: call!.talkMs,
          recordings: call!.recordings,
          endedIn: call!.endedIn,
          matchedBy: call!.matchedBy,
          candidates: call!.candidates,
        },
        {
          ref: 'c1',
          ivrPath: ['welcome', 'main-menu'],
          queue: 'flights',
          agentId: 'agent1003',
          waitMs: 10_000,
          talkMs: 60_000,
          recordings: [{ recordingId: 'c1-r1', durationMs: 60_000 }],
          endedIn: 'connected',
          matchedBy: 'number',
          candidates: 1,
        },
      );
      const [row] = await directory.timeline(li);
      assert.equal(row!.startedAt, T0);
      assert.equal(row!.endedAt, T0 + 76_000);
    });

    it('puts a call from a shared number on every candidate, normalizing the number itself when needed', async () => {
      await events.write((w) =>
        w.appendAll(answeredCall('c2', '010-62345678', undefined, T0 + 100_000)),
      );
      await projector.catchUp();
      for (const id of [wang, wangWife]) {
        const [call] = await details(id);
        assert.equal(call?.ref, 'c2');
        assert.equal(call?.candidates, 2);
        assert.equal(call?.callerE164, '+861062345678');
      }
    });

    it('records the disposition when the agent sets one', async () => {
      const stream = 'call:c3';
      const [offered, ...rest] = answeredCall('c3', '13812345678', '+8613812345678', T0 + 200_000);
      await events.write((w) => w.appendAll([offered!, ...rest.slice(0, -1)]));
      await events.write((w) =>
        w.appendAll([
          {
            type: 'call.disposition-set',
            stream,
            payload: {
              callId: 'c3',
              code: 'booking-changed',
              notes: '改签到明天',
              by: 'agent1003',
            },
          } as unknown as NewEvent<EventCatalogue>,
          rest.at(-1)!,
        ]),
      );
      await projector.catchUp();
      const [latest] = await details(li);
      assert.equal(latest?.ref, 'c3');
      assert.deepEqual(latest?.disposition, { code: 'booking-changed', notes: '改签到明天' });
    });

    it('links an unmatched call to the customer created from it', async () => {
      await events.write((w) =>
        w.appendAll(answeredCall('c4', '13999998888', '+8613999998888', T0 + 300_000)),
      );
      await projector.catchUp();
      const created = await directory.create(change, {
        name: '赵敏',
        phones: ['13999998888'],
        fromCallId: 'c4',
      });
      await projector.catchUp();
      const [call] = await details(created.id);
      assert.equal(call?.ref, 'c4');
      assert.equal(call?.matchedBy, 'link');
      assert.equal(call?.queue, 'flights');
    });

    it('keeps no call in memory once it ended, matched or not, and keeps one still going', async () => {
      await projector.catchUp();
      const before = projector.openCalls;
      const unmatched = answeredCall('c4b', '13700001111', '+8613700001111', T0 + 350_000);
      const matched = answeredCall('c4c', '13812345678', '+8613812345678', T0 + 350_000);
      await events.write((w) => w.appendAll([...unmatched, ...matched]));
      const going = answeredCall('c4d', '13700002222', '+8613700002222', T0 + 360_000);
      await events.write((w) => w.appendAll(going.slice(0, -1)));
      await projector.catchUp();
      assert.equal(projector.openCalls, before + 1);
      await events.write((w) => w.appendAll(going.slice(-1)));
      await projector.catchUp();
      assert.equal(projector.openCalls, before);
      assert.equal(before, 0);
    });

    it('follows a merge: calls of the merged customer show on the survivor, later calls too', async () => {
      await directory.merge(change, wang, wangWife);
      await events.write((w) =>
        w.appendAll(answeredCall('c5', '01062345678', '+861062345678', T0 + 400_000)),
      );
      await projector.catchUp();
      assert.deepEqual(
        (await directory.timeline(wangWife)).map((i) => [i.customerId, i.ref]),
        [
          [wang, 'c5'],
          [wang, 'c2'],
        ],
      );
    });

    it('pages a timeline newest first', async () => {
      const [first] = await directory.timeline(wang, { limit: 1 });
      const next = await directory.timeline(wang, { limit: 1, before: first!.id });
      assert.deepEqual([first?.ref, next.map((i) => i.ref)], ['c5', ['c2']]);
      assert.deepEqual(await directory.timeline(wang, { before: next[0]!.id }), []);
    });

    it('resumes a call after a restart and rebuilds the same rows from 0', async () => {
      const events6 = answeredCall('c6', '13812345678', '+8613812345678', T0 + 500_000);
      await events.write((w) => w.appendAll(events6.slice(0, 3)));
      await projector.catchUp();
      await projector.stop();
      await events.write((w) => w.appendAll(events6.slice(3)));
      projector = new CustomerInteractionProjector({ events, logger: silentLogger() });
      await projector.start();
      const [resumed] = await details(li);
      assert.deepEqual(
        [resumed?.ref, resumed?.ivrPath, resumed?.talkMs],
        ['c6', ['welcome', 'main-menu'], 60_000],
      );

      const snapshot = async () =>
        (
          await t.database.db
            .selectFrom('customer_interactions')
            .select([
              'customer_id',
              'kind',
              'ref',
              'started_at',
              'ended_at',
              'details',
              'last_event_id',
            ])
            .orderBy('ref')
            .orderBy('customer_id')
            .execute()
        ).map((r) => {
          // Candidates are counted against the directory as it is when projected: the merge
          // since then left one Wang for c2, and 赵敏 now owns c4's number.
          const { candidates: _c, ...details } = JSON.parse(r.details) as CallInteractionDetails;
          return { ...r, details };
        });
      const beforeRebuild = await snapshot();
      await t.database.db.deleteFrom('customer_interactions').execute();
      await projector.rebuild();
      assert.deepEqual(await snapshot(), beforeRebuild);
      assert.equal(
        await projectionCursorRepository.get(t.database.db, 'customer-interactions'),
        await events.lastId(),
      );
    });
  });
}
