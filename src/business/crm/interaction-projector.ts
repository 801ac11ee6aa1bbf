// The customers' interaction history, projected from the event log rather
// than written by each module: calls now (matched to customers by the
// caller's E.164 number when offered, or linked from the screen pop), other
// kinds as their modules log events. Like the call record projector it reads
// the log after its cursor and writes the changed interactions and the new
// cursor in one transaction, so a restart resumes exactly and a rebuild from
// 0 reproduces it (matching against the directory as it is then).
import {
  applyCallEvent,
  callEventTypes,
  type CallRecord,
  type CallRecordEvent,
} from '../../callcenter/index.ts';
import type { Logger } from '../../platform/index.ts';
import {
  LogFollower,
  projectionCursorRepository,
  type EventCatalogue,
  type EventStore,
  type StoredEvent,
} from '../../store/index.ts';
import { customerPhoneE164 } from './customer-fields.ts';
import {
  customerRepository,
  interactionRepository,
  type NewInteractionRow,
} from './customer-repository.ts';

const CURSOR = 'customer-interactions';
const MAX_CANDIDATES = 10;

/** What the timeline shows of a call (no IVR variables: they may hold what callers typed). */
export interface CallInteractionDetails {
  callId: string;
  callerE164: string | null;
  dialed: string;
  flow: string | null;
  ivrPath: string[];
  ivrOutcome: string | null;
  language: string | null;
  queue: string | null;
  agentId: string | null;
  connectedTo: string | null;
  waitMs: number | null;
  talkMs: number | null;
  holdMs: number;
  endedIn: string | null;
  endCause: string | null;
  endedBy: string | null;
  disposition: { code: string; notes: string | null } | null;
  transferredTo: string[];
  recordings: { recordingId: string; durationMs: number }[];
  voicemail: boolean;
  surveyScore: number | null;
  /** How many customers the number matched when the call came in (several: ask the caller). */
  candidates: number;
  /** How the call joined this timeline. */
  matchedBy: 'number' | 'link';
}

interface CallState {
  record: CallRecord;
  /** Customer id → how the call joined their timeline. */
  customers: Map<number, 'number' | 'link'>;
  candidates: number;
  disposition: { code: string; notes: string | null } | null;
  transferredTo: string[];
}

const followed = [...callEventTypes, 'customer.call-linked', 'customer.merged'] as const;

export class CustomerInteractionProjector {
  readonly #events: EventStore;
  readonly #follower: LogFollower;
  /** Calls still going (matched or not: a link may still come), by call id. */
  readonly #open = new Map<string, CallState>();
  #unsubscribe: (() => void) | undefined;

