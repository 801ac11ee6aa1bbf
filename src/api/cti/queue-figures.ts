// One queue's live figures for the wallboard, folded from the queue events of the log by a pure
// apply(event) (METRICS.md rule 2): calls waiting and since when, and the day's additive parts
// (offered, answered and their wait, abandoned, other exits), each counted at the event METRICS.md
// names. Ratios (service level, ASA) are computed when read, never stored.
import type { QueueEvents, ServiceLevelVariant } from '../../callcenter/index.ts';
import type { CtiQueueFigures } from './cti-events.ts';

/** The queue's service-level setting (queue-config.ts; METRICS.md defaults T = 20 s, T_short = 5 s). */
export interface ServiceLevelSetting {
  percent: number;
  seconds: number;
  variant: ServiceLevelVariant;
  shortAbandonSeconds: number;
}

export const defaultServiceLevel: ServiceLevelSetting = {
  percent: 80,
  seconds: 20,
  variant: 'answered-over-offered-minus-short-abandons',
  shortAbandonSeconds: 5,
};

/** The additive parts of one day: sums and counts only. */
export interface DayParts {
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  answeredWaitMs: number;
  abandoned: number;
  abandonedWithinShort: number;
  abandonedWithinThreshold: number;
  otherExits: number;
}

const emptyParts = (): DayParts => ({
  offered: 0,
  answered: 0,
  answeredWithinThreshold: 0,
  answeredWaitMs: 0,
  abandoned: 0,
  abandonedWithinShort: 0,
  abandonedWithinThreshold: 0,
  otherExits: 0,
});

export type QueueFigureEvent = {
  [K in 'queue.joined' | 'queue.answered' | 'queue.left']: {
    type: K;
    time: number;
    payload: QueueEvents[K];
  };
}['queue.joined' | 'queue.answered' | 'queue.left'];

export function isQueueFigureEvent(event: { type: string }): event is QueueFigureEvent {
  return (
    event.type === 'queue.joined' || event.type === 'queue.answered' || event.type === 'queue.left'
  );
}

/** METRICS.md's service-level formulas; null where the denominator is zero. */
export function serviceLevelOf(parts: DayParts, variant: ServiceLevelVariant): number | null {
  const { answered, answeredWithinThreshold: within, abandoned } = parts;
  let ratio: number;
  switch (variant) {
    case 'answered-over-offered-minus-short-abandons':
      ratio = within / (answered + abandoned - parts.abandonedWithinShort);
      break;
    case 'answered-over-answered':
      ratio = within / answered;
      break;
    case 'answered-over-offered':
      ratio = within / (answered + abandoned);
      break;
    case 'answered-or-abandoned-within-over-offered':
      ratio = (within + parts.abandonedWithinThreshold) / (answered + abandoned);
      break;
    case 'answered-over-offered-minus-abandoned-within':
      ratio = within / (answered + abandoned - parts.abandonedWithinThreshold);
      break;
  }
  return Number.isFinite(ratio) ? ratio : null;
}

export class QueueFigures {
  readonly queue: string;
  setting: ServiceLevelSetting;
  /** The center's day the parts are of (YYYY-MM-DD); parts restart at the first event of a new day. */
  day: string;
  parts: DayParts = emptyParts();
  /** Waiting (or ringing) calls by call id → queue entry time. */
  readonly waiting = new Map<string, number>();
  readonly #dayOf: (time: number) => string;

  constructor(
    queue: string,
    setting: ServiceLevelSetting,
    dayOf: (time: number) => string,
    now: number,
  ) {
    this.queue = queue;
    this.setting = setting;
    this.#dayOf = dayOf;
    this.day = dayOf(now);
  }

  /** Folds one queue event; returns whether the figures changed. */
  apply(event: QueueFigureEvent): boolean {
    const day = this.#dayOf(event.time);
    if (day > this.day) {
      this.day = day;
      this.parts = emptyParts();
    }
    const today = day === this.day;
    const p = this.parts;
    const thresholdMs = this.setting.seconds * 1000;
    switch (event.type) {
      case 'queue.joined':
        // The wait counts from queue entry (METRICS.md); a requeued call keeps its first entry.
        if (!this.waiting.has(event.payload.callId))
          this.waiting.set(event.payload.callId, event.time);
        if (today) p.offered++;
        return true;
      case 'queue.answered': {
        this.waiting.delete(event.payload.callId);
        if (!today) return true;
        const { waitMs } = event.payload;
        p.answered++;
        p.answeredWaitMs += waitMs;
        if (waitMs <= thresholdMs) p.answeredWithinThreshold++;
        return true;
      }
      case 'queue.left': {
        this.waiting.delete(event.payload.callId);
        if (!today) return true;
        const { waitMs, reason } = event.payload;
        if (reason !== 'abandoned') {
          p.otherExits++;
          return true;
        }
        p.abandoned++;
        if (waitMs <= this.setting.shortAbandonSeconds * 1000) p.abandonedWithinShort++;
        if (waitMs <= thresholdMs) p.abandonedWithinThreshold++;
        return true;
      }
    }
  }

  /** The figures as of `now`: a new day that has had no event yet shows zero counts. */
  view(now: number, agents: Record<string, number> = {}): CtiQueueFigures {
    const today = this.#dayOf(now);
    const parts = today > this.day ? emptyParts() : this.parts;
    let oldest: number | null = null;
    for (const since of this.waiting.values())
      if (oldest === null || since < oldest) oldest = since;
    return {
      queue: this.queue,
      waiting: this.waiting.size,
      oldestWaitingSince: oldest,
      longestWaitMs: oldest === null ? 0 : Math.max(0, now - oldest),
      day: today > this.day ? today : this.day,
      ...parts,
      asaMs: parts.answered === 0 ? null : parts.answeredWaitMs / parts.answered,
      serviceLevel: {
        value: serviceLevelOf(parts, this.setting.variant),
        variant: this.setting.variant,
        thresholdSeconds: this.setting.seconds,
        shortAbandonSeconds: this.setting.shortAbandonSeconds,
        targetPercent: this.setting.percent,
      },
      agents,
    };
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(time: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(time))
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  return out;
}

/** The center's calendar day of a time (YYYY-MM-DD, so days compare as strings). */
export function dayOf(time: number, timeZone: string): string {
  const p = localParts(time, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Midnight of the center's day of `time`, in epoch ms. */
export function startOfDay(time: number, timeZone: string): number {
  const p = localParts(time, timeZone);
  const whole = Math.floor(time / 1000) * 1000;
  const offset = Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second) - whole;
  return Date.UTC(p.year!, p.month! - 1, p.day) - offset;
}
