// Managing users: list, create, change role or name, disable, reset passwords, unlock.
import { Type } from 'typebox';
import type { ApiServices, HttpApp } from '../http-app.ts';
import {
  IdParams,
  Password,
  RoleSchema,
  UserSchema,
  Username,
  errorResponses,
} from '../schemas.ts';

export function registerUserRoutes(app: HttpApp, { users }: ApiServices): void {
  app.get(
    '/api/v1/users',
    {
      config: { access: 'users:list' },
      schema: {
        tags: ['users'],
        summary: 'List users',
        querystring: Type.Object(
          {
            role: Type.Optional(RoleSchema),
            includeDisabled: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ users: Type.Array(UserSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ users: await users.list(request.query) }),
  );

  app.post(
    '/api/v1/users',
    {
      config: { access: 'users:create' },
      schema: {
        tags: ['users'],
        summary: 'Create a user; without a password one is generated and returned once',
        body: Type.Object(
          {
            username: Username,
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            role: RoleSchema,
            password: Type.Optional(Password),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ user: UserSchema, generatedPassword: Type.Optional(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await users.create(request.actor, request.body)),
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: { access: 'users:read' },
      schema: {
        tags: ['users'],
        summary: 'One user',
        params: IdParams,
        response: { 200: UserSchema, ...errorResponses },
      },
    },
    async (request) => users.get(request.params.id),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { access: 'users:update' },
      schema: {
        tags: ['users'],
        summary: 'Change display name or role, disable or enable (their sessions end)',
        params: IdParams,
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            role: Type.Optional(RoleSchema),
            disabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UserSchema, ...errorResponses },
      },
    },
    async (request) => users.update(request.actor, request.params.id, request.body),
  );

  app.post(
    '/api/v1/users/:id/password',
    {
      config: { access: 'users:reset-password' },
      schema: {
        tags: ['users'],
        summary: "Reset a user's password; send {} to have one generated and returned once",
        params: IdParams,
        body: Type.Optional(
          Type.Object({ password: Type.Optional(Password) }, { additionalProperties: false }),
        ),
        response: {
          200: Type.Object({ generatedPassword: Type.Optional(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (request) => users.resetPassword(request.actor, request.params.id, request.body.password),
  );

  app.post(
    '/api/v1/users/:id/unlock',
    {
      config: { access: 'users:update' },
      schema: {
        tags: ['users'],
        summary: 'Lift a lockout caused by failed logins',
        params: IdParams,
        response: { 200: UserSchema, ...errorResponses },
      },
    },
    async (request) => users.unlock(request.actor, request.params.id),
  );
}