  constructor(deps: { events: EventStore; logger: Logger }) {
    this.#events = deps.events;
    this.#follower = new LogFollower({
      events: deps.events,
      cursor: CURSOR,
      types: followed,
      logger: deps.logger,
      what: 'customer interaction projection',
      apply: async (events, last) => {
        const changed = new Map<string, CallState>();
        for (const event of events) await this.#apply(event, changed);
        await this.#write(changed, last);
        for (const [callId, state] of changed)
          if (state.record.endedAt !== null) this.#open.delete(callId);
      },
    });
  }

  async start(): Promise<void> {
    this.#unsubscribe = this.#events.subscribe((event) => {
      if (event.type.startsWith('call.') || event.type.startsWith('customer.')) void this.catchUp();
    });
    await this.catchUp();
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await this.#follower.close();
  }

  /** Projects again from the start of the log (after a change in how interactions are built). */
  async rebuild(): Promise<void> {
    await this.#follower.idle();
    await projectionCursorRepository.set(this.#events.database.db, CURSOR, 0);
    this.#open.clear();
    await this.catchUp();
  }

  catchUp(): Promise<void> {
    return this.#follower.catchUp();
  }

  /** Calls held in memory: those not ended yet (for tests: nothing is kept per ended call). */
  get openCalls(): number {
    return this.#open.size;
  }

  async #apply(event: StoredEvent<EventCatalogue>, changed: Map<string, CallState>): Promise<void> {
    if (event.type === 'customer.merged') {
      const { survivorId, mergedId } = event.payload;
      for (const state of this.#open.values()) {
        const how = state.customers.get(mergedId);
        if (how === undefined) continue;
        state.customers.delete(mergedId);
        if (!state.customers.has(survivorId)) state.customers.set(survivorId, how);
      }
      return;
    }
    if (event.type === 'customer.call-linked') {
      const { callId, customerId } = event.payload;
      const state = this.#open.get(callId) ?? (await this.#load(callId, event.id, true));
      if (!state) return;
      state.customers.set(customerId, 'link');
      changed.set(callId, state);
      return;
    }
    if (!event.type.startsWith('call.')) return;
    const callEvent = event as unknown as CallRecordEvent;
    const callId = callEvent.payload.callId;
    if (callEvent.type === 'call.offered') {
      const record = applyCallEvent(undefined, callEvent)!;
      const e164 = record.callerE164 ?? customerPhoneE164(record.caller) ?? null;
      record.callerE164 = e164;
      const matches = e164
        ? await customerRepository.byPhone(this.#events.database.db, e164, MAX_CANDIDATES)
        : [];
      const state: CallState = {
        record,
        customers: new Map(matches.map((m) => [m.id, 'number' as const])),
        candidates: matches.length,
        disposition: null,
        transferredTo: [],
      };
      this.#open.set(callId, state);
      if (state.customers.size > 0) changed.set(callId, state);
      return;
    }
    const state =
      changed.get(callId) ?? this.#open.get(callId) ?? (await this.#load(callId, event.id, false));
    if (!state) return;
    state.record = applyCallEvent(state.record, callEvent) ?? state.record;
    // Events other helpers' modules may add: read loosely so this projector keeps compiling.
    const loose = { type: event.type as string, payload: event.payload as Record<string, unknown> };
    if (loose.type === 'call.disposition-set') {
      const { code, notes } = loose.payload as { code: string; notes?: string };
      state.disposition = { code, notes: notes ?? null };
    } else if (loose.type === 'call.transferred') {
      const to = loose.payload.to as {
        kind: string;
        queue?: string;
        extension?: string;
        number?: string;
      };
      state.transferredTo.push(`${to.kind}:${to.queue ?? to.extension ?? to.number ?? ''}`);
    }
    if (state.customers.size > 0) changed.set(callId, state);
    // An unmatched call has nothing to write, so the write never drops it: drop it when it ends
    // (a link from the desk afterwards reads the call back from the log).
    else if (state.record.endedAt !== null) this.#open.delete(callId);
  }

  /**
   * A call not in memory (the process restarted during it, or it ended earlier): folded again
   * from its own events before `beforeId`. Unless it is being linked, only calls already on a
   * timeline are worth it.
   */
  async #load(callId: string, beforeId: number, linking: boolean): Promise<CallState | undefined> {
    const db = this.#events.database.db;
    const rows = await interactionRepository.byRef(db, 'call', callId);
    if (rows.length === 0 && !linking) return undefined;
    const events = await this.#events.read({
      stream: `call:${callId}`,
      types: callEventTypes,
      limit: 10_000,
    });
    let record: CallRecord | undefined;
    let disposition: CallState['disposition'] = null;
    const transferredTo: string[] = [];
    for (const e of events) {
      if (e.id >= beforeId) break;
      record = applyCallEvent(record, e as unknown as CallRecordEvent);
      const loose = { type: e.type as string, payload: e.payload as Record<string, unknown> };
      if (loose.type === 'call.disposition-set')
        disposition = {
          code: String(loose.payload.code),
          notes: (loose.payload.notes as string | undefined) ?? null,
        };
      else if (loose.type === 'call.transferred') {
        const to = loose.payload.to as {
          kind: string;
          queue?: string;
          extension?: string;
          number?: string;
        };
        transferredTo.push(`${to.kind}:${to.queue ?? to.extension ?? to.number ?? ''}`);
      }
    }
    if (!record) return undefined;
    record.callerE164 ??= customerPhoneE164(record.caller) ?? null;
    const previous = rows[0]
      ? (JSON.parse(rows[0].details) as Partial<CallInteractionDetails>)
      : {};
    const state: CallState = {
      record,
      customers: new Map(
        rows.map((r) => [
          r.customer_id,
          (JSON.parse(r.details) as CallInteractionDetails).matchedBy ?? 'number',
        ]),
      ),
      candidates: previous.candidates ?? 0,
      disposition,
      transferredTo,
    };
    if (record.endedAt === null) this.#open.set(callId, state);
    return state;
  }

  async #write(changed: Map<string, CallState>, lastEventId: number): Promise<void> {
    await this.#events.database.db.transaction().execute(async (trx) => {
      const ids = [...new Set([...changed.values()].flatMap((s) => [...s.customers.keys()]))];
      const customers =
        ids.length === 0
          ? []
          : await trx
              .selectFrom('customers')
              .select(['id', 'merged_into', 'erased_at'])
              .where('id', 'in', ids)
              .execute();
      const byId = new Map(customers.map((c) => [c.id, c]));
      const rows: NewInteractionRow[] = [];
      for (const state of changed.values()) {
        const written = new Set<number>();
        for (const [id, how] of state.customers) {
          const customer = byId.get(id);
          if (!customer) continue;
          // A merge since the match: the interaction belongs to the survivor.
          const target = customer.merged_into ?? id;
          if (written.has(target)) continue;
          written.add(target);
          const erased = (byId.get(target) ?? customer).erased_at !== null;
          rows.push({
            customer_id: target,
            kind: 'call',
            ref: state.record.callId,
            started_at: state.record.startedAt,
            ended_at: state.record.endedAt,
            details: JSON.stringify(callDetails(state, how, erased)),
            last_event_id: state.record.lastEventId,
          });
        }
      }
      await interactionRepository.upsertMany(trx, rows);
      await projectionCursorRepository.set(trx, CURSOR, lastEventId);
    });
  }
}

function callDetails(
  state: CallState,
  matchedBy: 'number' | 'link',
  erased: boolean,
): CallInteractionDetails {
  const r = state.record;
  return {
    callId: r.callId,
    callerE164: erased ? null : r.callerE164,
    dialed: r.dialed,
    flow: r.flow,
    ivrPath: r.ivrPath,
    ivrOutcome: r.ivrOutcome,
    language: r.language,
    queue: r.queue,
    agentId: r.agentId,
    connectedTo: r.connectedTo,
    waitMs: r.waitMs,
    talkMs: r.talkMs,
    holdMs: r.holdMs,
    endedIn: r.endedIn,
    endCause: r.endCause,
    endedBy: r.endedBy,
    disposition: state.disposition,
    transferredTo: state.transferredTo,
    recordings: r.recordings.map((x) => ({ recordingId: x.recordingId, durationMs: x.durationMs })),
    voicemail: r.voicemail !== null,
    surveyScore: r.surveyScore,
    candidates: state.candidates,
    matchedBy,
  };
}
