// Logging in and proving who you are: password logins with lockout, session
// cookies with idle and absolute limits, and API tokens for integrations.
import { HotlineError, type Clock } from '../../platform/index.ts';
import {
  apiTokenRepository,
  sessionRepository,
  userRepository,
  type ApiTokenRow,
  type EventStore,
  type UserRow,
} from '../../store/index.ts';
import type { Actor } from './actor.ts';
import type { AuditTrail } from './audit-trail.ts';
import { userStream } from './auth-events.ts';
import { FailureThrottle } from './login-throttle.ts';
import { hashPassword, needsRehash, verifyPassword } from './password.ts';
import { API_TOKEN_PREFIX, newApiTokenSecret, newSessionSecret, sha256 } from './secret-tokens.ts';
import { normalizeUsername } from './user-service.ts';

export interface AuthSettings {
  maxFailedLogins: number;
  maxFailedLoginsPerAddress: number;
  lockoutSeconds: number;
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  scryptCost: number;
}

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

export interface LoginResult {
  /** The cookie value; only its hash is stored. */
  sessionSecret: string;
  expiresAt: number;
  user: UserRow;
}

export interface ApiTokenView {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revoked: boolean;
}

/** A session is written back at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;
const WRONG_CREDENTIALS = 'wrong username or password';

export class AuthService {
  readonly #events: EventStore;
  readonly #clock: Clock;
  readonly #audit: AuditTrail;
  readonly #settings: AuthSettings;
  readonly #unknownUsers = new FailureThrottle();
  readonly #addresses = new FailureThrottle();
  readonly #queues = new Map<string, Promise<void>>();
  #dummyHash: Promise<string> | undefined;

  constructor(deps: {
    events: EventStore;
    clock: Clock;
    audit: AuditTrail;
    settings: AuthSettings;
  }) {
    this.#events = deps.events;
    this.#clock = deps.clock;
    this.#audit = deps.audit;
    this.#settings = deps.settings;
  }

  async login(usernameInput: string, password: string, client: ClientInfo): Promise<LoginResult> {
    const username = normalizeUsername(usernameInput);
    // Attempts on one username run one after another, so each sees the failures of the last:
    // parallel guesses cannot all pass the lock check before any of them has failed.
    return this.#oneAtATime(username, () => this.#login(username, password, client));
  }

  async #login(username: string, password: string, client: ClientInfo): Promise<LoginResult> {
    const db = this.#events.database.db;
    const now = this.#clock.now();
    const anonymous: Actor = {
      kind: 'anonymous',
      userId: null,
      name: username,
      role: null,
      ip: client.ip,
    };
    // The address's attempt counts before the password is checked (see FailureThrottle).
    const addressLocked = this.#addresses.attempt(
      client.ip,
      now,
      this.#settings.maxFailedLoginsPerAddress,
      this.#settings.lockoutSeconds * 1000,
    );
    if (addressLocked !== null) {
      const seconds = Math.ceil((addressLocked - now) / 1000);
      throw new HotlineError(
        'rate-limited',
        `too many failed logins from your address; try again in ${Math.ceil(seconds / 60)} minute(s)`,
        { retryAfterSeconds: seconds },
      );
    }
    const user = await userRepository.byUsername(db, username);

    const lockedUntil = user
      ? user.locked_until !== null && user.locked_until > now
        ? user.locked_until
        : null
      : this.#unknownUsers.lockedUntil(username, now);
    if (lockedUntil !== null) {
      await this.#audit.record(db, anonymous, {
        action: 'auth.login-refused',
        resource: 'users',
        resourceId: user?.id ?? null,
        details: { reason: 'locked', username },
      });
      throw this.#lockedError(lockedUntil, now);
    }

    // Unknown users cost the same scrypt work, so timing does not reveal who exists.
    const ok = await verifyPassword(password, user?.password_hash ?? (await this.#dummy()));
    if (!user || !ok) {
      await this.#recordFailure(user, username, anonymous);
      throw new HotlineError('unauthenticated', WRONG_CREDENTIALS);
    }
    if (user.disabled_at !== null) {
      await this.#audit.record(db, anonymous, {
        action: 'auth.login-refused',
        resource: 'users',
        resourceId: user.id,
        details: { reason: 'disabled', username },
      });
      throw new HotlineError('unauthenticated', 'this account is disabled; ask an administrator');
    }

    this.#addresses.forgive(client.ip);
    const rehash = needsRehash(user.password_hash, this.#settings.scryptCost)
      ? await hashPassword(password, this.#settings.scryptCost)
      : undefined;
    const sessionSecret = newSessionSecret();
    const expiresAt = now + this.#settings.sessionMaxSeconds * 1000;
    const actor: Actor = {
      kind: 'user',
      userId: user.id,
      name: user.username,
      role: user.role,
      ip: client.ip,
    };
    await this.#events.write(async (w) => {
      await userRepository.update(w.trx, user.id, {
        failed_logins: 0,
        locked_until: null,
        ...(rehash ? { password_hash: rehash } : {}),
      });
      await sessionRepository.insert(w.trx, {
        id: sha256(sessionSecret),
        user_id: user.id,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
        ip: client.ip,
        user_agent: client.userAgent.slice(0, 300),
      });
      await this.#audit.record(w.trx, actor, {
        action: 'auth.login',
        resource: 'users',
        resourceId: user.id,
      });
    });
    return { sessionSecret, expiresAt, user };
  }

  async logout(sessionSecret: string, actor: Actor): Promise<void> {
    await this.#events.write(async (w) => {
      await sessionRepository.delete(w.trx, sha256(sessionSecret));
      await this.#audit.record(w.trx, actor, {
        action: 'auth.logout',
        resource: 'users',
        resourceId: actor.userId,
      });
    });
  }

  /** The actor behind a session cookie, or undefined when it is unknown, expired or its user disabled. */
  async authenticateSession(sessionSecret: string, ip: string): Promise<Actor | undefined> {
    const db = this.#events.database.db;
    const id = sha256(sessionSecret);
    const session = await sessionRepository.byId(db, id);
    if (!session) return undefined;
    const now = this.#clock.now();
    const idleLimit = this.#settings.sessionIdleSeconds * 1000;
    if (session.expires_at <= now || session.last_seen_at + idleLimit <= now) {
      await sessionRepository.delete(db, id);
      return undefined;
    }
    const user = await userRepository.byId(db, session.user_id);
    if (!user || user.disabled_at !== null) return undefined;
    if (now - session.last_seen_at >= TOUCH_INTERVAL_MS) await sessionRepository.touch(db, id, now);
    return {
      kind: 'user',
      userId: user.id,
      name: user.username,
      role: user.role,
      ip,
      sessionId: id,
    };
  }

  /** The actor behind an API token, or undefined when it is unknown, revoked, expired or its user disabled. */
  async authenticateToken(token: string, ip: string): Promise<Actor | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
    const db = this.#events.database.db;
    const row = await apiTokenRepository.byHash(db, sha256(token));
    const now = this.#clock.now();
    if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now))
      return undefined;
    const user = await userRepository.byId(db, row.user_id);
    if (!user || user.disabled_at !== null) return undefined;
    if (row.last_used_at === null || now - row.last_used_at >= TOUCH_INTERVAL_MS) {
      await apiTokenRepository.markUsed(db, row.id, now);
    }
    return {
      kind: 'token',
      userId: user.id,
      name: user.username,
      role: user.role,
      ip,
      tokenId: row.id,
    };
  }

  async createApiToken(
    actor: Actor,
    input: { name: string; userId: number; expiresInDays?: number },
  ): Promise<{ token: string; view: ApiTokenView }> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > 100) {
      throw new HotlineError('invalid-input', 'name must be 1–100 characters', { field: 'name' });
    }
    const token = newApiTokenSecret();
    const now = this.#clock.now();
    const row = await this.#events.write(async (w) => {
      const owner = await userRepository.byId(w.trx, input.userId);
      if (!owner)
        throw new HotlineError('not-found', `there is no user ${input.userId}`, {
          field: 'userId',
        });
      const created = await apiTokenRepository.insert(w.trx, {
        user_id: owner.id,
        name,
        token_hash: sha256(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        created_at: now,
        last_used_at: null,
        expires_at:
          input.expiresInDays === undefined ? null : now + input.expiresInDays * 86_400_000,
        revoked_at: null,
      });
      await this.#audit.record(w.trx, actor, {
        action: 'api-token.create',
        resource: 'api-tokens',
        resourceId: created.id,
        details: { name, userId: owner.id },
      });
      return created;
    });
    return { token, view: tokenView(row) };
  }

  async listApiTokens(userId: number): Promise<ApiTokenView[]> {
    return (await apiTokenRepository.listForUser(this.#events.database.db, userId)).map(tokenView);
  }

  async apiToken(id: number): Promise<ApiTokenView> {
    const row = await apiTokenRepository.byId(this.#events.database.db, id);
    if (!row) throw new HotlineError('not-found', `there is no API token ${id}`);
    return tokenView(row);
  }

  async revokeApiToken(actor: Actor, id: number): Promise<void> {
    await this.#events.write(async (w) => {
      await apiTokenRepository.revoke(w.trx, id, this.#clock.now());
      await this.#audit.record(w.trx, actor, {
        action: 'api-token.revoke',
        resource: 'api-tokens',
        resourceId: id,
      });
    });
  }

  /** Deletes sessions past their limits; returns how many. Run periodically. */
  async purgeExpiredSessions(): Promise<number> {
    const now = this.#clock.now();
    return sessionRepository.deleteExpired(
      this.#events.database.db,
      now,
      now - this.#settings.sessionIdleSeconds * 1000,
    );
  }

  async #recordFailure(
    user: UserRow | undefined,
    username: string,
    anonymous: Actor,
  ): Promise<void> {
    const now = this.#clock.now();
    const lockMs = this.#settings.lockoutSeconds * 1000;
    if (!user) {
      // Counted after the fact, like a real account's: the failure that reaches the limit locks
      // the name (attempts on one name are serialized, so nothing runs in parallel here).
      const locked = this.#unknownUsers.attempt(
        username,
        now,
        this.#settings.maxFailedLogins - 1,
        lockMs,
      );
      await this.#audit.record(this.#events.database.db, anonymous, {
        action: 'auth.login-failed',
        resource: 'users',
        details: { username, reason: 'unknown-user', ...(locked ? { lockedUntil: locked } : {}) },
      });
      return;
    }
    await this.#events.write(async (w) => {
      const counted = await w.trx
        .updateTable('users')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', user.id)
        .returning('failed_logins')
        .executeTakeFirstOrThrow();
      let lockedUntil: number | undefined;
      if (counted.failed_logins >= this.#settings.maxFailedLogins) {
        lockedUntil = now + lockMs;
        await userRepository.update(w.trx, user.id, {
          locked_until: lockedUntil,
          failed_logins: 0,
        });
        await w.append('user.locked', userStream(user.id), {
          userId: user.id,
          until: lockedUntil,
          failedLogins: counted.failed_logins,
        });
      }
      await this.#audit.record(w.trx, anonymous, {
        action: 'auth.login-failed',
        resource: 'users',
        resourceId: user.id,
        details: {
          username,
          reason: 'wrong-password',
          failedLogins: counted.failed_logins,
          ...(lockedUntil ? { lockedUntil } : {}),
        },
      });
    });
  }

  #lockedError(lockedUntil: number, now: number): HotlineError {
    const seconds = Math.ceil((lockedUntil - now) / 1000);
    return new HotlineError(
      'locked',
      `too many failed logins: this account is locked for ${Math.ceil(seconds / 60)} more minute(s); try later or ask an administrator to unlock it`,
      { retryAfterSeconds: seconds },
    );
  }

  /** Runs `fn` after every earlier call for the same key has finished. */
  async #oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(key, settled);
    void settled.then(() => {
      if (this.#queues.get(key) === settled) this.#queues.delete(key);
    });
    return run;
  }

  #dummy(): Promise<string> {
    this.#dummyHash ??= hashPassword(newSessionSecret(), this.#settings.scryptCost);
    return this.#dummyHash;
  }
}

function tokenView(row: ApiTokenRow): ApiTokenView {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revoked: row.revoked_at !== null,
  };
}
