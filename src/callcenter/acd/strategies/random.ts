// random: a uniformly random eligible agent, from the injected (seeded) generator: an index
// into the call's skill buckets (rejection sampling when other skills must be checked too).
import { poolStrategy, type StrategyFactory } from './strategy.ts';

export const randomStrategy: StrategyFactory = ({ random }) =>
  poolStrategy('random', (pool) => ({
    agents: [pool.sample(random)],
    why: `random among ${pool.size}`,
  }));

/** mulberry32: a small, fast, seedable generator with a 2^32 period (enough for routing). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
