// Who signs in and what they did: users, the signed-in session (`Me`) and the audit log.
export type Role = 'admin' | 'supervisor' | 'agent' | 'qa';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  lockedUntil: number | null;
  passwordChangedAt: number;
  createdAt: number;
  updatedAt: number;
}

export interface Me {
  user: User;
  via: 'session' | 'token';
  permissions: string[];
}

/** GET /api/v1/audit (schema `AuditEntrySchema`). */
export interface AuditEntry {
  id: number;
  time: number;
  actorKind: string;
  actorId: number | null;
  actorName: string;
  action: string;
  resource: string;
  resourceId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}
