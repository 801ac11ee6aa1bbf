import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VarValue } from './templates.ts';
import { IvrTestKit, flowOf, runNodes, type IvrTestKitOptions } from './ivr-test-kit.ts';
import type { Flow } from './flow-schema.ts';
import { IVR_SESSION_STATES, IVR_SESSION_TRANSITIONS, IvrSession } from './ivr-session.ts';
import { FakeClock } from '../../platform/index.ts';

const bye = { type: 'hangup' };
const never = () => new Promise<Record<string, VarValue>>(() => {});

/**
 * For each node type, a flow that is busy in that node and how to get it there: hanging up
 * then must release everything (play stopped, timers cancelled, lookups aborted).
 */
const busyIn: Record<
  string,
  {
    nodes: Record<string, unknown>;
    options?: Partial<IvrTestKitOptions>;
    arrive?: (kit: IvrTestKit) => Promise<void>;
  }
> = {
  'play (prompt playing)': {
    nodes: { a: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'b' }, b: bye },
  },
  'menu (prompt playing)': {
    nodes: {
      a: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '1': 'b' } },
      b: bye,
    },
  },
  'menu (waiting for a key)': {
    nodes: {
      a: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '1': 'b' } },
      b: bye,
    },
    arrive: async (kit) => void (await kit.finishPlay()),
  },
  'collect (between digits)': {
    nodes: {
      a: {
        type: 'collect',
        prompt: [{ prompt: 'enter-flight-number' }],
        var: 'f',
        maxDigits: 4,
        next: 'b',
      },
      b: bye,
    },
    arrive: async (kit) => {
      await kit.finishPlay();
      await kit.press('51');
    },
  },
  'say (speaking)': {
    nodes: { a: { type: 'say', kind: 'digits', value: '5101', next: 'b' }, b: bye },
  },
  'language (waiting for a key)': {
    nodes: {
      a: {
        type: 'language',
        prompt: [{ prompt: 'choose-language' }],
        options: { '2': 'en' },
        next: 'b',
      },
      b: bye,
    },
    arrive: async (kit) => void (await kit.finishPlay()),
  },
  'lookup (waiting for the answer)': {
    nodes: { a: { type: 'lookup', lookup: 'slow', next: 'b', fallback: 'b' }, b: bye },
    options: { lookups: { slow: never } },
  },
  'queue (please hold)': {
    nodes: { a: { type: 'queue', queue: 'general', prompt: [{ prompt: 'please-hold' }] } },
  },
  'transfer (transferring)': {
    nodes: { a: { type: 'transfer', extension: '1001', prompt: [{ prompt: 'transferring' }] } },
  },
  'transfer (loading the flow)': {
    nodes: { a: { type: 'transfer', flow: 'other' } },
    options: { loadFlow: () => new Promise<Flow>(() => {}) },
  },
  'voicemail (its prompt)': {
    nodes: { a: { type: 'voicemail', prompt: [{ prompt: 'leave-message' }] } },
  },
  'callback (confirming)': {
    nodes: {
      a: { type: 'callback', queue: 'general', prompt: [{ prompt: 'callback-confirmed' }] },
    },
  },
  'survey (the question)': {
    nodes: { a: { type: 'survey', prompt: [{ prompt: 'survey-question' }] } },
  },
  'hangup (goodbye)': { nodes: { a: { type: 'hangup', prompt: [{ prompt: 'goodbye' }] } } },
  'branch, schedule, set (then a menu)': {
    nodes: {
      a: { type: 'set', vars: { x: '1' }, next: 'b' },
      b: {
        type: 'branch',
        rules: [{ when: [{ subject: '{{vars.x}}', op: 'equals', value: '1' }], next: 'c' }],
        otherwise: 'c',
      },
      c: { type: 'schedule', hours: {}, open: 'd', closed: 'd' },
      d: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '1': 'e' } },
      e: bye,
    },
  },
};

