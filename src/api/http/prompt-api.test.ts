// Prompt uploads through the API: converted to 8 kHz mono WAV by sox, stored
// in the data folder, playable, removable, audited; a custom prompt becomes a
// name flows may use; bad input is refused naming the field.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { readWavInfo } from '../../telephony/index.ts';
import { startTestHotline, type TestHotline } from '../../../test/support/test-hotline.ts';

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

const haveSox = spawnSync('sox', ['--version']).status === 0;

describe(
  'prompt API',
  { skip: !haveSox && !process.env.CI ? 'sox is not installed (apt-get install sox)' : false },
  () => {
    let t: TestHotline;
    let admin: string;

    before(async () => {
      t = await startTestHotline({ demo: true });
      admin = await t.login('admin', t.admin.password);
    });
    after(() => t.dispose());

    const upload = (path: string, body: Buffer, type = 'audio/wav', cookie = admin) =>
      t.hotline.http.inject({
        method: 'PUT',
        url: `/api/v1/prompts/${path}`,
        headers: { cookie, 'content-type': type },
        payload: body,
      });

    it('lists the shipped catalogue in both languages', async () => {
      const res = await t.request({ method: 'GET', url: '/api/v1/prompts', cookie: admin });
      assert.equal(res.statusCode, 200);
      const prompts = res.json<{ prompts: { name: string; language: string; source: string }[] }>()
        .prompts;
      assert.ok(
        prompts.some((p) => p.name === 'welcome' && p.language === 'zh' && p.source === 'shipped'),
      );
      assert.ok(prompts.some((p) => p.name === 'welcome' && p.language === 'en'));
    });

    it('converts an upload to 8 kHz mono, serves it back, and lets flows name a custom prompt', async () => {
      const res = await upload('zh/custom/spring-sale', desktopWav(1.5));
      assert.equal(res.statusCode, 201, res.body);
      const entry = res.json<{ name: string; durationMs: number; source: string }>();
      assert.equal(entry.name, 'custom/spring-sale');
      assert.equal(entry.source, 'uploaded');
      assert.ok(Math.abs(entry.durationMs - 1500) < 30, `duration ${entry.durationMs}`);
      const audio = await t.hotline.http.inject({
        method: 'GET',
        url: '/api/v1/prompts/zh/custom/spring-sale',
        headers: { cookie: admin },
      });
      assert.equal(audio.statusCode, 200);
      assert.equal(audio.headers['content-type'], 'audio/wav');
      const info = readWavInfo(audio.rawPayload);
      assert.deepEqual([info.sampleRate, info.channels, info.bitsPerSample], [8000, 1, 16]);

      const flow = {
        schemaVersion: 1,
        name: 'sale',
        start: 'hello',
        nodes: {
          hello: { type: 'play', prompts: [{ prompt: 'custom/spring-sale' }], next: 'bye' },
          bye: { type: 'hangup' },
        },
      };
      const saved = await t.request({
        method: 'PUT',
        url: '/api/v1/ivr/flows/sale',
        cookie: admin,
        body: { document: flow },
      });
      assert.equal(saved.statusCode, 201, saved.body);

      const audit = await t.request({
        method: 'GET',
        url: '/api/v1/audit?resource=prompts',
        cookie: admin,
      });
      assert.deepEqual(
        audit
          .json<{ entries: { action: string; resourceId: string }[] }>()
          .entries.map((e) => [e.action, e.resourceId]),
        [['prompt.upload', 'zh/custom/spring-sale']],
      );
    });

    it('replaces a shipped prompt with an upload and brings it back on removal', async () => {
      assert.equal((await upload('en/goodbye', desktopWav(0.5))).statusCode, 201);
      const listed = async () =>
        (await t.request({ method: 'GET', url: '/api/v1/prompts', cookie: admin }))
          .json<{ prompts: { name: string; language: string; source: string }[] }>()
          .prompts.filter((p) => p.name === 'goodbye' && p.language === 'en')
          .map((p) => p.source);
      assert.deepEqual(await listed(), ['uploaded']);
      const removed = await t.request({
        method: 'DELETE',
        url: '/api/v1/prompts/en/goodbye',
        cookie: admin,
      });
      assert.equal(removed.statusCode, 204);
      assert.deepEqual(await listed(), ['shipped']);
      const again = await t.request({
        method: 'DELETE',
        url: '/api/v1/prompts/en/goodbye',
        cookie: admin,
      });
      assert.equal(again.statusCode, 404);
    });

    it('refuses bad names, languages, formats and undecodable audio, naming the field', async () => {
      const cases: [string, Buffer, string, string][] = [
        ['zh/..%2F..%2Fetc%2Fpasswd', desktopWav(0.2), 'audio/wav', 'params.name'],
        ['zh/Custom Name', desktopWav(0.2), 'audio/wav', 'params.name'],
        ['fr/welcome', desktopWav(0.2), 'audio/wav', 'params.language'],
        ['zh/custom/noise', Buffer.from('this is not audio at all'), 'audio/wav', 'file'],
      ];
      for (const [path, body, type, field] of cases) {
        const res = await upload(path, body, type);
        assert.equal(res.statusCode, 400, `${path}: ${res.body}`);
        assert.equal(res.json<{ error: { field: string } }>().error.field, field, path);
      }
      const text = await upload('zh/custom/x', Buffer.from('hello'), 'text/plain');
      assert.equal(text.statusCode, 400);
      assert.equal(text.json<{ error: { field: string } }>().error.field, 'body');
      const unknownType = await upload('zh/custom/x', Buffer.from('hello'), 'application/x-foo');
      assert.equal(unknownType.statusCode, 415);
    });

    it('lets only administrators upload', async () => {
      const password = t.credentials.find((c) => c.username === 'supervisor')!.password;
      const supervisor = await t.login('supervisor', password);
      assert.equal(
        (await upload('zh/custom/x', desktopWav(0.2), 'audio/wav', supervisor)).statusCode,
        403,
      );
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/prompts', cookie: supervisor })).statusCode,
        200,
      );
    });
  },
);
