// Calls over HTTP: call detail records (search and one call) and a call's
// timeline — every event of the call and of its legs, with its time.
import { Type } from 'typebox';
import type { CallRecord } from '../../../callcenter/index.ts';
import { HotlineError } from '../../../platform/index.ts';
import { callRecordRepository, type StoredEvent } from '../../../store/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const CallRecordSchema = Type.Object(
  {
    callId: Type.String(),
    startedAt: Type.Integer(),
    endedAt: Nullable(Type.Integer()),
    caller: Type.String(),
    callerE164: Nullable(Type.String()),
    callerName: Nullable(Type.String()),
    dialed: Type.String(),
    source: Type.String(),
    flow: Nullable(Type.String()),
    ivrPath: Type.Array(Type.String()),
    ivrOutcome: Nullable(Type.String()),
    language: Nullable(Type.String()),
    vars: Type.Record(Type.String(), Type.String()),
    queue: Nullable(Type.String()),
    queuedAt: Nullable(Type.Integer()),
    connectedTo: Nullable(Type.String()),
    agentId: Nullable(Type.String({ description: 'The agent who took the call from a queue.' })),
    connectedAt: Nullable(Type.Integer()),
    waitMs: Nullable(
      Type.Integer({ description: 'From queue entry to answer (or to leaving the queue).' }),
    ),
    talkMs: Nullable(Type.Integer({ description: 'From connect to end, without hold.' })),
    holdMs: Type.Integer(),
    endedIn: Nullable(
      Type.String({ description: 'The state the call ended in: ivr, queued, connected, …' }),
    ),
    endCause: Nullable(Type.String()),
    endedBy: Nullable(Type.String()),
    recordings: Type.Array(
      Type.Object({ recordingId: Type.String(), path: Type.String(), durationMs: Type.Integer() }),
    ),
    voicemail: Nullable(Type.String()),
    callbackNumber: Nullable(Type.String()),
    surveyScore: Nullable(Type.Integer()),
    lastEventId: Type.Integer({ description: 'The last event this record includes.' }),
  },
  { $id: 'CallRecord' },
);

const TimelineEntry = Type.Object({
  id: Type.Integer(),
  time: Type.Integer(),
  type: Type.String(),
  stream: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
});

const CallIdParams = Type.Object({ callId: Type.String({ minLength: 1, maxLength: 64 }) });

export function registerCallRoutes(app: HttpApp, { events }: ApiServices): void {
  const db = () => events.database.db;

  app.get(
    '/api/v1/calls',
    {
      config: { access: 'calls:read' },
      schema: {
        tags: ['calls'],
        summary:
          'Call detail records, newest first; pass the last callId as `before` for the next page',
        querystring: Type.Object(
          {
            from: Type.Optional(
              Type.Integer({ minimum: 0, description: 'Started at or after (epoch ms).' }),
            ),
            to: Type.Optional(
              Type.Integer({ minimum: 0, description: 'Started before (epoch ms).' }),
            ),
            caller: Type.Optional(
              Type.String({ maxLength: 32, description: 'As presented or E.164.' }),
            ),
            queue: Type.Optional(Type.String({ maxLength: 64 })),
            before: Type.Optional(Type.String({ maxLength: 64 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ calls: Type.Array(CallRecordSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await callRecordRepository.list(db(), request.query);
      return { calls: rows.map((r) => JSON.parse(r.record) as CallRecord) };
    },
  );

  app.get(
    '/api/v1/calls/:callId',
    {
      config: { access: 'calls:read' },
      schema: {
        tags: ['calls'],
        summary: 'One call detail record',
        params: CallIdParams,
        response: { 200: CallRecordSchema, ...errorResponses },
      },
    },
    async (request) => {
      const row = await callRecordRepository.byId(db(), request.params.callId);
      if (!row)
        throw new HotlineError('not-found', `No call ${request.params.callId}.`, {
          field: 'params.callId',
        });
      return JSON.parse(row.record) as CallRecord;
    },
  );

  app.get(
    '/api/v1/calls/:callId/timeline',
    {
      config: { access: 'calls:read' },
      schema: {
        tags: ['calls'],
        summary: 'Every event of the call and of its legs, in order',
        params: CallIdParams,
        response: { 200: Type.Object({ events: Type.Array(TimelineEntry) }), ...errorResponses },
      },
    },
    async (request) => {
      const { callId } = request.params;
      const callEvents = await readAll(events, `call:${callId}`);
      if (callEvents.length === 0)
        throw new HotlineError('not-found', `No call ${callId}.`, { field: 'params.callId' });
      const legIds = new Set<string>();
      for (const event of callEvents) {
        const legId = (event.payload as { legId?: unknown }).legId;
        if (typeof legId === 'string') legIds.add(legId);
      }
      const legEvents = await Promise.all(
        [...legIds].map((legId) => readAll(events, `leg:${legId}`)),
      );
      const all = [...callEvents, ...legEvents.flat()].sort((a, b) => a.id - b.id);
      return {
        events: all.map((e) => ({
          id: e.id,
          time: e.time,
          type: e.type,
          stream: e.stream,
          payload: e.payload,
        })),
      };
    },
  );
}

/** A stream's events, all of them (a call has tens, not thousands). */
async function readAll(events: ApiServices['events'], stream: string): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await events.read({ stream, after, limit: 1000 });
    out.push(...page);
    if (page.length < 1000) return out;
    after = page.at(-1)!.id;
  }
}
