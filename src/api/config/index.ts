// Configuration resources as managed data: queues, not-ready reasons, disposition codes, agent
// profiles (skills and levels, usual extension, dial-out, team), SIP extensions, trunks and
// schedules (opening hours IVR flows name).
import type { AgentProfileService } from './agent-profile-service.ts';
import type { ExtensionService } from './extension-service.ts';
import type { QueueConfigService } from './queue-config-service.ts';
import type { ReasonCodeService } from './reason-code-service.ts';
import type { ScheduleService } from './schedule-service.ts';
import type { TrunkService } from './trunk-service.ts';

export * from './config-schemas.ts';
export { QueueConfigService, QUEUES_STREAM, type QueueLive } from './queue-config-service.ts';
export { ReasonCodeService, type StarterCode } from './reason-code-service.ts';
export { flowsUsingQueue } from './flows-using-queue.ts';
export * from './agent-profile-schemas.ts';
export * from './extension-schemas.ts';
export {
  AgentProfileService,
  AGENT_PROFILES_STREAM,
  type AgentProfileDocument,
  type AgentProfileLive,
  type DialOutPermission,
  type StarterAgentProfile,
} from './agent-profile-service.ts';
export { ExtensionService, type ExtensionLive } from './extension-service.ts';
export { Serial } from './serial.ts';
export * from './schedule-schemas.ts';
export { ScheduleService, SCHEDULES_STREAM } from './schedule-service.ts';
export { flowsUsingSchedule } from './flows-using-schedule.ts';
export * from './trunk-schemas.ts';
export { TrunkService, TRUNKS_STREAM, type TrunkLive } from './trunk-service.ts';
export { flowsUsingTrunk } from './flows-using-trunk.ts';

/** The configuration services the API reaches (ApiServices.config). */
export interface ConfigServices {
  queues: QueueConfigService;
  /** The not-ready reasons agents pick. */
  reasonCodes: ReasonCodeService;
  /** The codes agents close calls with. */
  dispositionCodes: ReasonCodeService;
  /** Agents' skills and levels, usual extension, dial-out permission and team. */
  agentProfiles: AgentProfileService;
  /** SIP extensions and their credentials. */
  extensions: ExtensionService;
  /** Opening hours (weekly, holidays) that IVR flows name. */
  schedules: ScheduleService;
  /** SIP trunks managed through the API (present once wired; the config file's are read-only). */
  trunks?: TrunkService;
}
