// Calls counted per 15-minute slot of a day, for the wallboard's chart.
export const SLOT_MS = 15 * 60_000;
export const SLOTS_PER_DAY = 96;

/** Counts per 15-minute slot of the day that starts at `dayStart`. */
export function bucketCalls(startTimes: readonly number[], dayStart: number): number[] {
  const counts = new Array<number>(SLOTS_PER_DAY).fill(0);
  for (const time of startTimes) {
    const slot = Math.floor((time - dayStart) / SLOT_MS);
    if (slot >= 0 && slot < SLOTS_PER_DAY) counts[slot]!++;
  }
  return counts;
}
