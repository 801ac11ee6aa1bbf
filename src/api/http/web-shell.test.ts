// The browser app's files at `/`: the built files with the right caching,
// index.html for the app's own paths, the API's 404 for unknown API paths,
// no way out of the folder, and a page that says to build when nothing is built.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { installErrorHandling } from './http-errors.ts';
import type { HttpApp } from './http-app.ts';
import { registerWebShell } from './routes/web-shell.ts';

async function shell(webRoot: string | undefined): Promise<HttpApp> {
  const app: HttpApp = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandling(app);
  await registerWebShell(app, webRoot);
  await app.ready();
  return app;
}

describe('web shell', () => {
  const root = mkdtempSync(join(tmpdir(), 'hotline-web-'));
  const built = join(root, 'web');
  let app: HttpApp;

  before(async () => {
    mkdirSync(join(built, 'assets'), { recursive: true });
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>Hotline app</title>');
    writeFileSync(join(built, 'assets', 'index-AbC123.js'), 'console.log("app");');
    writeFileSync(join(built, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(root, 'secret.txt'), 'outside the web folder');
    app = await shell(built);
  });
  after(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / and at the app’s own paths, never cached stale', async () => {
    for (const url of ['/', '/desk', '/admin/flows/demo-hotline', '/wallboard?wall=1']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /text\/html/, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
      assert.equal(res.body, '<!doctype html><title>Hotline app</title>', url);
    }
  });

  it('serves hashed assets for a year and other files for an hour', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
    assert.equal(js.statusCode, 200);
    assert.match(js.headers['content-type'] as string, /javascript/);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.body, 'console.log("app");');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    assert.equal(icon.statusCode, 200);
    assert.match(icon.headers['content-type'] as string, /image\/svg\+xml/);
    assert.equal(icon.headers['cache-control'], 'public, max-age=3600');
  });

  it('answers a missing asset and an unknown API path with the API’s 404', async () => {
    for (const url of ['/assets/index-Old999.js', '/api/v1/nothing-here', '/api']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.deepEqual(res.json(), {
        error: { code: 'not-found', message: `there is no GET ${url}` },
      });
    }
  });

  it('never serves a file outside the web folder', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await app.inject({ method: 'GET', url });
      assert.doesNotMatch(res.body, /outside the web folder/, url);
    }
    // A path that does not decode is refused before any file is looked at.
    const malformed = await app.inject({ method: 'GET', url: '/%E0%A4%A' });
    assert.equal(malformed.statusCode, 400);
    assert.doesNotMatch(malformed.body, /Hotline app/);
  });

  it('says to run the build when the app is not built', async () => {
    for (const webRoot of [join(root, 'missing'), undefined]) {
      const bare = await shell(webRoot);
      const res = await bare.inject({ method: 'GET', url: '/desk' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /npm run build/);
      assert.match(res.body, /<title>Hotline<\/title>/);
      await bare.close();
    }
  });
});
