// Queues: the document an administrator saves, the settings the ACD runs with and the list view.
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
