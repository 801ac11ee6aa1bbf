// Users and their passwords: create, change role, disable, reset. Every
// change is validated, written with its event and its audit entry in one
// transaction, and refused when it would leave the center without an admin.
import { HotlineError, type Clock } from '../../platform/index.ts';
import {
  roles,
  sessionRepository,
  userRepository,
  type EventStore,
  type Executor,
  type Role,
  type UserRow,
} from '../../store/index.ts';
import type { Actor } from './actor.ts';
import type { AuditTrail } from './audit-trail.ts';
import { userStream } from './auth-events.ts';
import { generatePassword, hashPassword, verifyPassword } from './password.ts';

export interface PasswordSettings {
  passwordMinLength: number;
  scryptCost: number;
}

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  /** Until when failed logins lock the account, if they do now. */
  lockedUntil: number | null;
  passwordChangedAt: number;
  createdAt: number;
  updatedAt: number;
}

export interface NewUser {
  username: string;
  displayName?: string;
  role: Role;
  /** Omit to have one generated (returned once). */
  password?: string;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;
const MAX_PASSWORD_LENGTH = 256;

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export class UserService {
  readonly #events: EventStore;
  readonly #clock: Clock;
  readonly #audit: AuditTrail;
  readonly #settings: PasswordSettings;

  constructor(deps: {
    events: EventStore;
    clock: Clock;
    audit: AuditTrail;
    settings: PasswordSettings;
  }) {
    this.#events = deps.events;
    this.#clock = deps.clock;
    this.#audit = deps.audit;
    this.#settings = deps.settings;
  }

  view(row: UserRow): UserView {
    const now = this.#clock.now();
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      disabled: row.disabled_at !== null,
      lockedUntil: row.locked_until !== null && row.locked_until > now ? row.locked_until : null,
      passwordChangedAt: row.password_changed_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async create(
    actor: Actor,
    input: NewUser,
  ): Promise<{ user: UserView; generatedPassword?: string }> {
    const username = normalizeUsername(input.username);
    if (!USERNAME.test(username)) {
      throw new HotlineError(
        'invalid-input',
        'username must be 3–32 characters: letters, digits, dot, dash or underscore, starting with a letter or digit',
        { field: 'username' },
      );
    }
    if (!roles.includes(input.role)) {
      throw new HotlineError('invalid-input', `role must be one of ${roles.join(', ')}`, {
        field: 'role',
      });
    }
    const displayName = this.#displayName(input.displayName ?? username);
    const generatedPassword = input.password === undefined ? generatePassword() : undefined;
    const password = input.password ?? generatedPassword!;
    this.#checkPassword(password, username);
    const hash = await hashPassword(password, this.#settings.scryptCost);
    const now = this.#clock.now();
    const row = await this.#events.write(async (w) => {
      if (await userRepository.byUsername(w.trx, username)) {
        throw new HotlineError('conflict', `a user named "${username}" already exists`, {
          field: 'username',
        });
      }
      const created = await userRepository.insert(w.trx, {
        username,
        display_name: displayName,
        role: input.role,
        password_hash: hash,
        password_changed_at: now,
        failed_logins: 0,
        locked_until: null,
        disabled_at: null,
        created_at: now,
        updated_at: now,
      });
      await w.append('user.created', userStream(created.id), {
        userId: created.id,
        username,
        role: input.role,
        by: actor.name,
      });
      await this.#audit.record(w.trx, actor, {
        action: 'user.create',
        resource: 'users',
        resourceId: created.id,
        details: { username, role: input.role, displayName },
      });
      return created;
    });
    return generatedPassword === undefined
      ? { user: this.view(row) }
      : { user: this.view(row), generatedPassword };
  }

  async get(id: number): Promise<UserView> {
    return this.view(await this.#row(this.#db, id));
  }

  async findByUsername(username: string): Promise<UserView | undefined> {
    const row = await userRepository.byUsername(this.#db, normalizeUsername(username));
    return row && this.view(row);
  }

  async list(
    options: { role?: Role; includeDisabled?: boolean; limit?: number; offset?: number } = {},
  ) {
    return (await userRepository.list(this.#db, options)).map((r) => this.view(r));
  }

  async count(): Promise<number> {
    return userRepository.count(this.#db);
  }

  async update(actor: Actor, id: number, changes: UserChanges): Promise<UserView> {
    const displayName =
      changes.displayName === undefined ? undefined : this.#displayName(changes.displayName);
    if (changes.role !== undefined && !roles.includes(changes.role)) {
      throw new HotlineError('invalid-input', `role must be one of ${roles.join(', ')}`, {
        field: 'role',
      });
    }
    const row = await this.#events.write(async (w) => {
      const current = await this.#row(w.trx, id);
      const demoting =
        changes.role !== undefined && changes.role !== 'admin' && current.role === 'admin';
      const disabling =
        changes.disabled === true && current.disabled_at === null && current.role === 'admin';
      if ((demoting || disabling) && (await this.#activeAdmins(w.trx)) <= 1) {
        throw new HotlineError(
          'conflict',
          'this is the last active admin; make another admin first',
        );
      }
      const now = this.#clock.now();
      const updated = (await userRepository.update(w.trx, id, {
        ...(displayName !== undefined ? { display_name: displayName } : {}),
        ...(changes.role !== undefined ? { role: changes.role } : {}),
        ...(changes.disabled !== undefined
          ? { disabled_at: changes.disabled ? (current.disabled_at ?? now) : null }
          : {}),
        updated_at: now,
      }))!;
      if (
        changes.disabled === true ||
        (changes.role !== undefined && changes.role !== current.role)
      ) {
        // A disabled user or a changed role must log in again with what they are now.
        await sessionRepository.deleteForUser(w.trx, id);
      }
      const recorded = { ...changes, ...(displayName !== undefined ? { displayName } : {}) };
      await w.append('user.updated', userStream(id), {
        userId: id,
        changes: recorded,
        by: actor.name,
      });
      await this.#audit.record(w.trx, actor, {
        action: 'user.update',
        resource: 'users',
        resourceId: id,
        details: {
          before: { role: current.role, disabled: current.disabled_at !== null },
          changes: recorded,
        },
      });
      return updated;
    });
    return this.view(row);
  }

  /** Sets a new password for someone else (admin); returns it when generated. Ends their sessions. */
  async resetPassword(
    actor: Actor,
    id: number,
    password?: string,
  ): Promise<{ generatedPassword?: string }> {
    const target = await this.#row(this.#db, id);
    const generatedPassword = password === undefined ? generatePassword() : undefined;
    const next = password ?? generatedPassword!;
    this.#checkPassword(next, target.username);
    await this.#setPassword(actor, id, next, true);
    return generatedPassword === undefined ? {} : { generatedPassword };
  }

  /** The user changes their own password, proving the current one. */
  async changeOwnPassword(actor: Actor, current: string, next: string): Promise<void> {
    if (actor.userId === null)
      throw new HotlineError('unauthenticated', 'log in to change your password');
    const row = await this.#row(this.#db, actor.userId);
    if (!(await verifyPassword(current, row.password_hash))) {
      throw new HotlineError('invalid-input', 'the current password is wrong', {
        field: 'currentPassword',
      });
    }
    this.#checkPassword(next, row.username, 'newPassword');
    if (current === next) {
      throw new HotlineError('invalid-input', 'the new password must differ from the current one', {
        field: 'newPassword',
      });
    }
    await this.#setPassword(actor, actor.userId, next, false);
  }

  async unlock(actor: Actor, id: number): Promise<UserView> {
    const row = await this.#events.write(async (w) => {
      await this.#row(w.trx, id);
      const updated = (await userRepository.update(w.trx, id, {
        locked_until: null,
        failed_logins: 0,
        updated_at: this.#clock.now(),
      }))!;
      await w.append('user.unlocked', userStream(id), { userId: id, by: actor.name });
      await this.#audit.record(w.trx, actor, {
        action: 'user.unlock',
        resource: 'users',
        resourceId: id,
      });
      return updated;
    });
    return this.view(row);
  }

  async #setPassword(actor: Actor, id: number, password: string, reset: boolean): Promise<void> {
    const hash = await hashPassword(password, this.#settings.scryptCost);
    await this.#events.write(async (w) => {
      const now = this.#clock.now();
      await userRepository.update(w.trx, id, {
        password_hash: hash,
        password_changed_at: now,
        failed_logins: 0,
        locked_until: null,
        updated_at: now,
      });
      // Every other session ends; the caller's own session survives its own change.
      const sessions = await w.trx
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', id)
        .execute();
      for (const s of sessions) {
        if (s.id !== actor.sessionId) await sessionRepository.delete(w.trx, s.id);
      }
      await w.append('user.password-changed', userStream(id), {
        userId: id,
        by: actor.name,
        reset,
      });
      await this.#audit.record(w.trx, actor, {
        action: reset ? 'user.reset-password' : 'user.change-password',
        resource: 'users',
        resourceId: id,
      });
    });
  }

  #checkPassword(password: string, username: string, field = 'password'): void {
    const min = this.#settings.passwordMinLength;
    if (password.length < min) {
      throw new HotlineError('invalid-input', `${field} must be at least ${min} characters long`, {
        field,
      });
    }
    if (password.length > MAX_PASSWORD_LENGTH) {
      throw new HotlineError(
        'invalid-input',
        `${field} must be at most ${MAX_PASSWORD_LENGTH} characters long`,
        {
          field,
        },
      );
    }
    if (password.toLowerCase().includes(username.toLowerCase())) {
      throw new HotlineError('invalid-input', `${field} must not contain the username`, { field });
    }
  }

  #displayName(name: string): string {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 100) {
      throw new HotlineError('invalid-input', 'displayName must be 1–100 characters', {
        field: 'displayName',
      });
    }
    return trimmed;
  }

  async #row(db: Executor, id: number): Promise<UserRow> {
    const row = await userRepository.byId(db, id);
    if (!row) throw new HotlineError('not-found', `there is no user ${id}`);
    return row;
  }

  async #activeAdmins(db: Executor): Promise<number> {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  get #db(): Executor {
    return this.#events.database.db;
  }
}
