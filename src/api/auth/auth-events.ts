// The events of user and login management, added to the event catalogue.
import type { Role } from '../../store/index.ts';

declare module '../../store/event-catalogue.ts' {
  interface EventCatalogue {
    'user.created': { userId: number; username: string; role: Role; by: string };
    'user.updated': {
      userId: number;
      changes: { displayName?: string; role?: Role; disabled?: boolean };
      by: string;
    };
    'user.password-changed': { userId: number; by: string; reset: boolean };
    'user.locked': { userId: number; until: number; failedLogins: number };
    'user.unlocked': { userId: number; by: string };
  }
}

export const userStream = (userId: number) => `user:${userId}`;
