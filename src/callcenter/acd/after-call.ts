// After-call work: the customer is gone, the agent wraps up (the queue's timer, or until they end
// it), and when that ends the handled call is counted with its AHT parts (METRICS.md).
import type { Agent, TransitionDetail } from '../agents/index.ts';
import type { Acd } from './acd.ts';
import { closeHold } from './acd-helpers.ts';

/** The customer is gone: the agent does after-call work (the queue's timer, or until they end it). */
export function endCall(acd: Acd, agent: Agent, cause?: string): void {
  const call = agent.call!;
  const now = acd.clock.now();
  closeHold(agent, now);
  call.endedAt = now;
  agent.talkMs += now - call.answeredAt - call.holdMs;
  acd.connected.delete(call.callId);
  const detail: TransitionDetail = { callId: call.callId };
  if (call.queue !== undefined) detail.queue = call.queue;
  if (cause !== undefined) detail.cause = cause;
  const config =
    call.queue === undefined ? undefined : acd.queueDirectory.known(call.queue)?.config;
  const ms = (config?.wrapUpSeconds ?? 0) * 1000;
  // The desk counts down to the end of after-call work (none when the agent ends it).
  if (!config?.wrapUpUntilAgentEnds && ms > 0) detail.wrapUpMs = ms;
  acd.registry.transition(agent, 'hang-up', detail);
  if (config?.wrapUpUntilAgentEnds) return;
  if (ms === 0) return endWrapUp(acd, agent);
  acd.wrapUpTimers.set(
    agent,
    acd.clock.after(ms, () => acd.run(() => endWrapUp(acd, agent, { cause: 'wrap-up-timer' }))),
  );
}

/**
 * After-call work is over: the handled call is counted (METRICS.md: AHT parts count now) and
 * the agent goes ready, or not-ready when they asked during the call. `transition` false: the
 * caller moves the agent itself (logout, a new call of their own).
 */
export function endWrapUp(
  acd: Acd,
  agent: Agent,
  detail: TransitionDetail = {},
  transition = true,
): void {
  acd.wrapUpTimers.get(agent)?.cancel();
  acd.wrapUpTimers.delete(agent);
  const call = agent.call;
  if (!call || call.endedAt === undefined || agent.state !== 'wrap-up') return;
  const now = acd.clock.now();
  const queue = call.queue === undefined ? undefined : acd.queueDirectory.known(call.queue);
  if (queue) {
    const talkMs = call.endedAt - call.answeredAt - call.holdMs;
    const afterCallWorkMs = now - call.endedAt;
    queue.handleTime.add(talkMs + call.holdMs + afterCallWorkMs);
    acd.event('queue.call-handled', queue, {
      callId: call.callId,
      queue: queue.name,
      agentId: agent.id,
      talkMs,
      holdMs: call.holdMs,
      afterCallWorkMs,
    });
  }
  agent.call = undefined;
  if (!transition) return;
  const notReady = agent.pendingNotReady ?? agent.afterCall?.reasonCode;
  agent.pendingNotReady = undefined;
  agent.afterCall = undefined;
  if (notReady !== undefined)
    acd.registry.transition(agent, 'not-ready', { ...detail, reasonCode: notReady });
  else if (acd.registry.transition(agent, 'ready', detail)) acd.agentAvailable(agent);
}

/**
 * The agent is logged out (by a supervisor) in the middle of a call: the call may go on, but
 * the agent's handling of it ends now, so it is counted now (talk and hold until now, no
 * after-call work) and never lost. A callback still waiting for the customer's leg goes back
 * in line instead (callbacks.ts).
 */
export function endCallAtLogout(acd: Acd, agent: Agent): void {
  const call = agent.call;
  if (!call) return;
  const entry = acd.entries.get(call.callId);
  if (entry?.callback?.agent === agent) return acd.callbacks.agentLeft(entry);
  const now = acd.clock.now();
  closeHold(agent, now);
  const talkMs = now - call.answeredAt - call.holdMs;
  agent.talkMs += talkMs;
  acd.connected.delete(call.callId);
  agent.call = undefined;
  const queue = call.queue === undefined ? undefined : acd.queueDirectory.known(call.queue);
  if (!queue) return;
  queue.handleTime.add(talkMs + call.holdMs);
  acd.event('queue.call-handled', queue, {
    callId: call.callId,
    queue: queue.name,
    agentId: agent.id,
    talkMs,
    holdMs: call.holdMs,
    afterCallWorkMs: 0,
    cause: 'agent-logged-out',
  });
}
