// The typed Fastify instance the routes register on, and what routes receive.
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Clock } from '../../platform/index.ts';
import type { EventStore } from '../../store/index.ts';
import type { Actor, AuditTrail, AuthService, UserService } from '../auth/index.ts';
import type { Binding } from '../../telephony/index.ts';
import type { FlowService } from '../ivr/index.ts';
import type { AgentsPort } from './routes/agent-routes.ts';
import type { CallControlPort } from './routes/call-control-routes.ts';
import type { PromptService } from '../prompts/prompt-service.ts';
import type { CustomerDirectory } from '../../business/crm/index.ts';
import type { CtiLiveState, TelephonyHealthFeed } from '../cti/index.ts';
import type { WebhookService } from '../webhooks/index.ts';
import type { ConfigServices } from '../config/index.ts';

export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Where a prompt recording by phone stands. */
export interface PromptRecordingView {
  id: string;
  language: string;
  name: string;
  extension: string;
  state: 'calling' | 'instructing' | 'recording' | 'saving' | 'done';
  error?: string;
  durationMs?: number;
}

export interface ApiServices {
  clock: Clock;
  events: EventStore;
  audit: AuditTrail;
  auth: AuthService;
  users: UserService;
  /** Present once the telephony layer is wired. */
  telephony?: { registrations(): Binding[] };
  /** Telephony health for the wallboard, read and pushed on change (present when the app wires it). */
  telephonyHealth?: TelephonyHealthFeed;
  /** IVR flows and dialed numbers (present when the app wires the IVR). */
  flows?: FlowService;
  /** Shipped and uploaded prompts (present when the app wires them). */
  prompts?: PromptService;
  /** Agents' states through the ACD (present when the app wires it). */
  agents?: AgentsPort;
  /** Hold, transfer, hang-up and dispositions on live calls (present once telephony runs). */
  callControl?: CallControlPort;
  /** Live agents, calls and queue figures for the desk and wallboard (present when the app wires it). */
  cti?: CtiLiveState;
  /** Webhook subscriptions and deliveries (present when the app wires them). */
  webhooks?: WebhookService;
  /** Records a prompt by calling an extension (present once telephony runs). */
  promptRecorder?: {
    start(
      actor: Actor,
      input: { language: string; name: string; extension: string },
    ): PromptRecordingView;
    status(id: string): PromptRecordingView | undefined;
  };
  /** The customer directory (present when the app wires the CRM). */
  customers?: CustomerDirectory;
  /** Queues, not-ready reasons and disposition codes as managed data (present when the app wires them). */
  config?: ConfigServices;
}
