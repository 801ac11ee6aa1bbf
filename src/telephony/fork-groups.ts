// Sequential forking by q-value (RFC 3261 §16.6 step 1, §10.2.1.2): the contacts of a leg in
// groups of equal q, highest first, and how much of the leg's ring time each group may take.

/** A contact's preference, 0 to 1 (RFC 3261 §20.10); none counts as 1.0. */
export interface Preferred {
  readonly q?: number;
}

/**
 * The contacts in groups of equal q, highest q first; within a group they keep their order. All
 * of one q make one group: every contact rings at once, as when nobody sets q.
 */
export function forkGroups<T extends Preferred>(contacts: readonly T[]): T[][] {
  const byQ = new Map<number, T[]>();
  for (const contact of contacts) {
    const q = contact.q ?? 1;
    const group = byQ.get(q);
    if (group === undefined) byQ.set(q, [contact]);
    else group.push(contact);
  }
  return [...byQ].sort(([a], [b]) => b - a).map(([, group]) => group);
}

export interface GroupRingTime {
  /** The ring timeout each fork of the group is sent with: what is left of the leg's. */
  readonly forkMs: number;
  /** When the group gives way to the next (its forks cancelled first); none for the last group. */
  readonly groupMs: number | undefined;
}

/**
 * The ring time of group `index` (of `count`) starting `elapsedMs` into a leg that rings for
 * `totalMs`: an even share of it, the last group taking whatever is left (earlier groups that all
 * refused quickly leave it more).
 */
export function groupRingTime(
  totalMs: number,
  count: number,
  index: number,
  elapsedMs: number,
): GroupRingTime {
  const left = Math.max(0, totalMs - elapsedMs);
  if (index >= count - 1) return { forkMs: left, groupMs: undefined };
  return { forkMs: left, groupMs: Math.min(left, Math.floor(totalMs / count)) };
}
