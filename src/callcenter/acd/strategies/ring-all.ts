// ring-all: every eligible agent rings at once; the first to answer wins and the ACD cancels
// the others' offers.
import type { StrategyFactory } from './strategy.ts';

export const ringAllStrategy: StrategyFactory = () => ({
  name: 'ring-all',
  pick(eligible) {
    return {
      agents: [...eligible].sort((a, b) => a.ordinal - b.ordinal),
      why: `ring all ${eligible.length} eligible`,
    };
  },
});
