// Writes audit entries: who changed what, when, and from where — inside the
// transaction of the change, so the change and its record stand or fall together.
import type { Clock } from '../../platform/index.ts';
import { auditRepository, type Executor } from '../../store/index.ts';
import type { Actor } from './actor.ts';

export interface AuditRecord {
  action: string;
  resource: string;
  resourceId?: string | number | null;
  details?: Record<string, unknown>;
}

export class AuditTrail {
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async record(db: Executor, actor: Actor, record: AuditRecord): Promise<void> {
    await auditRepository.insert(db, {
      time: this.#clock.now(),
      actor_kind: actor.kind,
      actor_id: actor.userId,
      actor_name: actor.name,
      action: record.action,
      resource: record.resource,
      resource_id:
        record.resourceId === undefined || record.resourceId === null
          ? null
          : String(record.resourceId),
      ip: actor.ip,
      details: {
        ...record.details,
        ...(actor.tokenId !== undefined ? { tokenId: actor.tokenId } : {}),
      },
    });
  }
}