describe('hang-up releases everything, in every node', () => {
  for (const [name, { nodes, options, arrive }] of Object.entries(busyIn)) {
    it(name, async () => {
      const kit = await runNodes(nodes, options);
      await arrive?.(kit);
      assert.equal(kit.session.state, 'running');
      const playing = kit.playing;
      const before = kit.commands.length;
      await kit.hangUp();
      assert.deepEqual(
        { ...kit.outcome, path: undefined, vars: undefined, language: undefined },
        { kind: 'hangup', by: 'caller', path: undefined, vars: undefined, language: undefined },
      );
      const after = kit.commands.slice(before);
      assert.deepEqual(
        after,
        playing ? [{ type: 'leg.play.stop', legId: kit.legId, playId: playing.playId }] : [],
      );
      assert.equal(kit.clock.pendingTimers, 0, 'no timer left');
      for (const call of kit.lookupCalls)
        assert.equal(call.signal.aborted, true, 'the lookup is aborted');
      // Late events of the dead leg change nothing.
      await kit.press('1');
      await kit.advance(60_000);
      assert.equal(kit.commands.length, before + after.length);
    });
  }
});

describe('IvrSession states', () => {
  it('the table: idle → running → ending → finished, and finished accepts nothing', () => {
    for (const state of IVR_SESSION_STATES) assert.ok(state in IVR_SESSION_TRANSITIONS);
    assert.deepEqual(IVR_SESSION_TRANSITIONS.finished, {});
  });

  it('idle: keys are ignored, start() runs, a second start() is refused', async () => {
    const kit = new IvrTestKit({
      flow: flowOf({
        m: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '1': 'q' } },
        q: { type: 'queue', queue: 'general' },
      }),
    });
    await kit.press('1');
    assert.equal(kit.session.state, 'idle');
    await kit.start();
    assert.equal(kit.session.state, 'running');
    assert.deepEqual(kit.hearing, ['main-menu'], 'the key pressed before start was not kept');
    assert.throws(() => kit.session.start(), /already running/);
  });

  it('ending: keys, stop() and start() change nothing while a voicemail is saved', async () => {
    const kit = await runNodes({ v: { type: 'voicemail' } }, { answerRecordingStop: false });
    await kit.hangUp();
    assert.equal(kit.session.state, 'ending');
    await kit.press('#');
    kit.session.stop();
    assert.throws(() => kit.session.start(), /already ending/);
    await kit.finishRecording(kit.recording[0]!);
    assert.equal(kit.session.state, 'finished');
    assert.equal(kit.outcome.kind, 'voicemail', 'not turned into stopped by the late stop()');
  });

  it('finished: events, stop() and timers change nothing', async () => {
    const kit = await runNodes({ q: { type: 'queue', queue: 'general' } });
    const outcome = kit.outcome;
    const commands = kit.commands.length;
    kit.session.stop();
    await kit.hangUp();
    await kit.press('1');
    assert.equal(kit.outcome, outcome);
    assert.equal(kit.commands.length, commands);
  });
});

