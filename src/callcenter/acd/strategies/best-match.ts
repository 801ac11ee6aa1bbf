// skills-based best-match: the highest proficiency in the call's required skills (the sum of
// levels, so an agent strong in all of them beats one strong in a single one), then longest idle.
import type { RoutingAgent } from '../../agents/index.ts';
import { lowestThenLongestIdle, type StrategyFactory } from './strategy.ts';

export const bestMatchStrategy: StrategyFactory = () => ({
  name: 'best-match',
  pick(eligible, { requirements }) {
    const proficiency = (a: RoutingAgent) => {
      let sum = 0;
      for (const r of requirements) sum += a.skillLevel(r.skill);
      return sum;
    };
    const agent = lowestThenLongestIdle(eligible, (a) => -proficiency(a));
    return {
      agents: [agent],
      why: requirements.length
        ? `best match (proficiency ${proficiency(agent)} over ${requirements.map((r) => r.skill).join('+')}), then longest idle`
        : 'best match (no skills required), then longest idle',
    };
  },
});
