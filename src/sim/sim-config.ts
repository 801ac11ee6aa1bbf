// The simulator's settings: what a run may vary, with defaults, checked field by field (a bad
// value is an `invalid-input` HotlineError naming the field).
import { HotlineError } from '../platform/index.ts';
import { serviceLevelVariants, type ServiceLevelVariant } from '../callcenter/index.ts';
import { sampler, type Distribution } from './random.ts';

export interface SimConfig {
  seed?: number;
  /** Simulated start, ms since the epoch (default 2026-01-05 00:00 UTC). */
  startAt?: number;
  hours: number;
  /** Length of a staffing and arrival-rate interval, minutes (default 30). */
  intervalMinutes?: number;
  /** Calls per hour: one number, or one per interval (the last repeats). */
  callsPerHour: number | readonly number[];
  /** Agents on shift: one number, or one per interval (the last repeats). */
  agents: number | readonly number[];
  /** Talk time per call (default exponential with mean 180 s). */
  handleTime?: Distribution;
  /** After-call work per call, whole seconds (the queue's wrap-up timer). Default 0. */
  wrapUpSeconds?: number;
  /** How long callers wait before hanging up; none: nobody abandons. */
  patience?: Distribution;
  /** From the offer to the agent's answer (default 0: answered at once). */
  ring?: Distribution;
  /** T of the service level (default 20 s) and T_short for short abandons (default 5 s). */
  slSeconds?: number;
  shortAbandonSeconds?: number;
  /** The METRICS.md service-level formula reported (default: the queue default). */
  variant?: ServiceLevelVariant;
  /** Intervals before this many minutes are left out of the totals (default 0). */
  warmupMinutes?: number;
  /** Routing strategy of the simulated queue (default longest-idle). */
  strategy?: string;
  /** Position/EWT announcements at join and every 60 s (default on, as a real queue). */
  announcements?: boolean;
}

export interface CheckedSimConfig {
  seed: number;
  startAt: number;
  hours: number;
  intervalMinutes: number;
  callsPerHour: number[];
  agents: number[];
  handleTime: Distribution;
  wrapUpSeconds: number;
  patience: Distribution | undefined;
  ring: Distribution;
  slSeconds: number;
  shortAbandonSeconds: number;
  variant: ServiceLevelVariant;
  warmupMinutes: number;
  strategy: string;
  announcements: boolean;
}

export function checkSimConfig(c: SimConfig): CheckedSimConfig {
  const seed = c.seed ?? 1;
  if (!Number.isInteger(seed)) throw invalid('seed', 'must be an integer');
  const hours = number(c.hours, 'hours', { min: 0, minExclusive: true, max: 24 * 366 });
  const intervalMinutes = number(c.intervalMinutes ?? 30, 'intervalMinutes', {
    min: 1,
    max: 24 * 60,
  });
  const callsPerHour = list(c.callsPerHour, 'callsPerHour', { min: 0, max: 10_000_000 });
  const agents = list(c.agents, 'agents', { min: 0, max: 100_000, integer: true });
  const wrapUpSeconds = number(c.wrapUpSeconds ?? 0, 'wrapUpSeconds', {
    min: 0,
    max: 3600,
    integer: true,
  });
  const handleTime = c.handleTime ?? { kind: 'exponential', meanSeconds: 180 };
  const ring = c.ring ?? { kind: 'fixed', seconds: 0 };
  // Drawing a sampler checks the distribution's parameters, naming the field.
  sampler(handleTime, Math.random, 'handleTime');
  sampler(ring, Math.random, 'ring');
  if (c.patience) sampler(c.patience, Math.random, 'patience');
  const variant = c.variant ?? 'answered-over-offered-minus-short-abandons';
  if (!serviceLevelVariants.includes(variant))
    throw invalid('variant', `expected one of ${serviceLevelVariants.join(', ')}`);
  return {
    seed,
    startAt: number(c.startAt ?? Date.UTC(2026, 0, 5), 'startAt', { min: 0, max: 8.64e15 }),
    hours,
    intervalMinutes,
    callsPerHour,
    agents,
    handleTime,
    wrapUpSeconds,
    patience: c.patience,
    ring,
    slSeconds: number(c.slSeconds ?? 20, 'slSeconds', { min: 1, max: 3600, integer: true }),
    shortAbandonSeconds: number(c.shortAbandonSeconds ?? 5, 'shortAbandonSeconds', {
      min: 0,
      max: 600,
      integer: true,
    }),
    variant,
    warmupMinutes: number(c.warmupMinutes ?? 0, 'warmupMinutes', { min: 0, max: hours * 60 }),
    strategy: c.strategy ?? 'longest-idle',
    announcements: c.announcements ?? true,
  };
}

interface Bounds {
  min: number;
  max: number;
  minExclusive?: boolean;
  integer?: boolean;
}

function number(value: unknown, field: string, b: Bounds): number {
  const kind = b.integer ? 'an integer' : 'a number';
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (b.integer && !Number.isInteger(value))
  )
    throw invalid(field, `must be ${kind}`);
  if (value < b.min || (b.minExclusive && value === b.min) || value > b.max)
    throw invalid(field, `must be ${kind} ${b.minExclusive ? '>' : '≥'} ${b.min} and ≤ ${b.max}`);
  return value;
}

function list(value: unknown, field: string, b: Bounds): number[] {
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  if (values.length === 0) throw invalid(field, 'needs at least one value');
  return values.map((v, i) => number(v, Array.isArray(value) ? `${field}.${i}` : field, b));
}

function invalid(field: string, message: string): HotlineError {
  return new HotlineError('invalid-input', `${field}: ${message}`, { field });
}
