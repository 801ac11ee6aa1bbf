// Every agent by id and extension, device registrations, and the indexes routing reads: ready
// agents by skill, so a decision looks at the agents of one skill, never at all agents.
import { HotlineError, type Clock } from '../../platform/index.ts';
import { Agent } from './agent.ts';
import {
  agentStream,
  type AgentCallKind,
  type AgentEventSink,
  type AgentEvents,
} from './agent-events.ts';
import {
  agentStateMachine,
  defaultNotReadyReasons,
  type AgentState,
  type AgentTransitionEvent,
} from './agent-state.ts';

export const MAX_SKILL_LEVEL = 5;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:@+-]{0,63}$/;

export interface AgentRegistryOptions {
  clock: Clock;
  record: AgentEventSink;
  /** The reason codes agents may choose (system codes `no-answer`, `forced` are always known). */
  notReadyReasons?: readonly string[];
  /** Told after every accepted move (the ACD keeps its queue staffing counts with it). */
  onChange?: (agent: Agent, from: AgentState, to: AgentState) => void;
}

export interface LoginRequest {
  extension: string;
  /** Skill name → proficiency 1–5. */
  skills: Record<string, number>;
}

/** What the event says about a move beyond from/to. */
export interface TransitionDetail {
  reasonCode?: string;
  cause?: string;
  by?: string;
  callId?: string;
  queue?: string;
  callKind?: AgentCallKind;
}

export class AgentRegistry {
  readonly #options: AgentRegistryOptions;
  readonly #agents = new Map<string, Agent>();
  readonly #byExtension = new Map<string, Agent>();
  readonly #registered = new Set<string>();
  readonly #ready = new Set<Agent>();
  /** skill → level (1–5) → ready agents with exactly that level. */
  readonly #readyBySkill = new Map<string, Set<Agent>[]>();
  readonly #reasons: ReadonlySet<string>;
  #nextOrdinal = 1;

  constructor(options: AgentRegistryOptions) {
    this.#options = options;
    this.#reasons = new Set(options.notReadyReasons ?? defaultNotReadyReasons);
  }

  get(agentId: string): Agent | undefined {
    return this.#agents.get(agentId);
  }

  /** The agent, or a `not-found` error naming the field. */
  require(agentId: string, field = 'agentId'): Agent {
    const agent = this.#agents.get(agentId);
    if (!agent || agent.state === 'logged-out')
      throw new HotlineError('not-found', `${field}: agent "${agentId}" is not logged in`, {
        field,
      });
    return agent;
  }

  byExtension(extension: string): Agent | undefined {
    return this.#byExtension.get(extension);
  }

  /** Every agent ever logged in (logged-out ones keep their record). */
  all(): IterableIterator<Agent> {
    return this.#agents.values();
  }

  /**
   * Ready agents (device registered or not) with `skill` at `minLevel` or above, as one set per
   * level, so a decision never looks at agents below the level it needs.
   */
  readyWithSkill(skill: string, minLevel: number): ReadonlySet<Agent>[] {
    const levels = this.#readyBySkill.get(skill);
    return levels ? levels.slice(minLevel) : [];
  }

  readyAgents(): ReadonlySet<Agent> {
    return this.#ready;
  }

  isRegistered(extension: string): boolean {
    return this.#registered.has(extension);
  }

  /** Ready and reachable: the only agents a call may be offered to. */
  isRoutable(agent: Agent): boolean {
    return agent.registered && agent.state === 'ready';
  }

  /** Whether an agent may choose `code` (system codes are set by the system only). */
  isAgentReason(code: string): boolean {
    return this.#reasons.has(code);
  }

