// The audit log: who changed what, when, and from where.
import type { Executor } from './database.ts';
import type { AuditLogTable, AuditRow } from './schema.ts';

export type AuditEntry = Omit<AuditLogTable, 'id' | 'details'> & {
  details: Record<string, unknown>;
};

export interface AuditQuery {
  before?: number;
  action?: string;
  actorId?: number;
  resource?: string;
  resourceId?: string;
  from?: number;
  to?: number;
  limit?: number;
}

export const auditRepository = {
  async insert(db: Executor, entry: AuditEntry): Promise<void> {
    await db
      .insertInto('audit_log')
      .values({ ...entry, details: JSON.stringify(entry.details) })
      .execute();
  },

  /** Newest first; `before` is the cursor (an id) for the next page. */
  async list(db: Executor, q: AuditQuery = {}): Promise<AuditRow[]> {
    let query = db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.limit ?? 100);
    if (q.before !== undefined) query = query.where('id', '<', q.before);
    if (q.action !== undefined) query = query.where('action', '=', q.action);
    if (q.actorId !== undefined) query = query.where('actor_id', '=', q.actorId);
    if (q.resource !== undefined) query = query.where('resource', '=', q.resource);
    if (q.resourceId !== undefined) query = query.where('resource_id', '=', q.resourceId);
    if (q.from !== undefined) query = query.where('time', '>=', q.from);
    if (q.to !== undefined) query = query.where('time', '<', q.to);
    return query.execute();
  },
};
