// Login sessions, stored by the hash of their cookie value.
import type { Executor } from './database.ts';
import type { SessionRow } from './schema.ts';

export const sessionRepository = {
  async insert(db: Executor, row: SessionRow): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  },

  async byId(db: Executor, id: string): Promise<SessionRow | undefined> {
    return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async touch(db: Executor, id: string, time: number): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: time }).where('id', '=', id).execute();
  },

  async delete(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
  },

  async deleteForUser(db: Executor, userId: number): Promise<number> {
    const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  /** Removes sessions past their absolute end or idle since before `idleBefore`. */
  async deleteExpired(db: Executor, now: number, idleBefore: number): Promise<number> {
    const result = await db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
