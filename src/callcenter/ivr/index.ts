// The IVR's public surface: flows as data, their validation, and the interpreter.
export { validateFlow, parseFlow, formatFlowErrors, type FlowValidation } from './validate-flow.ts';
export type { FlowError, KnownNames } from './flow-graph.ts';
export { FLOW_SCHEMA_VERSION, type Flow, type FlowNode } from './flow-schema.ts';
export { NODE_TYPES } from './node-types.ts';
export {
  IvrSession,
  IVR_SESSION_STATES,
  type IvrCall,
  type IvrProgress,
  type IvrSessionOptions,
  type IvrSessionState,
} from './ivr-session.ts';
export type { IvrLookups, IvrSchedules } from './node-scope.ts';
export {
  ScheduleDocument,
  ScheduleException,
  parseSchedule,
  scheduleHours,
  scheduleProblems,
} from './schedule-document.ts';
export {
  DEFAULT_TIME_ZONE,
  isValidTimeZone,
  scheduleState,
  type BusinessHours,
  type ScheduleState,
} from './business-hours.ts';
export type {
  FollowUpTask,
  IvrEnd,
  IvrOutcome,
  SkillRequirement,
  TransferTarget,
} from './ivr-outcome.ts';
export type { VarValue, Vars } from './templates.ts';
export {
  demoHotlineFlow,
  demoSchedules,
  DEMO_LOOKUPS,
  DEMO_QUEUES,
  DEMO_SCHEDULE,
} from './demo-hotline.ts';
