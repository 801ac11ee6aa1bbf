// round-robin: the next agent in login order after the one this queue offered to last
// (Asterisk's rrmemory), so every agent gets their turn whatever their idle time. The queue's
// cursor is that last login ordinal; the successor is a binary search in each level's list.
import { CONSIDERED, poolStrategy, type StrategyFactory } from './strategy.ts';

export const roundRobinStrategy: StrategyFactory = () => {
  let last = 0;
  return poolStrategy('round-robin', (pool) => {
    const considered = pool.nextInTurn(last, CONSIDERED);
    const agent = considered[0]!;
    const why =
      agent.ordinal > last ? `next after #${last} in turn` : `wrapped around to the first in turn`;
    last = agent.ordinal;
    return { agents: [agent], considered, why };
  });
};
