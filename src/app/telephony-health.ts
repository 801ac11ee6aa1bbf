// The wallboard's telephony health, gathered from the running parts (location service, trunks,
// call model, ACD, media engine), and the feed that pushes it to supervisors when it changes.
import {
  isHotlineError,
  systemClock,
  type ClockScheduler,
  type Logger,
  type Scheduler,
} from '../platform/index.ts';
import type { EventStore } from '../store/index.ts';
import {
  TelephonyHealthFeed,
  type MediaWorkerHealth,
  type TelephonyHealth,
  type TrunkHealth,
} from '../api/index.ts';
import type { Acd } from '../callcenter/index.ts';
import type { TrunkStatus } from '../telephony/index.ts';
import type { TelephonyRuntime } from './telephony.ts';

/** Log events after which the figures are read again soon; media load is read on the interval. */
const MOVES_HEALTH: ReadonlySet<string> = new Set([
  'sip.registered',
  'sip.unregistered',
  'sip.extension-credentials-set',
  'sip.extension-deleted',
  'trunk.status',
  'trunk.registration',
  'leg.offered',
  'leg.ended',
  'call.offered',
  'call.ended',
  'agent.state-changed',
]);

export function telephonyHealthFeed(deps: {
  telephony: TelephonyRuntime;
  events: EventStore;
  clock: ClockScheduler;
  /**
   * When to read: wall time by default, whatever clock the figures are stamped with. A sampling
   * loop on the injected clock would replay every 5 s of a test's jump of months, millions of reads.
   */
  scheduler?: Scheduler;
  logger: Logger;
  intervalMs?: number;
}): TelephonyHealthFeed {
  return new TelephonyHealthFeed({
    gather: () => gatherTelephonyHealth(deps.telephony, deps.clock.now()),
    scheduler: deps.scheduler ?? systemClock,
    logger: deps.logger,
    ...(deps.intervalMs === undefined ? {} : { intervalMs: deps.intervalMs }),
    watch: (poke) =>
      deps.events.subscribe((event) => {
        if (MOVES_HEALTH.has(event.type)) poke();
      }),
  });
}

export function gatherTelephonyHealth(telephony: TelephonyRuntime, now: number): TelephonyHealth {
  const parts = telephony.healthParts;
  const location = telephony.stack.location;
  const acd = runningAcd(telephony);
  const unregisteredAgents = acd
    ? [...acd.registry.all()]
        .filter((a) => a.state !== 'logged-out' && location.lookup(a.extension).length === 0)
        .map((a) => ({ agentId: a.id, extension: a.extension, state: a.state }))
        .sort((a, b) => a.agentId.localeCompare(b.agentId))
    : [];
  return {
    time: now,
    running: parts.media !== undefined,
    extensions: {
      known: parts.extensions.size,
      registered: location.registeredCount,
      contacts: location.all().length,
      unregisteredAgents,
    },
    trunks: telephony.trunkStatus().map(trunkHealth),
    calls: { calls: parts.calls, legs: telephony.legs },
    media: parts.media
      ? {
          portsInUse: parts.media.portsInUse,
          portCapacity: parts.media.portCapacity,
          workers: parts.media.workers.map((w): MediaWorkerHealth => ({
            index: w.index,
            ready: w.ready,
            endpoints: w.endpoints,
            recordings: w.load?.recordings ?? null,
            // Whole percents and milliseconds: finer figures would change at every reading.
            busyPercent: w.load ? Math.round((w.load.cpu ?? w.load.utilization) * 100) : null,
            lateTicks: w.load?.lateTicks ?? null,
            maxTickLatenessMs: w.load ? Math.round(w.load.maxTickLatenessMs) : null,
            restarts: w.restarts,
          })),
        }
      : null,
  };
}

/** A trunk's keep-alive and registration, and the verdict the wallboard colours it by. */
export function trunkHealth(trunk: TrunkStatus): TrunkHealth {
  const keepAlive = trunk.keepAlive;
  const registration = trunk.registration;
  const down =
    trunk.error !== undefined || keepAlive?.state === 'down' || registration?.state === 'failed';
  const up = keepAlive?.state === 'up' || registration?.state === 'registered';
  return {
    name: trunk.name,
    status: down ? 'down' : up ? 'up' : 'unknown',
    keepAlive: keepAlive
      ? {
          state: keepAlive.state,
          since: keepAlive.since,
          lastStatus: keepAlive.lastStatus ?? null,
          lastRttMs: keepAlive.lastRttMs === undefined ? null : Math.round(keepAlive.lastRttMs),
        }
      : null,
    registration: registration
      ? {
          state: registration.state,
          since: registration.since,
          expiresAt: registration.expiresAt ?? null,
          reason: registration.reason ?? null,
        }
      : null,
    activeCalls: trunk.activeCalls,
    maxConcurrentCalls: trunk.maxConcurrentCalls ?? null,
    error: trunk.error ?? null,
  };
}

function runningAcd(telephony: TelephonyRuntime): Acd | undefined {
  try {
    return telephony.acd;
  } catch (error) {
    if (isHotlineError(error, 'unavailable')) return undefined; // telephony not started
    throw error;
  }
}
