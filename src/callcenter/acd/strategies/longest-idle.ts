// longest-idle: the agent who has waited longest since becoming ready (fairest for agents).
import { idleNote, longestIdle, type StrategyFactory } from './strategy.ts';

export const longestIdleStrategy: StrategyFactory = () => ({
  name: 'longest-idle',
  pick(eligible, { now }) {
    const agent = longestIdle(eligible);
    return { agents: [agent], why: `longest idle (${idleNote(agent, now)})` };
  },
});
