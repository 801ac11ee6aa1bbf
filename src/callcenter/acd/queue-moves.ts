// Moving a waiting call (or a callback keeping its place) from a removed queue to another, as
// Acd.updateQueues's moveRemovedTo asks. The call keeps its original entry time, so it takes
// the place its wait gives it in the new line; escalation restarts on the new queue's steps,
// measured from that same entry time. Counted as it happens (METRICS.md): a queue.left
// (reason moved) in the old queue and a queue.joined (movedFrom) in the new one. A moved call
// is never refused for the new queue's maxWaiting: it was already admitted.
import type { Acd } from './acd.ts';
import { entryProfiles, type QueueEntry, type QueueRuntime } from './queue-runtime.ts';

export function moveEntry(acd: Acd, entry: QueueEntry, to: QueueRuntime): void {
  const from = entry.queue;
  const now = acd.clock.now();
  from.waiting.remove(entry);
  entry.deadline?.cancel();
  entry.deadline = undefined;
  acd.escalated.delete(entry);
  if (entry.kind === 'call') {
    from.live--;
    to.live++;
    acd.event('queue.left', from, {
      callId: entry.callId,
      queue: from.name,
      reason: 'moved',
      waitMs: now - entry.enqueuedAt,
      movedTo: to.name,
    });
  }
  entry.queue = to;
  entry.relaxBy = 0;
  entry.extraQueues.length = 0;
  entry.nextStep = 0;
  entry.profiles = entryProfiles(entry);
  const every = to.config.announcements.everySeconds * 1000;
  entry.nextAnnounceAt =
    every > 0
      ? entry.enqueuedAt + (Math.floor((now - entry.enqueuedAt) / every) + 1) * every
      : Infinity;
  // A callback between attempts joins the new line when its retry timer fires.
  if (entry.status !== 'waiting') return;
  const position = to.waiting.insert(entry);
  if (entry.kind === 'call')
    acd.event('queue.joined', to, {
      callId: entry.callId,
      queue: to.name,
      priority: entry.priority,
      skills: [...entry.skills],
      position,
      ewtSeconds: to.ewtSeconds(position),
      movedFrom: from.name,
    });
  if (!acd.route(entry, 'queue-updated')) acd.schedule(entry);
}
