// The reconciler's repairs, applied: each impossible state found by findRepairs() is set right
// through the same paths a real report would take, and logged as agent.repaired.
import type { LiveView, Repair } from '../agents/index.ts';
import { findRepairs } from '../agents/index.ts';
import type { Acd } from './acd.ts';
import type { QueueEntry } from './queue-runtime.ts';
import { cancelOffer } from './acd-helpers.ts';

export function reconcile(acd: Acd, view: LiveView, graceMs: number): number {
  const repairs = findRepairs(acd.registry.all(), view, {
    isRegistered: (extension) => acd.registry.isRegistered(extension),
    now: acd.clock.now(),
    graceMs,
  });
  // Every state is set right first; only then is anything routed (to agents known to be free).
  const requeued: QueueEntry[] = [];
  for (const repair of repairs) apply(acd, repair, requeued);
  for (const entry of requeued) acd.route(entry, 'requeued');
  for (const { agent } of repairs) acd.agentAvailable(agent);
  return repairs.length;
}

function apply(acd: Acd, repair: Repair, requeued: QueueEntry[]): void {
  const { agent, problem } = repair;
  const from = agent.state;
  const cause = 'reconciler';
  switch (problem) {
    case 'device-registered':
    case 'device-unregistered':
      acd.registry.setRegistered(agent.extension, problem === 'device-registered');
      break;
    case 'reserved-without-leg': {
      const entry = agent.offer ? acd.entries.get(agent.offer.callId) : undefined;
      const offer = entry?.offers.get(agent.id);
      agent.offer = undefined;
      if (entry && offer) {
        offer.timer.cancel();
        entry.offers.delete(agent.id);
        acd.send(cancelOffer(entry, agent, 'reconciler'));
      }
      acd.registry.transition(agent, 'release', withCall({ cause }, repair.callId));
      if (entry && entry.offers.size === 0 && entry.status === 'offering') {
        acd.requeue(entry, 'offer-cancelled', false);
        requeued.push(entry);
      }
      break;
    }
    case 'on-call-without-leg':
      // The hang-up was lost: after-call work as the queue says, then ready.
      if (agent.call) acd.endCall(agent, cause);
      else acd.registry.transition(agent, 'release', { cause });
      break;
    case 'ready-with-live-leg': {
      const callId = repair.callId!;
      acd.registry.transition(agent, 'dial', { cause, callId, callKind: 'internal' });
      agent.call = { callId, kind: 'internal', answeredAt: acd.clock.now(), holdMs: 0 };
      acd.connected.set(callId, agent);
      break;
    }
  }
  const payload = { agentId: agent.id, problem, from, to: agent.state };
  acd.registry.recordRepair(
    repair.callId === undefined ? payload : { ...payload, callId: repair.callId },
  );
}

function withCall<T extends object>(
  detail: T,
  callId: string | undefined,
): T & { callId?: string } {
  return callId === undefined ? detail : { ...detail, callId };
}
