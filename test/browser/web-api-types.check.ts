// Compile-time guard: the web client's API types (web/src/api/types.ts) must
// match the server's TypeBox schemas both ways. `npm run typecheck` fails on drift.
import type { Static } from 'typebox';
import type { AgentView as ServerAgent } from '../../src/api/http/routes/agent-routes.ts';
import type { CallRecordSchema } from '../../src/api/http/routes/call-routes.ts';
import type { PromptRecordingView } from '../../src/api/http/http-app.ts';
import type { PromptEntry as ServerPromptEntry } from '../../src/api/index.ts';
import type { AuditEntrySchema, UserSchema } from '../../src/api/http/schemas.ts';
import type {
  AgentProfile as ServerAgentProfile,
  AgentProfileInput as ServerAgentProfileInput,
  ExtensionView as ServerExtensionView,
  QueueView as ServerQueueView,
  ReasonCode as ServerReasonCode,
  ScheduleInput as ServerScheduleInput,
  ScheduleView as ServerScheduleView,
  SkillsApplied as ServerSkillsApplied,
  TrunkInput as ServerTrunkInput,
  TrunkView as ServerTrunkView,
} from '../../src/api/config/index.ts';
import type { TrunkHealth as ServerTrunkHealth } from '../../src/api/cti/index.ts';
import type { QueueConfig, QueueConfigInput } from '../../src/callcenter/index.ts';
import type {
  CallInteractionDetails,
  CallerCandidate,
  Customer as ServerCustomer,
  Interaction as ServerInteraction,
} from '../../src/business/crm/index.ts';
import type {
  AgentProfile,
  AgentProfileInput,
  AgentView,
  AuditEntry,
  CallInteractionSummary,
  CallRecord,
  CallerLookup,
  Customer,
  ExtensionView,
  Interaction,
  PromptEntry,
  PromptRecording,
  QueueDocument,
  QueueSettings,
  QueueView,
  ReasonCode,
  ScheduleDocument,
  ScheduleView,
  SkillsApplied,
  TrunkHealth,
  TrunkInput,
  TrunkView,
  User,
} from '../../web/src/api/types.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const agentMatches: Same<AgentView, ServerAgent> = true;
export const callRecordMatches: Same<CallRecord, Static<typeof CallRecordSchema>> = true;
export const userMatches: Same<User, UserSchema> = true;
export const customerMatches: Same<Customer, ServerCustomer> = true;
export const candidateMatches: Same<CallerLookup['customers'][number], CallerCandidate> = true;
export const interactionMatches: Same<Interaction, ServerInteraction> = true;
export const callDetailsMatch: Same<
  CallInteractionSummary,
  Pick<CallInteractionDetails, keyof CallInteractionSummary>
> = true;
// A queue's document and settings are `unknown` in the view's schema; the ACD's types say what they hold.
export const queueDocumentMatches: Same<QueueDocument, QueueConfigInput> = true;
export const queueSettingsMatch: Same<QueueSettings, QueueConfig> = true;
export const queueViewMatches: Same<
  Omit<QueueView, 'document' | 'config'>,
  Omit<ServerQueueView, 'document' | 'config'>
> = true;
export const reasonCodeMatches: Same<ReasonCode, ServerReasonCode> = true;
export const auditEntryMatches: Same<AuditEntry, Static<typeof AuditEntrySchema>> = true;
export const agentProfileMatches: Same<AgentProfile, ServerAgentProfile> = true;
export const agentProfileInputMatches: Same<AgentProfileInput, ServerAgentProfileInput> = true;
export const skillsAppliedMatch: Same<SkillsApplied, ServerSkillsApplied> = true;
export const extensionViewMatches: Same<ExtensionView, ServerExtensionView> = true;
export const promptEntryMatches: Same<PromptEntry, ServerPromptEntry> = true;
export const promptRecordingMatches: Same<PromptRecording, PromptRecordingView> = true;
export const trunkHealthMatches: Same<TrunkHealth, ServerTrunkHealth> = true;
export const trunkViewMatches: Same<TrunkView, ServerTrunkView> = true;
export const trunkInputMatches: Same<TrunkInput, ServerTrunkInput> = true;
export const scheduleDocumentMatches: Same<ScheduleDocument, ServerScheduleInput> = true;
export const scheduleViewMatches: Same<ScheduleView, ServerScheduleView> = true;
