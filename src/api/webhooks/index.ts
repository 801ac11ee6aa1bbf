// Webhooks: subscriptions, signed at-least-once deliveries with retries, dead letters, replay.
export { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher.ts';
export { webhookEventTypes } from './webhook-event-types.ts';
export * from './webhook-schemas.ts';
export { WebhookService } from './webhook-service.ts';
export { SIGNATURE_HEADER, signWebhook, verifyWebhookSignature } from './webhook-signature.ts';
