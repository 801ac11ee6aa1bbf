// Configuration resources over HTTP: queues (the ACD's documents, applied live), not-ready reason
// codes and disposition codes. Administrators write; supervisors read queues; everyone reads
// the code lists (agents choose from them on the desk).
import { Type } from 'typebox';
import { HotlineError } from '../../../platform/index.ts';
import {
  CodeParams,
  QueueDocumentInput,
  QueueParams,
  QueueUpdateApplied,
  QueueView,
  ReasonCode,
  ReasonCodeInput,
  type ConfigServices,
  type ReasonCodeService,
} from '../../config/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';

export function registerConfigRoutes(app: HttpApp, services: ApiServices): void {
  const config = (): ConfigServices => {
    if (!services.config)
      throw new HotlineError('unavailable', 'Configuration is not managed on this node.');
    return services.config;
  };
  const tags = ['configuration'];

  app.get(
    '/api/v1/queues',
    {
      config: { access: 'queues:read' },
      schema: {
        tags,
        summary: 'Every queue with its document, effective settings and calls waiting',
        response: { 200: Type.Object({ queues: Type.Array(QueueView) }), ...errorResponses },
      },
    },
    async () => ({ queues: config().queues.list() }),
  );

  app.get(
    '/api/v1/queues/:name',
    {
      config: { access: 'queues:read' },
      schema: {
        tags,
        summary: 'One queue',
        params: QueueParams,
        response: { 200: QueueView, ...errorResponses },
      },
    },
    async (request) => config().queues.get(request.params.name),
  );

  app.put(
    '/api/v1/queues/:name',
    {
      config: { access: 'queues:write' },
      schema: {
        tags,
        summary: 'Create or replace a queue; the running ACD applies it at once',
        description:
          'Waiting calls keep their place and follow the new settings. 201 when created, 200 when replaced.',
        params: QueueParams,
        body: QueueDocumentInput,
        response: {
          200: Type.Object({ queue: QueueView, applied: QueueUpdateApplied }),
          201: Type.Object({ queue: QueueView, applied: QueueUpdateApplied }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { queue, created, applied } = await config().queues.put(
        request.actor,
        request.params.name,
        request.body,
      );
      return reply.status(created ? 201 : 200).send({ queue, applied });
    },
  );

  app.delete(
    '/api/v1/queues/:name',
    {
      config: { access: 'queues:write' },
      schema: {
        tags,
        summary: 'Delete a queue no call waits in and no queue or published flow names (else 409)',
        params: QueueParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await config().queues.remove(request.actor, request.params.name);
      return reply.status(204).send(null);
    },
  );

  const codeRoutes = (
    path: string,
    resource: 'reason-codes' | 'disposition-codes',
    what: string,
    list: () => ReasonCodeService,
  ) => {
    app.get(
      path,
      {
        config: { access: `${resource}:read` },
        schema: {
          tags,
          summary: `The ${what}s in the desk's order (inactive ones kept for reports)`,
          response: { 200: Type.Object({ codes: Type.Array(ReasonCode) }), ...errorResponses },
        },
      },
      async () => ({ codes: list().list() }),
    );

    app.put(
      `${path}/:code`,
      {
        config: { access: `${resource}:write` },
        schema: {
          tags,
          summary: `Create or replace a ${what} (201 when created); the desk offers it at once`,
          params: CodeParams,
          body: ReasonCodeInput,
          response: { 200: ReasonCode, 201: ReasonCode, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { code, created } = await list().put(
          request.actor,
          request.params.code,
          request.body,
        );
        return reply.status(created ? 201 : 200).send(code);
      },
    );

    app.delete(
      `${path}/:code`,
      {
        config: { access: `${resource}:write` },
        schema: {
          tags,
          summary: `Delete a ${what} (past calls and states keep naming it)`,
          params: CodeParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await list().remove(request.actor, request.params.code);
        return reply.status(204).send(null);
      },
    );
  };
  codeRoutes(
    '/api/v1/reason-codes',
    'reason-codes',
    'not-ready reason',
    () => config().reasonCodes,
  );
  codeRoutes(
    '/api/v1/disposition-codes',
    'disposition-codes',
    'disposition code',
    () => config().dispositionCodes,
  );
}
