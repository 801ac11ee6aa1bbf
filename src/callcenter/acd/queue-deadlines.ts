// When a waiting call next needs attention: an announcement, an escalation step, the queue's
// max wait, or the end of its sticky hold. One timer per waiting call, set to the earliest.
import type { QueueEntry } from './queue-runtime.ts';

export function nextDeadline(entry: QueueEntry, now: number): number {
  const config = entry.queue.config;
  let due = Infinity;
  if (entry.stickyUntil > now) due = entry.stickyUntil;
  due = Math.min(due, entry.nextAnnounceAt);
  const step = config.escalation[entry.nextStep];
  if (step) due = Math.min(due, entry.enqueuedAt + step.afterSeconds * 1000);
  if (config.maxWaitSeconds !== null)
    due = Math.min(due, entry.enqueuedAt + config.maxWaitSeconds * 1000);
  return due;
}

/** Moves the next announcement past `now`, keeping its cadence from the queue entry. */
export function advanceAnnouncement(entry: QueueEntry, now: number): void {
  const every = entry.queue.config.announcements.everySeconds * 1000;
  if (every <= 0) {
    entry.nextAnnounceAt = Infinity;
    return;
  }
  while (entry.nextAnnounceAt <= now) entry.nextAnnounceAt += every;
}
