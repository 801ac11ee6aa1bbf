import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../platform/index.ts';
import type { TelephonyCommand, TelephonyEvent } from '../../telephony/index.ts';
import { CallController } from './call-controller.ts';
import type { IvrFinished, IvrHooks, IvrStarter } from './call-routes.ts';
import { applyCallEvent, type CallRecord, type CallRecordEvent } from './call-record.ts';
import { callStates, callTransitions, callTransitionEvents } from './call-state.ts';

/** An IVR the test steers by hand: it reports nodes and finishes when told. */
class ScriptedIvr implements IvrStarter {
  runs: {
    init: Parameters<IvrStarter['start']>[0];
    hooks: IvrHooks;
    events: TelephonyEvent[];
    stopped: boolean;
  }[] = [];

  start(init: Parameters<IvrStarter['start']>[0], hooks: IvrHooks) {
    const run = { init, hooks, events: [] as TelephonyEvent[], stopped: false };
    this.runs.push(run);
    return {
      handle: (event: TelephonyEvent) => run.events.push(event),
      stop: () => {
        run.stopped = true;
      },
    };
  }

  get last() {
    return this.runs.at(-1)!;
  }
}

function setup(options: { outboundTrunk?: string; outboundPattern?: RegExp } = {}) {
  const clock = new FakeClock(Date.UTC(2026, 10, 28, 2, 0, 0));
  const commands: TelephonyCommand[] = [];
  const events: CallRecordEvent[] = [];
  const fallback: TelephonyEvent[] = [];
  const ivr = new ScriptedIvr();
  let n = 0;
  let eventId = 0;
  const controller = new CallController({
    clock,
    execute: (c) => commands.push(c),
    record: (type, _stream, payload, at) =>
      events.push({ id: ++eventId, time: at, type, payload } as CallRecordEvent),
    routes: { forNumber: (d) => (d === '4008001000' ? { kind: 'flow', flow: 'demo' } : undefined) },
    ivr,
    fallback: (e) => fallback.push(e),
    newId: () => `id-${++n}`,
    ringTimeoutMs: 20_000,
    holdPrompt: 'please-hold',
    ...options,
  });
  const emit = (event: TelephonyEvent) => controller.handle(event);
  const offer = (legId = 'c1', from = '013812345678') =>
    emit({
      type: 'leg.offered',
      legId,
      to: '4008001000',
      from: { number: from, displayName: '李娜' },
      source: { kind: 'trunk', trunk: 'telecom' },
      at: clock.now(),
    });
  const answered = (legId: string) => emit({ type: 'leg.answered', legId, at: clock.now() });
  const ended = (legId: string, by: 'local' | 'remote' = 'remote') =>
    emit({ type: 'leg.ended', legId, cause: 'normal', by, at: clock.now() });
  const finish = (f: IvrFinished) => ivr.last.hooks.onFinished(f);
  const types = () => events.map((e) => e.type);
  const cdr = () =>
    events.reduce<CallRecord | undefined>((r, e) => applyCallEvent(r, e), undefined);
  return {
    clock,
    commands,
    events,
    fallback,
    ivr,
    controller,
    offer,
    answered,
    ended,
    finish,
    types,
    cdr,
    emit,
  };
}

describe('call state table', () => {
  it('lists a row for every state and only known states as targets', () => {
    for (const state of callStates) {
      const row = callTransitions[state];
      for (const event of callTransitionEvents) {
        const to = row[event];
        if (to !== undefined) assert.ok(callStates.includes(to), `${state} --${event}--> ${to}`);
      }
    }
    assert.deepEqual(Object.keys(callTransitions[`ended`]), [], 'ended is final');
    // Every state but ended can end (a hang-up can come at any time).
    for (const state of callStates)
      if (state !== 'ended') assert.equal(callTransitions[state].end, 'ended');
  });
});

