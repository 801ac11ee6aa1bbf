// The discrete-event simulator: the real Acd and its agents on a HeapClock, with simulated
// telephony around them — Poisson arrivals per interval, callers' patience, ring delays, handle
// times, staffing per interval — and statistics reduced from the ACD's own events.
import { HeapClock } from '../platform/index.ts';
import { Acd, type AcdCommand, type ServiceLevelVariant } from '../callcenter/index.ts';
import { meanSeconds, sampler, xoshiro128, type Distribution } from './random.ts';
import { figures, SimStats, type Figures, type StatParts } from './sim-stats.ts';
import { checkSimConfig, type SimConfig } from './sim-config.ts';

export interface SimResult {
  /** Parts summed over the measured intervals (after the warm-up). */
  totals: StatParts;
  figures: Figures;
  /** Per interval, from the start (warm-up included). */
  intervals: { startAt: number; parts: StatParts; figures: Figures; agents: number }[];
  /** Calls that arrived (in the whole run). */
  arrivals: number;
  /** Calls still in the queue when the run ended (METRICS.md: waiting at end). */
  waitingAtEnd: number;
  events: number;
  wallMs: number;
  simulatedMs: number;
}

const QUEUE = 'sim';

export function simulate(input: SimConfig): SimResult {
  const config = checkSimConfig(input);
  const wallStart = performance.now();
  const intervalMs = config.intervalMinutes * 60_000;
  const start = config.startAt;
  const end = start + config.hours * 3_600_000;
  const intervals = Math.ceil((end - start) / intervalMs);
  const random = xoshiro128(config.seed);
  const handle = sampler(config.handleTime, random, 'handleTime');
  const ring = sampler(config.ring, random, 'ring');
  const patience = config.patience ? sampler(config.patience, random, 'patience') : undefined;
  const clock = new HeapClock(start);
  const stats = new SimStats(start, intervalMs, config);
  const ringTimeoutSeconds = Math.max(20, Math.ceil(maxRingSeconds(config.ring)) + 5);

  const acd = new Acd({
    clock,
    random: xoshiro128(config.seed ^ 0x5eed),
    queues: [
      {
        name: QUEUE,
        strategy: config.strategy,
        wrapUpSeconds: config.wrapUpSeconds,
        ringTimeoutSeconds: Math.min(300, ringTimeoutSeconds),
        serviceLevel: {
          seconds: config.slSeconds,
          shortAbandonSeconds: config.shortAbandonSeconds,
          variant: config.variant,
        },
        expectedHandleSeconds: Math.max(1, Math.round(meanSeconds(config.handleTime))),
        announcements: config.announcements
          ? { atJoin: true, everySeconds: 60 }
          : { atJoin: false, everySeconds: 0 },
      },
    ],
    record: (type, stream, payload, at) => {
      stats.record(type, stream, payload, at);
      if (type !== 'agent.state-changed') return;
      const p = payload as { agentId: string; to: string; reasonCode?: string };
      if (p.to !== 'not-ready') return;
      // A busy agent asked to go off shift is logged out once the call's work is done; one
      // whose phone rang out comes back to ready (the simulator's agents do not walk away).
      if (leaving.has(p.agentId)) clock.after(0, () => logout(p.agentId));
      else if (p.reasonCode === 'no-answer')
        clock.after(0, () => {
          if (acd.agents.get(p.agentId)?.state === 'not-ready') acd.agents.setReady(p.agentId);
        });
    },
    dispatch: (command) => telephony(command),
  });

  // ---- simulated telephony ---------------------------------------------------------------
  /** The live offer per call and agent: a stale ring timer must not answer a later offer. */
  const ringing = new Map<string, number>();
  let offerSeq = 0;
  const patienceTimers = new Map<string, { cancel(): void }>();

  function telephony(command: AcdCommand): void {
    switch (command.type) {
      case 'offer': {
        const { callId, agentId } = command;
        const key = `${callId}|${agentId}`;
        const token = ++offerSeq;
        ringing.set(key, token);
        clock.after(ring(), () => {
          if (ringing.get(key) !== token) return;
          ringing.delete(key);
          if (!acd.agentAnswered(callId, agentId)) return;
          patienceTimers.get(callId)?.cancel();
          patienceTimers.delete(callId);
          clock.after(handle(), () => acd.callEnded(callId));
        });
        return;
      }
      case 'cancel-offer':
        ringing.delete(`${command.callId}|${command.agentId}`);
        return;
      case 'leave': // the ACD counted it as left (queue.left); the caller is gone from the queue
        patienceTimers.get(command.callId)?.cancel();
        patienceTimers.delete(command.callId);
        return;
      case 'announce': // nothing to play in a simulation
      case 'callback': // the simulated queue offers no callbacks
        return;
    }
  }

  // ---- arrivals: Poisson, piecewise constant rate per interval ------------------------------
  let arrivals = 0;
  const rateAt = (t: number) => {
    const i = Math.min(intervals - 1, Math.floor((t - start) / intervalMs));
    return config.callsPerHour[Math.min(i, config.callsPerHour.length - 1)]! / 3_600_000;
  };
  function nextArrival(): void {
    const now = clock.now();
    if (now >= end) return;
    const edge = Math.min(end, start + (Math.floor((now - start) / intervalMs) + 1) * intervalMs);
    const rate = rateAt(now);
    const gap = rate > 0 ? -Math.log(1 - random()) / rate : Infinity;
    // Memoryless: a gap that crosses the interval's edge starts afresh there at the new rate.
    if (now + gap >= edge) {
      if (edge < end) clock.after(edge - now, nextArrival);
      return;
    }
    clock.after(gap, () => {
      arrive();
      nextArrival();
    });
  }
  function arrive(): void {
    const callId = `c${++arrivals}`;
    acd.enqueue({ callId, queue: QUEUE });
    if (!patience || !acd.entries.has(callId)) return;
    patienceTimers.set(
      callId,
      clock.after(patience(), () => {
        patienceTimers.delete(callId);
        acd.callEnded(callId); // still waiting or ringing: an abandon
      }),
    );
  }

  // ---- staffing per interval ---------------------------------------------------------------
  const pool = Math.max(...config.agents);
  const onShift = new Set<string>();
  const leaving = new Set<string>();
  const offShift: string[] = [];
  for (let i = pool; i >= 1; i--) {
    offShift.push(`a${i}`);
    acd.agents.deviceRegistered(`x${i}`);
  }
  function logout(agentId: string): void {
    const agent = acd.agents.get(agentId);
    if (!agent || !leaving.has(agentId)) return;
    if (agent.state !== 'ready' && agent.state !== 'not-ready') return; // busy again: wait
    acd.agents.logout(agentId);
    leaving.delete(agentId);
    offShift.push(agentId);
    // The interval may have asked for more agents while this one was finishing a call.
    if (onShift.size < target) staff(target);
  }
  let target = 0;
  function staff(wanted: number): void {
    target = wanted;
    while (onShift.size < target) {
      const id = offShift.pop();
      if (id === undefined) break; // still leaving: they come back as soon as they are out
      onShift.add(id);
      acd.agents.login(id, { extension: `x${id.slice(1)}`, skills: {}, ready: true });
    }
    if (onShift.size <= target) return;
    // Idle agents go first; busy ones finish their call (pending not-ready), then log out.
    const order = [...onShift].sort((a, b) => busyRank(a) - busyRank(b));
    for (const id of order.slice(0, onShift.size - target)) {
      onShift.delete(id);
      leaving.add(id);
      if (busyRank(id) === 0) logout(id);
      else acd.agents.setNotReady(id, 'break');
    }
  }
  const busyRank = (id: string) => {
    const state = acd.agents.get(id)?.state;
    return state === 'ready' || state === 'not-ready' ? 0 : 1;
  };
  const staffingAt = (i: number) => config.agents[Math.min(i, config.agents.length - 1)]!;
  for (let i = 0; i < intervals; i++) {
    const at = start + i * intervalMs;
    if (i === 0) staff(staffingAt(0));
    else if (staffingAt(i) !== staffingAt(i - 1))
      clock.after(at - start, () => staff(staffingAt(i)));
  }

  nextArrival();
  clock.advanceTo(end);
  const waitingAtEnd = acd.entries.size;
  acd.stop();
  stats.close(end);

  const warmup = Math.ceil((config.warmupMinutes * 60_000) / intervalMs);
  const totals = stats.sum(warmup, intervals);
  return {
    totals,
    figures: figures(totals, config.variant),
    intervals: Array.from({ length: intervals }, (_, i) => {
      const parts = stats.sum(i, i + 1);
      return {
        startAt: start + i * intervalMs,
        parts,
        figures: figures(parts, config.variant),
        agents: staffingAt(i),
      };
    }),
    arrivals,
    waitingAtEnd,
    events: stats.events,
    wallMs: performance.now() - wallStart,
    simulatedMs: end - start,
  };
}

function maxRingSeconds(d: Distribution): number {
  switch (d.kind) {
    case 'fixed':
      return d.seconds;
    case 'uniform':
      return d.maxSeconds;
    case 'exponential':
    case 'lognormal':
      return 3 * d.meanSeconds; // longer rings ring out: the ACD's ring-no-answer path
  }
}

export type { ServiceLevelVariant };
