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
  wrapUpEndsAt: number | null;
  registered: boolean;
  skills: Record<string, number>;
  callsAnswered: number;
  /** The call ringing on the agent's phone that the desk can answer (remote answer), or null. */
  remoteAnswerCallId: string | null;
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
  direction: 'inbound' | 'outbound';
  flow: string | null;
  ivrPath: string[];
  ivrOutcome: string | null;
  selfService: string | null;
  ivrContained: boolean;
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

/** One entry of GET /api/v1/ivr/flows/{name}/versions, newest first. */
export interface FlowVersionSummary {
  version: number;
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

/** The service-level formulas of METRICS.md (server: serviceLevelVariants). */
export type ServiceLevelVariant =
  | 'answered-over-offered-minus-short-abandons'
  | 'answered-over-answered'
  | 'answered-over-offered'
  | 'answered-or-abandoned-within-over-offered'
  | 'answered-over-offered-minus-abandoned-within';

/** Where a queue sends a call it gives up on, as a document names it (server: Target). */
export interface QueueTargetInput {
  kind: 'voicemail' | 'callback' | 'flow';
  flow?: string;
}

/** A queue document as saved and sent (server: QueueConfigInput); all but the name optional. */
export interface QueueDocument {
  name: string;
  serviceLevel?: {
    percent?: number;
    seconds?: number;
    variant?: ServiceLevelVariant;
    shortAbandonSeconds?: number;
  };
  ringTimeoutSeconds?: number;
  wrapUpSeconds?: number;
  wrapUpUntilAgentEnds?: boolean;
  maxWaiting?: number;
  maxWaitSeconds?: number;
  overflow?: QueueTargetInput;
  priority?: number;
  skills?: { skill: string; minLevel?: number }[];
  strategy?: string;
  announcements?: { atJoin?: boolean; everySeconds?: number; position?: boolean; ewt?: boolean };
  musicOnHold?: string;
  escalation?: {
    afterSeconds: number;
    relaxSkillsBy?: number;
    addQueue?: string;
    leaveTo?: QueueTargetInput;
  }[];
  stickyWaitSeconds?: number;
  callback?: {
    maxAttempts?: number;
    retryIntervalSeconds?: number;
    customerRingSeconds?: number;
    expirySeconds?: number;
  };
  expectedHandleSeconds?: number;
  ringAll?: { noAnswer?: 'release' | 'park' };
}

export type QueueTarget =
  { kind: 'voicemail' } | { kind: 'callback' } | { kind: 'flow'; flow: string };

/** A queue's effective settings, every default filled in (server: QueueConfig). */
export interface QueueSettings {
  name: string;
  serviceLevel: {
    percent: number;
    seconds: number;
    variant: ServiceLevelVariant;
    shortAbandonSeconds: number;
  };
  ringTimeoutSeconds: number;
  wrapUpSeconds: number;
  wrapUpUntilAgentEnds: boolean;
  maxWaiting: number | null;
  maxWaitSeconds: number | null;
  overflow: QueueTarget;
  priority: number;
  skills: { skill: string; minLevel: number }[];
  strategy: string;
  announcements: { atJoin: boolean; everySeconds: number; position: boolean; ewt: boolean };
  musicOnHold: string | null;
  escalation: ({ afterSeconds: number } & (
    | { action: 'relax-skills'; by: number }
    | { action: 'add-queue'; queue: string }
    | { action: 'leave'; to: QueueTarget }
  ))[];
  stickyWaitSeconds: number;
  callback: {
    maxAttempts: number;
    retryIntervalSeconds: number;
    customerRingSeconds: number;
    expirySeconds: number;
  };
  expectedHandleSeconds: number;
  ringAll: { noAnswer: 'release' | 'park' };
}

/** GET /api/v1/queues, /api/v1/queues/:name (schema `QueueView`). */
export interface QueueView {
  name: string;
  document: QueueDocument;
  config: QueueSettings;
  version: number;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
  waiting: number | null;
}

/** GET /api/v1/reason-codes and /api/v1/disposition-codes (schema `ReasonCode`). */
export interface ReasonCode {
  code: string;
  labels: { zh: string; en: string };
  active: boolean;
  position: number;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

/** GET /api/v1/audit (schema `AuditEntrySchema`). */
export interface AuditEntry {
  id: number;
  time: number;
  actorKind: string;
  actorId: number | null;
  actorName: string;
  action: string;
  resource: string;
  resourceId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** GET /api/v1/agent-profiles, /api/v1/agent-profiles/:agentId (schema `AgentProfile`). */
export interface AgentProfile {
  agentId: string;
  /** Skill name → level 1 (basic) to 5 (expert). */
  skills: Record<string, number>;
  extension: string | null;
  outboundCalls: boolean;
  team: string | null;
  /** The agent's desk phone answers offered calls by itself. */
  autoAnswer: boolean;
  version: number;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

/** PUT /api/v1/agent-profiles/:agentId (schema `AgentProfileInput`). */
export interface AgentProfileInput {
  skills: Record<string, number>;
  extension?: string | null;
  outboundCalls?: boolean;
  team?: string | null;
  autoAnswer?: boolean;
}

/** What the running ACD did with saved skills (null: telephony is not running). */
export type SkillsApplied = 'now' | 'at-login' | 'unchanged' | null;

/** GET /api/v1/extensions (schema `ExtensionView`): never a password. */
export interface ExtensionView {
  extension: string;
  displayName: string;
  registered: boolean;
  contacts: number;
  agentId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** An open range of a day: `from` inclusive, `to` exclusive (`24:00` ends the day). */
export interface ScheduleRange {
  from: string;
  to: string;
}

/** A date whose hours replace its weekday's (schema `ScheduleException`); none: closed. */
export interface ScheduleException {
  date: string;
  name?: string;
  hours?: ScheduleRange[];
}

/** A schedule as saved and sent (schema `ScheduleDocument`, the PUT body). */
export interface ScheduleDocument {
  description?: string;
  timeZone?: string;
  hours: {
    mon?: ScheduleRange[];
    tue?: ScheduleRange[];
    wed?: ScheduleRange[];
    thu?: ScheduleRange[];
    fri?: ScheduleRange[];
    sat?: ScheduleRange[];
    sun?: ScheduleRange[];
  };
  exceptions?: ScheduleException[];
}

/** GET /api/v1/schedules, /api/v1/schedules/:name (schema `ScheduleView`). */
export interface ScheduleView {
  name: string;
  document: ScheduleDocument;
  /** The zone the hours are read in: the document's, or the center's. */
  timeZone: string;
  version: number;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

/** A trunk's registration, keep-alive and calls now (schema `TrunkHealth`). */
export interface TrunkHealth {
  name: string;
  status: 'up' | 'down' | 'unknown';
  keepAlive: {
    state: 'unknown' | 'up' | 'down';
    since: number;
    lastStatus: number | null;
    lastRttMs: number | null;
  } | null;
  registration: {
    state: 'unregistered' | 'registering' | 'registered' | 'failed' | 'unregistering';
    since: number;
    expiresAt: number | null;
    reason: string | null;
  } | null;
  activeCalls: number;
  maxConcurrentCalls: number | null;
  error: string | null;
}

/** GET /api/v1/trunks, /api/v1/trunks/:name (schema `TrunkView`): never a password. */
export interface TrunkView {
  name: string;
  /** config: from the config file, read-only; api: managed here. */
  source: 'config' | 'api';
  host: string;
  port: number;
  transport: 'udp' | 'tcp' | 'tls';
  tlsAcceptSelfSigned: boolean;
  inbound: { addresses: string[]; username: string | null; passwordSet: boolean };
  outbound: {
    username: string | null;
    passwordSet: boolean;
    register: boolean;
    registerExpires: number;
    fromUser: string;
    fromDomain: string | null;
    passCallerId: boolean;
  } | null;
  keepAliveSeconds: number;
  maxConcurrentCalls: number | null;
  dial: { stripPrefix: string | null; addPrefix: string | null };
  version: number | null;
  createdAt: number | null;
  updatedAt: number | null;
  updatedBy: string | null;
  /** null while telephony is not running. */
  status: TrunkHealth | null;
}

/** PUT /api/v1/trunks/:name (schema `TrunkInput`): a password left out keeps the stored one. */
export interface TrunkInput {
  host: string;
  port?: number;
  transport?: 'udp' | 'tcp' | 'tls';
  tlsAcceptSelfSigned?: boolean;
  inbound?: { addresses?: string[]; username?: string; password?: string };
  outbound?: {
    username?: string;
    password?: string;
    register?: boolean;
    registerExpires?: number;
    fromUser?: string;
    fromDomain?: string;
    passCallerId?: boolean;
  };
  keepAliveSeconds?: number;
  maxConcurrentCalls?: number;
  dial?: { stripPrefix?: string; addPrefix?: string };
}

/** GET /api/v1/prompts, PUT /api/v1/prompts/:language/:name (schema `PromptEntry`). */
export interface PromptEntry {
  name: string;
  language: string;
  /** shipped: the built-in catalogue; uploaded: in the data folder (a replacement or custom/…). */
  source: 'shipped' | 'uploaded';
  /** Known for uploads only. */
  durationMs: number | null;
}

/** POST /api/v1/prompt-recordings, GET /api/v1/prompt-recordings/:id (`PromptRecordingView`). */
export interface PromptRecording {
  id: string;
  language: string;
  name: string;
  extension: string;
  state: 'calling' | 'instructing' | 'recording' | 'saving' | 'done';
  /** Set when it ended without a prompt: why. */
  error?: string;
  durationMs?: number;
}
