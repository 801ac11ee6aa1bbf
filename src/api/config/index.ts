// Configuration resources as managed data: queues, not-ready reasons, disposition codes, agent
// profiles (skills and levels, usual extension, dial-out, team) and SIP extensions.
import type { AgentProfileService } from './agent-profile-service.ts';
import type { ExtensionService } from './extension-service.ts';
import type { QueueConfigService } from './queue-config-service.ts';
import type { ReasonCodeService } from './reason-code-service.ts';

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
}
