// Calls over HTTP: call detail records (search and one call) and a call's
// timeline — every event of the call and of its legs, with its time.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Type } from 'typebox';
import { withRecordDefaults, type CallRecord } from '../../../callcenter/index.ts';
import { HotlineError } from '../../../platform/index.ts';
import { callRecordRepository, type StoredEvent } from '../../../store/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { ErrorResponse, errorResponses } from '../schemas.ts';

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
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')], {
      description: 'inbound: the customer called; outbound: an agent dialed them (click-to-call).',
    }),
    flow: Nullable(Type.String()),
    ivrPath: Type.Array(Type.String()),
    ivrOutcome: Nullable(Type.String()),
    selfService: Nullable(
      Type.String({
        description: 'The self-service the IVR gave the caller (the flow marks such nodes).',
      }),
    ),
    ivrContained: Type.Boolean({
      description:
        'Ended in the IVR after a self-service, never queued nor connected (IVR containment).',
    }),
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
    talkMs: Nullable(
      Type.Integer({ description: 'Connected time over all segments, without hold.' }),
    ),
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
    segments: Type.Array(
      Type.Object({
        target: Type.String(),
        agentId: Nullable(Type.String()),
        queue: Nullable(Type.String()),
        connectedAt: Type.Integer(),
        endedAt: Nullable(Type.Integer()),
        transferredTo: Nullable(Type.String()),
      }),
      { description: 'Each connection of the customer, in order; one more after every transfer.' },
    ),
    customerId: Nullable(
      Type.String({ description: 'The customer the caller’s number matched (one match only).' }),
    ),
    disposition: Nullable(Type.String()),
    notes: Nullable(Type.String()),
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

export function registerCallRoutes(app: HttpApp, { events, audit }: ApiServices): void {
  const db = () => events.database.db;

  app.get(
    '/api/v1/calls/:callId/recordings/:recordingId',
    {
      config: { access: 'recordings:play' },
      schema: {
        tags: ['calls'],
        summary:
          'Play a recording of a call (audio/wav; Range requests for seeking). Every playback is audited.',
        params: Type.Object({
          callId: Type.String({ minLength: 1, maxLength: 64 }),
          recordingId: Type.String({ minLength: 1, maxLength: 80 }),
        }),
        response: {
          200: Type.Unknown({ description: 'The WAV file.' }),
          206: Type.Unknown({ description: 'The part of the WAV file asked for.' }),
          416: ErrorResponse,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { callId, recordingId } = request.params;
      const row = await callRecordRepository.byId(db(), callId);
      const record = row && withRecordDefaults(JSON.parse(row.record) as CallRecord);
      const recording = record?.recordings.find((r) => r.recordingId === recordingId);
      if (!recording)
        throw new HotlineError('not-found', `Call ${callId} has no recording ${recordingId}.`, {
          field: 'params.recordingId',
        });
      let size: number;
      try {
        size = (await stat(recording.path)).size;
      } catch {
        throw new HotlineError(
          'not-found',
          `The file of recording ${recordingId} is gone (retention).`,
          {
            field: 'params.recordingId',
          },
        );
      }
      const range = byteRange(request.headers.range, size);
      await events.write((w) =>
        audit.record(w.trx, request.actor, {
          action: 'recording.play',
          resource: 'recordings',
          resourceId: recordingId,
          details: {
            callId,
            ...(range && range !== 'unsatisfiable' ? { range: `${range.start}-${range.end}` } : {}),
          },
        }),
      );
      reply.header('accept-ranges', 'bytes').type('audio/wav');
      if (range === 'unsatisfiable') {
        // RFC 9110 §15.5.17: 416 with the size, so the player can ask again.
        return reply
          .status(416)
          .header('content-range', `bytes */${size}`)
          .type('application/json')
          .send({
            error: {
              code: 'range-not-satisfiable',
              message: `The range is outside the ${size}-byte recording.`,
              field: 'headers.range',
            },
          });
      }
      if (range === undefined) {
        reply.header('content-length', size);
        return reply.send(createReadStream(recording.path));
      }
      reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1);
      return reply.send(createReadStream(recording.path, { start: range.start, end: range.end }));
    },
  );

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
            agent: Type.Optional(
              Type.String({ maxLength: 64, description: 'The agent who took the call.' }),
            ),
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
      return { calls: rows.map((r) => withRecordDefaults(JSON.parse(r.record) as CallRecord)) };
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
      return withRecordDefaults(JSON.parse(row.record) as CallRecord);
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

/** The byte range a Range header asks for (one range, RFC 9110 §14.1.2), or undefined for all. */
function byteRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined; // not understood: the whole file (§14.2)
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
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
