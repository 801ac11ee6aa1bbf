// API tokens for integrations: each acts as its user, is shown once, can be revoked.
import { Type } from 'typebox';
import { HotlineError } from '../../../platform/index.ts';
import { isAllowed, type Actor } from '../../auth/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { ApiTokenSchema, IdParams, errorResponses } from '../schemas.ts';

function mayManage(actor: Actor, ownerId: number): boolean {
  return (
    actor.userId === ownerId ||
    (actor.role !== null && isAllowed(actor.role, 'api-tokens:manage-any'))
  );
}

export function registerTokenRoutes(app: HttpApp, { auth }: ApiServices): void {
  app.get(
    '/api/v1/tokens',
    {
      config: { access: 'api-tokens:manage-own' },
      schema: {
        tags: ['api-tokens'],
        summary: "List your API tokens (admins: anyone's, with userId)",
        querystring: Type.Object(
          { userId: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ tokens: Type.Array(ApiTokenSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const userId = request.query.userId ?? request.actor.userId!;
      if (!mayManage(request.actor, userId)) {
        throw new HotlineError('forbidden', "only admins may list other users' tokens");
      }
      return { tokens: await auth.listApiTokens(userId) };
    },
  );

  app.post(
    '/api/v1/tokens',
    {
      config: { access: 'api-tokens:manage-own' },
      schema: {
        tags: ['api-tokens'],
        summary: 'Create an API token; the token itself is returned only now',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
            userId: Type.Optional(
              Type.Integer({ minimum: 1, description: 'Admins only: make it for another user.' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ token: Type.String(), apiToken: ApiTokenSchema }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const userId = request.body.userId ?? request.actor.userId!;
      if (!mayManage(request.actor, userId)) {
        throw new HotlineError('forbidden', 'only admins may create tokens for other users');
      }
      const { token, view } = await auth.createApiToken(request.actor, { ...request.body, userId });
      return reply.status(201).send({ token, apiToken: view });
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: { access: 'api-tokens:manage-own' },
      schema: {
        tags: ['api-tokens'],
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const token = await auth.apiToken(request.params.id);
      if (!mayManage(request.actor, token.userId)) {
        throw new HotlineError('not-found', `there is no API token ${request.params.id}`);
      }
      await auth.revokeApiToken(request.actor, token.id);
      return reply.status(204).send(null);
    },
  );
}
