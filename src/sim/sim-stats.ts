// The simulator's statistics, reduced from the ACD's own events as METRICS.md counts them:
// additive parts per interval bucket (counts and sums), each counted when it happens, and the
// ratios computed only when read, from summed parts.
import type { AcdEvents, AgentState, ServiceLevelVariant } from '../callcenter/index.ts';

/** The additive parts of one interval (or of several, summed). */
export interface StatParts {
  /** queue.joined. */
  offered: number;
  /** queue.answered, with the wait of answered calls summed and those within T. */
  answered: number;
  answeredWithin: number;
  answeredWaitMs: number;
  /** queue.left (abandoned), with those that left within T_short and within T. */
  abandoned: number;
  abandonedWithinShort: number;
  abandonedWithin: number;
  abandonedWaitMs: number;
  /** queue.left for any other reason (max wait, escalation, callback). */
  otherExits: number;
  /** queue.call-handled: AHT parts, counted when after-call work ended. */
  handled: number;
  talkMs: number;
  holdMs: number;
  afterCallWorkMs: number;
  /** Agent time per state (agent.state-changed), split across the buckets it spans. */
  stateMs: Record<AgentState, number>;
  ringNoAnswer: number;
  routingDecisions: number;
  longestAnsweredWaitMs: number;
}

export function emptyParts(): StatParts {
  return {
    offered: 0,
    answered: 0,
    answeredWithin: 0,
    answeredWaitMs: 0,
    abandoned: 0,
    abandonedWithinShort: 0,
    abandonedWithin: 0,
    abandonedWaitMs: 0,
    otherExits: 0,
    handled: 0,
    talkMs: 0,
    holdMs: 0,
    afterCallWorkMs: 0,
    stateMs: {
      'logged-out': 0,
      ready: 0,
      'not-ready': 0,
      reserved: 0,
      'on-call': 0,
      held: 0,
      'wrap-up': 0,
    },
    ringNoAnswer: 0,
    routingDecisions: 0,
    longestAnsweredWaitMs: 0,
  };
}

export function addParts(into: StatParts, from: StatParts): StatParts {
  for (const key of Object.keys(from) as (keyof StatParts)[]) {
    if (key === 'stateMs') {
      for (const s of Object.keys(from.stateMs) as AgentState[]) into.stateMs[s] += from.stateMs[s];
    } else if (key === 'longestAnsweredWaitMs') {
      into[key] = Math.max(into[key], from[key]);
    } else into[key] += from[key];
  }
  return into;
}

/** Thresholds of the service level (METRICS.md: T and T_short). */
export interface Thresholds {
  slSeconds: number;
  shortAbandonSeconds: number;
}

/**
 * Feeds on the ACD's event sink: `record` has the AcdEventSink shape. Buckets are
 * `intervalMs` long from `start`; agent state time is split at bucket edges.
 */
export class SimStats {
  readonly buckets: StatParts[] = [];
  readonly #start: number;
  readonly #intervalMs: number;
  readonly #slMs: number;
  readonly #shortMs: number;
  /** Each agent's current state and since when (from the events alone). */
  readonly #agents = new Map<string, { state: AgentState; since: number }>();
  events = 0;

  constructor(start: number, intervalMs: number, thresholds: Thresholds) {
    this.#start = start;
    this.#intervalMs = intervalMs;
    this.#slMs = thresholds.slSeconds * 1000;
    this.#shortMs = thresholds.shortAbandonSeconds * 1000;
  }

