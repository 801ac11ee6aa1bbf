import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runNodes } from '../ivr-test-kit.ts';

const bye = { type: 'hangup' };

describe('play node', () => {
  it('plays prompts, TTS with templates and silence, then goes on', async () => {
    const kit = await runNodes(
      {
        a: {
          type: 'play',
          prompts: [{ prompt: 'welcome' }, { tts: 'Caller {{caller.number}}' }, { silenceMs: 500 }],
          next: 'b',
        },
        b: bye,
      },
      { callerNumber: '13911112222' },
    );
    const play = kit.playing!;
    assert.deepEqual(play.prompts, [
      { kind: 'prompt', name: 'welcome' },
      { kind: 'tts', text: 'Caller 13911112222' },
      { kind: 'silence', ms: 500 },
    ]);
    assert.equal(play.language, 'zh');
    assert.equal(play.bargeIn, true);
    await kit.finishPlay();
    assert.equal(kit.outcome.kind, 'hangup');
    assert.deepEqual(kit.outcome.path, ['a', 'b']);
  });

  it('barge-in: a key stops the prompt and is kept for the next menu (type-ahead)', async () => {
    const kit = await runNodes({
      a: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'm' },
      m: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '2': 'q' } },
      q: { type: 'queue', queue: 'hotels' },
    });
    await kit.press('2');
    // The menu's prompt is skipped: the caller already chose.
    assert.deepEqual(kit.played, [['welcome']]);
    assert.equal(kit.outcome.kind, 'queue');
    assert.deepEqual(kit.outcome.path, ['a', 'm', 'q']);
  });

  it('without barge-in a key neither stops the prompt nor is kept', async () => {
    const kit = await runNodes({
      a: { type: 'play', prompts: [{ prompt: 'welcome' }], bargeIn: false, next: 'm' },
      m: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '2': 'q' }, retries: 0 },
      q: { type: 'queue', queue: 'hotels' },
    });
    await kit.press('2');
    assert.deepEqual(kit.hearing, ['welcome']);
    await kit.finishPlay();
    assert.deepEqual(kit.hearing, ['main-menu'], 'the menu prompt plays: the key was dropped');
    await kit.finishPlay();
    await kit.advance(5000);
    assert.equal(kit.outcome.kind, 'hangup');
    assert.equal(kit.outcome.kind === 'hangup' && kit.outcome.reason, 'menu no-input');
  });

  it('a failed play is reported and the flow goes on', async () => {
    const kit = await runNodes({
      a: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'b' },
      b: bye,
    });
    await kit.finishPlay('failed');
    assert.ok(kit.progress.some((p) => p.type === 'play-failed'));
    assert.deepEqual(kit.outcome.path, ['a', 'b']);
  });
});

describe('say node', () => {
  it('speaks a value by the say rules between the before and after prompts', async () => {
    const kit = await runNodes(
      {
        s: { type: 'set', vars: { dep: '14:05' }, next: 'a' },
        a: {
          type: 'say',
          kind: 'time',
          value: '{{vars.dep}}',
          before: [{ prompt: 'flight-status-is' }],
          after: [{ tts: 'gate B12' }],
          next: 'b',
        },
        b: bye,
      },
      { language: 'en' },
    );
    const heard = await kit.finishPlay();
    assert.equal(heard[0], 'flight-status-is');
    assert.equal(heard.at(-1), 'tts:gate B12');
    const spoken = heard.slice(1, -1);
    assert.ok(
      spoken.length > 0 && spoken.every((n) => !n.startsWith('tts:')),
      `catalogue prompts: ${spoken.join(' ')}`,
    );
    assert.deepEqual(kit.outcome.path, ['s', 'a', 'b']);
  });

  it("speaks by the caller's language's rules, and plays in that language", async () => {
    const nodes = { a: { type: 'say', kind: 'number', value: '12', next: 'b' }, b: bye };
    const zh = await runNodes(nodes, { language: 'zh' });
    const en = await runNodes(nodes, { language: 'en' });
    assert.deepEqual([zh.playing?.language, en.playing?.language], ['zh', 'en']);
    assert.deepEqual(await zh.finishPlay(), ['number/10', 'digits/2']);
    assert.deepEqual(await en.finishPlay(), ['number/12']);
  });

  it('a value it cannot speak goes to invalid and is reported', async () => {
    const kit = await runNodes({
      a: { type: 'say', kind: 'time', value: '{{vars.missing}}', next: 'b', invalid: 'c' },
      b: bye,
      c: { type: 'queue', queue: 'general' },
    });
    assert.equal(kit.commandsOf('leg.play').length, 0);
    assert.deepEqual(kit.outcome.path, ['a', 'c']);
    const failed = kit.progress.find((p) => p.type === 'say-failed');
    assert.ok(failed && failed.type === 'say-failed' && failed.kind === 'time');
  });

  it('in a play list, an unspeakable say item is left out and the rest plays', async () => {
    const kit = await runNodes({
      a: {
        type: 'play',
        prompts: [
          { prompt: 'flight-status-is' },
          { say: 'flight-number', value: 'not a flight' },
          { tts: 'on time' },
        ],
        next: 'b',
      },
      b: bye,
    });
    assert.deepEqual(kit.hearing, ['flight-status-is', 'tts:on time']);
  });
});

describe('hangup node', () => {
  it('says goodbye without barge-in, then hangs up the leg', async () => {
    const kit = await runNodes({ a: { type: 'hangup', prompt: [{ prompt: 'goodbye' }] } });
    assert.equal(kit.playing?.bargeIn, false);
    await kit.press('5');
    assert.deepEqual(kit.hearing, ['goodbye']);
    await kit.finishPlay();
    assert.deepEqual(kit.commands.at(-1), { type: 'leg.hangup', legId: kit.legId });
    assert.equal(kit.outcome.kind, 'hangup');
    assert.equal(kit.outcome.kind === 'hangup' && kit.outcome.by, 'flow');
  });
});
