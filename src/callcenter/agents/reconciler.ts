// The reconciler's eyes: it compares what the agents' states claim with the legs and devices
// that really exist, and lists the impossible states. The ACD applies the repairs (it also owns
// the calls involved) and logs each one, so nobody stays stuck in reserved or on-call.
import type { Agent } from './agent.ts';
import type { RepairProblem } from './agent-events.ts';

/** A read-only view of telephony, provided by the call model. */
export interface LiveView {
  /** The calls on which the agent's device has a live leg now (ringing or answered). */
  liveCallsOf(agentId: string): readonly string[];
  /** Whether the extension's device is registered (reachable). */
  isRegistered(extension: string): boolean;
}

export interface Repair {
  agent: Agent;
  problem: RepairProblem;
  callId?: string;
}

export interface FindRepairsOptions {
  /** What the ACD currently believes about devices. */
  isRegistered(extension: string): boolean;
  now: number;
  /**
   * States younger than this are left alone: the leg of a fresh offer may not exist yet, and a
   * hang-up may be on its way. Device mismatches are repaired at once.
   */
  graceMs: number;
}

export function findRepairs(
  agents: Iterable<Agent>,
  view: LiveView,
  options: FindRepairsOptions,
): Repair[] {
  const repairs: Repair[] = [];
  for (const agent of agents) {
    const state = agent.state;
    if (state === 'logged-out') continue;
    const registered = view.isRegistered(agent.extension);
    if (registered !== options.isRegistered(agent.extension))
      repairs.push({ agent, problem: registered ? 'device-registered' : 'device-unregistered' });
    if (options.now - agent.stateSince < options.graceMs) continue;
    const live = view.liveCallsOf(agent.id);
    if (state === 'reserved') {
      const callId = agent.offer?.callId;
      if (callId === undefined || !live.includes(callId))
        repairs.push(withCall({ agent, problem: 'reserved-without-leg' }, callId));
    } else if (state === 'on-call' || state === 'held') {
      const callId = agent.call?.callId;
      if (callId === undefined || !live.includes(callId))
        repairs.push(withCall({ agent, problem: 'on-call-without-leg' }, callId));
    } else if (state === 'ready' && live.length > 0) {
      // Routing would offer a call to someone already talking: they are busy whatever the ACD thought.
      repairs.push({ agent, problem: 'ready-with-live-leg', callId: live[0]! });
    }
  }
  return repairs;
}

function withCall(repair: Repair, callId: string | undefined): Repair {
  if (callId !== undefined) repair.callId = callId;
  return repair;
}
