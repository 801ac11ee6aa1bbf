// least-talk-time: the agent with the least talk time since login, then longest idle (the head
// of the buckets kept in that order).
import { CONSIDERED, poolStrategy, type StrategyFactory } from './strategy.ts';

export const leastTalkTimeStrategy: StrategyFactory = () =>
  poolStrategy('least-talk-time', (pool) => {
    const considered = pool.first('talk', CONSIDERED);
    const agent = considered[0]!;
    return {
      agents: [agent],
      considered,
      why: `least talk time (${Math.round(agent.talkMs / 1000)} s), then longest idle`,
    };
  });
