// The CTI event union for the agent desk and the wallboard, as TypeBox schemas: the server's
// WebSocket frames and the REST snapshot are described by these, and the web client takes its
// types from them (Static<>), so both sides share one definition.
import { Type, type Static, type TSchema } from 'typebox';
import { agentStates, callStates, serviceLevelVariants } from '../../callcenter/index.ts';
import { TelephonyHealth } from './telephony-health.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const CtiAgentState = Type.Enum([...agentStates]);
export const CtiCallState = Type.Enum([...callStates]);

/** Fields every CTI event has: where it sits in the log, and when it happened. */
const base = {
  seq: Type.Integer({
    description: 'The sequence number of the log event this comes from; resume with ?after=seq.',
  }),
  time: Type.Integer({ description: 'When it happened (epoch ms).' }),
};

const Caller = Type.Object({
  number: Type.String(),
  e164: Nullable(Type.String()),
  displayName: Nullable(Type.String()),
});

export const CtiAgentStateChanged = Type.Object({
  ...base,
  type: Type.Literal('agent.state-changed'),
  agentId: Type.String({ description: 'The agent’s username.' }),
  state: CtiAgentState,
  previousState: CtiAgentState,
  previousStateMs: Type.Integer({ description: 'How long the agent was in previousState.' }),
  reason: Nullable(Type.String({ description: 'The not-ready reason code.' })),
  extension: Nullable(Type.String()),
  callId: Nullable(Type.String()),
  queue: Nullable(Type.String()),
  wrapUpMs: Type.Optional(
    Type.Integer({
      description:
        'Into wrap-up: after this long the agent is ready by itself (absent: when they say).',
    }),
  ),
});

export const CtiAgentDeviceChanged = Type.Object({
  ...base,
  type: Type.Literal('agent.device-changed'),
  agentId: Type.String(),
  extension: Type.String(),
  registered: Type.Boolean(),
});

export const CtiCallOffered = Type.Object({
  ...base,
  type: Type.Literal('call.offered'),
  callId: Type.String(),
  caller: Caller,
  dialed: Type.String(),
});

export const CtiCallQueued = Type.Object({
  ...base,
  type: Type.Literal('call.queued'),
  callId: Type.String(),
  queue: Type.String(),
  priority: Type.Integer(),
  caller: Nullable(Caller),
});

export const CtiCallAlerting = Type.Object({
  ...base,
  type: Type.Literal('call.alerting'),
  callId: Type.String(),
  /** The agent whose phone rings; null for a plain extension. */
  agentId: Nullable(Type.String()),
  target: Type.String(),
  queue: Nullable(Type.String()),
  caller: Nullable(Caller),
});

/** The phone the call alerts (an agent's) really rings: whether the desk can answer it. */
export const CtiCallRinging = Type.Object({
  ...base,
  type: Type.Literal('call.ringing'),
  callId: Type.String(),
  agentId: Nullable(Type.String()),
  target: Type.String({ description: 'The extension that rings.' }),
  remoteAnswer: Type.Boolean({
    description:
      'The phone takes remote answer: the agent can answer from the desk (POST /api/v1/calls/{callId}/answer).',
  }),
});

/** The agent answered from the desk but the phone did not pick up: it still rings. */
export const CtiCallAnswerFailed = Type.Object({
  ...base,
  type: Type.Literal('call.answer-failed'),
  callId: Type.String(),
  agentId: Type.String(),
  reason: Type.String({
    description:
      'refused (the phone said no), no-response, not-supported, not-ringing (answered or gone meanwhile)',
  }),
});

export const CtiCallAnswered = Type.Object({
  ...base,
  type: Type.Literal('call.answered'),
  callId: Type.String(),
  agentId: Nullable(Type.String()),
  target: Type.String(),
  queue: Nullable(Type.String()),
  caller: Nullable(Caller),
});

export const CtiCallHeld = Type.Object({
  ...base,
  type: Type.Literal('call.held'),
  callId: Type.String(),
  agentId: Nullable(Type.String()),
});

export const CtiCallResumed = Type.Object({
  ...base,
  type: Type.Literal('call.resumed'),
  callId: Type.String(),
  agentId: Nullable(Type.String()),
});

export const CtiCallTransferred = Type.Object({
  ...base,
  type: Type.Literal('call.transferred'),
  callId: Type.String(),
  /** The agent who transferred the call. */
  agentId: Nullable(Type.String()),
  to: Type.Object({
    kind: Type.String({ description: 'queue, agent, extension or external' }),
    target: Type.String({ description: 'The queue name, agent, extension or number.' }),
  }),
  transfer: Type.Union([Type.Literal('blind'), Type.Literal('attended')]),
});

