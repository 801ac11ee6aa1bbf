// How a forked leg ends when no fork answered: the "best" final response of RFC 3261 §16.7,
// chosen among the forks' endings.
import type { SessionEnded } from './sip/dialog/index.ts';

/**
 * RFC 3261 §16.7 step 6, as a forking proxy picks the response it forwards: any 6xx (step 5: it
 * also cancelled the other forks); else one of the lowest class (3xx, 4xx, 5xx). Within 4xx,
 * 486 Busy Here first: the callee is on a call on another device, the most telling reason (the
 * core passes "busy" on to a caller); 487 last: the answer to our own CANCEL (the ring timeout)
 * says nothing about the callee. An ending without a final response (a 2xx that crossed our CANCEL,
 * a strict router) ranks below every status. Ties go to the fork that ended first.
 */
export function bestEnding(endings: readonly SessionEnded[]): SessionEnded | undefined {
  let best: SessionEnded | undefined;
  let bestRank = Infinity;
  for (const ending of endings) {
    const rank = rankOf(ending.status);
    if (rank < bestRank) {
      best = ending;
      bestRank = rank;
    }
  }
  return best;
}

/** Lower is better: the class first (6xx as 0), then the preference within it. */
function rankOf(status: number | undefined): number {
  if (status === undefined || status < 300 || status > 699) return 1000;
  const statusClass = Math.floor(status / 100);
  const within = status === 486 ? 0 : status === 487 ? 2 : 1;
  return (statusClass === 6 ? 0 : statusClass) * 10 + within;
}
