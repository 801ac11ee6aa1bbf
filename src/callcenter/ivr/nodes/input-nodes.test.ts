import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runNodes } from '../ivr-test-kit.ts';

const menuNodes = (extra: Record<string, unknown> = {}) => ({
  m: {
    type: 'menu',
    prompt: [{ prompt: 'main-menu' }],
    options: { '1': 'flights', '2': 'hotels' },
    invalidPrompt: [{ prompt: 'invalid-option' }],
    noInputPrompt: [{ prompt: 'no-input' }],
    invalid: 'general',
    noInput: 'bye',
    ...extra,
  },
  flights: { type: 'queue', queue: 'flights' },
  hotels: { type: 'queue', queue: 'hotels' },
  general: { type: 'queue', queue: 'general' },
  bye: { type: 'hangup', prompt: [{ prompt: 'goodbye' }] },
});

const queueOf = (kit: { outcome: { kind: string } & Partial<{ queue: string }> }) =>
  kit.outcome.kind === 'queue' ? kit.outcome.queue : kit.outcome.kind;

describe('menu node', () => {
  it('takes a key pressed after the prompt', async () => {
    const kit = await runNodes(menuNodes());
    assert.deepEqual(await kit.finishPlay(), ['main-menu']);
    await kit.advance(4000);
    await kit.press('2');
    assert.equal(queueOf(kit), 'hotels');
    assert.deepEqual(kit.outcome.path, ['m', 'hotels']);
    assert.equal(kit.clock.pendingTimers, 0);
  });

  it('barge-in: a key during the prompt stops it and chooses', async () => {
    const kit = await runNodes(menuNodes());
    await kit.press('1');
    assert.equal(queueOf(kit), 'flights');
    assert.equal(kit.commandsOf('leg.play').length, 1);
  });

  it('no input: waits timeoutMs, plays the no-input prompt and the menu again, then takes noInput', async () => {
    const kit = await runNodes(menuNodes({ timeoutMs: 3000, retries: 2 }));
    for (let attempt = 0; attempt < 3; attempt++) {
      assert.deepEqual(await kit.finishPlay(), ['main-menu']);
      await kit.advance(2999);
      assert.equal(kit.playing, undefined, 'still waiting one ms before the timeout');
      await kit.advance(1);
      if (attempt < 2) assert.deepEqual(await kit.finishPlay(), ['no-input']);
    }
    assert.deepEqual(kit.hearing, ['goodbye']);
    assert.equal(kit.progress.filter((p) => p.type === 'no-input').length, 3);
    await kit.finishPlay();
    assert.deepEqual(kit.outcome.path, ['m', 'bye']);
  });

  it('invalid key: plays the invalid prompt and the menu again; a valid key then counts', async () => {
    const kit = await runNodes(menuNodes());
    await kit.finishPlay();
    await kit.press('7');
    assert.deepEqual(await kit.finishPlay(), ['invalid-option']);
    assert.deepEqual(kit.hearing, ['main-menu']);
    await kit.press('2');
    assert.equal(queueOf(kit), 'hotels');
    const digits = kit.progress.filter((p) => p.type === 'digits');
    assert.deepEqual(
      digits.map((p) => p.type === 'digits' && [p.digits, p.accepted]),
      [
        ['7', false],
        ['2', true],
      ],
    );
  });

  it('a key during the invalid prompt barges in and skips the menu prompt (type-ahead)', async () => {
    const kit = await runNodes(menuNodes());
    await kit.press('7');
    assert.deepEqual(kit.hearing, ['invalid-option']);
    await kit.press('1');
    assert.equal(queueOf(kit), 'flights');
    assert.deepEqual(kit.played, [['main-menu'], ['invalid-option']]);
  });

  it('retries run out on wrong keys: the invalid exit', async () => {
    const kit = await runNodes(menuNodes({ retries: 1 }));
    await kit.press('7');
    await kit.press('8');
    assert.equal(queueOf(kit), 'general');
  });

  it('retries run out with no exit given: the flow hangs up', async () => {
    const kit = await runNodes({
      m: {
        type: 'menu',
        prompt: [{ prompt: 'main-menu' }],
        options: { '1': 'q' },
        retries: 0,
        timeoutMs: 1000,
      },
      q: { type: 'queue', queue: 'general' },
    });
    await kit.finishPlay();
    await kit.advance(1000);
    assert.deepEqual(kit.commands.at(-1), { type: 'leg.hangup', legId: kit.legId });
    assert.equal(kit.outcome.kind === 'hangup' && kit.outcome.by, 'flow');
  });

  it('keys typed ahead serve two menus in a row', async () => {
    const kit = await runNodes({
      w: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'm' },
      m: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '1': 'f' } },
      f: { type: 'menu', prompt: [{ prompt: 'flights-menu' }], options: { '2': 'q' } },
      q: { type: 'queue', queue: 'flights' },
    });
    await kit.press('12', { together: true });
    assert.equal(queueOf(kit), 'flights');
    assert.deepEqual(kit.played, [['welcome']]);
    assert.deepEqual(kit.outcome.path, ['w', 'm', 'f', 'q']);
  });

  it('a key after the first menu chose barges into the next menu', async () => {
    const kit = await runNodes({
      w: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'm' },
      m: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '1': 'f' } },
      f: { type: 'menu', prompt: [{ prompt: 'flights-menu' }], options: { '2': 'q' } },
      q: { type: 'queue', queue: 'flights' },
    });
    await kit.press('12');
    assert.equal(queueOf(kit), 'flights');
    assert.deepEqual(kit.played, [['welcome'], ['flights-menu']]);
  });
});

