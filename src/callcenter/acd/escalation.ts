// A waiting call's deadline came: max wait (leave to the overflow target), escalation steps due
// by now (relax skill levels, add another queue's agents, or leave), the end of a sticky hold,
// and the periodic position/EWT announcement.
import type { Acd } from './acd.ts';
import type { QueueTarget } from './queue-config.ts';
import { advanceAnnouncement } from './queue-deadlines.ts';
import { entryProfiles, type QueueEntry } from './queue-runtime.ts';

export function onDeadline(acd: Acd, entry: QueueEntry): void {
  entry.deadline = undefined;
  if (entry.status !== 'waiting' || entry.kind !== 'call' || !acd.entries.has(entry.callId)) return;
  const now = acd.clock.now();
  const { config } = entry.queue;
  if (config.maxWaitSeconds !== null && now >= entry.enqueuedAt + config.maxWaitSeconds * 1000)
    return leaveQueue(acd, entry, 'max-wait', config.overflow);
  let widened = false;
  for (
    let step = config.escalation[entry.nextStep];
    step && now >= entry.enqueuedAt + step.afterSeconds * 1000;
    step = config.escalation[entry.nextStep]
  ) {
    const { afterSeconds: _, ...action } = step;
    acd.event('queue.escalated', entry.queue, {
      callId: entry.callId,
      queue: entry.queue.name,
      step: entry.nextStep,
      action,
      waitMs: now - entry.enqueuedAt,
    });
    entry.nextStep++;
    if (step.action === 'leave') return leaveQueue(acd, entry, 'escalation', step.to);
    if (step.action === 'relax-skills') entry.relaxBy += step.by;
    else {
      const other = acd.queue(step.queue);
      if (other && !entry.extraQueues.includes(other)) entry.extraQueues.push(other);
    }
    entry.profiles = entryProfiles(entry);
    acd.escalated.add(entry);
    widened = true;
  }
  let stickyExpired = false;
  if (entry.stickyUntil !== 0 && entry.stickyUntil <= now) {
    entry.stickyUntil = 0;
    stickyExpired = true;
  }
  if (widened || stickyExpired) {
    if (acd.route(entry, widened ? 'escalated' : 'sticky-expired')) return;
  }
  if (entry.nextAnnounceAt <= now) {
    acd.announce(entry);
    advanceAnnouncement(entry, now);
  }
  acd.schedule(entry);
}

/**
 * The call leaves its queue for `to`. A callback with a known caller number keeps its place
 * (the ACD calls back when it reaches the front); other targets are the call model's to run.
 */
function leaveQueue(
  acd: Acd,
  entry: QueueEntry,
  reason: 'max-wait' | 'escalation',
  to: QueueTarget,
): void {
  acd.send({ type: 'leave', callId: entry.callId, queue: entry.queue.name, reason, to });
  if (to.kind === 'callback' && entry.callerNumber !== undefined)
    acd.callbacks.convert(entry, entry.callerNumber, reason);
  else acd.leave(entry, reason, to);
}
