// Customers over HTTP (/api/v1/customers): search, caller lookup for the screen pop, create
// (also from a call), edit, merge, erase, the timeline, CSV import with a dry run and an
// audited export. The directory does the work; this file maps HTTP to it and binds the actor.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  CustomerPatchSchema,
  CustomerSchema,
  CustomerSummarySchema,
  NewCustomerSchema,
  TierSchema,
  customerChange,
  type CustomerChange,
  type CustomerDirectory,
} from '../../../business/crm/index.ts';
import { HotlineError } from '../../../platform/index.ts';
import type { Actor } from '../../auth/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';

const IdParams = Type.Object(
  {
    id: Type.Integer({
      minimum: 1,
      description: 'A customer id (a merged id resolves to the survivor).',
    }),
  },
  { additionalProperties: false },
);

const Candidate = Type.Object({ id: Type.Integer(), name: Type.String(), tier: Type.String() });

const InteractionSchema = Type.Object({
  id: Type.Integer(),
  customerId: Type.Integer(),
  kind: Type.String({ description: 'call (bookings, complaints and messages later)' }),
  ref: Type.String({ description: 'The call id (or booking, complaint id).' }),
  startedAt: Type.Integer(),
  endedAt: Type.Union([Type.Integer(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown(), {
    description: 'For a call: IVR path, queue, agent, disposition, recordings, waits.',
  }),
});

const ImportReportSchema = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Integer(),
  imported: Type.Integer(),
  problems: Type.Array(
    Type.Object({
      line: Type.Optional(Type.Integer()),
      field: Type.String(),
      message: Type.String(),
    }),
  ),
});

/** Imports are bigger than JSON bodies: up to 100,000 rows. */
const CSV_BODY_LIMIT = 32 * 1024 * 1024;