const collectNodes = (extra: Record<string, unknown> = {}) => ({
  c: {
    type: 'collect',
    prompt: [{ prompt: 'enter-flight-number' }],
    var: 'digits',
    minDigits: 3,
    maxDigits: 4,
    terminator: '#',
    pattern: '^[1-9][0-9]*$',
    timeoutMs: 5000,
    interDigitTimeoutMs: 2000,
    invalidPrompt: [{ prompt: 'invalid-option' }],
    noInputPrompt: [{ prompt: 'no-input' }],
    next: 'ok',
    invalid: 'bad',
    noInput: 'none',
    ...extra,
  },
  ok: { type: 'queue', queue: 'flights' },
  bad: { type: 'queue', queue: 'general' },
  none: { type: 'hangup' },
});

describe('collect node', () => {
  it('ends at the terminator and stores the digits', async () => {
    const kit = await runNodes(collectNodes({ maxDigits: 6 }));
    await kit.finishPlay();
    await kit.press('510#');
    assert.equal(kit.outcome.vars.digits, '510');
    assert.equal(queueOf(kit), 'flights');
    assert.ok(
      kit.progress.some((p) => p.type === 'var.set' && p.name === 'digits' && p.value === '510'),
    );
  });

  it('without a terminator, ends at maxDigits', async () => {
    const kit = await runNodes(collectNodes({ terminator: undefined }));
    await kit.finishPlay();
    await kit.press('5101');
    assert.equal(kit.outcome.vars.digits, '5101');
  });

  it('with a terminator, at maxDigits waits for it so it cannot cut the next prompt short', async () => {
    const kit = await runNodes({
      ...collectNodes(),
      ok: { type: 'play', prompts: [{ prompt: 'goodbye' }], next: 'none' },
    });
    await kit.finishPlay();
    await kit.press('5101');
    assert.equal(kit.playing, undefined, 'still reading');
    await kit.press('#');
    assert.deepEqual(kit.hearing, ['goodbye']);
    assert.ok(kit.progress.some((p) => p.type === 'var.set' && p.value === '5101'));
  });

  it('with a terminator, maxDigits then the inter-digit timeout accepts; a digit more is too long', async () => {
    const kit = await runNodes(collectNodes());
    await kit.finishPlay();
    await kit.press('5101');
    await kit.advance(2000);
    assert.equal(kit.outcome.vars.digits, '5101');
    const long = await runNodes(collectNodes({ retries: 0 }));
    await long.finishPlay();
    await long.press('51012');
    assert.deepEqual(long.outcome.path, ['c', 'bad']);
  });

  it('ends after the inter-digit timeout with enough digits', async () => {
    const kit = await runNodes(collectNodes());
    await kit.finishPlay();
    await kit.press('510');
    await kit.advance(1999);
    assert.equal(kit.session.outcome, undefined);
    await kit.advance(1);
    assert.equal(kit.outcome.vars.digits, '510');
  });

  it('too few digits, a pattern mismatch, a lone terminator: invalid, retried, then the invalid exit', async () => {
    const kit = await runNodes(collectNodes({ retries: 2 }));
    await kit.finishPlay();
    await kit.press('51#');
    assert.deepEqual(await kit.finishPlay(), ['invalid-option']);
    await kit.finishPlay();
    await kit.press('0123#');
    assert.deepEqual(await kit.finishPlay(), ['invalid-option']);
    await kit.finishPlay();
    await kit.press('#');
    assert.equal(queueOf(kit), 'general');
    assert.equal(kit.outcome.vars.digits, undefined);
  });

  it('no first digit within timeoutMs: no-input, then the noInput exit', async () => {
    const kit = await runNodes(collectNodes({ retries: 1 }));
    await kit.finishPlay();
    await kit.advance(5000);
    assert.deepEqual(await kit.finishPlay(), ['no-input']);
    await kit.finishPlay();
    await kit.advance(5000);
    assert.deepEqual(kit.outcome.path, ['c', 'none']);
  });

  it('digits during the prompt barge in and count toward the entry', async () => {
    const kit = await runNodes(collectNodes());
    await kit.press('51');
    assert.equal(kit.playing, undefined);
    await kit.press('01#');
    assert.equal(kit.outcome.vars.digits, '5101');
  });
});

