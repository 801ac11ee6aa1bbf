// What agents and supervisors do: log in on an extension, go ready or not-ready (reason codes),
// end after-call work, place their own calls, be forced by a supervisor; and device
// registrations, which decide whether a ready agent is reachable.
import { HotlineError } from '../../platform/index.ts';
import type { Agent, TransitionDetail } from '../agents/index.ts';
import type { Acd } from './acd.ts';
import { cancelOffer, invalid } from './acd-helpers.ts';
import { endCallAtLogout } from './after-call.ts';

export interface AgentLogin {
  extension: string;
  /** Skill name → proficiency 1–5. */
  skills: Record<string, number>;
  /** Go ready straight away (default: not-ready, reason `login`). */
  ready?: boolean;
}

export class AgentDesk {
  readonly #acd: Acd;

  constructor(acd: Acd) {
    this.#acd = acd;
  }

  get(agentId: string): Agent | undefined {
    return this.#acd.registry.get(agentId);
  }

  login(agentId: string, login: AgentLogin): Agent {
    return this.#acd.run(() => {
      const acd = this.#acd;
      const agent = acd.registry.login(agentId, login);
      acd.assignQueues(agent);
      if (login.ready) this.setReady(agentId);
      return agent;
    });
  }

  /** The agent's own logout: refused during a call (a supervisor can force it). */
  logout(agentId: string): void {
    this.#acd.run(() => {
      const agent = this.#acd.registry.require(agentId);
      if (agent.state === 'on-call' || agent.state === 'held')
        throw new HotlineError(
          'conflict',
          `agent "${agentId}" is on a call; log out after it ends`,
          {
            field: 'agentId',
          },
        );
      this.#logout(agent, {});
    });
  }

  /** Ready for calls; from after-call work this ends it (the handled call is counted then). */
  setReady(agentId: string): void {
    this.#acd.run(() => {
      const acd = this.#acd;
      const agent = acd.registry.require(agentId);
      agent.pendingNotReady = undefined;
      if (agent.state === 'wrap-up') return acd.endWrapUp(agent);
      acd.registry.move(agent, 'ready');
      acd.agentAvailable(agent);
    });
  }

  /**
   * Not ready with a reason code. During a call (or while one rings) it takes effect when the
   * call's after-call work ends: the result says which.
   */
  setNotReady(agentId: string, reasonCode: string): 'not-ready' | 'pending' {
    return this.#acd.run(() => {
      const acd = this.#acd;
      const agent = acd.registry.require(agentId);
      if (!acd.registry.isAgentReason(reasonCode))
        throw invalid('reasonCode', `expected one of ${acd.registry.agentReasons.join(', ')}`);
      return this.#notReady(agent, { reasonCode });
    });
  }

  /** A supervisor sets an agent's state (reason `forced`, with who); busy agents follow after the call. */
  forceState(
    agentId: string,
    state: 'ready' | 'not-ready' | 'logged-out',
    by: string,
  ): 'done' | 'pending' {
    return this.#acd.run(() => {
      const acd = this.#acd;
      const agent = acd.registry.require(agentId);
      if (typeof by !== 'string' || by === '') throw invalid('by', 'must name the supervisor');
      if (state === 'logged-out') {
        this.#logout(agent, { by, cause: 'forced' });
        return 'done';
      }
      if (state === 'not-ready')
        return this.#notReady(agent, { reasonCode: 'forced', by }) === 'pending'
          ? 'pending'
          : 'done';
      if (agent.state === 'wrap-up') acd.endWrapUp(agent, { by, cause: 'forced' });
      else acd.registry.move(agent, 'ready', { by, cause: 'forced' });
      acd.agentAvailable(agent);
      return 'done';
    });
  }

  /**
   * Changes a logged-in agent's skills without a new login (agent.skills-changed): the queues
   * they serve follow at once, a ready agent keeps their place in idle order and may take a
   * waiting call the new skills open to them. `by`: the supervisor who changed them.
   */
  setSkills(agentId: string, skills: Record<string, number>, by?: string): void {
    this.#acd.run(() => {
      const acd = this.#acd;
      const agent = acd.registry.require(agentId);
      if (by !== undefined && (typeof by !== 'string' || by === ''))
        throw invalid('by', 'must name the supervisor');
      acd.registry.setSkills(agent, skills, by);
      acd.assignQueues(agent);
      acd.agentAvailable(agent);
    });
  }

  deviceRegistered(extension: string): void {
    this.#acd.run(() => {
      const agent = this.#acd.registry.setRegistered(extension, true);
      if (agent) this.#acd.agentAvailable(agent);
    });
  }

  deviceUnregistered(extension: string): void {
    this.#acd.run(() => void this.#acd.registry.setRegistered(extension, false));
  }

  /**
   * The agent is on a call the ACD did not offer (they dialed out, or took an internal call).
   * It ends with Acd.callEnded(callId); the agent then returns to where they were.
   */
  callStarted(agentId: string, callId: string, kind: 'outbound' | 'internal'): void {
    this.#acd.run(() => {
      const acd = this.#acd;
      const agent = acd.registry.require(agentId);
      if (acd.connected.has(callId) || acd.entries.has(callId))
        throw new HotlineError('conflict', `callId: call "${callId}" is already known`, {
          field: 'callId',
        });
      if (agent.state === 'wrap-up') acd.endWrapUp(agent, {}, false);
      const reasonCode = agent.state === 'not-ready' ? agent.reasonCode : undefined;
      acd.registry.move(agent, 'dial', { callId, callKind: kind });
      agent.afterCall = reasonCode === undefined ? undefined : { reasonCode };
      agent.call = { callId, kind, answeredAt: acd.clock.now(), holdMs: 0 };
      acd.connected.set(callId, agent);
    });
  }

  /** The agent on an extension (their desk phone), if one is logged in on it. */
  onExtension(extension: string): Agent | undefined {
    return this.#acd.registry.byExtension(extension);
  }

  /**
   * The agent's call goes on under another id: a consultation they took became the transferred
   * call itself. Nothing else changes (state, times), so nobody is offered a call in between;
   * with `queue` the call is now that queue's for them (its wrap-up, their handled count).
   */
  callRenamed(fromCallId: string, toCallId: string, queue?: string): void {
    this.#acd.run(() => {
      const acd = this.#acd;
      const agent = acd.connected.get(fromCallId);
      if (!agent?.call || acd.connected.has(toCallId) || acd.entries.has(toCallId)) return;
      acd.connected.delete(fromCallId);
      acd.connected.set(toCallId, agent);
      agent.call.callId = toCallId;
      if (queue !== undefined) agent.call.queue = queue;
    });
  }

  #notReady(agent: Agent, detail: TransitionDetail): 'not-ready' | 'pending' {
    const acd = this.#acd;
    const reason = detail.reasonCode!;
    switch (agent.state) {
      case 'ready':
      case 'not-ready':
        acd.registry.move(agent, 'not-ready', detail);
        return 'not-ready';
      case 'wrap-up':
        agent.pendingNotReady = reason;
        acd.endWrapUp(agent, detail);
        return 'not-ready';
      case 'reserved':
      case 'on-call':
      case 'held':
        agent.pendingNotReady = reason;
        return 'pending';
      case 'logged-out':
        throw invalid('agentId', 'is not logged in');
    }
  }

  #logout(agent: Agent, detail: TransitionDetail): void {
    const acd = this.#acd;
    let requeue;
    if (agent.state === 'reserved' && agent.offer) {
      const entry = acd.entries.get(agent.offer.callId);
      const offer = entry?.offers.get(agent.id);
      if (entry && offer) {
        offer.timer.cancel();
        entry.offers.delete(agent.id);
        acd.send(cancelOffer(entry, agent, 'agent-left'));
        if (entry.offers.size === 0) requeue = entry;
      }
    }
    if (agent.state === 'wrap-up') acd.endWrapUp(agent, {}, false);
    // A forced logout during a call: the call goes on, the agent's handling of it is counted now.
    if (agent.state === 'on-call' || agent.state === 'held') endCallAtLogout(acd, agent);
    acd.registry.move(agent, 'logout', detail);
    if (requeue) acd.requeue(requeue, 'offer-cancelled');
  }
}
