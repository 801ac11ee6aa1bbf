// SIP extensions: the numbers phones register as, with their digest HA1s.
import type { Executor } from './database.ts';
import type { SipExtensionRow } from './schema.ts';

export const sipExtensionRepository = {
  async byExtension(db: Executor, extension: string): Promise<SipExtensionRow | undefined> {
    return db
      .selectFrom('sip_extensions')
      .selectAll()
      .where('extension', '=', extension)
      .executeTakeFirst();
  },

  async list(db: Executor): Promise<SipExtensionRow[]> {
    return db.selectFrom('sip_extensions').selectAll().orderBy('extension').execute();
  },

  /** Creates the extension or replaces its name and credentials. */
  async upsert(db: Executor, row: SipExtensionRow): Promise<void> {
    await db
      .insertInto('sip_extensions')
      .values(row)
      .onConflict((oc) =>
        oc.column('extension').doUpdateSet({
          display_name: row.display_name,
          realm: row.realm,
          ha1_md5: row.ha1_md5,
          ha1_sha256: row.ha1_sha256,
          max_contacts: row.max_contacts,
          disabled_at: row.disabled_at,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  },

  async rename(db: Executor, extension: string, displayName: string, now: number): Promise<void> {
    await db
      .updateTable('sip_extensions')
      .set({ display_name: displayName, updated_at: now })
      .where('extension', '=', extension)
      .execute();
  },

  async delete(db: Executor, extension: string): Promise<void> {
    await db.deleteFrom('sip_extensions').where('extension', '=', extension).execute();
  },
};
