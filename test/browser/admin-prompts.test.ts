// The prompts administration screen in Debian's Chromium against the real `hotline start` process:
// an admin uploads a WAV made here, sees it listed with its duration, plays it in the page and
// deletes it; the server's complaints about a file that is not audio and a bad name show on their
// fields; recording by phone for an extension nobody answers shows the server's reason. How the
// screen names upload types and paths is tested alone first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { PromptEntry } from '../../web/src/api/types.ts';
import {
  promptAudioPath,
  suggestedPromptName,
  uploadContentType,
} from '../../web/src/features/admin/prompt-files.ts';
import { startBrowserHotline, type BrowserHotline } from './browser-harness.ts';

/** A 44.1 kHz stereo 16-bit WAV with a 440 Hz tone, as a desktop recorder would save it. */
function desktopWav(seconds: number): Buffer {
  const rate = 44_100;
  const frames = Math.round(rate * seconds);
  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i++) {
    const v = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate));
    data.writeInt16LE(v, i * 4);
    data.writeInt16LE(v, i * 4 + 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

describe('the prompts screen’s files and names', () => {
  it('sends each audio file with the type the server decodes it by, and refuses the rest', () => {
    assert.equal(uploadContentType({ name: 'a.WAV', type: '' }), 'audio/wav');
    assert.equal(uploadContentType({ name: 'a.flac', type: 'audio/x-flac' }), 'audio/flac');
    assert.equal(uploadContentType({ name: 'a.mp3', type: 'audio/mp3' }), 'audio/mpeg');
    assert.equal(uploadContentType({ name: 'recording', type: 'audio/ogg' }), 'audio/ogg');
    assert.equal(uploadContentType({ name: 'notes.txt', type: 'text/plain' }), undefined);
    assert.equal(uploadContentType({ name: 'clip.m4a', type: 'audio/mp4' }), undefined);
  });

  it('suggests a custom name from the file, and escapes each part of the audio’s path', () => {
    assert.equal(suggestedPromptName('Spring Sale 2024.wav'), 'custom/spring-sale-2024');
    assert.equal(suggestedPromptName('促销.mp3'), '');
    assert.equal(
      promptAudioPath('zh', 'custom/spring-sale'),
      '/api/v1/prompts/zh/custom/spring-sale',
    );
    assert.equal(promptAudioPath('en', 'digits/0'), '/api/v1/prompts/en/digits/0');
  });
});

describe('the prompts screen in Chromium', () => {
  let h: BrowserHotline;

  before(async () => {
    h = await startBrowserHotline();
  });
  after(() => h?.dispose());

  const text = (page: Page, selector: string) => page.locator(selector).innerText();
  /** The prompts the API lists, asked with the page's own session. */
  const listed = async (page: Page) => {
    const res = await page.request.get('/api/v1/prompts');
    return ((await res.json()) as { prompts: PromptEntry[] }).prompts;
  };
  const openPrompts = async (page: Page) => {
    await page.locator('[role=navigation].admin-menu a', { hasText: 'Prompts' }).click();
    await page.waitForURL('**/admin/prompts');
    await page.locator('[data-testid=prompts] tr[data-prompt=welcome]').waitFor();
  };

  it('uploads a WAV, lists it with its duration, plays it and deletes it', async () => {
    const page = await h.signIn('admin');
    await page.waitForURL('**/admin');
    await openPrompts(page);
    assert.equal(await text(page, '.admin-menu a[aria-current=page]'), 'Prompts');
    const welcome = page.locator('[data-testid=prompts] tr[data-prompt=welcome]');
    assert.equal(await welcome.locator('[data-col=source]').innerText(), 'Built-in');
    assert.equal(await welcome.locator('[data-col=duration]').innerText(), '—');

    await page
      .locator('#prompt-file')
      .setInputFiles({ name: 'Spring Sale.wav', mimeType: 'audio/wav', buffer: desktopWav(1.5) });
    // The name follows the file until one is typed.
    assert.equal(await page.locator('#prompt-name').inputValue(), 'custom/spring-sale');
    await page.locator('#prompt-language').selectOption('en');
    await page.locator('[data-testid=prompt-upload] button[type=submit]').click();

    const done = page.locator('[data-testid=prompt-upload-done]');
    await done.waitFor();
    assert.equal(await done.innerText(), 'Prompt custom/spring-sale (en) saved: 1.5 s.');
    // The list turns to the upload's language, uploads first.
    assert.equal(
      await page.locator('.segmented button[aria-pressed=true]').getAttribute('data-language'),
      'en',
    );
    const row = page.locator('[data-testid=prompts] tr[data-prompt="custom/spring-sale"]');
    await row.waitFor();
    assert.equal(
      await page.locator('[data-testid=prompts] tbody tr').first().getAttribute('data-prompt'),
      'custom/spring-sale',
    );
    assert.equal(await row.locator('[data-col=duration]').innerText(), '1.5 s');
    assert.equal(await row.locator('[data-col=source]').innerText(), 'Uploaded');
    const entry = (await listed(page)).find((p) => p.name === 'custom/spring-sale');
    assert.equal(entry?.language, 'en');
    assert.equal(entry?.source, 'uploaded');

    // Playing loads the converted WAV from the server into an audio element.
    await row.locator('button[aria-label="Play custom/spring-sale"]').click();
    const audio = row.locator('audio');
    await audio.waitFor();
    await page.waitForFunction(
      "document.querySelector('[data-testid=prompts] audio')?.readyState >= 1",
    );
    // The test has no DOM types: the element's few fields read here, by their shape.
    const loaded = await audio.evaluate(
      (a: { duration: number; currentSrc: string; error: { code: number } | null }) => ({
        duration: a.duration,
        src: a.currentSrc,
        error: a.error?.code ?? null,
      }),
    );
    assert.equal(loaded.error, null);
    assert.ok(Math.abs(loaded.duration - 1.5) < 0.05, `duration ${loaded.duration}`);
    assert.match(loaded.src, /\/api\/v1\/prompts\/en\/custom\/spring-sale$/);

    // A second, deliberate click deletes; the confirmation has the focus.
    await row.locator('button[aria-label="Delete custom/spring-sale"]').click();
    assert.match(await row.locator('.row-actions').innerText(), /Delete custom\/spring-sale\?/);
    await page.keyboard.press('Enter');
    await row.waitFor({ state: 'detached' });
    assert.equal(
      await text(page, '[data-testid=prompts-message]'),
      'Prompt custom/spring-sale (en) deleted.',
    );
    assert.ok(!(await listed(page)).some((p) => p.name === 'custom/spring-sale'));
    const gone = await page.request.get('/api/v1/prompts/en/custom/spring-sale');
    assert.equal(gone.status(), 404);
  });

  it('shows the server’s complaint about a file that is not audio, and a bad name, on the field', async () => {
    const page = await h.signIn('admin');
    await openPrompts(page);
    const submit = page.locator('[data-testid=prompt-upload] button[type=submit]');

    await page.locator('#prompt-file').setInputFiles({
      name: 'notes.wav',
      mimeType: 'audio/wav',
      buffer: Buffer.from('this is not audio at all, just some words'),
    });
    await submit.click();
    const fileError = page.locator('[data-testid=prompt-file-error]');
    await fileError.waitFor();
    // The converter's own words.
    assert.match(await fileError.innerText(), /could not be read as wav/);
    assert.equal(await page.locator('#prompt-file').getAttribute('aria-invalid'), 'true');
    // React moves the focus after the render: wait for it, then check where it is.
    await page.locator('#prompt-file:focus').waitFor();
    assert.equal(await page.evaluate('document.activeElement?.id'), 'prompt-file');
    assert.ok(!(await listed(page)).some((p) => p.name === 'custom/notes'));

    // A file no decoder takes is refused before it is sent.
    await page.locator('#prompt-file').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('words'),
    });
    await submit.click();
    assert.match(await fileError.innerText(), /notes\.txt is not a WAV, MP3, OGG or FLAC file/);

    await page
      .locator('#prompt-file')
      .setInputFiles({ name: 'tone.wav', mimeType: 'audio/wav', buffer: desktopWav(0.3) });
    await page.locator('#prompt-name').fill('Custom Name');
    await submit.click();
    const nameError = page.locator('[data-testid=prompt-name-error]');
    await nameError.waitFor();
    assert.match(await nameError.innerText(), /neither a catalogue prompt nor custom\/<name>/);
    assert.equal(await page.locator('[data-testid=prompt-file-error]').count(), 0);
  });

  it('shows the server’s reason when recording by phone reaches no phone', async () => {
    const page = await h.signIn('admin');
    await openPrompts(page);
    const start = page.locator('[data-testid=prompt-record] button[type=submit]');

    // Not an extension number at all: refused before any phone rings, on the field.
    await page.locator('#prompt-record-extension').fill('ab');
    await page.locator('#prompt-record-name').fill('custom/holiday');
    await start.click();
    const extensionError = page.locator('[data-testid=prompt-record-extension-error]');
    await extensionError.waitFor();
    assert.match(await extensionError.innerText(), /"ab" is not an extension number/);

    // An extension no phone is registered on: Hotline tries, and says why nothing was saved.
    await page.locator('#prompt-record-extension').fill('1099');
    await start.click();
    const progress = page.locator('[data-testid=prompt-record-progress][data-state=done]');
    await progress.waitFor();
    assert.match(
      await progress.innerText(),
      /^No prompt was saved: the extension did not answer \(.+\)\.$/,
    );
    assert.equal(await progress.getAttribute('role'), 'alert');
    assert.ok(!(await listed(page)).some((p) => p.name === 'custom/holiday'));
  });

  it('shows the prompts in Chinese to a browser that prefers it', async () => {
    const page = await h.signIn('admin', { locale: 'zh-CN' });
    await page.goto('/admin/prompts');
    const welcome = page.locator('[data-testid=prompts] tr[data-prompt=welcome]');
    await welcome.waitFor();
    assert.equal(await text(page, '.admin-menu a[aria-current=page]'), '语音提示');
    assert.equal(
      await page.locator('.segmented button[aria-pressed=true]').getAttribute('data-language'),
      'zh',
    );
    assert.equal(await welcome.locator('[data-col=source]').innerText(), '内置');
  });
});
