// When time in a state turns amber or red on the wallboard (minutes), by state.
export const stateThresholds: Record<string, { warn: number; alarm: number }> = {
  'not-ready': { warn: 10, alarm: 20 },
  'wrap-up': { warn: 1, alarm: 3 },
  'on-call': { warn: 10, alarm: 20 },
  held: { warn: 1, alarm: 3 },
  reserved: { warn: 0.5, alarm: 1 },
};

/** Waiting time in a queue turns amber and red at these seconds. */
export const waitThresholds = { warn: 20, alarm: 60 };

/** The service level counts calls answered within this many seconds. */
export const SERVICE_LEVEL_SECONDS = 20;

export function level(state: string, ms: number): 'ok' | 'warn' | 'alarm' {
  const limits = stateThresholds[state];
  if (!limits) return 'ok';
  if (ms >= limits.alarm * 60_000) return 'alarm';
  return ms >= limits.warn * 60_000 ? 'warn' : 'ok';
}
