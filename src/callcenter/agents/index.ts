// The agents' public surface: the state machine, the registry and its indexes, the reconciler.
export {
  Agent,
  type AgentCall,
  type AgentOffer,
  type RoutingAgent,
  type SkillRequirement,
} from './agent.ts';
export * from './agent-events.ts';
export {
  AgentRegistry,
  MAX_SKILL_LEVEL,
  type AgentRegistryOptions,
  type LoginRequest,
  type TransitionDetail,
} from './agent-registry.ts';
export * from './agent-state.ts';
export {
  ReadyBucket,
  ReadyIndex,
  byOrdinal,
  type AgentKey,
  readyOrders,
  SortedAgents,
  type ReadyOrder,
  type MemberLevels,
  type SkillLevels,
} from './ready-index.ts';
export { ReadyList, stillListed } from './ready-list.ts';
export { findRepairs, type FindRepairsOptions, type LiveView, type Repair } from './reconciler.ts';
