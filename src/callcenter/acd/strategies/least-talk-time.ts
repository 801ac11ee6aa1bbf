// least-talk-time: the agent with the least talk time since login, then longest idle.
import { lowestThenLongestIdle, type StrategyFactory } from './strategy.ts';

export const leastTalkTimeStrategy: StrategyFactory = () => ({
  name: 'least-talk-time',
  pick(eligible) {
    const agent = lowestThenLongestIdle(eligible, (a) => a.talkMs);
    return {
      agents: [agent],
      why: `least talk time (${Math.round(agent.talkMs / 1000)} s), then longest idle`,
    };
  },
});
