// Recordings are kept for a configured number of days, then deleted: the job
// runs at start and daily, deletes the files of calls that ended before the
// cutoff, and logs each deletion as an event (the CDR keeps the reference and
// playback answers that the file is gone). Statistics are untouched.
import { rm } from 'node:fs/promises';
import type { CallRecord } from '../callcenter/index.ts';
import type { Clock, Logger } from '../platform/index.ts';
import { projectionCursorRepository, type EventStore } from '../store/index.ts';

declare module '../store/event-catalogue.ts' {
  interface EventCatalogue {
    'recording.deleted': { callId: string; recordingId: string; reason: 'retention' };
  }
}

const CURSOR = 'recording-retention';
const PAGE = 500;

export class RecordingRetention {
  readonly #events: EventStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #days: number;

  constructor(deps: { events: EventStore; clock: Clock; logger: Logger; days: number }) {
    this.#events = deps.events;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#days = deps.days;
  }

  /** Deletes the recordings of calls that ended more than `days` ago; returns how many. */
  async run(): Promise<number> {
    if (this.#days <= 0) return 0; // 0: keep forever
    const db = this.#events.database.db;
    const cutoff = this.#clock.now() - this.#days * 86_400_000;
    let deleted = 0;
    for (;;) {
      // Calls are visited once, in end order after the cursor (the end time of the last one done).
      const after = await projectionCursorRepository.get(db, CURSOR);
      const rows = await db
        .selectFrom('call_records')
        .select(['call_id', 'ended_at', 'record'])
        .where('ended_at', 'is not', null)
        .where('ended_at', '>', after)
        .where('ended_at', '<', cutoff)
        .orderBy('ended_at')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) return deleted;
      for (const row of rows) {
        const record = JSON.parse(row.record) as CallRecord;
        for (const recording of record.recordings) {
          await rm(recording.path, { force: true });
          await this.#events.write((w) =>
            w.append('recording.deleted', `call:${row.call_id}`, {
              callId: row.call_id,
              recordingId: recording.recordingId,
              reason: 'retention',
            }),
          );
          deleted++;
        }
      }
      await projectionCursorRepository.set(db, CURSOR, rows.at(-1)!.ended_at!);
      if (rows.length < PAGE) {
        if (deleted > 0) this.#logger.info({ deleted, days: this.#days }, 'old recordings deleted');
        return deleted;
      }
    }
  }
}
