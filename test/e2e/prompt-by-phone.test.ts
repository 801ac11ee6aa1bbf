// Recording a prompt by phone, end to end: the API asks Hotline to call a
// registered extension (a sipp phone), the phone hears the instructions,
// speaks for seven seconds (sipp's A-law recording), presses # as an RFC 2833
// event, and the prompt is stored — as long as what was said — and audited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readWavInfo } from '../../src/telephony/index.ts';
import { freePort, runSipp, startSippServer } from '../support/sipp.ts';
import { startSipHotline, type SipHotline } from '../support/sip-hotline.ts';

describe('prompts recorded by phone', () => {
  let h: SipHotline;
  let cookie: string;

  before(async () => {
    h = await startSipHotline();
    await h.addExtension('1001', 'admin-phone-1');
    const login = await fetch(`${h.http}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: h.adminPassword }),
    });
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  });
  after(() => h?.dispose());

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.http}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: res.status,
      body: (await res.json().catch(() => null)) as Record<string, unknown>,
    };
  };

  it('calls the extension, records until #, and stores the prompt', async () => {
    const port = await freePort();
    const registered = await runSipp({
      scenario: 'register.xml',
      target: { host: '127.0.0.1', port: h.sip.udp },
      service: '1001',
      auth: { username: '1001', password: 'admin-phone-1' },
      localPort: port,
    });
    assert.equal(registered.code, 0, registered.output);
    const phone = startSippServer({
      scenario: 'uas-record-prompt.xml',
      localPort: port,
      args: ['-mi', '127.0.0.1', '-m', '1'],
      timeoutSeconds: 60,
    });
    const started = await api('POST', '/api/v1/prompt-recordings', {
      language: 'en',
      name: 'custom/holiday-notice',
      extension: '1001',
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(started.body.state, 'calling');
    const id = String(started.body.id);

    let status: Record<string, unknown> = {};
    for (const end = Date.now() + 40_000; Date.now() < end;) {
      status = (await api('GET', `/api/v1/prompt-recordings/${id}`)).body;
      if (status.state === 'done') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(status.state, 'done', JSON.stringify(status));
    assert.equal(status.error, undefined);
    const durationMs = Number(status.durationMs);
    // sipp speaks for 7.1 s; recording starts after the instructions, # ends it.
    assert.ok(durationMs > 5000 && durationMs < 9000, `recorded ${durationMs} ms`);
    const run = await phone.done;
    assert.equal(run.code, 0, run.output);

    const audio = await fetch(`${h.http}/api/v1/prompts/en/custom/holiday-notice`, {
      headers: { cookie },
    });
    assert.equal(audio.status, 200);
    const info = readWavInfo(new Uint8Array(await audio.arrayBuffer()));
    assert.deepEqual([info.sampleRate, info.channels], [8000, 1]);
    assert.ok(Math.abs(info.durationMs - durationMs) < 50);

    const audit = await api('GET', '/api/v1/audit?resource=prompts');
    const entry = (audit.body.entries as { action: string; details: { via: string } }[])[0]!;
    assert.deepEqual([entry.action, entry.details.via], ['prompt.upload', 'phone']);
  });

  it('refuses a bad prompt name before any phone rings', async () => {
    const res = await api('POST', '/api/v1/prompt-recordings', {
      language: 'en',
      name: 'Not A Name',
      extension: '1001',
    });
    assert.equal(res.status, 400);
    assert.equal((res.body.error as { field: string }).field, 'body.name');
  });
});