const ConsultPhase = Type.Union(
  [
    Type.Literal('ringing'),
    Type.Literal('connected'),
    Type.Literal('conference'),
    Type.Literal('ended'),
  ],
  {
    description:
      'ringing: the consulted phone rings (the customer hears music); connected: the agent talks to them; conference: all three talk; ended: over (see reason).',
  },
);

/** An agent's consultation before an attended transfer, or its conference, moved on. */
export const CtiCallConsult = Type.Object({
  ...base,
  type: Type.Literal('call.consult'),
  callId: Type.String(),
  /** The consulting agent. */
  agentId: Nullable(Type.String()),
  phase: ConsultPhase,
  target: Nullable(Type.String({ description: 'The extension or number consulted.' })),
  reason: Nullable(
    Type.String({
      description: 'Why it ended: completed, cancelled, hung-up, busy, no-answer, failed.',
    }),
  ),
});

export const CtiMonitorMode = Type.Union(
  [Type.Literal('listen'), Type.Literal('whisper'), Type.Literal('barge')],
  {
    description:
      'listen: hears both, heard by nobody; whisper: heard by the agent only; barge: heard by both.',
  },
);

const MonitorPhase = Type.Union([Type.Literal('ringing'), Type.Literal('joined')], {
  description: 'ringing: the supervisor’s phone rings; joined: they answered and are on the call.',
});

/** A supervisor on a live call (listening, whispering or barged in). */
export const CtiMonitor = Type.Object({
  supervisor: Type.String({ description: 'The supervisor’s username.' }),
  extension: Nullable(Type.String({ description: 'The supervisor’s phone.' })),
  mode: CtiMonitorMode,
  phase: MonitorPhase,
  since: Type.Integer({
    description:
      'When their current mode began (epoch ms): an agent cannot tell from it how long they were listened to.',
  }),
});
export type CtiMonitor = Static<typeof CtiMonitor>;

/**
 * A supervisor started, joined, changed mode on or left a call. An agent sees this only on their
 * own call and only when they hear the supervisor (whisper, barge): a switch to listen reaches
 * them as `ended` (for them the supervisor left), and silent listening never does.
 */
export const CtiCallMonitor = Type.Object({
  ...base,
  type: Type.Literal('call.monitor'),
  callId: Type.String(),
  /** The agent on the monitored call. */
  agentId: Nullable(Type.String()),
  supervisor: Type.String({ description: 'The supervisor’s username.' }),
  extension: Nullable(Type.String()),
  mode: CtiMonitorMode,
  previousMode: Nullable(CtiMonitorMode),
  phase: Type.Union([MonitorPhase, Type.Literal('ended')]),
});

export const CtiCallLeftQueue = Type.Object({
  ...base,
  type: Type.Literal('call.left-queue'),
  callId: Type.String(),
  queue: Type.String(),
  reason: Type.String({ description: 'abandoned, max-wait, escalation, callback, moved' }),
  waitMs: Type.Integer(),
});

export const CtiCallEnded = Type.Object({
  ...base,
  type: Type.Literal('call.ended'),
  callId: Type.String(),
  /** The agent the call was with, if it reached one. */
  agentId: Nullable(Type.String()),
  queue: Nullable(Type.String()),
  from: CtiCallState,
  cause: Type.String(),
  by: Type.Union([
    Type.Literal('customer'),
    Type.Literal('agent'),
    Type.Literal('supervisor'),
    Type.Literal('system'),
  ]),
});

/** A queue's live figures (METRICS.md definitions; counts are of the center's day). */
export const CtiQueueFigures = Type.Object({
  queue: Type.String(),
  waiting: Type.Integer({ description: 'Calls waiting in the queue now (callbacks excluded).' }),
  oldestWaitingSince: Nullable(
    Type.Integer({ description: 'Queue entry of the oldest waiting call (epoch ms).' }),
  ),
  longestWaitMs: Type.Integer({
    description: 'Live longest wait: now − the oldest waiting call’s queue entry (0: none).',
  }),
  day: Type.String({ description: 'The center’s day the counts are of (YYYY-MM-DD).' }),
  offered: Type.Integer({ description: 'Calls that entered the queue today.' }),
  answered: Type.Integer(),
  answeredWithinThreshold: Type.Integer(),
  abandoned: Type.Integer(),
  abandonedWithinShort: Type.Integer(),
  abandonedWithinThreshold: Type.Integer(),
  otherExits: Type.Integer({ description: 'Left unanswered but not abandoned (max wait, …).' }),
  answeredWaitMs: Type.Integer({ description: 'Total wait of answered calls (for ASA).' }),
  asaMs: Nullable(Type.Number({ description: 'answeredWaitMs / answered; null when none.' })),
  serviceLevel: Type.Object({
    value: Nullable(Type.Number({ description: '0–1; null when the formula divides by zero.' })),
    variant: Type.Enum([...serviceLevelVariants]),
    thresholdSeconds: Type.Integer(),
    shortAbandonSeconds: Type.Integer(),
    targetPercent: Type.Number(),
  }),
  agents: Type.Record(Type.String(), Type.Integer(), {
    description: 'Agents serving the queue by state (empty when membership is unknown).',
  }),
});
export type CtiQueueFigures = Static<typeof CtiQueueFigures>;

