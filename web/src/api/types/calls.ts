// Calls as recorded (the call record) and the event log the live feed replays.
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

/** An event from the log, as /api/v1/ws and /api/v1/events deliver it. */
export interface LogEvent {
  id: number;
  time: number;
  type: string;
  stream: string;
  payload: Record<string, unknown>;
}
