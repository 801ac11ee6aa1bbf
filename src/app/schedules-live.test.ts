// A schedule changed through the API changes the IVR's branch for the next call, without
// publishing the flow again: the app's IVR runtime runs the published demo flow over simulated
// telephony (the test finishes plays and presses keys) on the test's fake clock, and its
// business-hours node reads the schedule as each caller passes it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHotline, type TestHotline } from '../../test/support/test-hotline.ts';
import { silentLogger } from '../platform/index.ts';
import type { TelephonyCommand, TelephonyEvent } from '../telephony/index.ts';
import { IvrRuntime } from './ivr-runtime.ts';

const everyDay = (from: string, to: string) =>
  Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from, to }]]),
  );

describe('schedules applied live to the IVR', () => {
  let t: TestHotline;
  let admin: string;
  let ivr: IvrRuntime;
  let calls = 0;

  before(async () => {
    // T0 is Saturday 2026-11-28, 09:00 in Shanghai: the demo's business hours are 08:00–20:00.
    t = await startTestHotline({ demo: true });
    admin = await t.login('admin', t.admin.password);
    const config = t.hotline.services.config!;
    const prompts = t.hotline.services.prompts!;
    ivr = new IvrRuntime({
      events: t.hotline.services.events,
      clock: t.clock,
      logger: silentLogger(),
      lookups: { call: () => Promise.reject(new Error('no lookups in this test')) },
      known: {
        prompts: (name) => prompts.isKnown(name),
        queues: (name) => config.queues.has(name),
        lookups: (name) => name === 'flight-status',
        schedules: (name) => config.schedules.has(name),
      },
      schedules: config.schedules,
      newId: () => `id-${++calls}-${Math.random().toString(36).slice(2)}`,
      recordingPath: (id) => `/tmp/${id}.wav`,
    });
    await ivr.open();
  });
  after(async () => {
    ivr?.close();
    await t?.dispose();
  });

  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };

  /** A caller through the welcome and the language choice: where the hours node sends them. */
  const nextCall = async (): Promise<string | undefined> => {
    const legId = `leg-${++calls}`;
    const commands: TelephonyCommand[] = [];
    const nodes: string[] = [];
    const run = ivr.start(
      {
        callId: `call-${calls}`,
        legId,
        flow: 'demo-hotline',
        caller: { number: '13800138000' },
        dialed: '4008001000',
        execute: (command) => commands.push(command),
      },
      { onNode: (node) => nodes.push(node), onFinished: () => undefined },
    );
    const send = async (event: TelephonyEvent) => {
      run.handle(event);
      await settle();
    };
    const finishPlay = async () => {
      const play = commands.filter((c) => c.type === 'leg.play').at(-1);
      assert.ok(play?.type === 'leg.play', `nothing plays (nodes: ${nodes.join(', ')})`);
      await send({
        type: 'leg.play.finished',
        legId,
        playId: play.playId,
        reason: 'finished',
        playedMs: 1000,
        at: t.clock.now(),
      });
    };
    await settle();
    await finishPlay(); // welcome
    await finishPlay(); // choose-language
    await send({ type: 'leg.dtmf', legId, digit: '1', via: 'rfc4733', at: t.clock.now() });
    run.stop();
    assert.equal(nodes[3], 'hours', nodes.join(', '));
    return nodes[4];
  };

  const putSchedule = async (body: unknown) => {
    const res = await t.request({
      method: 'PUT',
      url: '/api/v1/schedules/business-hours',
      cookie: admin,
      body,
    });
    assert.equal(res.statusCode, 200, res.body);
  };

  it('sends the next caller where the changed schedule says, the flow unchanged', async () => {
    assert.equal(await nextCall(), 'main-menu', 'open at 09:00 on a Saturday');

    // Today becomes a holiday: the next caller is told the center is closed.
    await putSchedule({
      timeZone: 'Asia/Shanghai',
      hours: everyDay('08:00', '20:00'),
      exceptions: [{ date: '2026-11-28', name: 'Staff day' }],
    });
    assert.equal(await nextCall(), 'after-hours');

    // A half day instead: open until noon, then closed.
    await putSchedule({
      timeZone: 'Asia/Shanghai',
      hours: everyDay('08:00', '20:00'),
      exceptions: [{ date: '2026-11-28', hours: [{ from: '08:00', to: '12:00' }] }],
    });
    assert.equal(await nextCall(), 'main-menu');
    t.clock.advance(3 * 3600_000);
    assert.equal(await nextCall(), 'after-hours', '12:00 on the half day');

    // The same hours read in another zone: 12:00 in Shanghai is 04:00 in London.
    await putSchedule({ timeZone: 'Europe/London', hours: everyDay('08:00', '20:00') });
    assert.equal(await nextCall(), 'after-hours');
    await putSchedule({ timeZone: 'Europe/London', hours: everyDay('00:00', '24:00') });
    assert.equal(await nextCall(), 'main-menu');

    const flow = await t.request({
      method: 'GET',
      url: '/api/v1/ivr/flows/demo-hotline',
      cookie: admin,
    });
    assert.equal(flow.json<{ version: number }>().version, 1, 'no flow was published again');
  });
});
