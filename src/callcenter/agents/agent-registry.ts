// Every agent by id and extension, device registrations, and the index routing reads: routable
// agents (ready on a registered device) by skill and level, in the orders strategies pick by.
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
import { ReadyIndex } from './ready-index.ts';

export const MAX_SKILL_LEVEL = 5;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:@+-]{0,63}$/;

export interface AgentRegistryOptions {
  clock: Clock;
  record: AgentEventSink;
  /** The reason codes agents may choose (system codes `no-answer`, `forced` are always known). */
  notReadyReasons?: readonly string[];
  /** Told after every accepted move (the ACD keeps its queue staffing counts with it). */
  onChange?: (agent: Agent, from: AgentState, to: AgentState) => void;
  /** Told when a logged-in agent's device became reachable or not. */
  onDevice?: (agent: Agent) => void;
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
  /** Into wrap-up: how long after-call work lasts before the agent is ready again by itself. */
  wrapUpMs?: number;
}

export class AgentRegistry {
  readonly #options: AgentRegistryOptions;
  readonly #agents = new Map<string, Agent>();
  readonly #byExtension = new Map<string, Agent>();
  readonly #registered = new Set<string>();
  /** Routable agents: ready and on a registered device. */
  readonly #index = new ReadyIndex(MAX_SKILL_LEVEL);
  /** Ready agents whose device is not registered (routing names them as skipped). */
  readonly #unreachable = new Set<Agent>();
  #reasons: ReadonlySet<string>;
  #nextOrdinal = 1;
  #readySeq = 0;

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

  /** The routable agents by skill and level, in the orders strategies pick by. */
  get readyIndex(): ReadyIndex {
    return this.#index;
  }

  /**
   * Routable agents with `skill` at `minLevel` or above, one set per level (a copy, for
   * inspection; routing reads readyIndex).
   */
  readyWithSkill(skill: string, minLevel: number): ReadonlySet<Agent>[] {
    const levels = this.#index.skill(skill) ?? [];
    const out: ReadonlySet<Agent>[] = [];
    for (let level = minLevel; level <= MAX_SKILL_LEVEL; level++)
      out.push(new Set(levels[level]?.idle.items ?? []));
    return out;
  }

  /** Routable agents: ready on a registered device. */
  readyAgents(): ReadonlySet<Agent> {
    return this.#index.agents();
  }

  /** Ready agents whose device is not registered: not routable until it is. */
  unreachableAgents(): ReadonlySet<Agent> {
    return this.#unreachable;
  }

  isRegistered(extension: string): boolean {
    return this.#registered.has(extension);
  }

  /** Ready and reachable: the only agents a call may be offered to. */
  isRoutable(agent: Agent): boolean {
    return this.#index.has(agent);
  }

  /** Whether an agent may choose `code` (system codes are set by the system only). */
  isAgentReason(code: string): boolean {
    return this.#reasons.has(code);
  }

  get agentReasons(): readonly string[] {
    return [...this.#reasons];
  }

  /** Replaces the codes agents may choose (configuration applied live; agents keep their state). */
  setAgentReasons(codes: readonly string[]): void {
    this.#reasons = new Set(codes);
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
    agent.wrapUpEndsAt =
      to === 'wrap-up' && detail.wrapUpMs !== undefined ? now + detail.wrapUpMs : undefined;
    if (from === 'ready' || to === 'ready') this.#sync(agent, now);
    if (from === 'logged-out') this.#index.join(agent);
    if (to === 'logged-out') {
      this.#index.leave(agent);
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
    if (detail.wrapUpMs !== undefined) payload.wrapUpMs = detail.wrapUpMs;
    if (extra.extension !== undefined) payload.extension = extra.extension;
    this.#options.record('agent.state-changed', agent.stream, payload, now);
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
    const now = this.#options.clock.now();
    this.#sync(agent, now);
    this.#options.record(
      'agent.device-changed',
      agentStream(agent.id),
      { agentId: agent.id, extension, registered },
      now,
    );
    this.#options.onDevice?.(agent);
    return agent;
  }

  /**
   * Changes a logged-in agent's skills at once (no new login). A routable agent keeps their
   * place in idle order. Returns the skills they had.
   */
  setSkills(agent: Agent, skills: unknown, by?: string): ReadonlyMap<string, number> {
    if (agent.state === 'logged-out')
      throw new HotlineError('not-found', `agentId: agent "${agent.id}" is not logged in`, {
        field: 'agentId',
      });
    const parsed = parseSkills(skills);
    const previous = agent.skills;
    const indexed = agent.routable;
    this.#index.leave(agent); // out of the index too, under the old skills (still routable)
    agent.skills = parsed;
    this.#index.join(agent);
    if (indexed) this.#index.add(agent); // same readySeq: the same place in idle order
    const payload: AgentEvents['agent.skills-changed'] = {
      agentId: agent.id,
      skills: Object.fromEntries(parsed),
      previous: Object.fromEntries(previous),
    };
    if (by !== undefined) payload.by = by;
    this.#options.record(
      'agent.skills-changed',
      agentStream(agent.id),
      payload,
      this.#options.clock.now(),
    );
    return previous;
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

  /**
   * Keeps the index equal to "ready on a registered device". Idle time counts from the moment
   * the agent became routable: a ready agent whose phone was gone was not waiting for calls.
   */
  #sync(agent: Agent, now: number): void {
    const ready = agent.state === 'ready';
    if (ready && agent.registered) {
      if (!agent.routable) {
        agent.routable = true;
        agent.readySeq = ++this.#readySeq;
        agent.idleSince = now;
        this.#index.add(agent);
      }
    } else if (agent.routable) {
      agent.routable = false; // first: the index then leaves the agent's entries to go stale
      this.#index.delete(agent);
    }
    if (ready && !agent.registered) this.#unreachable.add(agent);
    else this.#unreachable.delete(agent);
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