describe('IvrSession', () => {
  it('reports its path as progress: node entered, keys, variables', async () => {
    const kit = await runNodes({
      m: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '1': 's' } },
      s: { type: 'set', vars: { picked: 'flights' }, next: 'q' },
      q: { type: 'queue', queue: 'flights' },
    });
    await kit.advance(1500);
    await kit.press('1');
    assert.deepEqual(
      kit.progress.map(({ at, ...p }) => [at - kit.progress[0]!.at, p]),
      [
        [0, { type: 'node.entered', flow: 'test', nodeId: 'm', nodeType: 'menu' }],
        [1500, { type: 'digits', nodeId: 'm', digits: '1', accepted: true }],
        [1500, { type: 'node.entered', flow: 'test', nodeId: 's', nodeType: 'set' }],
        [1500, { type: 'var.set', name: 'picked', value: 'flights' }],
        [1500, { type: 'node.entered', flow: 'test', nodeId: 'q', nodeType: 'queue' }],
      ],
    );
  });

  it('reports the self-service a node gives the caller as it enters the node', async () => {
    const kit = await runNodes({
      s: { type: 'set', selfService: 'flight-status', vars: { told: 'yes' }, next: 'q' },
      q: { type: 'queue', queue: 'flights' },
    });
    assert.deepEqual(
      kit.progress.flatMap((p) =>
        p.type === 'node.entered' ? [[p.nodeId, p.selfService ?? null]] : [],
      ),
      [
        ['s', 'flight-status'],
        ['q', null],
      ],
    );
  });

  it('finished and onFinished give the same outcome, once', async () => {
    const kit = new IvrTestKit({ flow: flowOf({ q: { type: 'queue', queue: 'general' } }) });
    const seen: unknown[] = [];
    kit.session.onFinished((o) => seen.push(o));
    await kit.start();
    assert.deepEqual(seen, [await kit.session.finished]);
    kit.session.onFinished((o) => seen.push(o));
    assert.equal(seen.length, 2, 'a late listener is told at once');
    assert.equal(kit.session.state, 'finished');
  });

  it('stop() releases everything, finishes as stopped, and is idempotent', async () => {
    const kit = await runNodes({
      a: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '1': 'b' } },
      b: bye,
    });
    const playId = kit.playing!.playId;
    kit.session.stop();
    kit.session.stop();
    await kit.settle();
    assert.equal(kit.outcome.kind, 'stopped');
    assert.deepEqual(kit.commandsOf('leg.play.stop'), [
      { type: 'leg.play.stop', legId: kit.legId, playId },
    ]);
    assert.equal(kit.commandsOf('leg.hangup').length, 0, 'the owner keeps the leg');
    assert.equal(kit.clock.pendingTimers, 0);
  });

  it('stop() while recording a voicemail stops the recording and leaves no timer', async () => {
    const kit = await runNodes({ v: { type: 'voicemail' } }, { answerRecordingStop: false });
    assert.equal(kit.recording.length, 1);
    kit.session.stop();
    await kit.settle();
    assert.equal(kit.outcome.kind, 'stopped');
    assert.equal(kit.commandsOf('recording.stop').length, 1);
    assert.equal(kit.clock.pendingTimers, 0);
  });

  it('stop() before start finishes at once; start() after that is refused', async () => {
    const kit = new IvrTestKit({ flow: flowOf({ a: bye }) });
    kit.session.stop();
    assert.equal(kit.outcome.kind, 'stopped');
    assert.throws(() => kit.session.start(), /already finished/);
    assert.equal(kit.commands.length, 0);
  });

  it('ignores the events of other legs', async () => {
    const kit = await runNodes({
      a: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '1': 'b' } },
      b: bye,
    });
    kit.session.handle({ type: 'leg.dtmf', legId: 'other', digit: '1', via: 'rfc4733', at: 0 });
    kit.session.handle({ type: 'leg.ended', legId: 'other', cause: 'normal', by: 'remote', at: 0 });
    kit.session.handle({
      type: 'leg.play.finished',
      legId: 'other',
      playId: kit.playing!.playId,
      reason: 'finished',
      playedMs: 1,
      at: 0,
    });
    await kit.settle();
    assert.equal(kit.session.state, 'running');
    assert.deepEqual(kit.hearing, ['main-menu']);
  });

  it('a step budget stops a flow that goes round too often', async () => {
    const kit = await runNodes(
      {
        m: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '1': 's', '2': 'q' } },
        s: { type: 'set', vars: { again: 'yes' }, next: 'm' },
        q: { type: 'queue', queue: 'general' },
      },
      { maxSteps: 7 },
    );
    await kit.press('1111', { together: true });
    assert.equal(
      kit.outcome.kind === 'hangup' && kit.outcome.reason,
      'step budget of 7 node visits spent',
    );
    assert.equal(kit.outcome.path.length, 7);
    assert.equal(kit.commands.at(-1)?.type, 'leg.hangup');
  });

  it('a node that fails hangs up with the reason rather than leaving the caller in silence', async () => {
    const broken = {
      schemaVersion: 1,
      name: 'broken',
      start: 'a',
      nodes: { a: { type: 'teleport' } },
    } as unknown as Flow;
    const kit = new IvrTestKit({ flow: broken });
    await kit.start();
    assert.match(
      kit.outcome.kind === 'hangup' ? (kit.outcome.reason ?? '') : '',
      /node a failed: unknown IVR node type teleport/,
    );
    assert.ok(kit.progress.some((p) => p.type === 'node.failed'));
    assert.deepEqual(kit.commands, [{ type: 'leg.hangup', legId: kit.legId }]);
  });

  it('a telephony that throws on every command still ends the session, with the reason', async () => {
    const session = new IvrSession({
      flow: flowOf({ a: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'b' }, b: bye }),
      legId: 'leg-x',
      call: { callId: 'c', caller: { number: '1' }, dialed: '2' },
      clock: new FakeClock(),
      execute: () => {
        throw new Error('port closed');
      },
      lookups: { call: never },
      newId: () => 'id',
      recordingPath: (id) => id,
    });
    session.start();
    const outcome = await session.finished;
    assert.equal(outcome.kind, 'hangup');
    assert.match(outcome.kind === 'hangup' ? (outcome.reason ?? '') : '', /port closed/);
  });
});
