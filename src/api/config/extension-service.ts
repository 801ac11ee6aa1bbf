// SIP extensions as administrators manage them: create one (its password generated and shown
// once unless given), rename it, give it a new password, delete it. The database keeps only the
// digest HA1s; each change is an event and an audit entry. Deleting drops the phones registered
// on it at once, and is refused while an agent's profile names it or an agent is logged in on it.
import { HotlineError, type Clock } from '../../platform/index.ts';
import {
  sipExtensionRepository,
  type EventStore,
  type SipExtensionRow,
} from '../../store/index.ts';
import { ha1 } from '../../telephony/index.ts';
import { generatePassword, type Actor, type AuditTrail } from '../auth/index.ts';
import type { ExtensionInput, ExtensionView } from './extension-schemas.ts';
import { Serial } from './serial.ts';

declare module '../../store/event-catalogue.ts' {
  interface EventCatalogue {
    /** Also written by the CLI and the demo seeding (app/extension-credentials.ts). */
    'sip.extension-credentials-set': { extension: string; by: string };
    'sip.extension-renamed': { extension: string; displayName: string; by: string };
    'sip.extension-deleted': { extension: string; by: string };
  }
}

/** The running telephony, as the service reaches it (absent until it is wired). */
export interface ExtensionLive {
  /** How many phones are registered on the extension now. */
  contacts(extension: string): number;
  /** The agent logged in on the extension now, if any. */
  agentOn(extension: string): string | undefined;
  /** Drops the registrations of a deleted extension (its phones can no longer be reached). */
  forget(extension: string): void;
}

export class ExtensionService {
  readonly #events: EventStore;
  readonly #audit: AuditTrail;
  readonly #clock: Clock;
  readonly #realm: string;
  readonly #serial: Serial;
  readonly #usualFor: (extension: string) => string | undefined;
  #live: ExtensionLive | undefined;

  constructor(deps: {
    events: EventStore;
    audit: AuditTrail;
    clock: Clock;
    /** The SIP digest realm the HA1s are computed for. */
    realm: string;
    /** The agent whose profile names the extension as their usual one. */
    usualFor: (extension: string) => string | undefined;
    /** Shared with the agent profiles (see AgentProfileService). */
    serial?: Serial;
  }) {
    this.#events = deps.events;
    this.#audit = deps.audit;
    this.#clock = deps.clock;
    this.#realm = deps.realm;
    this.#usualFor = deps.usualFor;
    this.#serial = deps.serial ?? new Serial();
  }

  /** Reads registrations and logged-in agents from the running telephony from now on. */
  connect(live: ExtensionLive): void {
    this.#live = live;
  }

