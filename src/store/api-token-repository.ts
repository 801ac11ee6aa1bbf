// API tokens for integrations, stored by the hash of their secret.
import type { Executor } from './database.ts';
import type { ApiTokenRow } from './schema.ts';

export const apiTokenRepository = {
  async insert(db: Executor, row: Omit<ApiTokenRow, 'id'>): Promise<ApiTokenRow> {
    return db.insertInto('api_tokens').values(row).returningAll().executeTakeFirstOrThrow();
  },

  async byHash(db: Executor, tokenHash: string): Promise<ApiTokenRow | undefined> {
    return db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  },

  async byId(db: Executor, id: number): Promise<ApiTokenRow | undefined> {
    return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async listForUser(db: Executor, userId: number): Promise<ApiTokenRow[]> {
    return db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute();
  },

  async markUsed(db: Executor, id: number, time: number): Promise<void> {
    await db.updateTable('api_tokens').set({ last_used_at: time }).where('id', '=', id).execute();
  },

  async revoke(db: Executor, id: number, time: number): Promise<void> {
    await db
      .updateTable('api_tokens')
      .set({ revoked_at: time })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  },
};
