// Killing the process with SIGKILL in the middle of writes leaves a database
// that opens, passes its integrity check and holds every acknowledged write.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { printedPassword, repoRoot, startHotlineProcess } from '../support/hotline-process.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-crash-'));
  dirs.push(dir);
  return dir;
}

function checkDatabase(path: string): SqliteDatabase.Database {
  const db = new SqliteDatabase(path);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  return db;
}

describe('crash durability (SQLite)', () => {
  for (const synchronous of ['full', 'normal'] as const) {
    it(`keeps every acknowledged event and row after SIGKILL mid-write (synchronous=${synchronous})`, async () => {
      const path = join(tempDir(), 'hotline.db');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/support/event-writer.ts', path, synchronous],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const acked: { id: number; n: number }[] = [];
      let buffer = '';
      const exited = new Promise<string | number | null>((resolve) =>
        child.on('exit', (c, s) => resolve(s ?? c)),
      );
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${acked.length} writes acknowledged`)),
          30_000,
        );
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop()!;
          for (const line of lines) {
            const m = /^ack (\d+) (\d+)$/.exec(line);
            if (m) acked.push({ id: Number(m[1]), n: Number(m[2]) });
          }
          if (acked.length >= 300) {
            clearTimeout(timer);
            child.kill('SIGKILL'); // while the next transaction is in flight
            resolve();
          }
        });
      });
      assert.equal(await exited, 'SIGKILL');

      const db = checkDatabase(path);
      const last = acked.at(-1)!;
      const events = db
        .prepare('select id, payload from events where id <= ? order by id')
        .all(last.id) as {
        id: number;
        payload: string;
      }[];
      const ids = new Set(events.map((e) => e.id));
      for (const a of acked) assert.ok(ids.has(a.id), `acknowledged event ${a.id} is missing`);
      const users = db
        .prepare("select count(*) as n from users where username like 'crash-%'")
        .get() as { n: number };
      assert.ok(users.n >= acked.length, `${users.n} rows for ${acked.length} acknowledged writes`);
      // Each event and its row committed together: no event without its row, or the reverse.
      const eventCount = db
        .prepare("select count(*) as n from events where type = 'crash.write'")
        .get() as { n: number };
      assert.equal(eventCount.n, users.n);
      db.close();
    });
  }

  it('keeps every user the API acknowledged when the server is killed mid-request, and starts again', async () => {
    const dir = tempDir();
    const env = { HOTLINE_DATA_DIR: dir, HOTLINE_DEMO: 'false', HOTLINE_SCRYPT_COST: '1024' };
    const server = await startHotlineProcess(env);
    const password = printedPassword(server.output(), 'admin');
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const acknowledged: string[] = [];
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const username = `w${w}-user-${i}`;
        try {
          const res = await fetch(`${server.url}/api/v1/users`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie },
            body: JSON.stringify({ username, role: 'agent' }),
          });
          if (res.status === 201) acknowledged.push(username);
          else assert.fail(`unexpected ${res.status}`);
        } catch {
          return; // the server died under this request: it was never acknowledged
        }
        if (acknowledged.length >= 60 && !killed) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(worker));
    assert.equal(await server.exited, 'SIGKILL');

    const db = checkDatabase(join(dir, 'hotline.db'));
    const names = new Set(
      (db.prepare('select username from users').all() as { username: string }[]).map(
        (r) => r.username,
      ),
    );
    for (const username of acknowledged)
      assert.ok(names.has(username), `acknowledged user ${username} is missing`);
    const audited = db
      .prepare("select count(*) as n from audit_log where action = 'user.create'")
      .get() as { n: number };
    const created = db
      .prepare("select count(*) as n from events where type = 'user.created'")
      .get() as { n: number };
    assert.equal(created.n, names.size);
    assert.equal(audited.n, names.size); // the first admin too: created by the system, audited as such
    db.close();

    const again = await startHotlineProcess(env);
    const relogin = await fetch(`${again.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    assert.equal(relogin.status, 200);
    again.child.kill('SIGTERM');
    assert.equal(await again.exited, 0);
  });
});
