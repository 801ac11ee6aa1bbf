// The CRM as the desk's screen pop reads it: customers, caller lookup and the interaction
// timeline.
/** GET /api/v1/customers/:id (schema `Customer`): the ID document comes masked. */
export interface Customer {
  id: number;
  name: string;
  phones: { e164: string; raw: string }[];
  email: string | null;
  document: string | null;
  birthday: string | null;
  language: string | null;
  tier: string;
  tags: string[];
  notes: string;
  consent: { calls: boolean; sms: boolean; email: boolean };
  erasedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** GET /api/v1/customers/lookup: the customers a caller number belongs to. */
export interface CallerLookup {
  e164: string | null;
  customers: { id: number; name: string; tier: string }[];
}

/** GET /api/v1/customers/:id/interactions: one entry of the timeline. */
export interface Interaction {
  id: number;
  customerId: number;
  kind: string;
  ref: string;
  startedAt: number;
  endedAt: number | null;
  details: Record<string, unknown>;
}

/** What the screen pop reads of a call interaction's details (server: CallInteractionDetails). */
export interface CallInteractionSummary {
  callId: string;
  queue: string | null;
  agentId: string | null;
  talkMs: number | null;
  endedIn: string | null;
  disposition: { code: string; notes: string | null } | null;
}
