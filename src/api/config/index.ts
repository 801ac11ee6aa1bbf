// Configuration resources as managed data: queues, not-ready reasons, disposition codes.
import type { QueueConfigService } from './queue-config-service.ts';
import type { ReasonCodeService } from './reason-code-service.ts';

export * from './config-schemas.ts';
export { QueueConfigService, QUEUES_STREAM, type QueueLive } from './queue-config-service.ts';
export { ReasonCodeService, type StarterCode } from './reason-code-service.ts';
export { flowsUsingQueue } from './flows-using-queue.ts';

/** The configuration services the API reaches (ApiServices.config). */
export interface ConfigServices {
  queues: QueueConfigService;
  /** The not-ready reasons agents pick. */
  reasonCodes: ReasonCodeService;
  /** The codes agents close calls with. */
  dispositionCodes: ReasonCodeService;
}
