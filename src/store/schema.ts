// The database tables as Kysely sees them. Times are milliseconds since the
// Unix epoch (bigint in PostgreSQL, integer in SQLite); JSON is stored as text
// so both engines read and write it the same way.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface EventsTable {
  id: Generated<number>;
  time: number;
  type: string;
  stream: string;
  payload: string;
}

export const roles = ['admin', 'supervisor', 'agent', 'qa'] as const;
export type Role = (typeof roles)[number];

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  password_changed_at: number;
  failed_logins: number;
  locked_until: number | null;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value, so a copy of the database cannot log anyone in. */
  id: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string;
  user_agent: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** SHA-256 of the secret part. */
  token_hash: string;
  /** The first characters, shown so people can tell their tokens apart. */
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  time: number;
  actor_kind: 'user' | 'token' | 'system' | 'anonymous';
  actor_id: number | null;
  actor_name: string;
  action: string;
  resource: string;
  resource_id: string | null;
  ip: string | null;
  details: string;
}

export interface SipExtensionsTable {
  extension: string;
  display_name: string;
  /** The digest realm the HA1s were computed for; a new realm needs new passwords. */
  realm: string;
  ha1_md5: string;
  ha1_sha256: string;
  max_contacts: number;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SecretsTable {
  name: string;
  value: string;
  created_at: number;
}

export interface CallRecordsTable {
  call_id: string;
  started_at: number;
  ended_at: number | null;
  caller: string;
  caller_e164: string | null;
  dialed: string;
  queue: string | null;
  connected_to: string | null;
  agent_id: string | null;
  ended_in: string | null;
  end_cause: string | null;
  wait_ms: number | null;
  talk_ms: number | null;
  /** The whole record as JSON. */
  record: string;
  last_event_id: number;
}

export interface ProjectionCursorsTable {
  name: string;
  last_event_id: number;
}

export interface IvrFlowVersionsTable {
  id: Generated<number>;
  name: string;
  version: number;
  document: string;
  comment: string | null;
  created_at: number;
  created_by: string;
}

export interface IvrFlowsTable {
  name: string;
  description: string;
  published_version: number | null;
  published_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface DialedNumbersTable {
  number: string;
  flow: string;
  description: string;
  created_at: number;
}

export interface CustomersTable {
  id: Generated<number>;
  name: string;
  /** The name folded for prefix search. */
  name_key: string;
  email: string | null;
  email_key: string | null;
  document: string | null;
  document_key: string | null;
  /** YYYY-MM-DD. */
  birthday: string | null;
  language: string | null;
  tier: string;
  /** JSON array of tags (customer_tags indexes them). */
  tags: string;
  notes: string;
  /** 0 or 1 (SQLite has no boolean). */
  consent_calls: number;
  consent_sms: number;
  consent_email: number;
  merged_into: number | null;
  erased_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface CustomerPhonesTable {
  customer_id: number;
  e164: string;
  raw: string;
  position: number;
}

export interface CustomerTagsTable {
  tag: string;
  customer_id: number;
}

export interface CustomerInteractionsTable {
  id: Generated<number>;
  customer_id: number;
  kind: string;
  ref: string;
  started_at: number;
  ended_at: number | null;
  /** The interaction as JSON. */
  details: string;
  last_event_id: number;
}

export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  name: string;
  url: string;
  /** JSON array of event types. */
  event_types: string;
  secret: string;
  /** 0 or 1. */
  active: number;
  /** Only events after this one are delivered. */
  after_event_id: number;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  subscription_id: number;
  event_id: number;
  event_type: string;
  body: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
}

export interface QueueConfigsTable {
  name: string;
  /** The queue document as given (JSON). */
  document: string;
  version: number;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

export const reasonCodeKinds = ['not-ready', 'disposition'] as const;
export type ReasonCodeKind = (typeof reasonCodeKinds)[number];

export interface ReasonCodesTable {
  kind: ReasonCodeKind;
  code: string;
  label_zh: string;
  label_en: string;
  /** 0 or 1. */
  active: number;
  position: number;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

export interface AgentProfilesTable {
  agent_id: string;
  /** Skill name → level 1–5 (JSON). */
  skills: string;
  extension: string | null;
  /** 0 or 1. */
  outbound_calls: number;
  team: string | null;
  /** 0 or 1: the agent's phone answers offered calls by itself. */
  auto_answer: number;
  version: number;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

export interface SipTrunksTable {
  name: string;
  /** The trunk as parsed (TrunkConfig as JSON), passwords included. */
  document: string;
  version: number;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

export interface SchedulesTable {
  name: string;
  /** The schedule as given (ScheduleDocument as JSON). */
  document: string;
  version: number;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

export interface Schema {
  events: EventsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  sip_extensions: SipExtensionsTable;
  secrets: SecretsTable;
  call_records: CallRecordsTable;
  projection_cursors: ProjectionCursorsTable;
  ivr_flow_versions: IvrFlowVersionsTable;
  ivr_flows: IvrFlowsTable;
  dialed_numbers: DialedNumbersTable;
  customers: CustomersTable;
  customer_phones: CustomerPhonesTable;
  customer_tags: CustomerTagsTable;
  customer_interactions: CustomerInteractionsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  queue_configs: QueueConfigsTable;
  reason_codes: ReasonCodesTable;
  agent_profiles: AgentProfilesTable;
  sip_trunks: SipTrunksTable;
  schedules: SchedulesTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type SipExtensionRow = Selectable<SipExtensionsTable>;
