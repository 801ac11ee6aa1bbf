// Which log events webhooks may carry: the call, agent and queue events an integrator builds on.
// Account and security events (users, sessions, tokens) never leave through a webhook.
import { agentEventTypes, callEventTypes, queueEventTypes } from '../../callcenter/index.ts';

export const webhookEventTypes: ReadonlySet<string> = new Set<string>([
  ...callEventTypes,
  ...agentEventTypes,
  ...queueEventTypes,
]);

/** A subscription's list: event types, or "*" for every type above. */
export function matches(subscribed: readonly string[], type: string): boolean {
  return subscribed.includes('*') || subscribed.includes(type);
}
