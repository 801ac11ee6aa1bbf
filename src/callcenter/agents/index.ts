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
export { findRepairs, type FindRepairsOptions, type LiveView, type Repair } from './reconciler.ts';
