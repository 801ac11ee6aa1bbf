// The API's shapes as the web client reads them. They mirror the server's
// TypeBox schemas; test/browser/web-api-types.check.ts fails the type-check
// when the two drift apart.
export type Role = 'admin' | 'supervisor' | 'agent' | 'qa';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  lockedUntil: number | null;
  passwordChangedAt: number;
  createdAt: number;
  updatedAt: number;
}

export interface Me {
  user: User;
  via: 'session' | 'token';
  permissions: string[];
}

/** GET /api/v1/agents, /api/v1/agents/me (schema `Agent`). */
export interface AgentView {
  agentId: string;
  extension: string;
  state: string;
  reason: string | null;
  since: number;
  registered: boolean;
  skills: Record<string, number>;
  callsAnswered: number;
}

/** GET /api/v1/calls (schema `CallRecord`). */
export interface CallRecord {
  callId: string;
  startedAt: number;
  endedAt: number | null;
  caller: string;
  callerE164: string | null;
  callerName: string | null;
  dialed: string;
  source: string;
  flow: string | null;
  ivrPath: string[];
  ivrOutcome: string | null;
  language: string | null;
  vars: Record<string, string>;
  queue: string | null;
  queuedAt: number | null;
  connectedTo: string | null;
  agentId: string | null;
  connectedAt: number | null;
  waitMs: number | null;
  talkMs: number | null;
  holdMs: number;
  endedIn: string | null;
  endCause: string | null;
  endedBy: string | null;
  recordings: { recordingId: string; path: string; durationMs: number }[];
  voicemail: string | null;
  callbackNumber: string | null;
  surveyScore: number | null;
  /** Each connection of the customer, in order; one more after every transfer. */
  segments: {
    target: string;
    agentId: string | null;
    queue: string | null;
    connectedAt: number;
    endedAt: number | null;
    transferredTo: string | null;
  }[];
  disposition: string | null;
  notes: string | null;
  /** The CRM customer the caller was matched to. */
  customerId: string | null;
  lastEventId: number;
}

export interface FlowSummary {
  name: string;
  description: string;
  publishedVersion: number | null;
  publishedAt: number | null;
  latestVersion: number;
  updatedAt: number;
}

export interface FlowVersion {
  flow: FlowSummary;
  version: number;
  document: Record<string, unknown>;
  comment: string | null;
  createdAt: number;
  createdBy: string;
}

/** An event from the log, as /api/v1/ws and /api/v1/events deliver it. */
export interface LogEvent {
  id: number;
  time: number;
  type: string;
  stream: string;
  payload: Record<string, unknown>;
}

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
