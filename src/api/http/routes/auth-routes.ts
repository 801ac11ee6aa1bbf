// Logging in and out, and the caller's own identity and password.
import { Type } from 'typebox';
import { allPermissions, isAllowed } from '../../auth/index.ts';
import { SESSION_COOKIE } from '../access-control.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { ErrorResponse, Password, UserSchema, errorResponses } from '../schemas.ts';

export interface SessionCookieSettings {
  secure: boolean;
}

export function registerAuthRoutes(
  app: HttpApp,
  { auth, users }: ApiServices,
  cookie: SessionCookieSettings,
): void {
  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Log in with a username and password; sets the session cookie',
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 64 }), password: Password },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ user: UserSchema, expiresAt: Type.Integer() }),
          ...errorResponses,
          423: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const result = await auth.login(request.body.username, request.body.password, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      reply.setCookie(SESSION_COOKIE, result.sessionSecret, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: cookie.secure,
        expires: new Date(result.expiresAt),
      });
      return { user: users.view(result.user), expiresAt: result.expiresAt };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.sessionSecret) await auth.logout(request.sessionSecret, request.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Who the caller is and what they may do',
        response: {
          200: Type.Object({
            user: UserSchema,
            via: Type.Union([Type.Literal('session'), Type.Literal('token')]),
            permissions: Type.Array(Type.String()),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = await users.get(request.actor.userId!);
      return {
        user,
        via: request.actor.kind === 'token' ? ('token' as const) : ('session' as const),
        permissions: allPermissions().filter((p) => isAllowed(user.role, p)),
      };
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (other sessions end)',
        body: Type.Object(
          { currentPassword: Password, newPassword: Password },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await users.changeOwnPassword(
        request.actor,
        request.body.currentPassword,
        request.body.newPassword,
      );
      return reply.status(204).send(null);
    },
  );
}
