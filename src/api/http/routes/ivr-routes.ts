// IVR flows and dialed numbers over HTTP: list, read any version, validate,
// save (refused with every problem named by node and field), publish, roll
// back; map dialed numbers to flows. Changes apply to new calls at once.
import { Type } from 'typebox';
import { HotlineError } from '../../../platform/index.ts';
import { isAllowed } from '../../auth/policies.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';

const FlowName = Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9][a-z0-9-]*$' });
const NameParams = Type.Object({ name: FlowName });

const FlowSummary = Type.Object({
  name: Type.String(),
  description: Type.String(),
  publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  publishedAt: Type.Union([Type.Integer(), Type.Null()]),
  latestVersion: Type.Integer(),
  updatedAt: Type.Integer(),
});

const Problem = Type.Object({
  field: Type.String(),
  message: Type.String(),
  node: Type.Optional(Type.String()),
});

const FlowDocument = Type.Record(Type.String(), Type.Unknown(), {
  description: 'The flow document: { schemaVersion: 1, name, start, nodes: { id: { type, … } } }.',
});

export function registerIvrRoutes(app: HttpApp, { flows }: ApiServices): void {
  if (!flows) return;

  app.get(
    '/api/v1/ivr/flows',
    {
      config: { access: 'ivr:read' },
      schema: {
        tags: ['ivr'],
        summary: 'IVR flows with their published and latest versions',
        response: { 200: Type.Object({ flows: Type.Array(FlowSummary) }), ...errorResponses },
      },
    },
    async () => ({ flows: await flows.list() }),
  );

  app.get(
    '/api/v1/ivr/flows/:name',
    {
      config: { access: 'ivr:read' },
      schema: {
        tags: ['ivr'],
        summary: 'A flow document: the published version, or the one asked for',
        params: NameParams,
        querystring: Type.Object(
          { version: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            flow: FlowSummary,
            version: Type.Integer(),
            document: FlowDocument,
            comment: Type.Union([Type.String(), Type.Null()]),
            createdAt: Type.Integer(),
            createdBy: Type.String(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const found = await flows.get(request.params.name, request.query.version);
      const { summary, ...rest } = found;
      return { flow: summary, ...rest, document: rest.document as Record<string, unknown> };
    },
  );

  app.get(
    '/api/v1/ivr/flows/:name/versions',
    {
      config: { access: 'ivr:read' },
      schema: {
        tags: ['ivr'],
        summary: 'Every saved version of a flow, newest first',
        params: NameParams,
        response: {
          200: Type.Object({
            versions: Type.Array(
              Type.Object({
                version: Type.Integer(),
                comment: Type.Union([Type.String(), Type.Null()]),
                createdAt: Type.Integer(),
                createdBy: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ versions: await flows.versions(request.params.name) }),
  );

  app.post(
    '/api/v1/ivr/flows/:name/validate',
    {
      config: { access: 'ivr:write' },
      schema: {
        tags: ['ivr'],
        summary: 'Check a flow document without saving it',
        params: NameParams,
        body: Type.Object({ document: Type.Unknown() }, { additionalProperties: false }),
        response: {
          200: Type.Object({ ok: Type.Boolean(), problems: Type.Array(Problem) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const result = await flows.validate(request.params.name, request.body.document);
      return result.ok
        ? { ok: true, problems: [] }
        : { ok: false, problems: result.errors.map((e) => ({ ...e })) };
    },
  );

  app.put(
    '/api/v1/ivr/flows/:name',
    {
      config: { access: 'ivr:write' },
      schema: {
        tags: ['ivr'],
        summary: 'Save a new version of a flow (refused when invalid); optionally publish it',
        params: NameParams,
        body: Type.Object(
          {
            document: Type.Unknown(),
            comment: Type.Optional(Type.String({ maxLength: 500 })),
            description: Type.Optional(Type.String({ maxLength: 500 })),
            publish: Type.Optional(Type.Boolean({ default: false })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            name: Type.String(),
            version: Type.Integer(),
            published: Type.Boolean(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { document, comment, description, publish } = request.body;
      // Saving and publishing are separate permissions; saving with publish needs both.
      if (publish && (request.actor.role === null || !isAllowed(request.actor.role, 'ivr:publish')))
        throw new HotlineError('forbidden', 'Publishing a flow needs the ivr:publish permission.', {
          field: 'body.publish',
        });
      const saved = await flows.save(request.actor, {
        name: request.params.name,
        document,
        ...(comment !== undefined ? { comment } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(publish !== undefined ? { publish } : {}),
      });
      return reply.status(201).send(saved);
    },
  );

  app.post(
    '/api/v1/ivr/flows/:name/publish',
    {
      config: { access: 'ivr:publish' },
      schema: {
        tags: ['ivr'],
        summary: 'Point new calls at a saved version (newer, or earlier to roll back)',
        params: NameParams,
        body: Type.Object(
          { version: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ version: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      await flows.publish(request.actor, request.params.name, request.body.version);
      return { version: request.body.version };
    },
  );

  app.post(
    '/api/v1/ivr/flows/:name/rollback',
    {
      config: { access: 'ivr:publish' },
      schema: {
        tags: ['ivr'],
        summary: 'Publish the version before the published one',
        params: NameParams,
        response: { 200: Type.Object({ version: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => ({ version: await flows.rollback(request.actor, request.params.name) }),
  );

  app.get(
    '/api/v1/ivr/numbers',
    {
      config: { access: 'ivr:read' },
      schema: {
        tags: ['ivr'],
        summary: 'Dialed numbers and the flow answering each',
        response: {
          200: Type.Object({
            numbers: Type.Array(
              Type.Object({
                number: Type.String(),
                flow: Type.String(),
                description: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({ numbers: await flows.numbers() }),
  );

  app.put(
    '/api/v1/ivr/numbers/:number',
    {
      config: { access: 'ivr:publish' },
      schema: {
        tags: ['ivr'],
        summary: 'Route a dialed number to a flow',
        params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 21 }) }),
        body: Type.Object(
          { flow: FlowName, description: Type.Optional(Type.String({ maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await flows.mapNumber(
        request.actor,
        request.params.number,
        request.body.flow,
        request.body.description,
      );
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/ivr/numbers/:number',
    {
      config: { access: 'ivr:publish' },
      schema: {
        tags: ['ivr'],
        summary: 'Stop routing a dialed number to a flow',
        params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 21 }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await flows.mapNumber(request.actor, request.params.number, null);
      return reply.status(204).send(null);
    },
  );
}
