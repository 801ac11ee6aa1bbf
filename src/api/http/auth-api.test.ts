// The foundation's acceptance through the HTTP API: log in, manage users,
// lockout, tokens and roles, sessions, audit — on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { enginesUnderTest } from '../../../test/support/test-databases.ts';
import { startTestHotline, type TestHotline } from '../../../test/support/test-hotline.ts';

interface UserBody {
  user: {
    id: number;
    username: string;
    role: string;
    lockedUntil: number | null;
    disabled: boolean;
  };
  generatedPassword?: string;
}

for (const engine of await enginesUnderTest()) {
  describe(`auth API on ${engine.engine}`, { skip: engine.skip }, () => {
    let t: TestHotline;
    let adminCookie: string;

    before(async () => {
      t = await startTestHotline({ engine: engine.engine });
    });
    // Tests move the clock by days; a fresh admin session keeps each one independent.
    beforeEach(async () => {
      adminCookie = await t.login('admin', t.admin.password);
    });
    after(() => t?.dispose());

    async function createUser(
      username: string,
      role: string,
      password?: string,
    ): Promise<UserBody> {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        cookie: adminCookie,
        body: { username, role, ...(password ? { password } : {}) },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<UserBody>();
    }

    it('lets the admin log in with an HttpOnly SameSite session cookie and see who they are', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        body: { username: 'ADMIN ', password: t.admin.password },
      });
      assert.equal(res.statusCode, 200);
      const cookie = res.cookies.find((c) => c.name === 'hotline_session')!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      assert.equal(cookie.path, '/');
      assert.ok(cookie.value.length >= 40);
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: adminCookie });
      assert.equal(me.statusCode, 200);
      const body = me.json<{
        user: { username: string; role: string };
        via: string;
        permissions: string[];
      }>();
      assert.equal(body.user.username, 'admin');
      assert.equal(body.via, 'session');
      assert.ok(body.permissions.includes('users:create'));
      assert.equal(JSON.stringify(body).includes('password_hash'), false);
    });

    it('lets the admin create a supervisor and an agent, with a generated password shown once', async () => {
      const supervisor = await createUser('sup01', 'supervisor', 'a-long-secret-1');
      assert.equal(supervisor.user.role, 'supervisor');
      assert.equal(supervisor.generatedPassword, undefined);
      const agent = await createUser('agent01', 'agent');
      assert.equal(agent.user.role, 'agent');
      assert.match(agent.generatedPassword!, /^[A-Za-z0-9]{16}$/);
      await t.login('agent01', agent.generatedPassword!);
      const fetched = await t.request({
        method: 'GET',
        url: `/api/v1/users/${agent.user.id}`,
        cookie: adminCookie,
      });
      assert.equal(fetched.json<{ generatedPassword?: string }>().generatedPassword, undefined);
      const dup = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        cookie: adminCookie,
        body: { username: 'Agent01', role: 'agent' },
      });
      assert.equal(dup.statusCode, 409);
      assert.deepEqual(dup.json(), {
        error: {
          code: 'conflict',
          message: 'a user named "agent01" already exists',
          field: 'username',
        },
      });
    });

    it('refuses an agent token and an agent session the right to create or list users (403)', async () => {
      const agent = await createUser('agent02', 'agent');
      const agentCookie = await t.login('agent02', agent.generatedPassword!);
      const tokenRes = await t.request({
        method: 'POST',
        url: '/api/v1/tokens',
        cookie: agentCookie,
        body: { name: 'my script' },
      });
      assert.equal(tokenRes.statusCode, 201, tokenRes.body);
      const { token } = tokenRes.json<{ token: string }>();
      assert.match(token, /^htk_/);
      const viaToken = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        token,
        body: { username: 'intruder', role: 'admin' },
      });
      assert.equal(viaToken.statusCode, 403);
      assert.equal(viaToken.json<{ error: { code: string } }>().error.code, 'forbidden');
      const list = await t.request({ method: 'GET', url: '/api/v1/users', cookie: agentCookie });
      assert.equal(list.statusCode, 403);
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token });
      assert.equal(me.json<{ via: string }>().via, 'token');
      // the token can be revoked, after which it opens nothing
      const tokens = await t.request({ method: 'GET', url: '/api/v1/tokens', token });
      const [listed] = tokens.json<{ tokens: { id: number; prefix: string }[] }>().tokens;
      assert.ok(token.startsWith(listed!.prefix));
      assert.equal(JSON.stringify(tokens.json()).includes(token), false);
      const del = await t.request({
        method: 'DELETE',
        url: `/api/v1/tokens/${listed!.id}`,
        cookie: agentCookie,
      });
      assert.equal(del.statusCode, 204);
      const after = await t.request({ method: 'GET', url: '/api/v1/auth/me', token });
      assert.equal(after.statusCode, 401);
      const check = await t.request({
        method: 'GET',
        url: '/api/v1/users?includeDisabled=true',
        cookie: adminCookie,
      });
      assert.equal(
        check
          .json<{ users: { username: string }[] }>()
          .users.some((u) => u.username === 'intruder'),
        false,
      );
    });

    it("refuses admin-only actions to a supervisor, and another user's tokens to an agent", async () => {
      const supCookie = await t.login('sup01', 'a-long-secret-1');
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/users', cookie: supCookie })).statusCode,
        200,
      );
      for (const [method, url, body] of [
        ['POST', '/api/v1/users', { username: 'x-sup', role: 'agent' }],
        ['GET', '/api/v1/audit', undefined],
        ['GET', '/api/v1/system', undefined],
        ['GET', '/api/v1/tokens?userId=1', undefined],
      ] as const) {
        const res = await t.request({ method, url, cookie: supCookie, ...(body ? { body } : {}) });
        assert.equal(res.statusCode, 403, `${method} ${url}`);
      }
    });

    it('locks an account after five wrong passwords, even against the right one, until the lockout ends', async () => {
      const user = await createUser('lockme', 'agent', 'the-right-password');
      for (let i = 1; i <= 5; i++) {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/auth/login',
          body: { username: 'lockme', password: `wrong-${i}` },
        });
        assert.equal(res.statusCode, 401, `attempt ${i}`);
        assert.equal(
          res.json<{ error: { message: string } }>().error.message,
          'wrong username or password',
        );
      }
      const locked = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        body: { username: 'lockme', password: 'the-right-password' },
      });
      assert.equal(locked.statusCode, 423);
      assert.equal(locked.json<{ error: { code: string } }>().error.code, 'locked');
      assert.equal(locked.headers['retry-after'], '900');
      const view = await t.request({
        method: 'GET',
        url: `/api/v1/users/${user.user.id}`,
        cookie: adminCookie,
      });
      assert.ok(view.json<{ lockedUntil: number | null }>().lockedUntil! > t.clock.now());

      t.clock.advance(899_000);
      const stillLocked = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        body: { username: 'lockme', password: 'the-right-password' },
      });
      assert.equal(stillLocked.statusCode, 423);
      assert.equal(stillLocked.headers['retry-after'], '1');
      t.clock.advance(1_000);
      await t.login('lockme', 'the-right-password');

      const locks = await t.request({
        method: 'GET',
        url: `/api/v1/events?stream=user:${user.user.id}&type=user.locked`,
        cookie: adminCookie,
      });
      assert.equal(locks.json<{ events: unknown[] }>().events.length, 1);
      const audit = await t.request({
        method: 'GET',
        url: `/api/v1/audit?resourceId=${user.user.id}&action=auth.login-failed`,
        cookie: adminCookie,
      });
      const entries = audit.json<{ entries: { ip: string; details: { failedLogins: number } }[] }>()
        .entries;
      assert.equal(entries.length, 5);
      assert.equal(entries[0]!.details.failedLogins, 5);
      assert.equal(entries[0]!.ip, '127.0.0.1');
    });

    it('counts parallel guesses: twenty at once still get only five tries', async () => {
      await createUser('parallel1', 'agent', 'parallel-right-pw');
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.request({
            method: 'POST',
            url: '/api/v1/auth/login',
            body: { username: 'parallel1', password: `guess-${i}` },
          }),
        ),
      );
      const statuses = answers.map((a) => a.statusCode);
      assert.equal(statuses.filter((s) => s === 401).length, 5, statuses.join(','));
      assert.equal(statuses.filter((s) => s === 423).length, 15);
    });

    it('answers unknown usernames exactly like wrong passwords, lockout included', async () => {
      const statuses: number[] = [];
      const bodies = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/auth/login',
          body: { username: 'nobody-here', password: 'whatever' },
        });
        statuses.push(res.statusCode);
        bodies.add(res.body);
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 423]);
      assert.equal(bodies.size, 2);
    });

    it('blocks an address that sprays usernames in parallel after its allowance', async () => {
      const other = await startTestHotline({
        engine: engine.engine,
        config: { auth: { maxFailedLoginsPerAddress: 10 } },
      });
      try {
        const answers = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            other.request({
              method: 'POST',
              url: '/api/v1/auth/login',
              body: { username: `spray${i}`, password: 'guess' },
            }),
          ),
        );
        const statuses = answers.map((a) => a.statusCode);
        assert.equal(statuses.filter((s) => s === 401).length, 10, statuses.join(','));
        assert.equal(statuses.filter((s) => s === 429).length, 20);
      } finally {
        await other.dispose();
      }
    });

    it('blocks an address that fails too often, whatever usernames it tries', async () => {
      const other = await startTestHotline({
        engine: engine.engine,
        config: { auth: { maxFailedLoginsPerAddress: 3 } },
      });
      try {
        const statuses: number[] = [];
        for (const username of ['a1', 'b2', 'c3', 'admin']) {
          const res = await other.request({
            method: 'POST',
            url: '/api/v1/auth/login',
            body: { username, password: username === 'admin' ? other.admin.password : 'guess' },
          });
          statuses.push(res.statusCode);
          if (res.statusCode === 429) {
            assert.equal(res.json<{ error: { code: string } }>().error.code, 'rate-limited');
            assert.equal(res.headers['retry-after'], '900');
          }
        }
        assert.deepEqual(statuses, [401, 401, 401, 429]);
        other.clock.advance(900_000);
        await other.login('admin', other.admin.password);
      } finally {
        await other.dispose();
      }
    });

    it('lets an admin unlock a locked account at once', async () => {
      const user = await createUser('unlockme', 'agent', 'the-right-password');
      for (let i = 0; i < 5; i++) {
        await t.request({
          method: 'POST',
          url: '/api/v1/auth/login',
          body: { username: 'unlockme', password: 'no' },
        });
      }
      const unlock = await t.request({
        method: 'POST',
        url: `/api/v1/users/${user.user.id}/unlock`,
        cookie: adminCookie,
      });
      assert.equal(unlock.statusCode, 200);
      await t.login('unlockme', 'the-right-password');
    });

    it('ends a session after the idle limit, the absolute limit, or logout', async () => {
      await createUser('sessions1', 'agent', 'session-pass-1');
      const idle = await t.login('sessions1', 'session-pass-1');
      t.clock.advance(11 * 3600_000); // within the 12 h idle limit
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: idle })).statusCode,
        200,
      );
      t.clock.advance(12 * 3600_000); // idle for 12 h since the last request
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: idle })).statusCode,
        401,
      );

      const busy = await t.login('sessions1', 'session-pass-1');
      for (let h = 0; h < 7 * 24 - 1; h += 6) {
        t.clock.advance(6 * 3600_000);
        const res = await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: busy });
        assert.equal(res.statusCode, h + 6 < 7 * 24 ? 200 : 401, `after ${h + 6} h`);
      }

      const out = await t.login('sessions1', 'session-pass-1');
      const logout = await t.request({ method: 'POST', url: '/api/v1/auth/logout', cookie: out });
      assert.equal(logout.statusCode, 204);
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: out })).statusCode,
        401,
      );
    });

    it('disabling a user ends their sessions and refuses their logins; the last admin stays', async () => {
      const user = await createUser('leaver', 'agent', 'goodbye-secret-9');
      const cookie = await t.login('leaver', 'goodbye-secret-9');
      const patch = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${user.user.id}`,
        cookie: adminCookie,
        body: { disabled: true },
      });
      assert.equal(patch.statusCode, 200);
      assert.equal(patch.json<{ disabled: boolean }>().disabled, true);
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie })).statusCode,
        401,
      );
      const login = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        body: { username: 'leaver', password: 'goodbye-secret-9' },
      });
      assert.equal(login.statusCode, 401);
      assert.match(login.json<{ error: { message: string } }>().error.message, /disabled/);

      const demote = await t.request({
        method: 'PATCH',
        url: '/api/v1/users/1',
        cookie: adminCookie,
        body: { role: 'agent' },
      });
      assert.equal(demote.statusCode, 409);
      assert.match(
        demote.json<{ error: { message: string } }>().error.message,
        /last active admin/,
      );
    });

    it('changes passwords: own change needs the current one; an admin reset ends other sessions', async () => {
      const user = await createUser('changer', 'agent', 'first-password-1');
      const cookie = await t.login('changer', 'first-password-1');
      const other = await t.login('changer', 'first-password-1');
      const wrong = await t.request({
        method: 'POST',
        url: '/api/v1/auth/password',
        cookie,
        body: { currentPassword: 'nope', newPassword: 'second-password-2' },
      });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json<{ error: { field: string } }>().error.field, 'currentPassword');
      const short = await t.request({
        method: 'POST',
        url: '/api/v1/auth/password',
        cookie,
        body: { currentPassword: 'first-password-1', newPassword: 'short' },
      });
      assert.equal(short.statusCode, 400);
      assert.match(
        short.json<{ error: { message: string } }>().error.message,
        /newPassword must be at least 10/,
      );
      const ok = await t.request({
        method: 'POST',
        url: '/api/v1/auth/password',
        cookie,
        body: { currentPassword: 'first-password-1', newPassword: 'second-password-2' },
      });
      assert.equal(ok.statusCode, 204);
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie })).statusCode,
        200,
      );
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie: other })).statusCode,
        401,
      );

      const reset = await t.request({
        method: 'POST',
        url: `/api/v1/users/${user.user.id}/password`,
        cookie: adminCookie,
        body: {},
      });
      assert.equal(reset.statusCode, 200);
      const { generatedPassword } = reset.json<{ generatedPassword: string }>();
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', cookie })).statusCode,
        401,
      );
      await t.login('changer', generatedPassword);
    });

    it('records every change with who, what, when and from where', async () => {
      const res = await t.request({
        method: 'GET',
        url: '/api/v1/audit?action=user.create&limit=1000',
        cookie: adminCookie,
      });
      const entries = res.json<{
        entries: { actorName: string; ip: string; time: number; details: { username: string } }[];
      }>().entries;
      const sup = entries.find((e) => e.details.username === 'sup01')!;
      assert.equal(sup.actorName, 'admin');
      assert.equal(sup.ip, '127.0.0.1');
      assert.ok(sup.time > 0);
      const updates = await t.request({
        method: 'GET',
        url: '/api/v1/audit?action=user.update',
        cookie: adminCookie,
      });
      assert.ok(updates.json<{ entries: unknown[] }>().entries.length >= 1);
      const tokens = await t.request({
        method: 'GET',
        url: '/api/v1/audit?action=api-token.create',
        cookie: adminCookie,
      });
      assert.ok(
        tokens
          .json<{ entries: { actorName: string }[] }>()
          .entries.some((e) => e.actorName === 'agent02'),
      );
    });
  });
}
