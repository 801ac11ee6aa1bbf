// A child process for the crash test: appends events (each with a user row
// in the same transaction) as fast as it can and prints each committed id,
// until it is killed.
import { FakeClock } from '../../src/platform/index.ts';
import {
  EventStore,
  migrateToLatest,
  openDatabase,
  userRepository,
} from '../../src/store/index.ts';

interface CrashEvents {
  'crash.write': { n: number; text: string };
}

const [path, synchronous] = process.argv.slice(2) as [string, 'full' | 'normal'];
const database = openDatabase({ engine: 'sqlite', path }, { sqliteSynchronous: synchronous });
await migrateToLatest(database);
const events = new EventStore<CrashEvents>(database, new FakeClock(Date.UTC(2026, 10, 28)));
process.stdout.write('ready\n');
for (let n = 1; ; n++) {
  const event = await events.write(async (w) => {
    await userRepository.insert(w.trx, {
      username: `crash-${n}`,
      display_name: `写入 ${n}`,
      role: 'agent',
      password_hash: 'x',
      password_changed_at: 0,
      failed_logins: 0,
      locked_until: null,
      disabled_at: null,
      created_at: 0,
      updated_at: 0,
    });
    return w.append('crash.write', `crash:${n}`, { n, text: 'x'.repeat(n % 500) });
  });
  // Acknowledged only after the commit returned.
  process.stdout.write(`ack ${event.id} ${n}\n`);
}
