// Webhook request and response schemas, shared by the routes, the OpenAPI document and the web
// client (Static<>).
import { Type, type Static } from 'typebox';

export const WebhookSubscription = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    url: Type.String(),
    eventTypes: Type.Array(Type.String()),
    active: Type.Boolean(),
    secretHint: Type.String({
      description: 'The end of the signing secret, to tell secrets apart; the whole is shown once.',
    }),
    createdAt: Type.Integer(),
    updatedAt: Type.Integer(),
  },
  { $id: 'WebhookSubscription' },
);
export type WebhookSubscription = Static<typeof WebhookSubscription>;

export const WebhookDelivery = Type.Object(
  {
    id: Type.Integer({ description: 'Also sent as X-Hotline-Delivery and Idempotency-Key.' }),
    subscriptionId: Type.Integer(),
    eventId: Type.Integer({ description: 'The log sequence number of the event.' }),
    eventType: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]),
    attempts: Type.Integer(),
    nextAttemptAt: Type.Union([Type.Integer(), Type.Null()]),
    lastAttemptAt: Type.Union([Type.Integer(), Type.Null()]),
    lastStatus: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The HTTP status of the last attempt; null when it got no answer.',
    }),
    lastError: Type.Union([Type.String(), Type.Null()]),
    deliveredAt: Type.Union([Type.Integer(), Type.Null()]),
    createdAt: Type.Integer(),
  },
  { $id: 'WebhookDelivery' },
);
export type WebhookDelivery = Static<typeof WebhookDelivery>;

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Url = Type.String({
  minLength: 1,
  maxLength: 2000,
  description: 'An http:// or https:// address that receives POSTs.',
});
const EventTypes = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  minItems: 1,
  maxItems: 100,
  uniqueItems: true,
  description: 'Event types to send (call.ended, agent.state-changed, …), or ["*"] for all.',
});

export const CreateWebhookInput = Type.Object(
  { name: Name, url: Url, eventTypes: EventTypes, active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type CreateWebhookInput = Static<typeof CreateWebhookInput>;

export const UpdateWebhookInput = Type.Object(
  {
    name: Type.Optional(Name),
    url: Type.Optional(Url),
    eventTypes: Type.Optional(EventTypes),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateWebhookInput = Static<typeof UpdateWebhookInput>;
