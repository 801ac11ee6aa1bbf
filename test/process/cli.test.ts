// The `hotline` command as a user runs it: first start, login, restart,
// graceful shutdown, refusal of bad configuration, and the user commands.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { printedPassword, runHotline, startHotlineProcess } from '../support/hotline-process.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function login(url: string, username: string, password: string): Promise<Response> {
  return fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

describe('hotline start', () => {
  it('starts on a fresh folder, prints the admin password once, serves logins, and stops on SIGTERM', async () => {
    const dir = dataDir();
    const first = await startHotlineProcess({ HOTLINE_DATA_DIR: dir });
    assert.deepEqual(await (await fetch(`${first.url}/healthz`)).json(), { status: 'ok' });
    const password = printedPassword(first.output(), 'admin');
    assert.match(password, /^[A-Za-z0-9]{16}$/);
    assert.match(first.output(), /agent1001\s+agent\s+[A-Za-z0-9]{16}/);

    const res = await login(first.url, 'admin', password);
    assert.equal(res.status, 200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const created = await fetch(`${first.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        username: 'sup-cli',
        role: 'supervisor',
        password: 'cli-supervisor-pw',
      }),
    });
    assert.equal(created.status, 201);
    const page = await fetch(`${first.url}/`);
    assert.match(await page.text(), /Hotline/);

    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    assert.match(first.output(), /Hotline stopped/);

    // A restart keeps everything and creates no new accounts.
    const second = await startHotlineProcess({ HOTLINE_DATA_DIR: dir });
    assert.doesNotMatch(second.output(), /First start/);
    assert.equal((await login(second.url, 'admin', password)).status, 200);
    assert.equal((await login(second.url, 'sup-cli', 'cli-supervisor-pw')).status, 200);
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0);
  });

  it('refuses a port of "abc" with one message naming the key', async () => {
    const run = runHotline(['start'], { HOTLINE_DATA_DIR: dataDir(), HOTLINE_HTTP_PORT: 'abc' });
    assert.equal(await run.exited, 2);
    assert.equal(
      run.output().trim(),
      'hotline: Invalid configuration:\n  - HOTLINE_HTTP_PORT: "abc" is not a port number (0–65535)',
    );
  });

  it('refuses an unknown database engine naming the key', async () => {
    const run = runHotline(['start'], {
      HOTLINE_DATA_DIR: dataDir(),
      HOTLINE_DATABASE_URL: 'oracle://scott:tiger@db/orcl',
    });
    assert.equal(await run.exited, 2);
    assert.match(run.output(), /HOTLINE_DATABASE_URL: unknown database engine "oracle"/);
    assert.doesNotMatch(run.output(), /tiger/);
  });

  it('refuses a config file with a bad value, naming the key and the file', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ sip: { port: 'five' } }));
    const run = runHotline(['start'], {
      HOTLINE_DATA_DIR: dir,
      HOTLINE_CONFIG: join(dir, 'bad.json'),
    });
    assert.equal(await run.exited, 2);
    assert.match(run.output(), /sip\.port in .*bad\.json: "five" is not a port number/);
  });

  it('reports a port that is taken, and still shows the first start’s passwords', async () => {
    const holder = await startHotlineProcess({ HOTLINE_DATA_DIR: dataDir() });
    const port = new URL(holder.url).port;
    const dir = dataDir();
    const run = runHotline(['start'], {
      HOTLINE_DATA_DIR: dir,
      HOTLINE_HTTP_HOST: '127.0.0.1',
      HOTLINE_HTTP_PORT: port,
    });
    assert.equal(await run.exited, 1);
    assert.match(
      run.output(),
      /EADDRINUSE.*another program uses HTTP port \d+; set HOTLINE_HTTP_PORT/,
    );
    holder.child.kill('SIGTERM');
    await holder.exited;
    // The accounts were made before the port was found taken; the next start shows nothing.
    const password = printedPassword(run.output(), 'admin');
    const next = await startHotlineProcess({ HOTLINE_DATA_DIR: dir });
    assert.doesNotMatch(next.output(), /First start/);
    assert.equal((await login(next.url, 'admin', password)).status, 200);
    next.child.kill('SIGTERM');
    await next.exited;
  });
});

describe('hotline user commands', () => {
  it('migrates, creates users, resets passwords, seeds the demo once, and prints config without secrets', async () => {
    const dir = dataDir();
    const env = { HOTLINE_DATA_DIR: dir, HOTLINE_DEMO: 'false' };
    const migrate = runHotline(['migrate'], env);
    assert.equal(await migrate.exited, 0, migrate.output());
    assert.match(migrate.output(), /database is up to date \(sqlite\)/);

    const create = runHotline(
      ['create-user', '--username', 'Chen.Jing', '--role', 'qa', '--display-name', '陈静'],
      env,
    );
    assert.equal(await create.exited, 0, create.output());
    const password = printedPassword(create.output(), 'chen.jing');

    const badRole = runHotline(['create-user', '--username', 'x-user', '--role', 'pilot'], env);
    assert.equal(await badRole.exited, 2);
    assert.match(badRole.output(), /--role must be one of admin, supervisor, agent, qa/);

    const fromStdin = runHotline(
      ['create-user', '--username', 'stdin-user', '--role', 'agent', '--password-stdin'],
      env,
    );
    fromStdin.child.stdin!.end('typed-in-secret-1\n');
    assert.equal(await fromStdin.exited, 0, fromStdin.output());
    assert.doesNotMatch(fromStdin.output(), /typed-in-secret-1/);

    const reset = runHotline(['reset-password', '--username', 'chen.jing'], env);
    assert.equal(await reset.exited, 0, reset.output());
    const newPassword = printedPassword(reset.output(), 'chen.jing');
    assert.notEqual(newPassword, password);

    const seed = runHotline(['seed-demo'], env);
    assert.equal(await seed.exited, 0);
    assert.match(seed.output(), /agent1010/);
    const again = runHotline(['seed-demo'], env);
    assert.equal(await again.exited, 0);
    assert.match(again.output(), /already there/);

    const server = await startHotlineProcess(env);
    assert.equal((await login(server.url, 'chen.jing', newPassword)).status, 200);
    assert.equal((await login(server.url, 'stdin-user', 'typed-in-secret-1')).status, 200);
    server.child.kill('SIGTERM');
    await server.exited;

    const config = runHotline(['config'], {
      ...env,
      HOTLINE_DATABASE_URL: 'postgres://hl:s3cret@db/hotline',
    });
    assert.equal(await config.exited, 0);
    assert.match(config.output(), /postgres:\/\/hl:\*\*\*@db\/hotline/);
    assert.doesNotMatch(config.output(), /s3cret/);
  });
});
