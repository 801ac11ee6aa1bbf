// fewest-calls: the agent who has answered the fewest calls since login, then longest idle.
import { lowestThenLongestIdle, type StrategyFactory } from './strategy.ts';

export const fewestCallsStrategy: StrategyFactory = () => ({
  name: 'fewest-calls',
  pick(eligible) {
    const agent = lowestThenLongestIdle(eligible, (a) => a.callsAnswered);
    return { agents: [agent], why: `fewest calls (${agent.callsAnswered}), then longest idle` };
  },
});