export function registerCustomerRoutes(app: HttpApp, services: ApiServices): void {
  const { customers, audit } = services;
  /**
   * An agent links only the call they are on (or wrapping up): linking any call id would show
   * them another agent's caller, notes and recordings on the customer's timeline.
   */
  const mayLink = (actor: Actor, callId: string, field: string) => {
    if (actor.role !== 'agent') return;
    if (services.callControl?.currentCallOf(actor.name) !== callId)
      throw new HotlineError(
        'forbidden',
        `Call ${callId} is not your current call; agents link only the call they are on.`,
        { field },
      );
  };
  if (!customers) return;
  const directory: CustomerDirectory = customers;
  const change = (request: FastifyRequest): CustomerChange => customerChange(request.actor, audit);
  if (!app.hasContentTypeParser('text/csv'))
    app.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );

  app.get(
    '/api/v1/customers',
    {
      config: { access: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary:
          'Search customers: q is a name prefix, a phone number, an e-mail or an ID document; the other filters narrow it',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            name: Type.Optional(
              Type.String({ minLength: 1, maxLength: 200, description: 'Name prefix.' }),
            ),
            phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            email: Type.Optional(
              Type.String({ minLength: 1, maxLength: 254, description: 'E-mail prefix.' }),
            ),
            document: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            tag: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            tier: Type.Optional(TierSchema),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ customers: Type.Array(CustomerSummarySchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ customers: await directory.search(request.query) }),
  );

  app.get(
    '/api/v1/customers/lookup',
    {
      config: { access: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary:
          'Caller lookup for the screen pop: the customers a number belongs to (none, one or several)',
        querystring: Type.Object(
          {
            number: Type.String({
              minLength: 1,
              maxLength: 40,
              description: 'As presented or E.164.',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            e164: Type.Union([Type.String(), Type.Null()], {
              description: 'null when the number is not a public number.',
            }),
            customers: Type.Array(Candidate),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => directory.lookup(request.query.number),
  );

  app.get(
    '/api/v1/customers/export',
    {
      config: { access: 'customers:export' },
      schema: {
        tags: ['customers'],
        summary:
          'Export customers as CSV (UTF-8 with BOM; formulas guarded). Every export is audited.',
        querystring: Type.Object(
          {
            tag: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            tier: Type.Optional(TierSchema),
            includeDocument: Type.Optional(
              Type.Boolean({
                default: false,
                description: 'The ID document in full (masked otherwise).',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { csv } = await directory.exportCsv(change(request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="customers.csv"')
        .send(csv);
    },
  );

  app.post(
    '/api/v1/customers/import',
    {
      config: { access: 'customers:import' },
      bodyLimit: CSV_BODY_LIMIT,
      schema: {
        tags: ['customers'],
        summary:
          'Import customers from CSV (text/csv). dryRun=true reports every bad row with its line and imports nothing; otherwise any bad row refuses the whole file (400 with problems[]).',
        querystring: Type.Object(
          { dryRun: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        consumes: ['text/csv'],
        response: { 200: ImportReportSchema, ...errorResponses },
      },
    },
    async (request) => {
      if (typeof request.body !== 'string')
        throw new HotlineError(
          'invalid-input',
          'send the CSV file as the body with content-type text/csv',
          {
            field: 'body',
          },
        );
      return directory.importCsv(change(request), request.body, {
        dryRun: request.query.dryRun ?? false,
      });
    },
  );

  app.post(
    '/api/v1/customers',
    {
      config: { access: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary:
          'Create a customer (fromCallId: created from that call, which joins their timeline)',
        body: NewCustomerSchema,
        response: { 201: CustomerSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.body.fromCallId !== undefined)
        mayLink(request.actor, request.body.fromCallId, 'body.fromCallId');
      return reply.status(201).send(await directory.create(change(request), request.body));
    },
  );

  app.get(
    '/api/v1/customers/:id',
    {
      config: { access: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'One customer (the ID document masked); a merged id answers with the survivor',
        params: IdParams,
        response: { 200: CustomerSchema, ...errorResponses },
      },
    },
    async (request) => directory.get(request.params.id),
  );

  app.patch(
    '/api/v1/customers/:id',
    {
      config: { access: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary:
          'Edit a customer: only the fields sent change (phones and tags are replaced whole)',
        params: IdParams,
        body: CustomerPatchSchema,
        response: { 200: CustomerSchema, ...errorResponses },
      },
    },
    async (request) => directory.update(change(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/customers/:id/merge',
    {
      config: { access: 'customers:merge' },
      schema: {
        tags: ['customers'],
        summary:
          'Merge a duplicate into this customer: its phones, tags and history move here and its id resolves here',
        params: IdParams,
        body: Type.Object(
          { duplicateId: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 200: CustomerSchema, ...errorResponses },
      },
    },
    async (request) =>
      directory.merge(change(request), request.params.id, request.body.duplicateId),
  );

  app.post(
    '/api/v1/customers/:id/erase',
    {
      config: { access: 'customers:erase' },
      schema: {
        tags: ['customers'],
        summary:
          'Erase on request: personal fields removed (also of customers merged into it), statistics and interactions kept',
        params: IdParams,
        body: Type.Object(
          { reason: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: CustomerSchema, ...errorResponses },
      },
    },
    async (request) => directory.erase(change(request), request.params.id, request.body.reason),
  );

  app.get(
    '/api/v1/customers/:id/document',
    {
      config: { access: 'customers:reveal-document' },
      schema: {
        tags: ['customers'],
        summary: 'The ID document unmasked (audited)',
        params: IdParams,
        response: {
          200: Type.Object({ document: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      document: await directory.revealDocument(change(request), request.params.id),
    }),
  );

  app.get(
    '/api/v1/customers/:id/interactions',
    {
      config: { access: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary:
          "The customer's timeline, newest first; pass the last id as `before` for the next page",
        params: IdParams,
        querystring: Type.Object(
          {
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ interactions: Type.Array(InteractionSchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      interactions: await directory.timeline(request.params.id, request.query),
    }),
  );

  app.post(
    '/api/v1/customers/:id/calls',
    {
      config: { access: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary:
          'Link a call to this customer\'s timeline (the screen pop\'s "this is the caller")',
        params: IdParams,
        body: Type.Object(
          { callId: Type.String({ minLength: 1, maxLength: 64 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      mayLink(request.actor, request.body.callId, 'body.callId');
      await directory.linkCall(change(request), request.params.id, request.body.callId);
      return reply.status(204).send(null);
    },
  );
}
