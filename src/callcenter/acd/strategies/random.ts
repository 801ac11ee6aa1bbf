// random: a uniformly random eligible agent, from the injected (seeded) generator.
import type { StrategyFactory } from './strategy.ts';

export const randomStrategy: StrategyFactory = ({ random }) => ({
  name: 'random',
  pick(eligible) {
    // Login order first, so the same seed picks the same agent whatever the index's set order.
    const sorted = [...eligible].sort((a, b) => a.ordinal - b.ordinal);
    const agent = sorted[Math.min(sorted.length - 1, Math.floor(random() * sorted.length))]!;
    return { agents: [agent], why: `random among ${eligible.length}` };
  },
});

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