  async list(): Promise<ExtensionView[]> {
    const rows = await sipExtensionRepository.list(this.#events.database.db);
    return rows.map((row) => this.#view(row));
  }

  async get(extension: string): Promise<ExtensionView> {
    return this.#view(await this.#require(extension));
  }

  /**
   * Creates the extension (with the password given, or a generated one returned once), or
   * renames it and, when a password is given, sets that.
   */
  put(
    actor: Actor,
    extension: string,
    input: ExtensionInput,
  ): Promise<{ extension: ExtensionView; created: boolean; generatedPassword?: string }> {
    return this.#serial.run(async () => {
      const db = this.#events.database.db;
      const existing = await sipExtensionRepository.byExtension(db, extension);
      const displayName = input.displayName.trim();
      if (displayName === '')
        throw new HotlineError('invalid-input', 'body.displayName: enter the name phones show.', {
          field: 'body.displayName',
        });
      const generated = !existing && input.password === undefined ? generatePassword() : undefined;
      const password = input.password ?? generated;
      await this.#events.write(async (w) => {
        if (password !== undefined) {
          const now = this.#clock.now();
          await sipExtensionRepository.upsert(w.trx, {
            extension,
            display_name: displayName,
            realm: this.#realm,
            ha1_md5: ha1(extension, this.#realm, password, 'MD5'),
            ha1_sha256: ha1(extension, this.#realm, password, 'SHA-256'),
            max_contacts: existing?.max_contacts ?? 3,
            disabled_at: existing?.disabled_at ?? null,
            created_at: existing?.created_at ?? now,
            updated_at: now,
          });
          await w.append('sip.extension-credentials-set', `extension:${extension}`, {
            extension,
            by: actor.name,
          });
          await this.#audit.record(w.trx, actor, {
            action: existing ? 'extension.set-password' : 'extension.create',
            resource: 'extensions',
            resourceId: extension,
            details: { displayName, generated: generated !== undefined },
          });
        }
        if (existing && existing.display_name !== displayName) {
          if (password === undefined)
            await sipExtensionRepository.rename(w.trx, extension, displayName, this.#clock.now());
          await w.append('sip.extension-renamed', `extension:${extension}`, {
            extension,
            displayName,
            by: actor.name,
          });
          await this.#audit.record(w.trx, actor, {
            action: 'extension.rename',
            resource: 'extensions',
            resourceId: extension,
            details: { from: existing.display_name, to: displayName },
          });
        }
      });
      const view = await this.get(extension);
      return {
        extension: view,
        created: !existing,
        ...(generated !== undefined ? { generatedPassword: generated } : {}),
      };
    });
  }

  /** Gives an extension a new password (generated and returned once unless given). */
  setPassword(
    actor: Actor,
    extension: string,
    password?: string,
  ): Promise<{ generatedPassword?: string }> {
    return this.#serial.run(async () => {
      const row = await this.#require(extension);
      const generated = password === undefined ? generatePassword() : undefined;
      const secret = password ?? generated!;
      await this.#events.write(async (w) => {
        await sipExtensionRepository.upsert(w.trx, {
          ...row,
          realm: this.#realm,
          ha1_md5: ha1(extension, this.#realm, secret, 'MD5'),
          ha1_sha256: ha1(extension, this.#realm, secret, 'SHA-256'),
          updated_at: this.#clock.now(),
        });
        await w.append('sip.extension-credentials-set', `extension:${extension}`, {
          extension,
          by: actor.name,
        });
        await this.#audit.record(w.trx, actor, {
          action: 'extension.set-password',
          resource: 'extensions',
          resourceId: extension,
          details: { generated: generated !== undefined },
        });
      });
      return generated !== undefined ? { generatedPassword: generated } : {};
    });
  }

  /** Deletes an extension no agent's profile names and no agent is logged in on. */
  remove(actor: Actor, extension: string): Promise<void> {
    return this.#serial.run(async () => {
      const row = await this.#require(extension);
      const usual = this.#usualFor(extension);
      if (usual !== undefined)
        throw new HotlineError(
          'conflict',
          `Extension ${extension} is the usual extension of "${usual}"; change their agent profile first.`,
          { field: 'params.extension' },
        );
      const on = this.#live?.agentOn(extension);
      if (on !== undefined)
        throw new HotlineError(
          'conflict',
          `Agent "${on}" is logged in on extension ${extension}; delete it once they have logged out.`,
          { field: 'params.extension' },
        );
      await this.#events.write(async (w) => {
        await sipExtensionRepository.delete(w.trx, extension);
        await w.append('sip.extension-deleted', `extension:${extension}`, {
          extension,
          by: actor.name,
        });
        await this.#audit.record(w.trx, actor, {
          action: 'extension.delete',
          resource: 'extensions',
          resourceId: extension,
          details: { displayName: row.display_name },
        });
      });
      // After the commit: phones still registered on it are let go (a new REGISTER fails).
      this.#live?.forget(extension);
    });
  }

  async #require(extension: string): Promise<SipExtensionRow> {
    const row = await sipExtensionRepository.byExtension(this.#events.database.db, extension);
    if (!row)
      throw new HotlineError('not-found', `There is no extension ${extension}.`, {
        field: 'params.extension',
      });
    return row;
  }

  #view(row: SipExtensionRow): ExtensionView {
    const contacts = this.#live?.contacts(row.extension) ?? 0;
    return {
      extension: row.extension,
      displayName: row.display_name,
      registered: contacts > 0,
      contacts,
      agentId: this.#usualFor(row.extension) ?? null,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    };
  }
}
