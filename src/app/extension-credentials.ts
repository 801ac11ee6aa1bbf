// Sets an extension's SIP password: stores its digest HA1s (never the
// password), with an event and an audit entry in the same transaction.
import { HotlineError, type Clock } from '../platform/index.ts';
import { sipExtensionRepository, type EventStore } from '../store/index.ts';
import { ha1 } from '../telephony/index.ts';
import { generatePassword, type Actor, type AuditTrail } from '../api/index.ts';
import './telephony-events.ts';

const EXTENSION = /^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/;

export interface ExtensionCredentialDeps {
  events: EventStore;
  audit: AuditTrail;
  clock: Clock;
  realm: string;
}

/** Creates the extension or gives it a new password; returns the password (generated when not given). */
export async function setExtensionPassword(
  deps: ExtensionCredentialDeps,
  actor: Actor,
  input: { extension: string; displayName?: string; password?: string },
): Promise<string> {
  if (!EXTENSION.test(input.extension)) {
    throw new HotlineError(
      'invalid-input',
      'extension must be 1–32 letters, digits, dot, dash or underscore',
      {
        field: 'extension',
      },
    );
  }
  const password = input.password ?? generatePassword();
  if (password.length < 10) {
    throw new HotlineError('invalid-input', 'a SIP password must be at least 10 characters long', {
      field: 'password',
    });
  }
  const now = deps.clock.now();
  await deps.events.write(async (w) => {
    const existing = await sipExtensionRepository.byExtension(w.trx, input.extension);
    await sipExtensionRepository.upsert(w.trx, {
      extension: input.extension,
      display_name: input.displayName ?? existing?.display_name ?? input.extension,
      realm: deps.realm,
      ha1_md5: ha1(input.extension, deps.realm, password, 'MD5'),
      ha1_sha256: ha1(input.extension, deps.realm, password, 'SHA-256'),
      max_contacts: existing?.max_contacts ?? 3,
      disabled_at: existing?.disabled_at ?? null,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    });
    await w.append('sip.extension-credentials-set', `extension:${input.extension}`, {
      extension: input.extension,
      by: actor.name,
    });
    await deps.audit.record(w.trx, actor, {
      action: existing ? 'extension.set-password' : 'extension.create',
      resource: 'extensions',
      resourceId: input.extension,
    });
  });
  return password;
}
