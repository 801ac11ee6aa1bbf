// The ACD's public surface: queues as validated data, routing strategies, the ACD itself with
// its command and event boundary to the call model.
export { Acd, type AcdOptions } from './acd.ts';
export type {
  AcdCommand,
  CallbackProgress,
  EnqueueRequest,
  EnqueueResult,
} from './acd-commands.ts';
export * from './acd-events.ts';
export { AgentDesk, type AgentLogin } from './agent-desk.ts';
export { CallbackDesk } from './callbacks.ts';
export { EWT_ALPHA, estimatedWaitSeconds, HandleTimeAverage } from './ewt.ts';
export {
  parseQueueConfig,
  parseQueueConfigs,
  QueueConfigInput,
  serviceLevelVariants,
  type EscalationAction,
  type EscalationStep,
  type QueueConfig,
  type QueueTarget,
  type ServiceLevelVariant,
} from './queue-config.ts';
export type { QueueUpdateOptions, QueueUpdateResult } from './queue-directory.ts';
export type { QueueEntry, QueueRuntime } from './queue-runtime.ts';
export {
  ArrayPool,
  builtInStrategies,
  CONSIDERED,
  IndexPool,
  poolStrategy,
  seededRandom,
  type CandidatePool,
  type PickContext,
  type RoutingStrategy,
  type StrategyDeps,
  type StrategyFactory,
  type StrategyPick,
} from './strategies/index.ts';
// The agents' surface travels with the ACD's (SkillRequirement is the IVR's, of the same shape).
export {
  Agent,
  AgentRegistry,
  agentEventTypes,
  agentStates,
  agentStream,
  agentTransitionEvents,
  agentTransitions,
  defaultNotReadyReasons,
  findRepairs,
  MAX_SKILL_LEVEL,
  servingStates,
  systemNotReadyReasons,
  type AgentCall,
  type AgentCallKind,
  type AgentEvents,
  type AgentEventSink,
  type AgentState,
  type AgentTransitionEvent,
  type LiveView,
  type Repair,
  type ReadyOrder,
  type RepairProblem,
  type RoutingAgent,
} from '../agents/index.ts';