describe('language node', () => {
  it('sets a fixed language; later plays use it', async () => {
    const kit = await runNodes({
      l: { type: 'language', language: 'en', next: 'p' },
      p: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'b' },
      b: { type: 'hangup' },
    });
    assert.equal(kit.playing?.language, 'en');
    await kit.finishPlay();
    assert.equal(kit.outcome.language, 'en');
    assert.ok(kit.progress.some((p) => p.type === 'language.set' && p.language === 'en'));
  });

  const ask = {
    l: {
      type: 'language',
      prompt: [{ prompt: 'choose-language' }],
      options: { '1': 'zh', '2': 'en' },
      invalidPrompt: [{ prompt: 'invalid-option' }],
      retries: 1,
      timeoutMs: 3000,
      next: 'b',
    },
    b: { type: 'hangup' },
  };

  it('asks: a key picks the language', async () => {
    const kit = await runNodes(ask);
    await kit.press('2');
    assert.equal(kit.outcome.language, 'en');
  });

  it('asks: a wrong key is retried, no key keeps the language', async () => {
    const kit = await runNodes(ask, { language: 'zh' });
    await kit.finishPlay();
    await kit.press('9');
    assert.deepEqual(await kit.finishPlay(), ['invalid-option']);
    await kit.finishPlay();
    await kit.advance(3000);
    assert.equal(kit.outcome.language, 'zh');
    assert.deepEqual(kit.outcome.path, ['l', 'b']);
  });
});

describe('survey node', () => {
  const survey = {
    s: {
      type: 'survey',
      prompt: [{ prompt: 'survey-question' }],
      min: 1,
      max: 3,
      invalidPrompt: [{ prompt: 'invalid-option' }],
      thanksPrompt: [{ prompt: 'survey-thanks' }],
      retries: 1,
      timeoutMs: 4000,
    },
  };

  it('takes a score in range and thanks the caller', async () => {
    const kit = await runNodes(survey);
    await kit.press('2');
    assert.deepEqual(await kit.finishPlay(), ['survey-thanks']);
    assert.deepEqual(kit.outcome.kind === 'survey' && kit.outcome.score, 2);
  });

  it('a score out of range is retried; silence gives no score', async () => {
    const kit = await runNodes(survey);
    await kit.press('7');
    await kit.finishPlay();
    await kit.finishPlay();
    await kit.advance(4000);
    assert.equal(kit.outcome.kind === 'survey' && kit.outcome.score, null);
  });

  it('hanging up during the thanks keeps the score', async () => {
    const kit = await runNodes(survey);
    await kit.press('3');
    assert.deepEqual(kit.hearing, ['survey-thanks']);
    await kit.hangUp();
    assert.equal(kit.outcome.kind === 'survey' && kit.outcome.score, 3);
    assert.equal(kit.commandsOf('leg.play.stop').length, 1);
  });
});
