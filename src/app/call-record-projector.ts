// Keeps the call_records table in step with the event log: the LogFollower
// hands it the call events after its cursor; it folds them with the call
// model's reducer and writes the changed records and the new cursor in one
// transaction. Subscriber notifications only wake it up.
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
  LogFollower,
  type CallRecordsTable,
  type EventStore,
} from '../store/index.ts';

const CURSOR = 'call-records';

export class CallRecordProjector {
  readonly #events: EventStore;
  readonly #follower: LogFollower;
  /** Records of calls still going, so each event does not re-read its record. */
  readonly #open = new Map<string, CallRecord>();
  #unsubscribe: (() => void) | undefined;

  constructor(deps: { events: EventStore; logger: Logger }) {
    this.#events = deps.events;
    this.#follower = new LogFollower({
      events: deps.events,
      cursor: CURSOR,
      types: callEventTypes,
      logger: deps.logger,
      what: 'call record projection',
      apply: (events, last) => this.#apply(events as CallRecordEvent[], last),
    });
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
    await this.#follower.close();
  }

  /** Folds every call event after the cursor; concurrent calls share one run. */
  catchUp(): Promise<void> {
    return this.#follower.catchUp();
  }

  async #apply(events: CallRecordEvent[], last: number): Promise<void> {
    const changed = new Map<string, CallRecord>();
    for (const event of events) {
      const callId = event.payload.callId;
      const current = changed.get(callId) ?? this.#open.get(callId) ?? (await this.#load(callId));
      const next = applyCallEvent(current, event);
      if (next) changed.set(callId, next);
    }
    await this.#events.database.db.transaction().execute(async (trx) => {
      await callRecordRepository.upsertMany(trx, [...changed.values()].map(toRow));
      await projectionCursorRepository.set(trx, CURSOR, last);
    });
    for (const [callId, record] of changed) {
      if (record.endedAt === null) this.#open.set(callId, record);
      else this.#open.delete(callId);
    }
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
