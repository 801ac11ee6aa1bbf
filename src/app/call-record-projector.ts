// Keeps the call_records table in step with the event log: reads call events
// after its cursor, folds them with the call model's reducer, and writes the
// changed records and the new cursor in one transaction. Because it reads the
// log rather than trusting what it heard, a restart (or a rebuild from cursor
// 0) catches up exactly; subscriber notifications only wake it up.
import {
  applyCallEvent,
  callEventTypes,
  withRecordDefaults,
  type CallRecord,
  type CallRecordEvent,
} from '../callcenter/index.ts';
import type { Logger } from '../platform/index.ts';
import {
  callRecordRepository,
  projectionCursorRepository,
  type CallRecordsTable,
  type EventStore,
} from '../store/index.ts';

const CURSOR = 'call-records';
const PAGE = 1000;

export class CallRecordProjector {
  readonly #events: EventStore;
  readonly #logger: Logger;
  /** Records of calls still going, so each event does not re-read its record. */
  readonly #open = new Map<string, CallRecord>();
  #running: Promise<void> | undefined;
  #again = false;
  #unsubscribe: (() => void) | undefined;
  #closed = false;

  constructor(deps: { events: EventStore; logger: Logger }) {
    this.#events = deps.events;
    this.#logger = deps.logger;
  }

  /** Catches up with the log, then follows it. */
  async start(): Promise<void> {
    this.#unsubscribe = this.#events.subscribe((event) => {
      if (event.type.startsWith('call.')) void this.catchUp();
    });
    await this.catchUp();
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await this.#running;
    this.#closed = true;
  }

  /** Folds every call event after the cursor; concurrent calls share one run. */
  catchUp(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#run()
      .catch((error: unknown) =>
        this.#logger.error({ err: error }, 'call record projection failed'),
      )
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  async #run(): Promise<void> {
    const db = this.#events.database.db;
    do {
      this.#again = false;
      for (;;) {
        const after = await projectionCursorRepository.get(db, CURSOR);
        const events = await this.#events.read({ after, types: callEventTypes, limit: PAGE });
        if (events.length === 0) break;
        const changed = new Map<string, CallRecord>();
        for (const event of events) {
          const callId = (event.payload as { callId: string }).callId;
          const current =
            changed.get(callId) ?? this.#open.get(callId) ?? (await this.#load(callId));
          const next = applyCallEvent(current, event as CallRecordEvent);
          if (next) changed.set(callId, next);
        }
        const last = events.at(-1)!.id;
        await this.#events.database.db.transaction().execute(async (trx) => {
          await callRecordRepository.upsertMany(trx, [...changed.values()].map(toRow));
          await projectionCursorRepository.set(trx, CURSOR, last);
        });
        for (const [callId, record] of changed) {
          if (record.endedAt === null) this.#open.set(callId, record);
          else this.#open.delete(callId);
        }
        if (events.length < PAGE) break;
      }
    } while (this.#again);
  }

  async #load(callId: string): Promise<CallRecord | undefined> {
    const row = await callRecordRepository.byId(this.#events.database.db, callId);
    return row ? withRecordDefaults(JSON.parse(row.record) as CallRecord) : undefined;
  }
}

function toRow(record: CallRecord): CallRecordsTable {
  return {
    call_id: record.callId,
    started_at: record.startedAt,
    ended_at: record.endedAt,
    caller: record.caller,
    caller_e164: record.callerE164,
    dialed: record.dialed,
    queue: record.queue,
    connected_to: record.connectedTo,
    agent_id: record.agentId ?? null,
    ended_in: record.endedIn,
    end_cause: record.endCause,
    wait_ms: record.waitMs,
    talk_ms: record.talkMs,
    record: JSON.stringify(record),
    last_event_id: record.lastEventId,
  };
}