export const CtiQueueStatisticsChanged = Type.Object({
  ...base,
  type: Type.Literal('queue.statistics-changed'),
  figures: CtiQueueFigures,
});

export const CtiEvent = Type.Union(
  [
    CtiAgentStateChanged,
    CtiAgentDeviceChanged,
    CtiCallOffered,
    CtiCallQueued,
    CtiCallAlerting,
    CtiCallRinging,
    CtiCallAnswerFailed,
    CtiCallAnswered,
    CtiCallHeld,
    CtiCallResumed,
    CtiCallTransferred,
    CtiCallConsult,
    CtiCallMonitor,
    CtiCallLeftQueue,
    CtiCallEnded,
    CtiQueueStatisticsChanged,
  ],
  { $id: 'CtiEvent' },
);
export type CtiEvent = Static<typeof CtiEvent>;
export type CtiEventType = CtiEvent['type'];

export const CtiAgent = Type.Object({
  agentId: Type.String(),
  state: CtiAgentState,
  reason: Nullable(Type.String()),
  extension: Nullable(Type.String()),
  since: Type.Integer({ description: 'When the agent entered this state (epoch ms).' }),
  timeInStateMs: Type.Integer(),
  registered: Nullable(Type.Boolean()),
  callId: Nullable(Type.String()),
});
export type CtiAgent = Static<typeof CtiAgent>;

export const CtiCall = Type.Object({
  callId: Type.String(),
  state: CtiCallState,
  caller: Caller,
  dialed: Type.String(),
  queue: Nullable(Type.String()),
  agentId: Nullable(Type.String()),
  startedAt: Type.Integer(),
  stateSince: Type.Integer(),
  queuedAt: Nullable(Type.Integer()),
  consult: Type.Optional(
    Type.Object(
      { phase: ConsultPhase, target: Nullable(Type.String()) },
      { description: 'The agent’s consultation or conference on this call, while there is one.' },
    ),
  ),
  monitors: Type.Optional(
    Type.Array(CtiMonitor, {
      description:
        'The supervisors on this call, while there are any (an agent sees only those they hear).',
    }),
  ),
});
export type CtiCall = Static<typeof CtiCall>;

export const CtiSnapshot = Type.Object(
  {
    seq: Type.Integer({ description: 'The last log event this snapshot includes.' }),
    time: Type.Integer({ description: 'When it was taken (epoch ms).' }),
    agents: Type.Array(CtiAgent),
    calls: Type.Array(CtiCall),
    queues: Type.Array(CtiQueueFigures),
    agentsByState: Type.Record(Type.String(), Type.Integer()),
    telephony: Type.Optional(
      Type.Union([TelephonyHealth, Type.Null()], {
        description:
          'Telephony health, for roles that read telephony (supervisor, admin); null when it is not wired on this node.',
      }),
    ),
  },
  { $id: 'CtiSnapshot' },
);
export type CtiSnapshot = Static<typeof CtiSnapshot>;

/**
 * What the server sends on /api/v1/cti/ws. Events of one log entry travel in one `events` frame,
 * so a client that stored `seq` never holds half of an entry.
 */
export const CtiServerMessage = Type.Union([
  Type.Object({
    type: Type.Literal('hello'),
    user: Type.Object({ name: Type.String(), role: Nullable(Type.String()) }),
    seq: Type.Integer(),
    /** true: the frames after `after` follow; false: a snapshot follows (fresh or too far behind). */
    resumed: Type.Boolean(),
  }),
  Type.Object({ type: Type.Literal('snapshot'), snapshot: CtiSnapshot }),
  Type.Object({ type: Type.Literal('events'), seq: Type.Integer(), events: Type.Array(CtiEvent) }),
  /**
   * Telephony health when it changed (supervisors and admins). Not an event of the log: it has
   * no seq, and after a resume the current figures follow the hello.
   */
  Type.Object({ type: Type.Literal('telephony.health'), health: TelephonyHealth }),
  Type.Object({ type: Type.Literal('pong') }),
  Type.Object({
    type: Type.Literal('error'),
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      field: Type.Optional(Type.String()),
    }),
  }),
]);
export type CtiServerMessage = Static<typeof CtiServerMessage>;
