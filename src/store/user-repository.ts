// Users: the people who log in (admins, supervisors, agents, QA).
import type { Executor } from './database.ts';
import type { NewUserRow, Role, UserRow, UserUpdate } from './schema.ts';

export interface UserListOptions {
  role?: Role;
  includeDisabled?: boolean;
  limit?: number;
  offset?: number;
}

export const userRepository = {
  async insert(db: Executor, row: NewUserRow): Promise<UserRow> {
    return db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
  },

  async byId(db: Executor, id: number): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async byUsername(db: Executor, username: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  },

  async list(db: Executor, options: UserListOptions = {}): Promise<UserRow[]> {
    let query = db.selectFrom('users').selectAll().orderBy('id');
    if (options.role) query = query.where('role', '=', options.role);
    if (!options.includeDisabled) query = query.where('disabled_at', 'is', null);
    return query
      .limit(options.limit ?? 100)
      .offset(options.offset ?? 0)
      .execute();
  },

  async count(db: Executor): Promise<number> {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async update(db: Executor, id: number, changes: UserUpdate): Promise<UserRow | undefined> {
    return db
      .updateTable('users')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },
};
