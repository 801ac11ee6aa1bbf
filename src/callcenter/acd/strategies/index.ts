// The built-in routing strategies by name; more can be plugged in through AcdOptions.strategies.
import { bestMatchStrategy } from './best-match.ts';
import { fewestCallsStrategy } from './fewest-calls.ts';
import { leastTalkTimeStrategy } from './least-talk-time.ts';
import { longestIdleStrategy } from './longest-idle.ts';
import { randomStrategy } from './random.ts';
import { ringAllStrategy } from './ring-all.ts';
import { roundRobinStrategy } from './round-robin.ts';
import type { StrategyFactory } from './strategy.ts';

export const builtInStrategies: Readonly<Record<string, StrategyFactory>> = {
  'longest-idle': longestIdleStrategy,
  'round-robin': roundRobinStrategy,
  'fewest-calls': fewestCallsStrategy,
  'least-talk-time': leastTalkTimeStrategy,
  'ring-all': ringAllStrategy,
  random: randomStrategy,
  'best-match': bestMatchStrategy,
};

export { seededRandom } from './random.ts';
export * from './strategy.ts';
export { ArrayPool, IndexPool, type CandidatePool } from './candidate-pool.ts';
