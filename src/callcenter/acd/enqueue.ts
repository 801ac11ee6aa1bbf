// A call joins a queue: checked, refused when the queue is full (the caller goes to its
// overflow), else placed in line by priority and entry time, routed at once if an agent is free,
// and announced and timed (escalation, max wait) while it waits.
import { HotlineError } from '../../platform/index.ts';
import type { Acd } from './acd.ts';
import type { EnqueueRequest, EnqueueResult } from './acd-commands.ts';
import type { AcdEvents } from './acd-events.ts';
import { invalid, validSkills } from './acd-helpers.ts';
import { entryProfiles, type QueueEntry } from './queue-runtime.ts';

/** `seq`: the ACD's arrival counter, so equal entry times keep arrival order. */
export function enqueue(acd: Acd, request: EnqueueRequest, seq: number): EnqueueResult {
  const { callId } = request;
  if (typeof callId !== 'string' || callId === '') throw invalid('callId', 'is required');
  if (acd.entries.has(callId) || acd.connected.has(callId))
    throw new HotlineError('conflict', `callId: call "${callId}" is already in a queue`, {
      field: 'callId',
    });
  const queue = acd.queue(request.queue);
  if (!queue)
    throw new HotlineError('not-found', `queue: no queue is named "${request.queue}"`, {
      field: 'queue',
    });
  if (queue.closed)
    throw new HotlineError(
      'not-found',
      `queue: queue "${queue.name}" was removed from the configuration and takes no new calls`,
      { field: 'queue' },
    );
  const priority = request.priority ?? 0;
  if (!Number.isInteger(priority) || priority < 0 || priority > 100)
    throw invalid('priority', 'must be an integer from 0 to 100');
  const skills = validSkills(request.skills ?? []);
  const now = acd.clock.now();
  const { config } = queue;
  if (config.maxWaiting !== null && queue.live >= config.maxWaiting) {
    acd.event('queue.refused', queue, {
      callId,
      queue: queue.name,
      reason: 'queue-full',
      waiting: queue.live,
      maxWaiting: config.maxWaiting,
      overflow: config.overflow,
    });
    return {
      accepted: false,
      reason: 'queue-full',
      overflow: config.overflow,
      message: `queue "${queue.name}" already has ${queue.live} calls waiting (max ${config.maxWaiting})`,
    };
  }
  const every = config.announcements.everySeconds * 1000;
  const entry: QueueEntry = {
    callId,
    queue,
    priority,
    enqueuedAt: now,
    seq,
    skills,
    kind: 'call',
    status: 'waiting',
    offers: new Map(),
    lastAgentId: request.lastAgentId,
    stickyUntil:
      request.lastAgentId !== undefined && config.stickyWaitSeconds > 0
        ? now + config.stickyWaitSeconds * 1000
        : 0,
    relaxBy: 0,
    extraQueues: [],
    profiles: [],
    nextStep: 0,
    nextAnnounceAt: every > 0 ? now + every : Infinity,
    deadline: undefined,
    callerNumber: request.callerNumber,
    callback: undefined,
  };
  entry.profiles = entryProfiles(entry);
  acd.entries.set(callId, entry);
  queue.live++;
  const position = queue.waiting.insert(entry);
  const joined: AcdEvents['queue.joined'] = {
    callId,
    queue: queue.name,
    priority,
    skills,
    position,
    ewtSeconds: queue.ewtSeconds(position),
  };
  if (request.lastAgentId !== undefined) joined.lastAgentId = request.lastAgentId;
  acd.event('queue.joined', queue, joined);
  acd.route(entry, 'call-joined');
  if (entry.status !== 'waiting')
    return { accepted: true, position: 0, ewtSeconds: 0, musicOnHold: config.musicOnHold };
  if (config.announcements.atJoin) acd.announce(entry);
  acd.schedule(entry);
  const now2 = queue.waiting.position(entry);
  return {
    accepted: true,
    position: now2,
    ewtSeconds: queue.ewtSeconds(now2),
    musicOnHold: config.musicOnHold,
  };
}
