// The agents' events as they go into the event log (stream `agent:<agentId>`): agent state
// intervals (login, ready, not-ready by reason, talk, hold, after-call work) and ring-no-answer
// counts are projections of these (METRICS.md: time in each state, split across buckets).
import type { AgentState, AgentTransitionEvent } from './agent-state.ts';

export type AgentCallKind = 'inbound' | 'outbound' | 'internal' | 'callback';

export interface AgentEvents {
  /** Every accepted move of the agent state machine. */
  'agent.state-changed': {
    agentId: string;
    from: AgentState;
    to: AgentState;
    event: AgentTransitionEvent;
    /** How long the agent was in `from` (METRICS.md: time in each state). */
    previousStateMs: number;
    /** The not-ready reason code when `to` is not-ready. */
    reasonCode?: string;
    /** Why the move happened when it was not the agent's own action (`ring-timeout`, `reconciler`). */
    cause?: string;
    /** Who ordered it, when a supervisor did (`forced`). */
    by?: string;
    callId?: string;
    queue?: string;
    callKind?: AgentCallKind;
    /** Into wrap-up: after this long the agent is ready again by itself (absent: when they say). */
    wrapUpMs?: number;
    /** The extension, on login. */
    extension?: string;
  };
  /** The agent's device became reachable or not (unregistered devices are skipped by routing). */
  'agent.device-changed': { agentId: string; extension: string; registered: boolean };
  /** An offer rang out (or met a busy device): one count of ring-no-answer per offer. */
  'agent.ring-no-answer': {
    agentId: string;
    callId: string;
    queue: string;
    ringMs: number;
    cause: 'timeout' | 'busy' | 'rejected';
  };
  /** The agent's skills changed while logged in (routing uses the new ones at once). */
  'agent.skills-changed': {
    agentId: string;
    /** Skill name → level 1–5, as they are now. */
    skills: Record<string, number>;
    previous: Record<string, number>;
    /** Who changed them, when a supervisor did. */
    by?: string;
  };
  /** The reconciler found a state that cannot be true and repaired it. */
  'agent.repaired': {
    agentId: string;
    problem: RepairProblem;
    from: AgentState;
    to: AgentState;
    callId?: string;
  };
}

export type RepairProblem =
  | 'reserved-without-leg'
  | 'on-call-without-leg'
  | 'ready-with-live-leg'
  | 'device-registered'
  | 'device-unregistered';

/** Every agent event type, for readers that select them from the log. */
export const agentEventTypes = [
  'agent.state-changed',
  'agent.device-changed',
  'agent.ring-no-answer',
  'agent.skills-changed',
  'agent.repaired',
] as const satisfies readonly (keyof AgentEvents)[];

// Fails to compile when an agent event is missing from the list above.
type MissingAgentEventTypes = Exclude<keyof AgentEvents, (typeof agentEventTypes)[number]>;
const _allAgentEventTypesListed: MissingAgentEventTypes extends never ? true : never = true;
void _allAgentEventTypesListed;

declare module '../../store/event-catalogue.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merging the agent events into the open catalogue
  interface EventCatalogue extends AgentEvents {}
}

/** Where agent events go (the same shape as the call model's CallEventSink). */
export type AgentEventSink = <K extends keyof AgentEvents>(
  type: K,
  stream: string,
  payload: AgentEvents[K],
  at: number,
) => void;

export function agentStream(agentId: string): string {
  return `agent:${agentId}`;
}