  readonly record = <K extends keyof AcdEvents>(
    type: K,
    _stream: string,
    payload: AcdEvents[K],
    at: number,
  ): void => {
    this.events++;
    switch (type) {
      case 'queue.joined':
        this.#bucket(at).offered++;
        return;
      case 'queue.routed':
        this.#bucket(at).routingDecisions++;
        return;
      case 'queue.answered': {
        const { waitMs } = payload as AcdEvents['queue.answered'];
        const b = this.#bucket(at);
        b.answered++;
        b.answeredWaitMs += waitMs;
        if (waitMs <= this.#slMs) b.answeredWithin++;
        if (waitMs > b.longestAnsweredWaitMs) b.longestAnsweredWaitMs = waitMs;
        return;
      }
      case 'queue.left': {
        const { waitMs, reason } = payload as AcdEvents['queue.left'];
        const b = this.#bucket(at);
        if (reason !== 'abandoned') {
          b.otherExits++;
          return;
        }
        b.abandoned++;
        b.abandonedWaitMs += waitMs;
        if (waitMs <= this.#shortMs) b.abandonedWithinShort++;
        if (waitMs <= this.#slMs) b.abandonedWithin++;
        return;
      }
      case 'queue.call-handled': {
        const p = payload as AcdEvents['queue.call-handled'];
        const b = this.#bucket(at);
        b.handled++;
        b.talkMs += p.talkMs;
        b.holdMs += p.holdMs;
        b.afterCallWorkMs += p.afterCallWorkMs;
        return;
      }
      case 'agent.ring-no-answer':
        this.#bucket(at).ringNoAnswer++;
        return;
      case 'agent.state-changed': {
        const p = payload as AcdEvents['agent.state-changed'];
        this.#addStateTime(p.from, at - p.previousStateMs, at);
        this.#agents.set(p.agentId, { state: p.to, since: at });
        return;
      }
    }
  };

  /** Counts the time of every agent's open state up to `end` (call once, at the end of a run). */
  close(end: number): void {
    for (const [id, { state, since }] of this.#agents) {
      this.#addStateTime(state, since, end);
      this.#agents.set(id, { state, since: end });
    }
  }

  /** The parts of buckets [from, to) summed. */
  sum(fromBucket = 0, toBucket = this.buckets.length): StatParts {
    const total = emptyParts();
    for (let i = fromBucket; i < Math.min(toBucket, this.buckets.length); i++)
      addParts(total, this.buckets[i]!);
    return total;
  }

  #bucket(at: number): StatParts {
    const index = Math.max(0, Math.floor((at - this.#start) / this.#intervalMs));
    while (this.buckets.length <= index) this.buckets.push(emptyParts());
    return this.buckets[index]!;
  }

  #addStateTime(state: AgentState, from: number, to: number): void {
    if (state === 'logged-out') return;
    let t = from;
    while (t < to) {
      const index = Math.max(0, Math.floor((t - this.#start) / this.#intervalMs));
      const edge = this.#start + (index + 1) * this.#intervalMs;
      const end = Math.min(to, edge);
      this.#bucket(t).stateMs[state] += end - t;
      t = end;
    }
  }
}

/** The figures, computed from summed parts (METRICS.md definitions). */
export interface Figures {
  /** The chosen variant's service level (0–1; NaN with no calls). */
  serviceLevel: number;
  variant: ServiceLevelVariant;
  /** answered within T / answered (equal to the default variant when nobody abandons). */
  serviceLevelOfAnswered: number;
  asaSeconds: number;
  /** abandoned / offered. */
  abandonRate: number;
  /** (talk + hold + after-call work) / (that + ready), from agent state time. */
  occupancy: number;
  /** (talk + hold + after-call work) / handled. */
  ahtSeconds: number;
}

export function serviceLevel(parts: StatParts, variant: ServiceLevelVariant): number {
  const { answered, answeredWithin, abandoned } = parts;
  switch (variant) {
    case 'answered-over-offered-minus-short-abandons':
      return answeredWithin / (answered + abandoned - parts.abandonedWithinShort);
    case 'answered-over-answered':
      return answeredWithin / answered;
    case 'answered-over-offered':
      return answeredWithin / (answered + abandoned);
    case 'answered-or-abandoned-within-over-offered':
      return (answeredWithin + parts.abandonedWithin) / (answered + abandoned);
    case 'answered-over-offered-minus-abandoned-within':
      return answeredWithin / (answered + abandoned - parts.abandonedWithin);
  }
}

export function figures(
  parts: StatParts,
  variant: ServiceLevelVariant = 'answered-over-offered-minus-short-abandons',
): Figures {
  const s = parts.stateMs;
  const working = s['on-call'] + s.held + s['wrap-up'];
  return {
    serviceLevel: serviceLevel(parts, variant),
    variant,
    serviceLevelOfAnswered: serviceLevel(parts, 'answered-over-answered'),
    asaSeconds: parts.answeredWaitMs / parts.answered / 1000,
    abandonRate: parts.abandoned / parts.offered,
    occupancy: working / (working + s.ready),
    ahtSeconds: (parts.talkMs + parts.holdMs + parts.afterCallWorkMs) / parts.handled / 1000,
  };
}

/** The variant in words, to print beside the number (METRICS.md: named beside it). */
export function describeVariant(variant: ServiceLevelVariant, t: Thresholds): string {
  const T = `${t.slSeconds} s`;
  switch (variant) {
    case 'answered-over-offered-minus-short-abandons':
      return `answered within ${T} / (answered + abandoned − abandoned within ${t.shortAbandonSeconds} s)`;
    case 'answered-over-answered':
      return `answered within ${T} / answered`;
    case 'answered-over-offered':
      return `answered within ${T} / (answered + abandoned)`;
    case 'answered-or-abandoned-within-over-offered':
      return `(answered + abandoned within ${T}) / (answered + abandoned)`;
    case 'answered-over-offered-minus-abandoned-within':
      return `answered within ${T} / (answered + abandoned − abandoned within ${T})`;
  }
}
