// fewest-calls: the agent who has answered the fewest calls since login, then longest idle (the
// head of the buckets kept in that order).
import { CONSIDERED, poolStrategy, type StrategyFactory } from './strategy.ts';

export const fewestCallsStrategy: StrategyFactory = () =>
  poolStrategy('fewest-calls', (pool) => {
    const considered = pool.first('calls', CONSIDERED);
    const agent = considered[0]!;
    return {
      agents: [agent],
      considered,
      why: `fewest calls (${agent.callsAnswered}), then longest idle`,
    };
  });
