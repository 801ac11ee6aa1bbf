// Who is acting: the identity every service call and audit entry carries.
import type { Role } from '../../store/index.ts';

export interface Actor {
  kind: 'user' | 'token' | 'system' | 'anonymous';
  userId: number | null;
  /** The username (or "system", or the attempted username for anonymous). */
  name: string;
  role: Role | null;
  /** Where the request came from; null for the CLI and internal jobs. */
  ip: string | null;
  tokenId?: number;
  sessionId?: string;
}

export function systemActor(name = 'system'): Actor {
  return { kind: 'system', userId: null, name, role: 'admin', ip: null };
}
