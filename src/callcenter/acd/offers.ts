// Offers: reserving agents and ringing them for a waiting call, ring-no-answer (the agent is
// parked not-ready, the call goes back to its place), and cancelling offers.
//
// Ring-all (a queue with strategy ring-all) rings a group. When one answers, the others were
// only rung alongside: they go back to ready, nothing is counted against them. When the ring
// time runs out with nobody answering, the queue's ringAll.noAnswer decides: `release` (the
// default) puts every agent rung back to ready, counts no ring-no-answer and rings the call
// again from its place (a group that rang out says nothing about any one agent: Asterisk's
// ringall retries the same way); `park` treats each as a single offer that rang out (one
// ring-no-answer per agent, parked not-ready). A phone that is busy or rejects is that agent's
// own answer and is parked either way, which also keeps a busy phone from being rung again
// and again.
import type { Agent } from '../agents/index.ts';
import type { Acd } from './acd.ts';
import type { AcdCommand } from './acd-commands.ts';
import type { RoutingTrigger } from './acd-events.ts';
import { cancelOffer } from './acd-helpers.ts';
import { moveEntry } from './queue-moves.ts';
import type { QueueEntry } from './queue-runtime.ts';

export type CancelReason = Exclude<
  Extract<AcdCommand, { type: 'cancel-offer' }>['reason'],
  'ring-timeout'
>;

/** Tries to give the entry to agents now; true when it is ringing someone. */
export function routeEntry(acd: Acd, entry: QueueEntry, trigger: RoutingTrigger): boolean {
  if (entry.status !== 'waiting') return false;
  const picked = acd.router.decide(entry, trigger);
  if (picked.length === 0) return false;
  const { queue } = entry;
  queue.waiting.remove(entry);
  entry.status = 'offering';
  entry.deadline?.cancel();
  entry.deadline = undefined;
  const now = acd.clock.now();
  const ringTimeoutMs = queue.config.ringTimeoutSeconds * 1000;
  for (const agent of picked) {
    acd.registry.transition(agent, 'reserve', { callId: entry.callId, queue: queue.name });
    agent.offer = { callId: entry.callId, queue: queue.name, offeredAt: now };
    const timer = acd.clock.after(ringTimeoutMs, () =>
      acd.run(() => {
        if (!entry.offers.has(agent.id)) return;
        if (releasesRingOut(entry)) return ringAllTimedOut(acd, entry);
        acd.send(cancelOffer(entry, agent, 'ring-timeout'));
        noAnswer(acd, entry, agent.id, 'timeout');
      }),
    );
    entry.offers.set(agent.id, { agent, offeredAt: now, timer });
    if (entry.kind === 'callback') acd.callbacks.dispatch(entry, agent);
    else
      acd.send({
        type: 'offer',
        callId: entry.callId,
        queue: queue.name,
        agentId: agent.id,
        extension: agent.extension,
        ringTimeoutMs,
      });
  }
  return true;
}

export function noAnswer(
  acd: Acd,
  entry: QueueEntry,
  agentId: string,
  cause: 'timeout' | 'busy' | 'rejected',
): void {
  const offer = entry.offers.get(agentId)!;
  offer.timer.cancel();
  entry.offers.delete(agentId);
  const { agent } = offer;
  agent.offer = undefined;
  const now = acd.clock.now();
  acd.registry.transition(agent, 'no-answer', {
    reasonCode: 'no-answer',
    cause: `ring-${cause}`,
    callId: entry.callId,
    queue: entry.queue.name,
  });
  acd.emit('agent.ring-no-answer', `agent:${agent.id}`, {
    agentId,
    callId: entry.callId,
    queue: entry.queue.name,
    ringMs: now - offer.offeredAt,
    cause,
  });
  if (entry.offers.size > 0) return; // ring-all: others still ringing
  if (entry.kind === 'callback') {
    acd.callbacks.agentMissed(entry);
    if (acd.callbacks.expired(entry)) return;
  }
  acd.requeue(entry, 'ring-no-answer');
}

/** A ring-all queue whose ring-outs release the group (ringAll.noAnswer `release`). */
function releasesRingOut(entry: QueueEntry): boolean {
  const { config } = entry.queue;
  return config.strategy === 'ring-all' && config.ringAll.noAnswer === 'release';
}

/** Nobody of the group answered in time: all back to ready, the call rings again from its place. */
function ringAllTimedOut(acd: Acd, entry: QueueEntry): void {
  const released: Agent[] = [];
  for (const { agent, timer } of entry.offers.values()) {
    timer.cancel();
    acd.send(cancelOffer(entry, agent, 'ring-timeout'));
    agent.offer = undefined;
    acd.registry.transition(agent, 'release', {
      callId: entry.callId,
      queue: entry.queue.name,
      cause: 'ring-all-no-answer',
    });
    released.push(agent);
  }
  entry.offers.clear();
  if (entry.kind === 'callback' && acd.callbacks.expired(entry)) return;
  acd.requeue(entry, 'ring-no-answer');
  for (const agent of released) acd.agentAvailable(agent);
}

/** Back in line at the place its original entry gives it, then to the next agent. */
export function requeue(
  acd: Acd,
  entry: QueueEntry,
  reason: 'ring-no-answer' | 'offer-cancelled',
  route = true,
): void {
  entry.status = 'waiting';
  const from = entry.queue;
  if (from.closed && from.movedTo) {
    // Its queue was removed with its calls moved: this one moves now that its ring ended.
    moveEntry(acd, entry, from.movedTo);
    acd.queueDirectory.retireIfEmpty(from);
    return;
  }
  const position = entry.queue.waiting.insert(entry);
  acd.event('queue.requeued', entry.queue, {
    callId: entry.callId,
    queue: entry.queue.name,
    position,
    reason,
  });
  if (!route || !routeEntry(acd, entry, 'requeued')) acd.schedule(entry);
}

/** Cancels every offer of the entry; the agents go back to ready (returned, to be routed). */
export function cancelOffers(acd: Acd, entry: QueueEntry, reason: CancelReason): Agent[] {
  const released: Agent[] = [];
  for (const { agent, timer } of entry.offers.values()) {
    timer.cancel();
    acd.send(cancelOffer(entry, agent, reason));
    agent.offer = undefined;
    acd.registry.transition(agent, 'release', {
      callId: entry.callId,
      queue: entry.queue.name,
      cause: reason,
    });
    released.push(agent);
  }
  entry.offers.clear();
  return released;
}
