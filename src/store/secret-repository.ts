// Server secrets shared by every node, created once on first use.
import type { Executor } from './database.ts';

export const secretRepository = {
  /** The named secret; created from `generate()` the first time (racing nodes agree on the first one written). */
  async getOrCreate(
    db: Executor,
    name: string,
    generate: () => string,
    now: number,
  ): Promise<string> {
    await db
      .insertInto('secrets')
      .values({ name, value: generate(), created_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await db
      .selectFrom('secrets')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.value;
  },
};
