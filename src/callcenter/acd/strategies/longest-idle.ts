// longest-idle: the agent who has waited longest since becoming ready (fairest for agents). The
// index keeps agents in idle order, so this is the head of the call's skill buckets.
import { CONSIDERED, idleNote, poolStrategy, type StrategyFactory } from './strategy.ts';

export const longestIdleStrategy: StrategyFactory = () =>
  poolStrategy('longest-idle', (pool, { now }) => {
    const considered = pool.first('idle', CONSIDERED);
    const agent = considered[0]!;
    return { agents: [agent], considered, why: `longest idle (${idleNote(agent, now)})` };
  });
