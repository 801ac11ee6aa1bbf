// Who may call what: every route declares its access (public, any logged-in
// user, or a named permission from the policies), and this hook enforces it.
// A route without a declaration refuses to register: secure by default.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HotlineError } from '../../platform/index.ts';
import { isAllowed, type Actor, type AuthService, type Permission } from '../auth/index.ts';

export type Access = 'public' | 'authenticated' | Permission;

export const SESSION_COOKIE = 'hotline_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The caller; kind "anonymous" on public routes without credentials. */
    actor: Actor;
    /** The raw session cookie value, when the caller used one. */
    sessionSecret: string | undefined;
  }
}

export function installAccessControl(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('sessionSecret', undefined);

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no access (config.access)`,
      );
    }
  });

  app.addHook('onRequest', async (request) => {
    request.actor = anonymous(request);
    const access = request.routeOptions.config.access;
    if (access === undefined) return; // not-found and other framework answers
    const actor = await identify(request, auth);
    if (actor) request.actor = actor;
    if (access === 'public') return;
    if (!actor) {
      throw new HotlineError(
        'unauthenticated',
        'log in first, or send an API token as "Authorization: Bearer htk_…"',
      );
    }
    if (access !== 'authenticated' && (actor.role === null || !isAllowed(actor.role, access))) {
      throw new HotlineError(
        'forbidden',
        `your role (${actor.role ?? 'none'}) may not ${access.replace(':', ' ')}`,
      );
    }
  });
}

function anonymous(request: FastifyRequest): Actor {
  return { kind: 'anonymous', userId: null, name: 'anonymous', role: null, ip: request.ip };
}

async function identify(request: FastifyRequest, auth: AuthService): Promise<Actor | undefined> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    // A wrong token is an error even where the route is public: the caller meant to authenticate.
    const actor = m ? await auth.authenticateToken(m[1]!, request.ip) : undefined;
    if (!actor)
      throw new HotlineError('unauthenticated', 'the API token is unknown, revoked or expired');
    return actor;
  }
  const secret = request.cookies[SESSION_COOKIE];
  if (secret) {
    const actor = await auth.authenticateSession(secret, request.ip);
    if (actor) request.sessionSecret = secret;
    return actor;
  }
  return undefined;
}
