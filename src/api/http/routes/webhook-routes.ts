// Webhooks over HTTP, for admins: subscriptions (the signing secret is in the creation answer
// only), their deliveries, the dead letters, and replaying one.
import { Type } from 'typebox';
import { HotlineError } from '../../../platform/index.ts';
import {
  CreateWebhookInput,
  UpdateWebhookInput,
  WebhookDelivery,
  WebhookSubscription,
  type WebhookService,
} from '../../webhooks/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { IdParams, errorResponses } from '../schemas.ts';

export function registerWebhookRoutes(app: HttpApp, services: ApiServices): void {
  const webhooks = (): WebhookService => {
    if (!services.webhooks)
      throw new HotlineError('unavailable', 'Webhooks are not running on this node.');
    return services.webhooks;
  };
  const read = { config: { access: 'webhooks:read' as const } };
  const write = { config: { access: 'webhooks:write' as const } };
  const tags = ['webhooks'];

  app.get(
    '/api/v1/webhooks',
    {
      ...read,
      schema: {
        tags,
        summary: 'Webhook subscriptions',
        response: {
          200: Type.Object({ webhooks: Type.Array(WebhookSubscription) }),
          ...errorResponses,
        },
      },
    },
    async () => ({ webhooks: await webhooks().list() }),
  );

  app.post(
    '/api/v1/webhooks',
    {
      ...write,
      schema: {
        tags,
        summary:
          'Subscribe an http(s) address to event types; the signing secret is returned only now',
        body: CreateWebhookInput,
        response: {
          201: Type.Object({
            webhook: WebhookSubscription,
            secret: Type.String({
              description:
                'Verify X-Hotline-Signature (t=…,v1=HMAC-SHA256(secret, "t.body")) with it.',
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { subscription, secret } = await webhooks().create(request.actor, request.body);
      return reply.status(201).send({ webhook: subscription, secret });
    },
  );

  app.get(
    '/api/v1/webhooks/:id',
    {
      ...read,
      schema: {
        tags,
        summary: 'One webhook subscription',
        params: IdParams,
        response: { 200: WebhookSubscription, ...errorResponses },
      },
    },
    async (request) => webhooks().get(request.params.id),
  );

  app.patch(
    '/api/v1/webhooks/:id',
    {
      ...write,
      schema: {
        tags,
        summary: 'Change a subscription (name, address, event types, active)',
        params: IdParams,
        body: UpdateWebhookInput,
        response: { 200: WebhookSubscription, ...errorResponses },
      },
    },
    async (request) => webhooks().update(request.actor, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      ...write,
      schema: {
        tags,
        summary: 'Remove a subscription and its deliveries',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await webhooks().remove(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  const DeliveryQuery = Type.Object(
    {
      subscriptionId: Type.Optional(Type.Integer({ minimum: 1 })),
      status: Type.Optional(
        Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]),
      ),
      before: Type.Optional(Type.Integer({ minimum: 1, description: 'A delivery id (paging).' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    },
    { additionalProperties: false },
  );
  const DeliveryList = {
    200: Type.Object({ deliveries: Type.Array(WebhookDelivery) }),
    ...errorResponses,
  };

  app.get(
    '/api/v1/webhooks/deliveries',
    {
      ...read,
      schema: {
        tags,
        summary: 'Deliveries, newest first, with attempts and the last answer',
        querystring: DeliveryQuery,
        response: DeliveryList,
      },
    },
    async (request) => ({ deliveries: await webhooks().deliveries(request.query) }),
  );

  app.get(
    '/api/v1/webhooks/dead-letters',
    {
      ...read,
      schema: {
        tags,
        summary: 'Deliveries that failed every attempt, newest first',
        querystring: Type.Omit(DeliveryQuery, ['status']),
        response: DeliveryList,
      },
    },
    async (request) => ({
      deliveries: await webhooks().deliveries({ ...request.query, status: 'dead' }),
    }),
  );

  app.post(
    '/api/v1/webhooks/deliveries/:id/replay',
    {
      ...write,
      schema: {
        tags,
        summary: 'Send a dead letter again (same delivery id, fresh attempts)',
        params: IdParams,
        response: { 200: WebhookDelivery, ...errorResponses },
      },
    },
    async (request) => webhooks().replay(request.actor, request.params.id),
  );
}
