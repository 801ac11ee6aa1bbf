// ring-all: every eligible agent rings at once; the first to answer wins and the ACD cancels
// the others' offers. Whether a ring-out parks the agents is the queue's ringAll.noAnswer.
import { poolStrategy, type StrategyFactory } from './strategy.ts';

export const ringAllStrategy: StrategyFactory = () =>
  poolStrategy('ring-all', (pool) => {
    const agents = pool.all();
    return { agents, why: `ring all ${agents.length} eligible` };
  });
