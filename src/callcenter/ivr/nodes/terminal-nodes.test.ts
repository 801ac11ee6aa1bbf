import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowOf, runNodes } from '../ivr-test-kit.ts';

describe('queue node', () => {
  it('hands over with priority and skills from variables, after its prompt', async () => {
    const kit = await runNodes({
      s: { type: 'set', vars: { prio: '150', skill: 'flights', level: 3 }, next: 'q' },
      q: {
        type: 'queue',
        queue: 'flights',
        priority: '{{vars.prio}}',
        skills: [
          { skill: '{{vars.skill}}', minLevel: '{{vars.level}}' },
          { skill: 'lang-{{language}}' },
          { skill: '{{vars.unset}}' },
        ],
        prompt: [{ prompt: 'please-hold' }],
      },
    });
    assert.equal(kit.playing?.bargeIn, false);
    assert.deepEqual(await kit.finishPlay(), ['please-hold']);
    const outcome = kit.outcome;
    assert.equal(outcome.kind, 'queue');
    if (outcome.kind !== 'queue') return;
    assert.equal(outcome.priority, 100, 'clamped to the range');
    assert.deepEqual(outcome.skills, [
      { skill: 'flights', minLevel: 3 },
      { skill: 'lang-zh', minLevel: 1 },
    ]);
  });

  it("clamps a skill level from a variable to the agents' levels 1–5", async () => {
    const kit = await runNodes({
      s: { type: 'set', vars: { level: '9' }, next: 'q' },
      q: {
        type: 'queue',
        queue: 'flights',
        skills: [{ skill: 'vip', minLevel: '{{vars.level}}' }],
      },
    });
    assert.deepEqual(kit.outcome.kind === 'queue' && kit.outcome.skills, [
      { skill: 'vip', minLevel: 5 },
    ]);
  });

  it('a priority that does not parse is the default 0', async () => {
    const kit = await runNodes({
      q: { type: 'queue', queue: 'general', priority: '{{vars.none}}' },
    });
    assert.equal(kit.outcome.kind === 'queue' && kit.outcome.priority, 0);
  });
});

describe('transfer node', () => {
  it('to an extension (a template)', async () => {
    const kit = await runNodes({
      s: { type: 'set', vars: { ext: '1003' }, next: 't' },
      t: { type: 'transfer', extension: '{{vars.ext}}', prompt: [{ prompt: 'transferring' }] },
    });
    await kit.finishPlay();
    assert.deepEqual(kit.outcome.kind === 'transfer' && kit.outcome.target, {
      kind: 'extension',
      extension: '1003',
    });
  });

  it('to an outside number, through a named trunk or the default one', async () => {
    const named = await runNodes({
      t: { type: 'transfer', number: '01088886666', trunk: 'carrier-a' },
    });
    assert.deepEqual(named.outcome.kind === 'transfer' && named.outcome.target, {
      kind: 'external',
      number: '01088886666',
      trunk: 'carrier-a',
    });
    const plain = await runNodes({ t: { type: 'transfer', number: '01088886666' } });
    assert.deepEqual(plain.outcome.kind === 'transfer' && plain.outcome.target, {
      kind: 'external',
      number: '01088886666',
    });
  });

  it('into another flow: runs it from its start, keeping variables and language', async () => {
    const other = flowOf(
      {
        start: { type: 'play', prompts: [{ tts: 'hello {{vars.who}}' }], next: 'q' },
        q: { type: 'queue', queue: 'vip' },
      },
      'other',
    );
    const loaded: string[] = [];
    const kit = await runNodes(
      {
        s: { type: 'set', vars: { who: 'gold member' }, next: 'l' },
        l: { type: 'language', language: 'en', next: 't' },
        t: { type: 'transfer', flow: 'other' },
      },
      { loadFlow: async (name) => (loaded.push(name), other) },
    );
    assert.deepEqual(loaded, ['other']);
    assert.deepEqual(kit.hearing, ['tts:hello gold member']);
    assert.equal(kit.playing?.language, 'en');
    await kit.finishPlay();
    assert.equal(kit.outcome.kind === 'queue' && kit.outcome.queue, 'vip');
    assert.deepEqual(kit.outcome.path, ['s', 'l', 't', 'other:start', 'other:q']);
  });

  it('into a flow that cannot be loaded: the flow hangs up', async () => {
    const kit = await runNodes(
      { t: { type: 'transfer', flow: 'other' } },
      { loadFlow: () => Promise.reject(new Error('gone')) },
    );
    assert.equal(kit.outcome.kind, 'hangup');
    assert.match(
      kit.outcome.kind === 'hangup' ? (kit.outcome.reason ?? '') : '',
      /could not be loaded/,
    );
    assert.ok(kit.progress.some((p) => p.type === 'node.failed' && p.message === 'gone'));
  });
});

