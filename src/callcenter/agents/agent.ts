// One logged-in (or logged-out) agent: identity, device, skills, the state machine and the
// per-login counters that routing strategies read (idle since, calls answered, talk time).
import type { StateMachine } from '../../platform/index.ts';
import { agentStream, type AgentCallKind } from './agent-events.ts';
import type { AgentState, AgentTransitionEvent } from './agent-state.ts';

/** A skill and the lowest proficiency (1–5) that satisfies it. */
export interface SkillRequirement {
  skill: string;
  minLevel: number;
}

/** The call an agent is working on (from answer to the end of after-call work). */
export interface AgentCall {
  callId: string;
  kind: AgentCallKind;
  queue?: string;
  answeredAt: number;
  heldSince?: number;
  holdMs: number;
  /** When the customer was gone: after-call work runs from here. */
  endedAt?: number;
}

/** The call ringing a reserved agent. */
export interface AgentOffer {
  callId: string;
  queue: string;
  offeredAt: number;
}

/** What a routing strategy may read of an agent. */
export interface RoutingAgent {
  readonly id: string;
  /** Login order, stable: round-robin walks it. */
  readonly ordinal: number;
  /** When the agent last became routable: ready on a registered device (longest idle first). */
  readonly idleSince: number;
  /**
   * The order in which agents became routable (ties of idleSince broken by who came first);
   * absent for strategies' own test doubles, which fall back to login order.
   */
  readonly readySeq?: number;
  readonly callsAnswered: number;
  readonly talkMs: number;
  skillLevel(skill: string): number;
}

export class Agent implements RoutingAgent {
  readonly id: string;
  ordinal: number;
  extension: string;
  skills: ReadonlyMap<string, number>;
  readonly machine: StateMachine<AgentState, AgentTransitionEvent>;
  stateSince: number;
  idleSince: number;
  /** Kept by the registry: larger for each agent that becomes routable after another. */
  readySeq = 0;
  /** Ready on a registered device: offers may go to them (kept by the registry). */
  routable = false;
  /** The ready-index buckets the agent is counted in while routable (the index's own). */
  readyBuckets: unknown[] | undefined;
  /** This agent's event stream name. */
  readonly stream: string;
  reasonCode: string | undefined;
  /** The device on the agent's extension is registered (kept by the registry). */
  registered = false;
  offer: AgentOffer | undefined;
  call: AgentCall | undefined;
  /** Asked for while busy; applied when the current call's after-call work ends. */
  pendingNotReady: string | undefined;
  /** When after-call work ends by itself (the queue's wrap-up time); none: when the agent says. */
  wrapUpEndsAt: number | undefined;
  /** The state to return to after an outbound or internal call (not-ready agents stay so). */
  afterCall: { reasonCode: string } | undefined;
  callsAnswered = 0;
  talkMs = 0;

  constructor(init: {
    id: string;
    ordinal: number;
    extension: string;
    skills: ReadonlyMap<string, number>;
    machine: StateMachine<AgentState, AgentTransitionEvent>;
    now: number;
  }) {
    this.id = init.id;
    this.stream = agentStream(init.id);
    this.ordinal = init.ordinal;
    this.extension = init.extension;
    this.skills = init.skills;
    this.machine = init.machine;
    this.stateSince = init.now;
    this.idleSince = init.now;
  }

  get state(): AgentState {
    return this.machine.state;
  }

  skillLevel(skill: string): number {
    return this.skills.get(skill) ?? 0;
  }

  /** Whether every requirement is met at its minimum level. */
  meets(requirements: readonly SkillRequirement[]): boolean {
    for (const r of requirements) if ((this.skills.get(r.skill) ?? 0) < r.minLevel) return false;
    return true;
  }
}