  get agentReasons(): readonly string[] {
    return [...this.#reasons];
  }

  login(agentId: string, request: LoginRequest): Agent {
    if (typeof agentId !== 'string' || !NAME.test(agentId))
      throw invalid('agentId', 'must be 1–64 letters, digits or _.:@+-');
    const { extension } = request;
    if (typeof extension !== 'string' || !NAME.test(extension))
      throw invalid('extension', 'must be 1–64 letters, digits or _.:@+-');
    const skills = parseSkills(request.skills);
    const holder = this.#byExtension.get(extension);
    if (holder && holder.id !== agentId)
      throw new HotlineError(
        'conflict',
        `extension: ${extension} is in use by agent "${holder.id}"; log that agent out first`,
        { field: 'extension' },
      );
    const now = this.#options.clock.now();
    let agent = this.#agents.get(agentId);
    if (agent && agent.state !== 'logged-out')
      throw new HotlineError('conflict', `agentId: agent "${agentId}" is already logged in`, {
        field: 'agentId',
      });
    if (!agent) {
      agent = new Agent({
        id: agentId,
        ordinal: this.#nextOrdinal++,
        extension,
        skills,
        machine: agentStateMachine(),
        now,
      });
      this.#agents.set(agentId, agent);
    } else {
      agent.extension = extension;
      agent.skills = skills;
    }
    agent.callsAnswered = 0;
    agent.talkMs = 0;
    this.#byExtension.set(extension, agent);
    agent.registered = this.#registered.has(extension);
    this.transition(agent, 'login', { reasonCode: 'login' }, { extension });
    return agent;
  }

  /**
   * Moves the agent when the table allows it: updates the indexes and records the event with
   * the time spent in the previous state. Returns false (and changes nothing) when refused.
   */
  transition(
    agent: Agent,
    event: AgentTransitionEvent,
    detail: TransitionDetail = {},
    extra: { extension?: string } = {},
  ): boolean {
    const from = agent.state;
    const to = agent.machine.transition(event);
    if (to === undefined) return false;
    const now = this.#options.clock.now();
    const previousStateMs = now - agent.stateSince;
    agent.stateSince = now;
    agent.reasonCode = to === 'not-ready' ? (detail.reasonCode ?? 'break') : undefined;
    if (to === 'ready') agent.idleSince = now;
    if (from === 'ready' && to !== 'ready') this.#unindex(agent);
    if (to === 'ready' && from !== 'ready') this.#index(agent);
    if (to === 'logged-out') {
      this.#byExtension.delete(agent.extension);
      agent.offer = undefined;
      agent.call = undefined;
      agent.pendingNotReady = undefined;
      agent.afterCall = undefined;
    }
    const payload: AgentEvents['agent.state-changed'] = {
      agentId: agent.id,
      from,
      to,
      event,
      previousStateMs,
    };
    if (agent.reasonCode !== undefined) payload.reasonCode = agent.reasonCode;
    if (detail.cause !== undefined) payload.cause = detail.cause;
    if (detail.by !== undefined) payload.by = detail.by;
    if (detail.callId !== undefined) payload.callId = detail.callId;
    if (detail.queue !== undefined) payload.queue = detail.queue;
    if (detail.callKind !== undefined) payload.callKind = detail.callKind;
    if (extra.extension !== undefined) payload.extension = extra.extension;
    this.#options.record('agent.state-changed', agentStream(agent.id), payload, now);
    this.#options.onChange?.(agent, from, to);
    return true;
  }

  /** Like transition(), but an agent's own refused action is a `conflict` error saying why. */
  move(agent: Agent, event: AgentTransitionEvent, detail: TransitionDetail = {}): void {
    if (this.transition(agent, event, detail)) return;
    throw new HotlineError('conflict', `agent "${agent.id}" cannot ${event} while ${agent.state}`, {
      field: 'agentId',
    });
  }

  /**
   * Records a device's registration (it may come before or after the login). Returns the agent
   * logged in on it when their reachability changed.
   */
  setRegistered(extension: string, registered: boolean): Agent | undefined {
    if (this.#registered.has(extension) === registered) return undefined;
    if (registered) this.#registered.add(extension);
    else this.#registered.delete(extension);
    const agent = this.#byExtension.get(extension);
    if (!agent) return undefined;
    agent.registered = registered;
    this.#options.record(
      'agent.device-changed',
      agentStream(agent.id),
      { agentId: agent.id, extension, registered },
      this.#options.clock.now(),
    );
    return agent;
  }

  /** Logs a repair the reconciler made (after the state change it caused). */
  recordRepair(payload: AgentEvents['agent.repaired']): void {
    this.#options.record(
      'agent.repaired',
      agentStream(payload.agentId),
      payload,
      this.#options.clock.now(),
    );
  }

  #index(agent: Agent): void {
    this.#ready.add(agent);
    for (const [skill, level] of agent.skills) {
      let levels = this.#readyBySkill.get(skill);
      if (!levels) {
        levels = Array.from({ length: MAX_SKILL_LEVEL + 1 }, () => new Set<Agent>());
        this.#readyBySkill.set(skill, levels);
      }
      levels[level]!.add(agent);
    }
  }

  #unindex(agent: Agent): void {
    this.#ready.delete(agent);
    for (const [skill, level] of agent.skills)
      this.#readyBySkill.get(skill)?.[level]!.delete(agent);
  }
}

function invalid(field: string, message: string): HotlineError {
  return new HotlineError('invalid-input', `${field}: ${message}`, { field });
}

function parseSkills(skills: unknown): Map<string, number> {
  if (typeof skills !== 'object' || skills === null || Array.isArray(skills))
    throw invalid('skills', 'expected an object of skill name → level 1–5');
  const out = new Map<string, number>();
  for (const [skill, level] of Object.entries(skills)) {
    if (!NAME.test(skill)) throw invalid(`skills.${skill}`, 'is not a valid skill name');
    if (!Number.isInteger(level) || (level as number) < 1 || (level as number) > MAX_SKILL_LEVEL)
      throw invalid(`skills.${skill}`, `must be an integer level from 1 to ${MAX_SKILL_LEVEL}`);
    out.set(skill, level as number);
  }
  return out;
}
