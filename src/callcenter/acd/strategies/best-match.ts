// skills-based best-match: the highest proficiency in the call's required skills (the sum of
// levels, so an agent strong in all of them beats one strong in a single one), then longest
// idle. The pool reads its level buckets from the highest down and stops once no lower bucket
// can tie what it found.
import { CONSIDERED, poolStrategy, type StrategyFactory } from './strategy.ts';

export const bestMatchStrategy: StrategyFactory = () =>
  poolStrategy('best-match', (pool, { requirements }) => {
    const best = pool.bestMatch(CONSIDERED);
    const { agent, score } = best[0]!;
    return {
      agents: [agent],
      considered: best.map((b) => b.agent),
      why: requirements.length
        ? `best match (proficiency ${score} over ${requirements.map((r) => r.skill).join('+')}), then longest idle`
        : 'best match (no skills required), then longest idle',
    };
  });