describe('voicemail node', () => {
  const voicemail = (extra: Record<string, unknown> = {}) => ({
    v: {
      type: 'voicemail',
      prompt: [{ prompt: 'leave-message' }],
      savedPrompt: [{ prompt: 'message-saved' }],
      maxDurationMs: 60_000,
      task: { queue: 'general', subject: 'Message from {{caller.number}}' },
      ...extra,
    },
  });

  it('records after the prompt until the finish key, then confirms', async () => {
    const kit = await runNodes(voicemail(), { callerNumber: '13912345678' });
    assert.equal(kit.playing?.bargeIn, false);
    await kit.press('#');
    assert.equal(
      kit.commandsOf('recording.start').length,
      0,
      'a key during the prompt does not start or end anything',
    );
    await kit.finishPlay();
    const start = kit.commandsOf('recording.start')[0]!;
    assert.deepEqual(start, {
      type: 'recording.start',
      recordingId: start.recordingId,
      path: `/data/recordings/${start.recordingId}.wav`,
      customer: kit.legId,
    });
    await kit.advance(12_000);
    await kit.press('5');
    assert.equal(kit.commandsOf('recording.stop').length, 0, 'other keys are part of the message');
    await kit.advance(3_000);
    await kit.press('#');
    assert.deepEqual(kit.commandsOf('recording.stop'), [
      { type: 'recording.stop', recordingId: start.recordingId },
    ]);
    assert.deepEqual(await kit.finishPlay(), ['message-saved']);
    assert.deepEqual(
      { ...kit.outcome, path: undefined, vars: undefined, language: undefined },
      {
        kind: 'voicemail',
        recordingId: start.recordingId,
        recordingPath: start.path,
        durationMs: 15_000,
        endedByHangup: false,
        task: { queue: 'general', subject: 'Message from 13912345678' },
        path: undefined,
        vars: undefined,
        language: undefined,
      },
    );
    assert.equal(kit.clock.pendingTimers, 0);
  });

  it('stops at the longest message allowed', async () => {
    const kit = await runNodes(voicemail({ maxDurationMs: 30_000 }));
    await kit.finishPlay();
    await kit.advance(10_000);
    await kit.press('7');
    await kit.advance(19_999);
    assert.equal(kit.commandsOf('recording.stop').length, 0);
    await kit.advance(1);
    assert.equal(kit.commandsOf('recording.stop').length, 1, 'a key does not restart the limit');
    await kit.finishPlay();
    assert.equal(kit.outcome.kind === 'voicemail' && kit.outcome.durationMs, 30_000);
  });

  it('a caller who hangs up to end the message keeps it', async () => {
    const kit = await runNodes(voicemail());
    await kit.finishPlay();
    await kit.advance(8_000);
    await kit.hangUp();
    assert.equal(kit.commandsOf('recording.stop').length, 1);
    const outcome = kit.outcome;
    assert.equal(outcome.kind, 'voicemail');
    assert.equal(outcome.kind === 'voicemail' && outcome.endedByHangup, true);
    assert.equal(outcome.kind === 'voicemail' && outcome.durationMs, 8_000);
    assert.equal(kit.commandsOf('leg.play').length, 1, 'no confirmation to a caller who left');
    assert.equal(kit.clock.pendingTimers, 0);
  });

  it('a recording whose end is never reported does not hold the session: lost after 10 s', async () => {
    const kit = await runNodes(voicemail(), { answerRecordingStop: false });
    await kit.finishPlay();
    await kit.hangUp();
    assert.equal(kit.session.state, 'ending');
    await kit.advance(9_999);
    assert.equal(kit.session.outcome, undefined);
    await kit.advance(1);
    assert.deepEqual(kit.outcome.kind === 'hangup' && [kit.outcome.by, kit.outcome.reason], [
      'caller',
      'recording lost',
    ]);
  });

  it('a recording the media side ends with an error: the flow hangs up', async () => {
    const kit = await runNodes(voicemail());
    await kit.finishPlay();
    await kit.finishRecording(kit.recording[0]!, 'error');
    assert.deepEqual(kit.outcome.kind === 'hangup' && [kit.outcome.by, kit.outcome.reason], [
      'flow',
      'recording error',
    ]);
    assert.equal(kit.commands.at(-1)?.type, 'leg.hangup');
    assert.equal(kit.clock.pendingTimers, 0);
  });
});

describe('callback node', () => {
  it("keeps the caller's place: the caller's number by default, then confirms", async () => {
    const kit = await runNodes(
      { c: { type: 'callback', queue: 'general', prompt: [{ prompt: 'callback-confirmed' }] } },
      { callerNumber: '13700001111' },
    );
    assert.deepEqual(await kit.finishPlay(), ['callback-confirmed']);
    assert.deepEqual(kit.outcome.kind === 'callback' && [kit.outcome.number, kit.outcome.queue], [
      '13700001111',
      'general',
    ]);
  });

  it('to a number the caller entered', async () => {
    const kit = await runNodes({
      n: {
        type: 'collect',
        prompt: [{ tts: 'Your number?' }],
        var: 'cb',
        maxDigits: 11,
        terminator: '#',
        next: 'c',
      },
      c: { type: 'callback', queue: 'flights', number: '{{vars.cb}}' },
    });
    await kit.press('13800000000#');
    assert.deepEqual(kit.outcome.kind === 'callback' && kit.outcome.number, '13800000000');
  });

  it('without a number to call (caller ID withheld) the flow hangs up rather than promise a call', async () => {
    const kit = await runNodes({ c: { type: 'callback', queue: 'general' } }, { callerNumber: '' });
    assert.deepEqual(
      kit.outcome.kind === 'hangup' && kit.outcome.reason,
      'callback without a number',
    );
    assert.equal(kit.commandsOf('leg.hangup').length, 1);
  });
});
