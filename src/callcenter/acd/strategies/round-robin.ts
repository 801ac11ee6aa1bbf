// round-robin: the next agent in login order after the one this queue offered to last
// (Asterisk's rrmemory), so every agent gets their turn whatever their idle time.
import type { StrategyFactory } from './strategy.ts';

export const roundRobinStrategy: StrategyFactory = () => {
  let last = 0;
  return {
    name: 'round-robin',
    pick(eligible) {
      let next: (typeof eligible)[number] | undefined;
      let first = eligible[0]!;
      for (const a of eligible) {
        if (a.ordinal < first.ordinal) first = a;
        if (a.ordinal > last && (!next || a.ordinal < next.ordinal)) next = a;
      }
      const agent = next ?? first;
      const why = next ? `next after #${last} in turn` : `wrapped around to the first in turn`;
      last = agent.ordinal;
      return { agents: [agent], why };
    },
  };
};
