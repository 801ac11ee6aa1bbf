// The simulator's public surface: Erlang C/A for workforce planning, the discrete-event
// simulator over the real ACD, its settings, statistics and randomness.
export {
  erlangB,
  erlangC,
  requiredAgents,
  staffingPlan,
  type ErlangCResult,
  type ErlangInput,
  type IntervalLoad,
  type StaffingTarget,
} from './erlang.ts';
export { erlangA, requiredAgentsA, type ErlangAInput, type ErlangAResult } from './erlang-a.ts';
export { meanSeconds, sampler, xoshiro128, type Distribution } from './random.ts';
export { checkSimConfig, type CheckedSimConfig, type SimConfig } from './sim-config.ts';
export {
  describeVariant,
  figures,
  serviceLevel,
  SimStats,
  type Figures,
  type StatParts,
  type Thresholds,
} from './sim-stats.ts';
export { simulate, type SimResult } from './simulator.ts';
export { parseSimArgs, runSim } from './sim-cli.ts';
