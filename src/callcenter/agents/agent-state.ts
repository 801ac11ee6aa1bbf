// Where an agent stands, as a transition table (STYLE.md): logged-out → not-ready ⇄ ready →
// reserved → on-call ⇄ held → wrap-up → ready. The table is the whole truth; a test walks it.
import { StateMachine, type TransitionTable } from '../../platform/index.ts';

export const agentStates = [
  'logged-out',
  /** Idle and routable (when the device is registered too). */
  'ready',
  /** Logged in but not taking calls; the reason code says why. */
  'not-ready',
  /** A call (or a callback) is ringing the agent; nobody else may be offered to them. */
  'reserved',
  /** Talking: inbound from a queue, outbound, internal, or a callback. */
  'on-call',
  'held',
  /** After-call work: a per-queue timer, or until the agent ends it. */
  'wrap-up',
] as const;
export type AgentState = (typeof agentStates)[number];

export const agentTransitionEvents = [
  'login',
  'logout',
  'ready',
  'not-ready',
  /** A call is offered (ringing). */
  'reserve',
  'answer',
  /** The offer rang out or the device was busy: the agent is parked not-ready (`no-answer`). */
  'no-answer',
  /** The offer or call went away without after-call work (answered elsewhere, caller left). */
  'release',
  /** The agent placed (or took) a call the ACD did not offer: outbound or internal. */
  'dial',
  'hold',
  'resume',
  'hang-up',
] as const;
export type AgentTransitionEvent = (typeof agentTransitionEvents)[number];

export const agentTransitions: TransitionTable<AgentState, AgentTransitionEvent> = {
  // Agents log in not-ready: taking calls is an explicit second step.
  'logged-out': { login: 'not-ready' },
  ready: { logout: 'logged-out', 'not-ready': 'not-ready', reserve: 'reserved', dial: 'on-call' },
  // not-ready → not-ready changes the reason code (break → lunch), timed as a new interval.
  'not-ready': {
    logout: 'logged-out',
    ready: 'ready',
    'not-ready': 'not-ready',
    dial: 'on-call',
  },
  reserved: { logout: 'logged-out', answer: 'on-call', 'no-answer': 'not-ready', release: 'ready' },
  'on-call': { logout: 'logged-out', hold: 'held', 'hang-up': 'wrap-up', release: 'ready' },
  held: { logout: 'logged-out', resume: 'on-call', 'hang-up': 'wrap-up', release: 'ready' },
  // An agent may call the customer back during after-call work.
  'wrap-up': { logout: 'logged-out', ready: 'ready', 'not-ready': 'not-ready', dial: 'on-call' },
};

/** Reason codes only the system sets: a ring-out, a supervisor's order, the login itself. */
export const systemNotReadyReasons = ['no-answer', 'forced', 'login'] as const;
export type SystemNotReadyReason = (typeof systemNotReadyReasons)[number];

/** The reason codes agents may pick when the center configures none. */
export const defaultNotReadyReasons = [
  'break',
  'lunch',
  'training',
  'meeting',
  'coaching',
  'admin',
] as const;

/** States in which an agent counts as staffing their queues (for EWT): taking or working calls. */
export const servingStates: ReadonlySet<AgentState> = new Set([
  'ready',
  'reserved',
  'on-call',
  'held',
  'wrap-up',
]);

export function agentStateMachine(
  onTransition?: (from: AgentState, event: AgentTransitionEvent, to: AgentState) => void,
): StateMachine<AgentState, AgentTransitionEvent> {
  return new StateMachine(agentTransitions, 'logged-out', onTransition);
}
