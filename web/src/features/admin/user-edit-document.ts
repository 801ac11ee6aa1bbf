// What the user edit form holds and what a save sends: only the fields that differ from the
// stored user, and whether the change ends the user's sessions (the server ends them when the
// role changes or the user is disabled).
import type { Role, User } from '../../api/types.ts';

export interface UserEditValues {
  displayName: string;
  role: Role;
  disabled: boolean;
}

/** The body of `PATCH /api/v1/users/:id`. */
export interface UserChanges {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
}

export const userEditPaths = ['displayName', 'role', 'disabled'] as const;

export function userEditValues(user: User): UserEditValues {
  return { displayName: user.displayName, role: user.role, disabled: user.disabled };
}

/** The changed fields only; an emptied display name is sent so the server says what it needs. */
export function userChanges(user: User, values: UserEditValues): UserChanges {
  const displayName = values.displayName.trim();
  return {
    ...(displayName !== user.displayName ? { displayName } : {}),
    ...(values.role !== user.role ? { role: values.role } : {}),
    ...(values.disabled !== user.disabled ? { disabled: values.disabled } : {}),
  };
}

/** Whether saving these changes signs the user out everywhere. */
export function endsSessions(changes: UserChanges): boolean {
  return changes.role !== undefined || changes.disabled === true;
}