describe('CallController', () => {
  it('answers a routed number, normalizes the caller, runs the IVR and logs its path', () => {
    const t = setup();
    t.offer();
    assert.deepEqual(t.commands, [{ type: 'leg.answer', legId: 'c1' }]);
    t.answered('c1');
    assert.equal(t.ivr.runs.length, 1);
    assert.equal(t.ivr.last.init.flow, 'demo');
    assert.deepEqual(t.ivr.last.init.caller, { number: '013812345678', e164: '+8613812345678' });
    t.ivr.last.hooks.onNode('welcome', 'play');
    t.ivr.last.hooks.onNode('main', 'menu');
    t.emit({ type: 'leg.dtmf', legId: 'c1', digit: '1', via: 'rfc4733', at: t.clock.now() });
    assert.equal(t.ivr.last.events.length, 1, 'DTMF of the customer leg goes to the IVR');
    t.finish({
      result: { kind: 'hangup', by: 'flow' },
      path: ['welcome', 'main'],
      vars: { lang: 'zh' },
    });
    assert.deepEqual(t.commands.at(-1), { type: 'leg.hangup', legId: 'c1' });
    assert.deepEqual(t.types(), [
      'call.offered',
      'call.ivr-started',
      'call.ivr-node',
      'call.ivr-node',
      'call.ivr-finished',
      'call.ended',
    ]);
    const record = t.cdr()!;
    assert.deepEqual(record.ivrPath, ['welcome', 'main']);
    assert.equal(record.callerE164, '+8613812345678');
    assert.equal(record.callerName, '李娜');
    assert.equal(record.endedIn, 'ivr');
    assert.equal(record.endCause, 'flow');
    assert.equal(t.controller.activeCalls, 0);
    // The leg's own end afterwards changes nothing.
    t.ended('c1', 'local');
    assert.equal(t.events.length, 6);
  });

  it('passes numbers it does not route to the fallback router', () => {
    const t = setup();
    t.emit({
      type: 'leg.offered',
      legId: 'x',
      to: '1002',
      from: { number: '1001' },
      source: { kind: 'extension', extension: '1001' },
      at: 0,
    });
    t.emit({ type: 'leg.answered', legId: 'x', at: 0 });
    assert.equal(t.fallback.length, 2);
    assert.equal(t.commands.length, 0);
  });

  it('releases the call when the caller hangs up in the IVR, and lets the IVR finish a voicemail', () => {
    const t = setup();
    t.offer();
    t.answered('c1');
    const run = t.ivr.last;
    run.init.execute({
      type: 'recording.start',
      recordingId: 'vm1',
      path: '/r/vm1.wav',
      customer: 'c1',
    });
    t.ended('c1');
    assert.equal(run.stopped, false, 'the IVR winds down by itself');
    assert.equal(run.events.at(-1)?.type, 'leg.ended', 'the IVR hears the hang-up');
    assert.ok(t.commands.some((c) => c.type === 'recording.stop' && c.recordingId === 'vm1'));
    assert.ok(!t.commands.some((c) => c.type === 'leg.hangup'), 'the customer leg is gone already');
    assert.equal(t.types().at(-1), 'call.ended');
    assert.equal(t.controller.activeCalls, 0);
    // The IVR's late commands are dropped; the recording's end still reaches it and the log.
    run.init.execute({
      type: 'leg.play',
      legId: 'c1',
      playId: 'p',
      prompts: [],
      language: 'zh',
      bargeIn: false,
    });
    assert.ok(!t.commands.some((c) => c.type === 'leg.play'));
    t.emit({
      type: 'recording.finished',
      recordingId: 'vm1',
      path: '/r/vm1.wav',
      startedAt: 0,
      durationMs: 4200,
      bytes: 100,
      channels: 1,
      reason: 'stopped',
      at: t.clock.now(),
    });
    assert.equal(run.events.at(-1)?.type, 'recording.finished');
    t.finish({
      result: { kind: 'voicemail', recordingId: 'vm1', path: '/r/vm1.wav', durationMs: 4200 },
      path: ['after-hours', 'voicemail'],
      vars: {},
    });
    const record = t.cdr()!;
    assert.equal(record.endedIn, 'ivr');
    assert.equal(record.endedBy, 'customer');
    assert.equal(record.voicemail, 'vm1');
    assert.deepEqual(record.recordings, [
      { recordingId: 'vm1', path: '/r/vm1.wav', durationMs: 4200 },
    ]);
  });

  it('queues the call with its data and plays the hold announcement until someone takes it', () => {
    const t = setup();
    t.offer();
    t.answered('c1');
    t.finish({
      result: {
        kind: 'queue',
        queue: 'flights',
        priority: 5,
        skills: [{ skill: 'booking', minLevel: 2 }],
      },
      path: ['welcome', 'main', 'to-flights'],
      vars: { flight: 'MU5101' },
      language: 'en',
    });
    const call = [...t.events].find((e) => e.type === 'call.queued')!;
    assert.deepEqual(call.payload, {
      callId: 'id-1',
      queue: 'flights',
      priority: 5,
      skills: [{ skill: 'booking', minLevel: 2 }],
    });
    const play = t.commands.find((c) => c.type === 'leg.play');
    assert.ok(play && play.type === 'leg.play');
    assert.equal(play.loop, true);
    assert.equal(play.language, 'en');
    assert.deepEqual(play.prompts[0], { kind: 'prompt', name: 'please-hold' });
    t.clock.advance(30_000);
    t.ended('c1');
    const record = t.cdr()!;
    assert.equal(record.queue, 'flights');
    assert.equal(record.waitMs, 30_000, 'an abandoned call waited until it left the queue');
    assert.equal(record.vars.flight, 'MU5101');
    assert.equal(record.language, 'en');
    assert.equal(record.endedIn, 'queued');
  });

  it('transfers to an extension: rings it, bridges on answer, counts talk and hold, ends both sides', () => {
    const t = setup();
    t.offer();
    t.answered('c1');
    t.finish({
      result: { kind: 'transfer', target: { kind: 'extension', extension: '1005' } },
      path: ['x'],
      vars: {},
    });
    const originate = t.commands.at(-1)!;
    assert.equal(originate.type, 'leg.originate');
    assert.ok(originate.type === 'leg.originate');
    assert.deepEqual(originate.target, { kind: 'extension', extension: '1005' });
    assert.equal(originate.callId, 'c1', 'media of both legs in one worker');
    const agentLeg = originate.legId;
    t.clock.advance(3000);
    t.answered(agentLeg);
    assert.deepEqual(t.commands.at(-1), { type: 'legs.bridge', a: 'c1', b: agentLeg });
    t.clock.advance(10_000);
    // The extension's phone holds (re-INVITE sendonly) and resumes.
    t.emit({ type: 'leg.held', legId: agentLeg, at: t.clock.now() });
    t.clock.advance(5_000);
    t.emit({ type: 'leg.resumed', legId: agentLeg, at: t.clock.now() });
    t.clock.advance(20_000);
    t.ended(agentLeg);
    assert.deepEqual(t.commands.at(-1), { type: 'leg.hangup', legId: 'c1' });
    const record = t.cdr()!;
    assert.equal(record.connectedTo, '1005');
    assert.equal(record.holdMs, 5_000);
    assert.equal(record.talkMs, 30_000);
    assert.equal(record.endedBy, 'agent');
  });

  it('ends the call when the transfer target does not answer', () => {
    const t = setup();
    t.offer();
    t.answered('c1');
    t.finish({
      result: { kind: 'transfer', target: { kind: 'extension', extension: '1005' } },
      path: [],
      vars: {},
    });
    const originate = t.commands.at(-1)!;
    assert.ok(originate.type === 'leg.originate');
    t.emit({ type: 'leg.ended', legId: originate.legId, cause: 'no-answer', by: 'remote', at: 0 });
    assert.deepEqual(t.commands.at(-1), { type: 'leg.hangup', legId: 'c1' });
    assert.equal(t.cdr()!.endCause, 'transfer-failed');
  });

  it('sends external transfers through the configured trunk only', () => {
    const without = setup();
    without.offer();
    without.answered('c1');
    without.finish({
      result: { kind: 'transfer', target: { kind: 'external', number: '+8613800000000' } },
      path: [],
      vars: {},
    });
    assert.ok(!without.commands.some((c) => c.type === 'leg.originate'));
    assert.equal(without.cdr()!.endCause, 'transfer-failed');

    const withTrunk = setup({ outboundTrunk: 'telecom', outboundPattern: /^\+86[0-9]{6,12}$/ });
    withTrunk.offer();
    withTrunk.answered('c1');
    withTrunk.finish({
      result: { kind: 'transfer', target: { kind: 'external', number: '+8613800000000' } },
      path: [],
      vars: {},
    });
    const originate = withTrunk.commands.at(-1)!;
    assert.ok(originate.type === 'leg.originate');
    assert.deepEqual(originate.target, {
      kind: 'trunk',
      trunk: 'telecom',
      number: '+8613800000000',
    });

    // Toll fraud: a number outside the allow-list (a premium or foreign number keyed in by the
    // caller) never reaches the trunk.
    const fraud = setup({ outboundTrunk: 'telecom', outboundPattern: /^\+86[0-9]{6,12}$/ });
    fraud.offer();
    fraud.answered('c1');
    fraud.finish({
      result: { kind: 'transfer', target: { kind: 'external', number: '+882123456789' } },
      path: [],
      vars: {},
    });
    assert.ok(!fraud.commands.some((c) => c.type === 'leg.originate'));
    assert.equal(fraud.cdr()!.endCause, 'transfer-failed');
  });

  it('ends the call, not the silence, when the IVR cannot start', () => {
    const t = setup();
    t.ivr.start = () => {
      throw new Error('flow demo is not published');
    };
    t.offer();
    t.answered('c1');
    assert.deepEqual(t.commands.at(-1), { type: 'leg.hangup', legId: 'c1' });
    assert.equal(t.cdr()!.endCause, 'failed');
  });

  it('counts a call that ended on our side (its answer failed) as ended by the system', () => {
    const t = setup();
    t.offer();
    // The telephony could not answer (every media worker over its load limit) and ended the leg.
    t.emit({ type: 'leg.ended', legId: 'c1', cause: 'failed', by: 'local', at: t.clock.now() });
    assert.deepEqual(
      [t.cdr()!.endedIn, t.cdr()!.endCause, t.cdr()!.endedBy],
      ['offered', 'failed', 'system'],
    );
    const hungUp = setup();
    hungUp.offer();
    hungUp.answered('c1');
    hungUp.ended('c1');
    assert.equal(hungUp.cdr()!.endedBy, 'customer', 'a caller who hangs up ended it themselves');
  });

  it('logs voicemail, callback requests and survey scores, then ends the call', () => {
    for (const [result, type] of [
      [
        { kind: 'voicemail', recordingId: 'r1', path: '/r/r1.wav', durationMs: 9000 },
        'call.voicemail',
      ],
      [{ kind: 'callback', number: '+8613812345678', queue: 'general' }, 'call.callback-requested'],
      [{ kind: 'survey', score: 5 }, 'call.survey-answered'],
    ] as const) {
      const t = setup();
      t.offer();
      t.answered('c1');
      t.finish({ result, path: [], vars: {} });
      assert.ok(t.types().includes(type), type);
      assert.equal(t.types().at(-1), 'call.ended');
      assert.deepEqual(t.commands.at(-1), { type: 'leg.hangup', legId: 'c1' });
    }
  });

  it('ends every live call on shutdown', () => {
    const t = setup();
    t.offer('a');
    t.offer('b', '+14155550100');
    t.answered('a');
    t.controller.endAll();
    assert.equal(t.controller.activeCalls, 0);
    const ends = t.events.filter((e) => e.type === 'call.ended');
    assert.equal(ends.length, 2);
    assert.deepEqual(ends.map((e) => e.payload.from).sort(), ['ivr', 'offered']);
    assert.equal(t.ivr.last.stopped, true);
  });
});
