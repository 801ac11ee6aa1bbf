// The HTTP API of a running Hotline as the e2e tests use it: log in (a session
// cookie), call an endpoint, read the JSON answer.
import assert from 'node:assert/strict';

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export interface HotlineApi {
  login(username: string, password: string): Promise<string>;
  call(
    cookie: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer>;
}

export function hotlineApi(base: string): HotlineApi {
  return {
    async login(username, password) {
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      assert.equal(res.status, 200, `login of ${username}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    },
    async call(cookie, method, path, body, headers = {}) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          cookie,
          ...headers,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return {
        status: res.status,
        body: (await res.json().catch(() => null)) as Record<string, unknown>,
        headers: res.headers,
      };
    },
  };
}
