// The rows of docs/api-test-matrix.md whose success or illegal-state answer no
// other API test had: customers erased or merged into themselves (409), a call
// linked to a customer, a custom prompt a published flow plays (409), other
// users' API tokens, registrations and one extension, and a recording played
// from a stored call — real HTTP on the real server, no SIP needed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EventCatalogue, NewEvent } from '../store/index.ts';
import { startTestHotline, T0, type TestHotline } from '../../test/support/test-hotline.ts';

interface ErrorAnswer {
  error: { code: string; message: string; field?: string };
}
const errorOf = (res: { json<T>(): T }) => res.json<ErrorAnswer>().error;

/** An 8 kHz mono 16-bit WAV of a quiet 440 Hz tone. */
function toneWav(seconds: number): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(Math.round(rate * seconds) * 2);
  for (let i = 0; i < data.length / 2; i++)
    data.writeInt16LE(Math.round(4000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const haveSox = spawnSync('sox', ['--version']).status === 0;

describe('API matrix: success and illegal-state answers', () => {
  let t: TestHotline;
  let files: string;
  const cookies: Record<string, string> = {};
  type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const send = (who: string, method: Method, url: string, body?: unknown) =>
    t.request({ method, url, cookie: cookies[who]!, ...(body !== undefined ? { body } : {}) });
  const callOffered = (callId: string, at: number): NewEvent<EventCatalogue> => ({
    type: 'call.offered',
    stream: `call:${callId}`,
    time: at,
    payload: {
      callId,
      legId: `${callId}-a`,
      caller: { number: '013812345678', e164: '+8613812345678' },
      dialed: '4008001000',
      source: 'trunk',
    },
  });

  before(async () => {
    t = await startTestHotline({ demo: true });
    files = mkdtempSync(join(tmpdir(), 'hotline-matrix-'));
    const password = (u: string) => t.credentials.find((c) => c.username === u)!.password;
    cookies.admin = await t.login('admin', t.admin.password);
    for (const user of ['supervisor', 'qa01', 'agent1001', 'agent1002'])
      cookies[user] = await t.login(user, password(user));
  });
  after(async () => {
    await t.dispose();
    rmSync(files, { recursive: true, force: true });
  });

  it('refuses to edit an erased customer or merge one, or a customer into itself (409); a second erase changes nothing', async () => {
    const create = async (name: string, phone: string) => {
      const res = await send('agent1001', 'POST', '/api/v1/customers', { name, phones: [phone] });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: number }>().id;
    };
    const keep = await create('陈静', '13700001111');
    const gone = await create('陈静', '13700002222');

    const itself = await send('supervisor', 'POST', `/api/v1/customers/${keep}/merge`, {
      duplicateId: keep,
    });
    assert.equal(itself.statusCode, 409, itself.body);
    assert.equal(errorOf(itself).field, 'body.duplicateId');

    const erased = await send('admin', 'POST', `/api/v1/customers/${gone}/erase`, {});
    assert.equal(erased.statusCode, 200, erased.body);
    const again = await send('admin', 'POST', `/api/v1/customers/${gone}/erase`, {});
    assert.equal(again.statusCode, 200, 'erasing twice is the same erase');
    assert.equal(again.json<{ name: string }>().name, '');

    const edit = await send('agent1001', 'PATCH', `/api/v1/customers/${gone}`, { tier: 'gold' });
    assert.equal(edit.statusCode, 409, edit.body);
    assert.equal(errorOf(edit).code, 'conflict');
    assert.equal(errorOf(edit).field, 'params.id');
    const mergeErased = await send('supervisor', 'POST', `/api/v1/customers/${keep}/merge`, {
      duplicateId: gone,
    });
    assert.equal(mergeErased.statusCode, 409);
    assert.equal(errorOf(mergeErased).field, 'body.duplicateId');
    const intoErased = await send('supervisor', 'POST', `/api/v1/customers/${gone}/merge`, {
      duplicateId: keep,
    });
    assert.equal(intoErased.statusCode, 409);
    assert.equal(errorOf(intoErased).field, 'params.id');
  });

  it("links the agent's current call to a customer (204), and names the field of a call that is not theirs (403)", async () => {
    await t.hotline.services.events.write((w) =>
      w.appendAll([callOffered('m1', T0), callOffered('m2', T0 + 1000)]),
    );
    // agent1001 is on call m1 (the ACD's word; telephony does not run in this test).
    t.hotline.services.callControl = {
      currentCallOf: (agentId: string) => (agentId === 'agent1001' ? 'm1' : undefined),
    } as unknown as NonNullable<typeof t.hotline.services.callControl>;
    const created = await send('agent1001', 'POST', '/api/v1/customers', { name: '周强' });
    const id = created.json<{ id: number }>().id;

    const linked = await send('agent1001', 'POST', `/api/v1/customers/${id}/calls`, {
      callId: 'm1',
    });
    assert.equal(linked.statusCode, 204, linked.body);
    await t.hotline.customerInteractions!.catchUp();
    const timeline = await send('agent1001', 'GET', `/api/v1/customers/${id}/interactions`);
    assert.deepEqual(
      timeline.json<{ interactions: { ref: string }[] }>().interactions.map((i) => i.ref),
      ['m1'],
    );

    const other = await send('agent1001', 'POST', `/api/v1/customers/${id}/calls`, {
      callId: 'm2',
    });
    assert.equal(other.statusCode, 403);
    assert.equal(errorOf(other).field, 'body.callId');
    const fromOther = await send('agent1001', 'POST', '/api/v1/customers', {
      name: '周强',
      fromCallId: 'm2',
    });
    assert.equal(fromOther.statusCode, 403);
    assert.equal(errorOf(fromOther).field, 'body.fromCallId');
    const unknown = await send('supervisor', 'POST', `/api/v1/customers/${id}/calls`, {
      callId: 'never-was',
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(errorOf(unknown).field, 'body.callId');
    const audit = await send('admin', 'GET', '/api/v1/audit?action=customer.link-call');
    assert.equal(audit.json<{ entries: unknown[] }>().entries.length, 1);
  });

  it(
    'keeps a custom prompt a published flow plays (409), and serves it on',
    { skip: !haveSox && !process.env.CI ? 'sox is not installed (apt-get install sox)' : false },
    async () => {
      const upload = await t.hotline.http.inject({
        method: 'PUT',
        url: '/api/v1/prompts/zh/custom/matrix-notice',
        headers: { cookie: cookies.admin!, 'content-type': 'audio/wav' },
        payload: toneWav(0.5),
      });
      assert.equal(upload.statusCode, 201, upload.body);
      const flow = {
        schemaVersion: 1,
        name: 'matrix-notice',
        start: 'hello',
        nodes: {
          hello: { type: 'play', prompts: [{ prompt: 'custom/matrix-notice' }], next: 'bye' },
          bye: { type: 'hangup' },
        },
      };
      const saved = await send('admin', 'PUT', '/api/v1/ivr/flows/matrix-notice', {
        document: flow,
        publish: true,
      });
      assert.equal(saved.statusCode, 201, saved.body);

      const removed = await send('admin', 'DELETE', '/api/v1/prompts/zh/custom/matrix-notice');
      assert.equal(removed.statusCode, 409, removed.body);
      assert.equal(errorOf(removed).field, 'params.name');
      assert.match(errorOf(removed).message, /published flow\(s\) matrix-notice/);
      const audio = await send('supervisor', 'GET', '/api/v1/prompts/zh/custom/matrix-notice');
      assert.equal(audio.statusCode, 200);
      assert.equal(audio.headers['content-type'], 'audio/wav');
    },
  );

  it("keeps other users' API tokens from an agent: not made for them (403), not revoked (404)", async () => {
    const users = await send('admin', 'GET', '/api/v1/users');
    const idOf = (name: string) =>
      users
        .json<{ users: { id: number; username: string }[] }>()
        .users.find((u) => u.username === name)!.id;
    const forAdmin = await send('agent1001', 'POST', '/api/v1/tokens', {
      name: 'mine now',
      userId: idOf('admin'),
    });
    assert.equal(forAdmin.statusCode, 403, forAdmin.body);

    const made = await send('admin', 'POST', '/api/v1/tokens', {
      name: 'desk script',
      userId: idOf('agent1001'),
    });
    assert.equal(made.statusCode, 201, made.body);
    const tokenId = made.json<{ apiToken: { id: number } }>().apiToken.id;
    const listed = await send('agent1001', 'GET', '/api/v1/tokens');
    assert.ok(
      listed.json<{ tokens: { id: number }[] }>().tokens.some((k) => k.id === tokenId),
      listed.body,
    );
    // Another agent is told there is no such token, not that it is someone else's.
    const stranger = await send('agent1002', 'DELETE', `/api/v1/tokens/${tokenId}`);
    assert.equal(stranger.statusCode, 404, stranger.body);
    assert.equal((await send('agent1001', 'DELETE', `/api/v1/tokens/${tokenId}`)).statusCode, 204);
  });

  it('lists the registration a phone made, and shows it on its extension', async () => {
    t.hotline.telephony.stack.location.upsert(
      {
        aor: '1003',
        contact: 'sip:1003@127.0.0.1:5098',
        source: { protocol: 'udp', address: '127.0.0.1', port: 5098 },
        callId: 'matrix-reg-1003',
        cseq: 1,
        expiresAt: t.clock.now() + 300_000,
        userAgent: 'api-matrix-test',
        q: 1,
      },
      3,
    );
    const all = await send('supervisor', 'GET', '/api/v1/registrations');
    assert.equal(all.statusCode, 200, all.body);
    const one = await send('supervisor', 'GET', '/api/v1/registrations?extension=1003');
    assert.deepEqual(
      one
        .json<{ registrations: { extension: string; userAgent: string }[] }>()
        .registrations.map((r) => [r.extension, r.userAgent]),
      [['1003', 'api-matrix-test']],
    );
    const extension = await send('admin', 'GET', '/api/v1/extensions/1003');
    assert.equal(extension.statusCode, 200, extension.body);
    const view = extension.json<{ extension: string; registered: boolean; agentId: string }>();
    assert.deepEqual([view.extension, view.registered, view.agentId], ['1003', true, 'agent1003']);
  });

  it('plays a stored call’s recording whole and in part, audited; names the field of a missing one', async () => {
    const wav = toneWav(0.25);
    const path = join(files, 'call-r1-1.wav');
    writeFileSync(path, wav);
    await t.hotline.services.events.write((w) =>
      w.appendAll([
        callOffered('r1', T0),
        {
          type: 'call.recording-finished',
          stream: 'call:r1',
          time: T0 + 30_000,
          payload: {
            callId: 'r1',
            recordingId: 'call-r1-1',
            path,
            durationMs: 250,
            reason: 'stopped',
          },
        },
        {
          type: 'call.ended',
          stream: 'call:r1',
          time: T0 + 31_000,
          payload: { callId: 'r1', from: 'connected', cause: 'normal', by: 'customer' },
        },
      ]),
    );
    await t.hotline.callRecords.catchUp();
    const url = '/api/v1/calls/r1/recordings/call-r1-1';
    const whole = await send('qa01', 'GET', url);
    assert.equal(whole.statusCode, 200, whole.body);
    assert.equal(whole.headers['content-type'], 'audio/wav');
    assert.deepEqual(whole.rawPayload, wav);
    const part = await t.request({
      method: 'GET',
      url,
      cookie: cookies.supervisor!,
      headers: { range: 'bytes=44-99' },
    });
    assert.equal(part.statusCode, 206);
    assert.deepEqual(part.rawPayload, wav.subarray(44, 100));
    const beyond = await t.request({
      method: 'GET',
      url,
      cookie: cookies.supervisor!,
      headers: { range: `bytes=${wav.length}-` },
    });
    assert.equal(beyond.statusCode, 416);
    assert.equal(errorOf(beyond).field, 'headers.range');
    const missing = await send('supervisor', 'GET', '/api/v1/calls/r1/recordings/call-r1-9');
    assert.equal(missing.statusCode, 404);
    assert.equal(errorOf(missing).field, 'params.recordingId');
    const audit = await send('admin', 'GET', '/api/v1/audit?action=recording.play');
    assert.equal(audit.json<{ entries: unknown[] }>().entries.length, 3, 'every playback');
  });
});
