// The shipped prompt set (repository `prompts/`) matches the catalogue: every name in both
// languages as an 8 kHz mono 16-bit WAV with plausible audio, and no file the catalogue lacks.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readWavInfo } from '../../telephony/index.ts';
import {
  LANGUAGES,
  PROMPT_CATALOGUE,
  isKnownPrompt,
  promptNames,
  sayPrompts,
  type SayKind,
} from './index.ts';

const promptsDir = fileURLToPath(new URL('../../../prompts/', import.meta.url));

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const IVR_PROMPTS = [
  'welcome',
  'choose-language',
  'main-menu',
  'flights-menu',
  'enter-flight-number',
  'flight-status-is',
  'flight-not-found',
  'hotels-intro',
  'travel-intro',
  'complaints-intro',
  'callback-confirmed',
  'please-hold',
  'transferring',
  'invalid-option',
  'no-input',
  'goodbye',
  'after-hours',
  'leave-message',
  'message-saved',
  'survey-question',
  'survey-thanks',
  'service-unavailable',
];

describe('prompt catalogue', () => {
  it('names every IVR prompt the flows use, once, with text in both languages', () => {
    const names = promptNames();
    assert.equal(new Set(names).size, names.length, 'duplicate names');
    for (const name of IVR_PROMPTS) assert.ok(isKnownPrompt(name), name);
    assert.equal(isKnownPrompt('no-such-prompt'), false);
    for (const entry of PROMPT_CATALOGUE) {
      assert.match(entry.name, /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/);
      for (const language of LANGUAGES)
        assert.notEqual(entry.text[language].trim(), '', entry.name);
    }
  });

  it('has every building block the say rules can ask for', () => {
    const samples: [SayKind, string][] = [
      ['digits', '0123456789*#'],
      ['number', '-999999999999.5'],
      ['number', '2222222222'],
      ['amount', '1234567.89'],
      ['time', '14:05'],
      ['time', '2:00'],
      ['date', '1905-01-01'],
    ];
    for (let i = 0; i < 26; i += 2) samples.push(['flight-number', `${LETTERS.slice(i, i + 2)}1`]);
    for (let m = 1; m <= 12; m++) samples.push(['date', `2026-${String(m).padStart(2, '0')}-01`]);
    for (let day = 1; day <= 31; day++)
      samples.push(['date', `2026-01-${String(day).padStart(2, '0')}`]);
    for (let n = 0; n <= 120; n++) samples.push(['number', String(n)]);
    for (const language of LANGUAGES) {
      for (const [kind, value] of samples) {
        for (const ref of sayPrompts(kind, value, language)) {
          assert.ok(
            ref.kind === 'prompt' && isKnownPrompt(ref.name),
            `${kind} ${value}: ${JSON.stringify(ref)}`,
          );
        }
      }
    }
  });
});

describe('shipped prompt set', () => {
  for (const language of LANGUAGES) {
    it(`has an 8 kHz mono 16-bit WAV for every prompt in ${language}`, () => {
      for (const entry of PROMPT_CATALOGUE) {
        const path = join(promptsDir, language, `${entry.name}.wav`);
        const info = readWavInfo(readFileSync(path), path);
        assert.deepEqual(
          [info.formatTag, info.sampleRate, info.channels, info.bitsPerSample],
          [1, 8000, 1, 16],
          `${path} must be 8 kHz mono 16-bit PCM`,
        );
        // A building block is a word or two; a sentence takes longer; none is near-empty.
        const maxMs = entry.group === 'ivr' ? 30_000 : 2_500;
        assert.ok(
          info.durationMs >= 100 && info.durationMs <= maxMs,
          `${path} lasts ${info.durationMs} ms`,
        );
        // Not silent, and silence was trimmed at render time: sound within 30 ms of either end.
        const data = readFileSync(path);
        const count = info.dataBytes >> 1;
        const peak = (from: number, to: number): number => {
          let max = 0;
          for (let i = from; i < to; i++)
            max = Math.max(max, Math.abs(data.readInt16LE(info.dataOffset + 2 * i)));
          return max;
        };
        assert.ok(peak(0, count) > 3000, `${path} is (nearly) silent`);
        assert.ok(
          peak(0, 240) > 100 && peak(count - 240, count) > 100,
          `${path} starts or ends with silence`,
        );
      }
    });

    it(`holds no ${language} file the catalogue does not name`, () => {
      const dir = join(promptsDir, language);
      const files = readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(dir, join(e.parentPath, e.name)));
      const expected = new Set(promptNames().map((name) => `${name}.wav`));
      assert.deepEqual(
        files.filter((f) => !expected.has(f)),
        [],
      );
      assert.equal(files.length, expected.size);
    });
  }
});
