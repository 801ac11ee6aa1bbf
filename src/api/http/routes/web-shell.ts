// A minimal page at / to log in and see that the service works, until the
// browser app (web/) takes this place.
import type { HttpApp } from '../http-app.ts';

const page = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hotline</title>
<style>
  body { font: 16px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; background: #f4f6f8; color: #1b2733; }
  main { max-width: 28rem; margin: 10vh auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
  h1 { margin-top: 0; font-size: 1.5rem; }
  label { display: block; margin: .75rem 0 .25rem; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; }
  button { margin-top: 1rem; padding: .5rem 1.25rem; font: inherit; cursor: pointer; }
  .error { color: #b3261e; min-height: 1.5em; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; }
</style>
</head>
<body>
<main>
  <h1>Hotline 呼叫中心</h1>
  <form id="login" hidden>
    <label for="username">用户名 Username</label>
    <input id="username" name="username" autocomplete="username" required autofocus>
    <label for="password">密码 Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <p class="error" id="error" role="alert"></p>
    <button type="submit">登录 Log in</button>
  </form>
  <section id="home" hidden>
    <p>已登录 Logged in</p>
    <dl><dt>User</dt><dd id="who"></dd><dt>Role</dt><dd id="role"></dd></dl>
    <p><a href="/api/v1/openapi.json">API (OpenAPI)</a></p>
    <button id="logout">退出 Log out</button>
  </section>
</main>
<script>
const $ = (id) => document.getElementById(id);
async function show() {
  const res = await fetch('/api/v1/auth/me');
  if (res.ok) {
    const me = await res.json();
    $('who').textContent = me.user.displayName + ' (' + me.user.username + ')';
    $('role').textContent = me.user.role;
    $('home').hidden = false; $('login').hidden = true;
  } else { $('home').hidden = true; $('login').hidden = false; }
}
$('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('error').textContent = '';
  const res = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: $('username').value, password: $('password').value }) });
  if (!res.ok) { $('error').textContent = (await res.json()).error.message; return; }
  $('password').value = '';
  show();
});
$('logout').addEventListener('click', async () => { await fetch('/api/v1/auth/logout', { method: 'POST' }); show(); });
show();
</script>
</body>
</html>
`;

export function registerWebShell(app: HttpApp): void {
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page),
  );
}
